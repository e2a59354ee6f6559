/**
 * The shape of an inbound Bot Framework activity, checked at the edge before botbuilder or the bot sees it
 * (docs/operations.md, "Bad input"). Teams clients and channel changes do send odd shapes, so the rule is:
 * the envelope botbuilder needs to answer at all (type, serviceUrl, conversation.id) must be there, else 400;
 * every other known field with the wrong type is treated as absent; unknown fields are dropped. `from` and
 * `recipient` are always objects afterwards (an absent id is the empty string, which matches nobody).
 */
import { z } from 'zod';
import { listOf, opt, str } from '../edge-schema';

const bool = opt(z.boolean());
const record = opt(z.record(z.string(), z.unknown()));

const account = z.object({ id: z.string().catch(''), name: str, aadObjectId: str, role: str }).catch({ id: '' });
const optionalAccount = z.object({ id: z.string(), name: str, aadObjectId: str, role: str });

const entity = z.union([
  z.object({ type: z.literal('mention'), text: str, mentioned: optionalAccount }),
  z.looseObject({ type: z.string().refine((t) => t !== 'mention') }),
]);

const attachment = z.looseObject({ contentType: z.string(), content: z.unknown().optional(), contentUrl: str, name: str });

const channelData = z
  .looseObject({
    tenant: opt(z.looseObject({ id: str })),
    team: opt(z.looseObject({ id: str, name: str })),
    channel: opt(z.looseObject({ id: str, name: str })),
    eventType: str,
  })
  .optional()
  .catch(undefined);

export const activitySchema = z.object({
  type: z.string().min(1),
  serviceUrl: z.string().min(1),
  conversation: z.object({ id: z.string(), conversationType: str, tenantId: str, isGroup: bool, name: str }),
  id: str,
  channelId: str,
  timestamp: str,
  localTimestamp: str,
  localTimezone: str,
  callerId: str,
  from: account.default({ id: '' }),
  recipient: account.default({ id: '' }),
  locale: str,
  text: str,
  textFormat: str,
  name: str,
  replyToId: str,
  action: str,
  entities: listOf(entity),
  attachments: listOf(attachment),
  membersAdded: listOf(optionalAccount),
  membersRemoved: listOf(optionalAccount),
  channelData,
  value: z.unknown().optional(),
  relatesTo: record,
  deliveryMode: str,
});

export type CheckedActivity = z.output<typeof activitySchema>;

/** The value of each invoke the bot handles; a value of another shape is replaced by its empty form. */
const invokeValues: Record<string, z.ZodType> = {
  'adaptiveCard/action': z.object({
    action: z
      .looseObject({ type: str, id: str, verb: z.string().catch(''), data: z.record(z.string(), z.unknown()).catch({}) })
      .catch({ verb: '', data: {} }),
    trigger: str,
  }),
  'composeExtension/fetchTask': z.looseObject({ commandId: z.string().catch(''), commandContext: str, context: record, data: record }),
  'composeExtension/submitAction': z.looseObject({ commandId: z.string().catch(''), commandContext: str, data: z.record(z.string(), z.unknown()).catch({}) }),
  'task/fetch': z.looseObject({ data: record }),
  'task/submit': z.looseObject({ data: record }),
  'fileConsent/invoke': z.looseObject({ action: z.string().catch(''), context: z.record(z.string(), z.unknown()).catch({}), uploadInfo: record }),
};

export type ActivityCheck = { ok: true; activity: CheckedActivity } | { ok: false; problem: string };

export function checkActivity(body: unknown): ActivityCheck {
  const parsed = activitySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `activity ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` };
  }
  const activity = parsed.data;
  const valueSchema = activity.type === 'invoke' && activity.name ? invokeValues[activity.name] : undefined;
  if (valueSchema) {
    const value = valueSchema.safeParse(activity.value ?? {});
    activity.value = value.success ? value.data : valueSchema.safeParse({}).data;
  } else if (activity.type === 'message' && activity.value !== undefined) {
    // A message's value is an Action.Submit's data: an object or nothing.
    activity.value = typeof activity.value === 'object' && activity.value !== null && !Array.isArray(activity.value) ? activity.value : undefined;
  }
  // Without the keys that came out absent, as if they had never been sent.
  for (const key of Object.keys(activity) as (keyof CheckedActivity)[]) if (activity[key] === undefined) delete activity[key];
  return { ok: true, activity };
}
