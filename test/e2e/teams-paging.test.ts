/** First response end to end: page, acknowledge, decline, escalate, 403/429, restart — real server, local connector. */
import type { LocalConnector } from '../helpers/connector';
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { TeamsFixture } from '../helpers/fixture';
import { cardAction, message, post } from '../helpers/teams';

const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
const ANNA = { id: '29:anna', name: 'Anna de Vries' };
const BRAM = { id: '29:bram', name: 'Bram Jansen' };
const NOW = '2026-11-20T09:45:00.000Z'; // Friday 10:45 in Amsterdam
const MINUTE = 60_000;

let connector: LocalConnector;
let clock: FakeClock;
let bot: RunningBot;
let formCounter = 0;

// Polling is left to the tests (runDue) so the fake clock alone decides what is due.
// Fleur has talked to the bot before: it knows the service URL and her 1:1 chat.
const fixture = new TeamsFixture({ now: NOW, introduce: [FLEUR] });
beforeEach(async () => ({ connector, clock, bot } = await fixture.start()));
afterEach(() => fixture.stop());

const cardOf = (call: { body: any }) => call.body.attachments?.[0]?.content;
/** Page cards only (a coordinator also gets the sanction request for a threat). */
const pagesTo = (id: string) => connector.sentTo(id).filter((c) => cardOf(c)?.body?.[0]?.items?.[0]?.text === 'Eerste opvang gevraagd');
const textOf = (card: any) => JSON.stringify(card);

async function reportThreat(overrides: Record<string, string> = {}) {
  formCounter += 1;
  const res = await post(
    bot.url,
    cardAction(connector.url, FLEUR, 'report.submit', {
      formId: `form-${formCounter}-0000-0000-000000000000`,
      date: '2026-11-20',
      time: '10:40',
      channel: 'desk',
      category: 'threat',
      description: 'Dreigde met geweld aan de balie.',
      citizenRef: 'Z-77',
      firstResponse: 'true',
      ...overrides,
    }),
  );
  expect(res.status).toBe(200);
  const [incident] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  return incident;
}

/**
 * The page reaches the connector before the bot has recorded it and scheduled the escalation (both follow the
 * send); wait for that job before moving the clock, or the escalation would be timed from the moved clock.
 */
async function pagedAt(incidentId: string, step: number) {
  const deadline = Date.now() + 5000;
  while (!(await bot.melden.store.jobs.get(`escalate:${incidentId}:${step}`))) {
    if (Date.now() > deadline) throw new Error(`escalation ${step} was never scheduled`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Moves the fake clock and runs what became due, as the polling loop would. */
async function advance(ms: number) {
  clock.advance(ms);
  await bot.melden.scheduler.runDue();
}

test('a threat pages the first colleague on duty with Ik ga / Kan niet, without description or citizen data', async () => {
  await reportThreat();
  // In the same request cycle: the page was at the connector before the confirmation came back.
  expect(connector.sentTo(ANNA.id)).toHaveLength(1);
  const page = cardOf(connector.sentTo(ANNA.id)[0]);
  expect(page.body[0].items[0].text).toBe('Eerste opvang gevraagd');
  expect(page.actions.map((a: any) => [a.type, a.verb, a.title])).toEqual([
    ['Action.Execute', 'page.ack', 'Ik ga'],
    ['Action.Execute', 'page.decline', 'Kan niet'],
    // Chat with or call the reporter (deep links from Fleur's configured e-mail).
    ['Action.OpenUrl', undefined, 'Chat'],
    ['Action.OpenUrl', undefined, 'Bellen'],
  ]);
  expect(textOf(page)).toContain('Fleur Mulder');
  expect(textOf(page)).toContain('Balie');
  expect(textOf(page)).toContain('Bedreiging, intimidatie');
  expect(textOf(page)).not.toContain('Dreigde met geweld');
  expect(textOf(page)).not.toContain('Z-77');
  expect(page.refresh.userIds).toEqual(['29:anna']);
  expect(connector.sentTo(BRAM.id)).toHaveLength(0);
});

test('ack → reporter told who comes, the page updates in place, and the timeout escalates nothing', async () => {
  const incident = await reportThreat();
  await connector.waitFor(() => connector.sentTo(ANNA.id).length === 1);
  await pagedAt(incident.id, 0);
  clock.advance(MINUTE);
  const res = await post(bot.url, cardAction(connector.url, ANNA, 'page.ack', { incidentId: incident.id }));
  expect(res.body.statusCode).toBe(200);
  expect(textOf(res.body.value)).toContain('Jij hebt dit opgepakt om 10:46');
  // Ik ga / Kan niet are gone; the acknowledger can now close first response ("Opvang afgerond").
  expect(res.body.value.actions.map((a: any) => a.verb)).toEqual(['page.done']);

  await connector.waitFor(() => connector.sentTo(FLEUR.id).length === 1 && connector.updates().length === 1);
  expect(textOf(cardOf(connector.sentTo(FLEUR.id)[0]))).toContain('Anna de Vries komt naar je toe (opgepakt om 10:46)');
  const update = connector.updates()[0];
  expect(update.conversationId).toBe(`a:dm-${ANNA.id}`);
  expect(decodeURIComponent(update.path)).toBe(`/v3/conversations/a:dm-${ANNA.id}/activities/${connector.sentTo(ANNA.id)[0].responseId}`);
  expect(textOf(cardOf(update))).toContain('Jij hebt dit opgepakt');

  await advance(10 * MINUTE);
  expect(connector.sentTo(BRAM.id)).toHaveLength(0);
  const stored = await bot.melden.store.incidents.get(incident.id);
  expect(stored!.paging).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'anna', step: 0 });
  expect(stored!.timeline.map((e) => e.type).filter((t) => !t.startsWith('sanction'))).toEqual(['reported', 'paged', 'acknowledged']);
});

test('no answer → next colleague after the threat timeout, then the lead, then the coordinator, then the reporter is told', async () => {
  const incident = await reportThreat();
  await connector.waitFor(() => connector.sentTo(ANNA.id).length === 1);
  await pagedAt(incident.id, 0);

  await advance(2 * MINUTE - 1000);
  expect(connector.sentTo(BRAM.id)).toHaveLength(0);
  await advance(1000);
  await connector.waitFor(() => connector.sentTo(BRAM.id).length === 1);
  await pagedAt(incident.id, 1);
  await connector.waitFor(() => connector.sentTo(FLEUR.id).length === 1);
  expect(textOf(cardOf(connector.sentTo(FLEUR.id)[0]))).toContain('We zoeken nog iemand');

  await advance(2 * MINUTE);
  await connector.waitFor(() => connector.sentTo('29:eva').length === 1);
  await pagedAt(incident.id, 2);
  await advance(2 * MINUTE);
  await connector.waitFor(() => pagesTo('29:dirk').length === 1);
  await pagedAt(incident.id, 3);
  await advance(2 * MINUTE);
  await connector.waitFor(() => connector.sentTo(FLEUR.id).length === 2);
  expect(textOf(cardOf(connector.sentTo(FLEUR.id)[1]))).toContain('Bij direct gevaar: bel 112');

  const stored = await bot.melden.store.incidents.get(incident.id);
  expect(stored!.paging).toMatchObject({ status: 'exhausted', ladder: ['anna', 'bram', 'eva', 'dirk'], step: 3 });
  // Every page went out once; every earlier page card now invites a late "Ik ga".
  for (const id of ['29:anna', '29:bram', '29:eva', '29:dirk']) expect(pagesTo(id)).toHaveLength(1);
  await connector.waitFor(() => connector.updates().length === 4);
  expect(textOf(cardOf(connector.updates()[0]))).toContain('Kun jij alsnog?');

  // A late ack still counts.
  const late = await post(bot.url, cardAction(connector.url, BRAM, 'page.ack', { incidentId: incident.id }));
  expect(textOf(late.body.value)).toContain('Jij hebt dit opgepakt');
});

test('verbal aggression uses the normal timeout (PT5M) and does not go to the coordinator', async () => {
  const incident = await reportThreat({ category: 'verbal-aggression' });
  await connector.waitFor(() => connector.sentTo(ANNA.id).length === 1);
  await pagedAt(incident.id, 0);
  await advance(2 * MINUTE);
  expect(connector.sentTo(BRAM.id)).toHaveLength(0);
  await advance(3 * MINUTE);
  await connector.waitFor(() => connector.sentTo(BRAM.id).length === 1);
  expect((await bot.melden.store.incidents.get(incident.id))!.paging!.ladder).toEqual(['anna', 'bram', 'eva']);
});

test('decline → the next colleague is paged at once; the decliner sees it handed on', async () => {
  const incident = await reportThreat();
  await connector.waitFor(() => connector.sentTo(ANNA.id).length === 1);
  const res = await post(bot.url, cardAction(connector.url, ANNA, 'page.decline', { incidentId: incident.id }));
  expect(textOf(res.body.value)).toContain('Je gaf aan dat je niet kunt');
  await connector.waitFor(() => connector.sentTo(BRAM.id).length === 1);
  expect(clock.now().toISOString()).toBe(NOW); // no time had to pass
});

test('a connector 403 for the first colleague → the second is paged at once', async () => {
  connector.failNext((c) => c.path === '/v3/conversations' && c.body.members?.[0]?.id === ANNA.id, 403);
  const incident = await reportThreat();
  await connector.waitFor(() => connector.sentTo(BRAM.id).length === 1);
  const stored = await bot.melden.store.incidents.get(incident.id);
  expect(stored!.timeline.map((e) => e.type).filter((t) => !t.startsWith('sanction'))).toEqual(['reported', 'page-unreachable', 'escalated', 'paged']);
  expect(connector.sentTo(ANNA.id)).toHaveLength(0);
});

test('a 403 on the page itself (the chat was created, the send refused) → the second colleague is paged at once', async () => {
  connector.failNext((c) => c.method === 'POST' && c.conversationId === `a:dm-${ANNA.id}` && /\/activities/.test(c.path), 403);
  const incident = await reportThreat();
  await connector.waitFor(() => connector.sentTo(BRAM.id).length === 1);
  const stored = await bot.melden.store.incidents.get(incident.id);
  expect(stored!.timeline.map((e) => e.type).filter((t) => !t.startsWith('sanction'))).toEqual(['reported', 'page-unreachable', 'escalated', 'paged']);
});

test('a 429 with Retry-After: 2 → the page is resent, no sooner than 2 s later', async () => {
  connector.failNext((c) => c.method === 'POST' && c.conversationId === `a:dm-${ANNA.id}`, 429, 1, { 'Retry-After': '2' });
  await reportThreat();
  await connector.waitFor(() => connector.sentTo(ANNA.id).length === 1, 15_000);
  const attempts = connector.sent().filter((c) => c.conversationId === `a:dm-${ANNA.id}`);
  expect(attempts.map((a) => a.status)).toEqual([429, 200]);
  expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(2000);
}, 20_000);

test('"wie heeft dienst" lists the rota on duty and who comes next', async () => {
  await post(bot.url, message(connector.url, FLEUR, 'wie heeft dienst?'));
  await connector.waitFor(() => connector.sentTo(FLEUR.id).length === 1);
  expect(connector.sentTo(FLEUR.id)[0].body.text).toBe('Eerste opvang nu: Anna de Vries, Bram Jansen. Daarna: Eva Smit.');
});

test('someone who was not paged cannot acknowledge', async () => {
  const incident = await reportThreat();
  await connector.waitFor(() => connector.sentTo(ANNA.id).length === 1);
  const res = await post(bot.url, cardAction(connector.url, BRAM, 'page.ack', { incidentId: incident.id }));
  expect(textOf(res.body.value)).toContain('Deze oproep is niet aan jou gericht');
  expect((await bot.melden.store.incidents.get(incident.id))!.paging!.status).toBe('paging');
});

test('restart between page and timeout: a new server on the same SQLite file escalates exactly once', async () => {
  const incident = await reportThreat();
  await connector.waitFor(() => connector.sentTo(ANNA.id).length === 1);
  await pagedAt(incident.id, 0);
  const dataDir = bot.dataDir;
  await bot.stop({ keepData: true });

  clock.advance(3 * MINUTE);
  bot = await fixture.startBot({ clock, dataDir, scheduler: { pollMs: 3_600_000 } });
  await bot.melden.scheduler.runDue();
  await bot.melden.scheduler.runDue();
  await connector.waitFor(() => connector.sentTo(BRAM.id).length === 1);
  // Another pass, and a third server, change nothing.
  await bot.melden.scheduler.runDue();
  await bot.stop({ keepData: true });
  bot = await fixture.startBot({ clock, dataDir, scheduler: { pollMs: 3_600_000 } });
  await bot.melden.scheduler.runDue();
  expect(connector.sentTo(BRAM.id)).toHaveLength(1);
  const stored = await bot.melden.store.incidents.get(incident.id);
  expect(stored!.timeline.filter((e) => e.type === 'page-timeout')).toHaveLength(1);
});
