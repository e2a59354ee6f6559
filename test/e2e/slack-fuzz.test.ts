/**
 * Malformed Slack payloads with valid signatures through the real /slack/events endpoint: slash commands,
 * interactions (block actions, view submissions) and Events API callbacks with fields removed or replaced by
 * values of any shape. Never a 5xx, the process keeps serving, memory stays flat. Seeded (fast-check).
 */
import fc from 'fast-check';
import { settledRss } from '../helpers/memory';
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { SlackFixture } from '../helpers/fixture';
import { type LocalSlackApi, dmChannel } from '../helpers/slack-api';
import { ANNA, FLEUR, STRANGER, slackPost, type SlackRequest, type SlackResponse } from '../helpers/slack';

const USERS = [ANNA, FLEUR, STRANGER, 'U0EVA', 'U0DIRK'];
const ACTIONS = ['report.open', 'page.ack', 'page.decline', 'checkin.answer', 'checkin.snooze', 'checkin.stop', 'aftercare.done', 'sanction.decide', 'action.done', 'review.action', 'review.deviation', 'x'];
const CALLBACKS = ['report.submit', 'checkin.answer', 'sanction.decide', 'review.action', 'review.deviation', 'action', 'deviation', 'x'];

let slackApi: LocalSlackApi;
let clock: FakeClock;
let bot: RunningBot;

const fixture = new SlackFixture({ now: '2026-11-20T09:45:00.000Z', bot: { slack: { submitBudgetMs: 200, retryDelaysMs: [10] } } });
beforeAll(async () => ({ slackApi, clock, bot } = await fixture.start()));
afterAll(() => fixture.stop());

/** Replaces or removes fields of an object, one level down. */
const mutate = <T extends Record<string, unknown>>(base: fc.Arbitrary<T>) =>
  fc
    .record({
      base,
      removed: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }),
      replaced: fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.anything({ maxDepth: 3 })), { maxLength: 3 }),
      pick: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    })
    .map(({ base: b, removed, replaced, pick }) => {
      const out: Record<string, unknown> = { ...b };
      const keys = Object.keys(out);
      removed.forEach((_, i) => delete out[keys[pick[i] % keys.length]]);
      replaced.forEach(([k, v], i) => (out[i % 2 ? k : keys[pick[i + 3] % keys.length]] = v));
      return out;
    });

const user = fc.constantFrom(...USERS);

const command = mutate(
  fc.record({ user_id: user, command: fc.constantFrom('/melden', '/x'), text: fc.oneof(fc.constantFrom('', 'help', 'dienst', 'acties', 'klaar 1', 'getuige 2026-0001 bram', 'actie x'), fc.string()), channel_id: fc.constant(dmChannel(ANNA)), trigger_id: fc.constant('t1'), team_id: fc.constant('T0KCC') }),
).map((fields): SlackRequest => ({
  body: new URLSearchParams(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? '']))).toString(),
  contentType: 'application/x-www-form-urlencoded',
}));

const blockActions = mutate(
  fc.record({
    type: fc.constant('block_actions'),
    user: fc.oneof(user.map((id) => ({ id })), fc.anything({ maxDepth: 2 })),
    team: fc.constant({ id: 'T0KCC' }),
    trigger_id: fc.constant('t1'),
    container: fc.anything({ maxDepth: 2 }),
    channel: fc.oneof(fc.constant({ id: dmChannel(ANNA) }), fc.anything({ maxDepth: 2 })),
    message: fc.oneof(fc.constant({ ts: '1.1' }), fc.anything({ maxDepth: 2 })),
    actions: fc.oneof(
      fc.array(fc.record({ action_id: fc.constantFrom(...ACTIONS), value: fc.oneof(fc.string(), fc.anything({ maxDepth: 2 })), block_id: fc.string(), type: fc.constant('button') }), { maxLength: 2 }),
      fc.anything({ maxDepth: 2 }),
    ),
  }),
);

const viewSubmission = mutate(
  fc.record({
    type: fc.constant('view_submission'),
    user: fc.oneof(user.map((id) => ({ id })), fc.anything({ maxDepth: 2 })),
    team: fc.constant({ id: 'T0KCC' }),
    view: fc.oneof(
      fc.record({
        id: fc.constant('V1'),
        callback_id: fc.constantFrom(...CALLBACKS),
        private_metadata: fc.oneof(fc.string(), fc.json()),
        state: fc.oneof(fc.record({ values: fc.dictionary(fc.string({ maxLength: 10 }), fc.dictionary(fc.string({ maxLength: 10 }), fc.anything({ maxDepth: 2 }))) }), fc.anything({ maxDepth: 2 })),
      }),
      fc.anything({ maxDepth: 2 }),
    ),
  }),
);

const event = mutate(
  fc.record({
    type: fc.constantFrom('event_callback', 'app_rate_limited', 'x'),
    event_id: fc.string({ minLength: 1, maxLength: 10 }),
    team_id: fc.constant('T0KCC'),
    event: fc.oneof(
      mutate(fc.record({ type: fc.constantFrom('message', 'app_home_opened', 'member_joined_channel'), channel_type: fc.constant('im'), user, text: fc.oneof(fc.string(), fc.anything()), channel: fc.constant(dmChannel(ANNA)), ts: fc.constant('1.1') })),
      fc.anything({ maxDepth: 2 }),
    ),
  }),
);

const interactionRequest = (payload: unknown): SlackRequest => ({ body: new URLSearchParams({ payload: JSON.stringify(payload) ?? "null" }).toString(), contentType: 'application/x-www-form-urlencoded' });
const eventRequest = (payload: unknown): SlackRequest => ({ body: JSON.stringify(payload) ?? "null", contentType: 'application/json' });

const anyRequest = fc.oneof(
  command,
  blockActions.map(interactionRequest),
  viewSubmission.map(interactionRequest),
  event.map(eventRequest),
  fc.anything({ maxDepth: 3 }).map((v) => eventRequest(v)),
  fc.anything({ maxDepth: 3 }).map((v) => interactionRequest(v)),
);

async function postAll(requests: SlackRequest[], concurrency = 8): Promise<SlackResponse[]> {
  const results: SlackResponse[] = new Array(requests.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const i = next++;
        results[i] = await slackPost(bot.url, requests[i], { clock });
      }
    }),
  );
  return results;
}

test('1,000 signed Slack payloads of random shapes: no 5xx, alive, memory flat', async () => {
  await postAll(fc.sample(anyRequest, { numRuns: 200, seed: 150 }));
  const requests = fc.sample(anyRequest, { numRuns: 1000, seed: 151 });
  const rssBefore = settledRss();

  const responses = await postAll(requests);

  const serverErrors = responses.flatMap((r, i) => (r.status >= 500 ? [{ status: r.status, text: r.text.slice(0, 200), sent: requests[i].body.slice(0, 300) }] : []));
  expect(serverErrors).toEqual([]);
  for (const r of responses) expect(r.text).not.toMatch(/TypeError|Cannot read|is not a function/);
  // Many reached the handlers (not only the edge's 400): they were answered and the bot called Slack.
  expect(responses.filter((r) => r.status === 200).length).toBeGreaterThan(200);
  const answered = responses.filter((r) => r.status === 200 && r.text !== '').length;
  expect(answered + slackApi.calls.length).toBeGreaterThan(30);
  expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  expect(settledRss() - rssBefore).toBeLessThan(50 * 1024 * 1024);
}, 120_000);
