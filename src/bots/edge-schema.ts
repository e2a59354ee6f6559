/**
 * The lenient schema pieces both platforms check their inbound bodies with at the edge (docs/operations.md, "Bad
 * input"): a known field of the wrong type is treated as absent, and list elements of the wrong shape are dropped,
 * so an odd body never fails as a whole (teams/activity-schema.ts, slack/payload-schema.ts).
 */
import { z } from 'zod';

/** A field of the wrong type becomes undefined instead of failing the whole body. */
export const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
export const str = opt(z.string());

/** Keeps the elements of a list that have the element's shape; a non-list is absent. */
export const listOf = <T extends z.ZodType>(element: T) =>
  z
    .array(z.unknown())
    .optional()
    .catch(undefined)
    .transform((items) => items?.flatMap((item) => {
      const parsed = element.safeParse(item);
      return parsed.success ? [parsed.data as z.output<T>] : [];
    }));
