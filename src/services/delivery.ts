/** Delivery to one person, with the failure policy every domain service shares. */
import type { PersonConfig } from './people';
import type { OutboundMessage } from './messages';
import type { Platform } from './model';
import { DeliveryError, RetryLaterError, type MessageRef, type Messenger } from './ports';

/** How long the platform asked us to wait (HTTP 429 Retry-After), if it did. */
export function retryAfterOf(err: unknown): number | undefined {
  return err instanceof DeliveryError ? err.retryAfterMs : undefined;
}

/**
 * The one mapping of a failed delivery for the scheduler: a rate limit becomes a retry exactly when the platform
 * asked (RetryLaterError); anything else stays what it was, and the job retries with backoff.
 */
export function forScheduler(err: unknown): unknown {
  const wait = retryAfterOf(err);
  return wait !== undefined ? new RetryLaterError((err as Error).message, wait) : err;
}

/**
 * Sends, and maps failures for the scheduler: a person who cannot be reached for good (blocked the bot, left,
 * no chat id) gives `undefined` so the caller moves on; other failures are thrown as forScheduler maps them.
 */
export async function delivered<T>(send: () => Promise<T>): Promise<T | undefined> {
  try {
    return await send();
  } catch (err) {
    if (err instanceof DeliveryError && err.permanent) return undefined;
    throw forScheduler(err);
  }
}

export function deliverTo(messenger: Messenger, person: PersonConfig, platform: Platform, message: OutboundMessage): Promise<MessageRef | undefined> {
  return delivered(() => messenger.sendToPerson(person, platform, message));
}
