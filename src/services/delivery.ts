/** Delivery to one person, with the failure policy every domain service shares. */
import type { PersonConfig } from '../config';
import type { OutboundMessage } from './messages';
import type { Platform } from './model';
import { DeliveryError, type MessageRef, type Messenger } from './ports';
import { RetryLaterError } from '../scheduler/scheduler';

/**
 * Sends, and maps failures for the scheduler: a person who cannot be reached for good (blocked the bot, left,
 * no chat id) gives `undefined` so the caller moves on; a rate limit becomes a retry exactly when the platform
 * asked; anything else is thrown, and the job retries with backoff.
 */
export async function deliverTo(messenger: Messenger, person: PersonConfig, platform: Platform, message: OutboundMessage): Promise<MessageRef | undefined> {
  try {
    return await messenger.sendToPerson(person, platform, message);
  } catch (err) {
    if (err instanceof DeliveryError && err.permanent) return undefined;
    if (err instanceof DeliveryError && err.retryAfterMs !== undefined) throw new RetryLaterError(err.message, err.retryAfterMs);
    throw err;
  }
}
