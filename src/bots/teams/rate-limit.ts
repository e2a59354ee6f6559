/**
 * Keeps outbound Teams calls inside the documented limits instead of relying on 429s: per conversation
 * 7 messages per second, 8 per 2 s and 60 per 30 s; per app and tenant 50 requests per second. A caller waits
 * (asynchronously) for its slot; other conversations are not held up by a busy one. Every request counts, creating a
 * conversation included, from its answer (see ../rate-limit.ts); a 429 that still comes back is retried by the caller.
 */
import type { Window } from '../rate-limit';

export { SlidingWindowLimiter, type LimiterTime, type SendPriority, type Window } from '../rate-limit';

/** Widens each window for timer and clock slack between our count and the connector's (rate-limit.ts). */
export const SEND_MARGIN_MS = 25;

export const PER_CONVERSATION: readonly Window[] = [
  { ms: 1000, max: 7 },
  { ms: 2000, max: 8 },
  { ms: 30_000, max: 60 },
];
/** Shared by every conversation of the tenant: paced for bulk sends, a slot kept for pages (../rate-limit.ts). */
export const PER_TENANT: readonly Window[] = [{ ms: 1000, max: 50, shared: true }];

