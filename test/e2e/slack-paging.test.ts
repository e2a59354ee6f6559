/** First response in Slack: page DMs with buttons, ack/decline, chat.update, escalation, 429s — real server, local Slack API. */
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { SlackFixture } from '../helpers/fixture';
import { type LocalSlackApi, dmChannel, type SlackCall } from '../helpers/slack-api';
import { ANNA, BRAM, FLEUR, blockAction, slackPost, slashCommand, viewSubmission, type SlackRequest } from '../helpers/slack';

const NOW = '2026-11-20T09:45:00.000Z'; // Friday 10:45 in Amsterdam
const MINUTE = 60_000;

let slackApi: LocalSlackApi;
let clock: FakeClock;
let bot: RunningBot;

// Polling is left to the tests (runDue) so the fake clock alone decides what is due.
const fixture = new SlackFixture({ now: NOW });
beforeEach(async () => ({ slackApi, clock, bot } = await fixture.start()));
afterEach(() => fixture.stop());

const post = (request: SlackRequest) => slackPost(bot.url, request, { clock });
const texts = (value: unknown) => JSON.stringify(value);

async function reportThreat(overrides: Record<string, string | boolean> = {}) {
  await post(slashCommand(FLEUR));
  await slackApi.waitFor(() => slackApi.of('views.open').length > 0);
  const view = slackApi.of('views.open').at(-1)!.args.view;
  const res = await post(
    viewSubmission(FLEUR, view, {
      date: '2026-11-20',
      time: '10:40',
      channel: 'desk',
      category: 'threat',
      description: 'Dreigde met geweld aan de balie.',
      firstResponse: true,
      ...overrides,
    }),
  );
  expect(res.body.response_action).toBe('update');
  const [incident] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  return incident;
}

/** Waits (real time) until the job is no longer pending: its handler ran to the end. */
async function settled(jobId: string) {
  const deadline = Date.now() + 10_000;
  while ((await bot.melden.store.jobs.get(jobId))?.state === 'pending') {
    if (Date.now() > deadline) throw new Error(`${jobId} did not finish`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Moves the fake clock and runs what became due, as the polling loop would. */
async function advance(ms: number) {
  clock.advance(ms);
  await bot.melden.scheduler.runDue();
}

const pageOf = (call: SlackCall) => ({ channel: call.args.channel as string, ts: call.response.ts as string });
const click = (userId: string, actionId: string, incidentId: string, page: SlackCall, actionTs?: string) =>
  post(blockAction(userId, { action_id: actionId, value: incidentId }, pageOf(page), actionTs));
const reporterNotices = () => slackApi.dmsTo(FLEUR).filter((c) => !String(c.args.text).startsWith('Melding '));

test('ack → 200 at once, the page is updated in place (chat.update) and the reporter is told who comes', async () => {
  const incident = await reportThreat();
  await slackApi.waitFor(() => slackApi.dmsTo(ANNA).length === 1);
  const page = slackApi.dmsTo(ANNA)[0];
  clock.advance(MINUTE);
  const res = await click(ANNA, 'page.ack', incident.id, page);
  expect(res.status).toBe(200);
  expect(res.text).toBe('');

  await slackApi.waitFor(() => slackApi.updates().length === 1 && reporterNotices().length === 1);
  const update = slackApi.updates()[0].args;
  expect(update).toMatchObject({ channel: dmChannel(ANNA), ts: page.response.ts });
  expect(texts(update.blocks)).toContain('Jij hebt dit opgepakt om 10:46');
  // Ik ga / Kan niet are gone; the acknowledger can now close first response ("Opvang afgerond").
  expect(update.blocks.filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements.map((e: any) => e.action_id))).toEqual(['page.done']);
  expect(reporterNotices()[0].args.text).toBe('Anna de Vries komt naar je toe (opgepakt om 10:46).');

  await advance(10 * MINUTE);
  expect(slackApi.dmsTo(BRAM)).toHaveLength(0);
  const stored = await bot.melden.store.incidents.get(incident.id);
  expect(stored!.paging).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'anna' });
  expect(stored!.paging!.pages[0].ref).toEqual({ platform: 'slack', channel: dmChannel(ANNA), ts: page.response.ts });
});

test('the same interaction delivered 4 times → one effect: 1 chat.update, 1 reporter DM', async () => {
  const incident = await reportThreat();
  await slackApi.waitFor(() => slackApi.dmsTo(ANNA).length === 1);
  const page = slackApi.dmsTo(ANNA)[0];
  const answers = await Promise.all([1, 2, 3, 4].map(() => click(ANNA, 'page.ack', incident.id, page, '1790000100.000001')));
  for (const a of answers) expect(a.status).toBe(200);
  await slackApi.waitFor(() => slackApi.updates().length >= 1 && reporterNotices().length >= 1);
  await new Promise((r) => setTimeout(r, 300));
  expect(slackApi.updates()).toHaveLength(1);
  expect(reporterNotices()).toHaveLength(1);
  expect((await bot.melden.store.incidents.get(incident.id))!.timeline.filter((e) => e.type === 'acknowledged')).toHaveLength(1);
});

test('decline → the next colleague is paged at once; the decliner’s message shows it was handed on', async () => {
  const incident = await reportThreat();
  await slackApi.waitFor(() => slackApi.dmsTo(ANNA).length === 1);
  await click(ANNA, 'page.decline', incident.id, slackApi.dmsTo(ANNA)[0]);
  await slackApi.waitFor(() => slackApi.dmsTo(BRAM).length === 1 && slackApi.updates().length === 1);
  expect(texts(slackApi.updates()[0].args.blocks)).toContain('Je gaf aan dat je niet kunt');
  expect(clock.now().toISOString()).toBe(NOW);
});

test('no answer → the next colleague after the threat timeout (fake clock), and the reporter hears we are still searching', async () => {
  const incident = await reportThreat();
  await slackApi.waitFor(() => slackApi.dmsTo(ANNA).length === 1);
  // The escalation is scheduled right after the send; wait for it before moving the clock.
  const deadline = Date.now() + 5000;
  while (!(await bot.melden.store.jobs.get(`escalate:${incident.id}:0`)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  await advance(2 * MINUTE - 1000);
  expect(slackApi.dmsTo(BRAM)).toHaveLength(0);
  await advance(1000);
  await slackApi.waitFor(() => slackApi.dmsTo(BRAM).length === 1 && reporterNotices().length === 1);
  expect(reporterNotices()[0].args.text).toContain('We zoeken nog iemand');
});

test('someone who was not paged gets an ephemeral note and cannot acknowledge', async () => {
  const incident = await reportThreat();
  await slackApi.waitFor(() => slackApi.dmsTo(ANNA).length === 1);
  await click(BRAM, 'page.ack', incident.id, slackApi.dmsTo(ANNA)[0]);
  await slackApi.waitFor(() => slackApi.of('chat.postEphemeral').length === 1);
  expect(slackApi.of('chat.postEphemeral')[0].args).toMatchObject({ user: BRAM, text: 'Deze oproep is niet aan jou gericht.' });
  expect((await bot.melden.store.incidents.get(incident.id))!.paging!.status).toBe('paging');
});

test('Slack says the first colleague cannot be reached (user_not_found) → the second is paged at once', async () => {
  slackApi.failNext((c) => c.method === 'conversations.open' && c.args.users === ANNA, { error: 'user_not_found' });
  const incident = await reportThreat();
  await slackApi.waitFor(() => slackApi.dmsTo(BRAM).length === 1);
  // The page is recorded right after it went out.
  await settled(`reported:${incident.id}`);
  const stored = await bot.melden.store.incidents.get(incident.id);
  const paging = ['reported', 'page-unreachable', 'escalated', 'paged'];
  expect(stored!.timeline.map((e) => e.type).filter((type) => paging.includes(type))).toEqual(paging);
});

test('a 429 on the page honours Retry-After on the fake clock: not resent before, resent after', async () => {
  slackApi.failNext((c) => c.method === 'chat.postMessage' && c.args.channel === dmChannel(ANNA), { status: 429, headers: { 'Retry-After': '20' } });
  const incident = await reportThreat();
  await slackApi.waitFor(() => slackApi.of('chat.postMessage').some((c) => c.status === 429));
  // The report's follow-ups (confirmation, sanction request) still run in real time on short leases: let them
  // finish before the fake clock jumps past those leases.
  await settled(`reported:${incident.id}`);
  await advance(19_000);
  expect(slackApi.dmsTo(ANNA)).toHaveLength(0);
  await advance(1000);
  await slackApi.waitFor(() => slackApi.dmsTo(ANNA).length === 1);
});

test('one rate-limited DM does not stall other work: the reporter’s confirmation waits, the page goes out now', async () => {
  slackApi.failNext((c) => c.method === 'chat.postMessage' && c.args.channel === dmChannel(FLEUR), { status: 429, headers: { 'Retry-After': '30' } });
  const started = Date.now();
  await reportThreat();
  await slackApi.waitFor(() => slackApi.dmsTo(ANNA).length === 1 && slackApi.of('chat.postMessage').some((c) => c.status === 429));
  // The Web API client did not pause its queue for 30 s: the page went out within a second of real time.
  expect(Date.now() - started).toBeLessThan(3000);
  expect(slackApi.dmsTo(FLEUR)).toHaveLength(0);
  await advance(29_000);
  expect(slackApi.dmsTo(FLEUR)).toHaveLength(0);
  await advance(1000);
  await slackApi.waitFor(() => slackApi.dmsTo(FLEUR).length === 1);
  expect(slackApi.dmsTo(FLEUR)[0].args.text).toBe('Melding 2026-0001 is ontvangen');
});

test('chat.postMessage stays at ≤ 1 message per second per channel', async () => {
  const incident = await reportThreat();
  await slackApi.waitFor(() => slackApi.dmsTo(ANNA).length === 1 && slackApi.dmsTo(FLEUR).length === 1);
  // The ack's "coming" notice goes to the reporter right after her confirmation.
  await click(ANNA, 'page.ack', incident.id, slackApi.dmsTo(ANNA)[0]);
  await slackApi.waitFor(() => slackApi.dmsTo(FLEUR).length === 2);
  const stamps = slackApi.of('chat.postMessage').filter((c) => c.args.channel === dmChannel(FLEUR)).map((c) => c.at);
  // The limiter lets the calls leave ≥ 1 s apart; their arrival at the local server can shift by scheduling jitter
  // on a loaded machine, so allow 100 ms. Without the limiter the gap is a few milliseconds.
  expect(stamps[1] - stamps[0]).toBeGreaterThanOrEqual(900);
});
