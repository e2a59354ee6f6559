/**
 * Hostile and malformed Bot Framework activities through the real HTTP endpoint (local development mode, a
 * known user): never a 5xx, never an internal message as body, the process keeps serving, memory stays flat.
 * Seeded (fast-check), so a failure is reproducible.
 */
import fc from 'fast-check';
import { settledRss } from '../helpers/memory';
import type { LocalConnector } from '../helpers/connector';
import type { RunningBot } from '../helpers/app';
import { TeamsFixture } from '../helpers/fixture';
import { post, type BotResponse } from '../helpers/teams';
import { BOT } from '../helpers/teams';

const VERBS = ['report.submit', 'page.ack', 'page.decline', 'page.refresh', 'checkin.answer', 'checkin.snooze', 'checkin.stop', 'aftercare.done', 'sanction.decide', 'review.export', 'x'];
const INVOKES = ['adaptiveCard/action', 'composeExtension/fetchTask', 'composeExtension/submitAction', 'task/fetch', 'task/submit', 'fileConsent/invoke', 'signin/verifyState', 'config/fetch', 'unknown/thing', ''];
const TYPES = ['message', 'invoke', 'conversationUpdate', 'messageReaction', 'installationUpdate', 'event', 'typing', 'endOfConversation', 'x'];
const USERS = ['29:anna', '29:fleur', '29:eva', '29:dirk', '29:nobody'];

let connector: LocalConnector;
let bot: RunningBot;

// One bot for the whole run, on the real clock and with production polling.
const fixture = new TeamsFixture({ bot: { clock: undefined, scheduler: undefined } });
beforeAll(async () => ({ connector, bot } = await fixture.start()));
afterAll(() => fixture.stop());

/** A valid-looking activity: the field set Teams sends. */
function baseActivity(user: string, type: string) {
  return {
    id: 'act-1',
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    locale: 'nl-NL',
    from: { id: user, name: 'X', aadObjectId: `aad-${user}` },
    recipient: BOT,
    conversation: { id: `a:dm-${user}`, conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    type,
  };
}

const FIELDS = ['id', 'channelId', 'serviceUrl', 'timestamp', 'locale', 'from', 'recipient', 'conversation', 'channelData', 'type', 'text', 'name', 'value', 'entities', 'membersAdded', 'membersRemoved', 'attachments', 'replyToId'];

/** A base activity with some fields removed and others replaced by values of any shape. */
const mutatedActivity = fc
  .record({
    user: fc.constantFrom(...USERS),
    type: fc.constantFrom(...TYPES),
    name: fc.constantFrom(...INVOKES),
    verb: fc.constantFrom(...VERBS),
    text: fc.oneof(fc.constantFrom('melden', 'help', 'wie heeft dienst', 'getuige 2026-0001 bram', 'actie x voor: bram', 'acties', 'klaar 1'), fc.string()),
    data: fc.dictionary(fc.constantFrom('formId', 'incidentId', 'step', 'category', 'description', 'occurredAt', 'measure', 'until', 'moment', 'answer'), fc.anything()),
    removed: fc.subarray(FIELDS),
    dropEnvelope: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    replaced: fc.dictionary(fc.constantFrom(...FIELDS), fc.anything({ maxDepth: 3 }), { maxKeys: 4 }),
  })
  .map(({ user, type, name, verb, text, data, removed, dropEnvelope, replaced }) => {
    const activity: Record<string, unknown> = { ...baseActivity(user, type), text, name };
    if (type === 'invoke') activity.value = name === 'adaptiveCard/action' ? { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } : { commandId: 'melden', data };
    if (type === 'conversationUpdate') activity.membersAdded = [{ id: BOT.id }];
    for (const f of removed) if (!['serviceUrl', 'conversation', 'type'].includes(f) || dropEnvelope) delete activity[f];
    // serviceUrl stays the local connector: a random one would make every reply a DNS lookup.
    for (const [k, v] of Object.entries(replaced)) if (k !== 'serviceUrl') activity[k] = v;
    return activity;
  });

const anyBody = fc.oneof(fc.anything({ maxDepth: 3 }), fc.json());

/** The cases named in the issue that used to answer 500/501. */
function namedCases(): unknown[] {
  const known = (type: string) => baseActivity('29:anna', type);
  return [
    { ...known('message'), locale: 42, text: 'melden' },
    { ...known('message'), locale: { x: 1 }, text: 'help' },
    { ...known('message'), text: 12345 },
    { ...known('message'), text: ['melden'] },
    { ...known('message'), text: 'help', entities: [null] },
    { ...known('message'), text: '<at>Melden</at> help', entities: [{ type: 'mention', text: '<at>Melden</at>' }] },
    { ...known('message'), text: 'help', recipient: undefined },
    { ...known('conversationUpdate'), membersAdded: 'everyone' },
    { ...known('conversationUpdate'), membersAdded: [null, 5] },
    { ...known('conversationUpdate'), recipient: undefined, membersAdded: [{ id: BOT.id }] },
    { ...known('invoke'), name: 'task/fetch', value: null },
    { ...known('invoke'), name: 'adaptiveCard/action', value: null },
    { ...known('invoke'), name: 'adaptiveCard/action', value: { action: { verb: 7, data: 'x' } } },
    { ...known('invoke'), name: 'composeExtension/fetchTask', value: 'x' },
    { ...known('invoke'), name: 'composeExtension/submitAction', value: { commandId: 'melden', data: null } },
    { ...known('invoke'), name: 'fileConsent/invoke', value: { action: 'accept', context: null } },
    { ...known('invoke'), name: 'composeExtension/query', value: {} },
    { ...known('invoke'), name: 'no/such/invoke' },
    { ...known('invoke') },
    { ...known('message'), from: null, text: 'melden' },
    { ...known('message'), from: { id: 5 }, text: 'melden' },
    { ...known('message'), conversation: { id: 'a:x', conversationType: 5 }, text: 'melden' },
    { ...known('message'), channelData: 'x', text: 'melden' },
    { ...known('message'), value: 'x' },
  ];
}

async function postAll(bodies: unknown[], concurrency = 8): Promise<BotResponse[]> {
  const results: BotResponse[] = new Array(bodies.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const i = next++;
        results[i] = await post(bot.url, bodies[i]);
      }
    }),
  );
  return results;
}

test('1,000+ activities of random shapes and the named cases: no 5xx, no internal message, alive, memory flat', async () => {
  const bodies = [
    ...namedCases(),
    ...fc.sample(mutatedActivity, { numRuns: 900, seed: 15 }),
    ...fc.sample(anyBody, { numRuns: 150, seed: 16 }),
  ];
  expect(bodies.length).toBeGreaterThanOrEqual(1000);
  // Warm-up (code loading, JIT, first templates) so the measurement shows growth, not start-up.
  await postAll(fc.sample(mutatedActivity, { numRuns: 300, seed: 14 }));
  const rssBefore = settledRss();

  const responses = await postAll(bodies);

  const serverErrors = responses.map((r, i) => ({ ...r, body: JSON.stringify(r.body)?.slice(0, 200), sent: JSON.stringify(bodies[i])?.slice(0, 300) })).filter((r) => r.status >= 500);
  expect(serverErrors).toEqual([]);
  for (const r of responses) expect(JSON.stringify(r.body ?? '')).not.toMatch(/TypeError|Cannot read|is not a function|at .*\.ts:\d+/);
  // The named cases are answered, not refused: a message gets the bot's reply, an invoke a proper response.
  const named = responses.slice(0, namedCases().length);
  expect(named.filter((r) => r.status === 400 || r.status === 200).length).toBe(named.length);
  const invokeTaskFetch = named[10];
  expect(invokeTaskFetch.status).toBe(200);
  expect(invokeTaskFetch.body).toEqual({ task: { type: 'message', value: expect.any(String) } });

  expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  // A normal request still works after all that.
  const ok = await post(bot.url, { ...baseActivity('29:anna', 'message'), text: 'help' });
  expect(ok.status).toBe(200);
  const rssAfter = settledRss();
  expect(rssAfter - rssBefore).toBeLessThan(50 * 1024 * 1024);
}, 120_000);
