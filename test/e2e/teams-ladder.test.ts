/**
 * The ladder's bad days in Teams: a connector that answers 500 for one colleague, for everyone, or for a while; a
 * store that cannot write; a report about the past. The answer is never silence (docs/first-response.md).
 */
import type { LocalConnector, ConnectorCall } from '../helpers/connector';
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { TeamsFixture } from '../helpers/fixture';
import { troubledStore } from '../helpers/troubled-store';
import { cardAction, message, post } from '../helpers/teams';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const afterCleanup: (() => Promise<void>)[] = [];

const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
const ANNA = '29:anna';
const BRAM = '29:bram';
const EVA = '29:eva';
const NOW = '2026-11-20T09:45:00.000Z'; // Friday 10:45 in Amsterdam

let connector: LocalConnector;
let clock: FakeClock;
let bot: RunningBot;
let form = 0;

const fixture = new TeamsFixture({ now: NOW, introduce: [FLEUR] });
beforeEach(async () => ({ connector, clock, bot } = await fixture.start()));

afterEach(async () => {
  await fixture.stop();
  for (const clean of afterCleanup.splice(0)) await clean();
});

const cardOf = (call: { body: any }) => call.body?.attachments?.[0]?.content;
const isPage = (c: ConnectorCall) => cardOf(c)?.body?.[0]?.items?.[0]?.text === 'Eerste opvang gevraagd';
const pagesTo = (id: string) => connector.sentTo(id).filter(isPage);
const pageAttempts = (id: string) => connector.sent(`a:dm-${id}`).filter(isPage);
const textsTo = (id: string) => connector.sentTo(id).map((c) => JSON.stringify(cardOf(c) ?? c.body.text));
const FOREVER = 10_000;
// Failing sends take real time: the Bot Framework client retries a 5xx itself before the bot sees it.
jest.setTimeout(120_000);

function threat(overrides: Record<string, string> = {}) {
  form += 1;
  return cardAction(connector.url, FLEUR, 'report.submit', {
    formId: `ladder-${form}-0000-0000-000000000000`,
    date: '2026-11-20',
    time: '10:44',
    channel: 'desk',
    category: 'threat',
    description: 'Dreigde met geweld.',
    firstResponse: 'true',
    ...overrides,
  });
}

/** Moves the fake clock a second at a time, running what is due, until `done` or `maxMs` (fake) have passed. */
async function runUntil(done: () => boolean, maxMs: number): Promise<number> {
  const start = clock.now().getTime();
  while (!done()) {
    if (clock.now().getTime() - start > maxMs) throw new Error(`not done after ${maxMs} ms (fake clock)`);
    clock.advance(1000);
    await bot.melden.scheduler.runDue();
    await new Promise((r) => setTimeout(r, 5));
  }
  return clock.now().getTime() - start;
}

test('500 for the first colleague for good → briefly retried, then the second colleague is paged within 30 s of the first attempt', async () => {
  connector.failNext((c) => c.conversationId === `a:dm-${ANNA}` || c.body?.members?.[0]?.id === ANNA, 500, FOREVER);
  await post(bot.url, threat());
  const elapsed = await runUntil(() => pagesTo(BRAM).length === 1, 30_000);
  expect(elapsed).toBeLessThanOrEqual(30_000);
  // Two retries for Anna, no more; the page never reached her.
  const annaCalls = connector.calls.filter((c) => c.conversationId === `a:dm-${ANNA}` || c.body?.members?.[0]?.id === ANNA);
  expect(annaCalls.length).toBeGreaterThanOrEqual(3);
  const [incident] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  expect(incident.timeline.filter((e) => e.type === 'page-unreachable')).toEqual([expect.objectContaining({ personId: 'anna', detail: 'transient' })]);
  clock.advance(60_000);
  await bot.melden.scheduler.runDue();
  expect(annaCalls.length).toBe(connector.calls.filter((c) => c.conversationId === `a:dm-${ANNA}` || c.body?.members?.[0]?.id === ANNA).length);
});

test('every colleague\'s page fails → the reporter is told within 60 s (112), and the lead hears that first response failed', async () => {
  connector.failNext((c) => isPage(c), 500, FOREVER);
  const started = Date.now();
  await post(bot.url, threat());
  const elapsed = await runUntil(() => textsTo(FLEUR.id).some((t) => t.includes('Bij direct gevaar: bel 112') && t.includes('nog niemand')), 60_000);
  // Both clocks: the retry pauses on the fake one, the platform client's own retries in real time.
  expect(elapsed + (Date.now() - started)).toBeLessThanOrEqual(60_000);
  await runUntil(() => textsTo(EVA).some((t) => t.includes('Eerste opvang voor melding')), 5_000);
  expect(textsTo(EVA).find((t) => t.includes('Eerste opvang voor melding'))).toContain('de oproepen kwamen niet aan');
  const [incident] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  expect(incident.paging).toMatchObject({ status: 'exhausted', unreachable: ['anna', 'bram', 'eva', 'dirk'] });
});

test('500 for 45 s on the first colleague, then healthy → someone is paged within 30 s, nobody twice', async () => {
  const until = clock.now().getTime() + 45_000;
  connector.failNext((c) => (c.conversationId === `a:dm-${ANNA}` || c.body?.members?.[0]?.id === ANNA) && clock.now().getTime() < until, 500, FOREVER);
  await post(bot.url, threat());
  const elapsed = await runUntil(() => pagesTo(BRAM).length === 1, 30_000);
  expect(elapsed).toBeLessThanOrEqual(30_000);
  await runUntil(() => clock.now().getTime() > until + 60_000, 120_000);
  expect(pagesTo(BRAM)).toHaveLength(1);
  expect(pagesTo(ANNA).length).toBeLessThanOrEqual(1);
  expect(pageAttempts(BRAM)).toHaveLength(1);
});

test('a connector that hangs counts as a failure after 10 s: the ladder moves on', async () => {
  // Anna's chat is created but the send hangs: the page job gives up on it after PAGE_SEND_TIMEOUT_MS.
  connector.holdNext((c) => c.conversationId === `a:dm-${ANNA}` && isPage(c), 3);
  await post(bot.url, threat());
  await connector.waitFor(() => connector.held() >= 1, 5_000);
  // Real time passes for the send timeout (10 s), then the retries on the fake clock.
  const start = Date.now();
  await runUntil(() => pagesTo(BRAM).length === 1, 60_000).catch(() => undefined);
  await connector.waitFor(() => pagesTo(BRAM).length === 1, 40_000);
  expect(Date.now() - start).toBeLessThan(40_000);
  connector.releaseHeld();
}, 60_000);

test('a report about 3 hours ago: no page when first response is not asked; asked → a page that says when', async () => {
  await post(bot.url, threat({ time: '07:45', firstResponse: 'false' }));
  await new Promise((r) => setTimeout(r, 200));
  expect(connector.sent().filter(isPage)).toHaveLength(0);
  await post(bot.url, threat({ time: '07:45', firstResponse: 'true', category: 'verbal-aggression', stoppedAfterLimit: 'false' }));
  await connector.waitFor(() => pagesTo(ANNA).length === 1);
  const text = JSON.stringify(cardOf(pagesTo(ANNA)[0]));
  expect(text).toContain('Fleur Mulder kreeg vrijdag 20 november 2026, 07:45 te maken met (non-)verbale agressie');
  expect(text).not.toContain('kreeg net');
  const incidents = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  // The normal timeout (PT5M), not the threat one.
  const job = await bot.melden.store.jobs.get(`escalate:${incidents[1].id}:0`);
  expect(new Date(job!.dueAt).getTime() - clock.now().getTime()).toBe(5 * 60_000);
});

test('a store whose writes fail → the reporter gets the form back with a plain message (HTTP 200), nothing lost from the card', async () => {
  await bot.stop();
  const dir = mkdtempSync(join(tmpdir(), 'melden-troubled-'));
  const { store, real } = troubledStore(dir, 'incidents', { fail: true });
  bot = await fixture.startBot({ clock, store, scheduler: { pollMs: 3_600_000 } });
  afterCleanup.push(async () => {
    await real.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await post(bot.url, message(connector.url, FLEUR, 'help'));
  const res = await post(bot.url, threat({ firstResponse: 'false' }));
  expect(res.status).toBe(200);
  expect(res.body.statusCode).toBe(200);
  const text = JSON.stringify(res.body.value);
  expect(text).toContain('Je melding kon niet worden opgeslagen; wat je invulde staat er nog.');
  expect(text).toContain('Dreigde met geweld.');
  const hulp = await post(bot.url, message(connector.url, FLEUR, 'hulp'));
  expect(hulp.status).toBe(200);
  await connector.waitFor(() => textsTo(FLEUR.id).some((t) => t.includes('Je hulpvraag kon niet worden verstuurd')));
});
