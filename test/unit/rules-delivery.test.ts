/** Delivery to one person and the failure policy (src/services/delivery.ts). */
import { deliverTo, delivered, forScheduler, retryAfterOf } from '../../src/services/delivery';
import type { OutboundMessage } from '../../src/services/messages';
import type { PersonConfig } from '../../src/services/people';
import { DeliveryError, RetryLaterError, type Messenger } from '../../src/services/ports';

const rateLimited = () => new DeliveryError('429 from the platform', 'rate-limited', 429, 7_000);

test('the Retry-After of a rate-limited delivery; none for other failures', () => {
  expect(retryAfterOf(rateLimited())).toBe(7_000);
  expect(retryAfterOf(new DeliveryError('down', 'transient', 503))).toBeUndefined();
  expect(retryAfterOf(new Error('boom'))).toBeUndefined();
  expect(retryAfterOf({ retryAfterMs: 5 })).toBeUndefined();
});

test('for the scheduler a rate limit becomes a retry after exactly the asked wait; anything else stays itself', () => {
  const mapped = forScheduler(rateLimited());
  expect(mapped).toBeInstanceOf(RetryLaterError);
  expect((mapped as RetryLaterError).retryAfterMs).toBe(7_000);
  expect((mapped as RetryLaterError).message).toBe('429 from the platform');
  const zero = forScheduler(new DeliveryError('429', 'rate-limited', 429, 0));
  expect(zero).toBeInstanceOf(RetryLaterError);
  expect((zero as RetryLaterError).retryAfterMs).toBe(0);
  const transient = new DeliveryError('down', 'transient', 503);
  expect(forScheduler(transient)).toBe(transient);
  const other = new Error('boom');
  expect(forScheduler(other)).toBe(other);
});

test('delivered: the result when sent, undefined for a person who cannot be reached, else the mapped failure', async () => {
  await expect(delivered(async () => 'ref-1')).resolves.toBe('ref-1');
  await expect(delivered(() => Promise.reject(new DeliveryError('blocked', 'unreachable', 403)))).resolves.toBeUndefined();
  await expect(delivered(() => Promise.reject(new DeliveryError('no chat', 'no-address')))).resolves.toBeUndefined();
  await expect(delivered(() => Promise.reject(rateLimited()))).rejects.toBeInstanceOf(RetryLaterError);
  const transient = new DeliveryError('down', 'transient', 503);
  await expect(delivered(() => Promise.reject(transient))).rejects.toBe(transient);
  const other = new Error('boom');
  await expect(delivered(() => Promise.reject(other))).rejects.toBe(other);
});

test('deliverTo sends the message to the person on the platform once', async () => {
  const sent: unknown[][] = [];
  const messenger = {
    sendToPerson: async (...args: unknown[]) => {
      sent.push(args);
      return { platform: 'slack', conversationId: 'D1', activityId: '1.2' };
    },
  } as unknown as Messenger;
  const anna = { id: 'anna', name: 'Anna', roles: ['member'] } as unknown as PersonConfig;
  const message: OutboundMessage = { type: 'notice', locale: 'nl', key: 'pattern.reporter', vars: { number: '2026-0001' } };
  await expect(deliverTo(messenger, anna, 'slack', message)).resolves.toEqual({ platform: 'slack', conversationId: 'D1', activityId: '1.2' });
  expect(sent).toEqual([[anna, 'slack', message]]);
  const failing = { sendToPerson: () => Promise.reject(new DeliveryError('gone', 'unreachable', 404)) } as unknown as Messenger;
  await expect(deliverTo(failing, anna, 'teams', message)).resolves.toBeUndefined();
});
