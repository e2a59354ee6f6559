/**
 * Measures on citizen references in Slack, end to end (docs/measures.md): the decision request with the citizen's
 * history, the measure told to reporter and lead, `check` in a DM and as `/melden check`, a new report about that
 * citizen, the reminders on the fake clock, reporter patterns, and the bad day — real server, local Slack API.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeClock } from '../helpers/clock';
import { jobPlanned, type RunningBot } from '../helpers/app';
import { SANCTION_JOBS } from '../../src/services/sanctions';
import { SlackFixture } from '../helpers/fixture';
import type { LocalSlackApi, SlackCall } from '../helpers/slack-api';
import { ANNA, BRAM, FLEUR, blockAction, dmMessage, slackPost, slashCommand, viewSubmission, type SlackRequest } from '../helpers/slack';
import { writeTwoTeamsConfig, ZUID } from '../helpers/two-teams';

const DIRK = 'U0DIRK';
const EVA = 'U0EVA';
const CARLA = 'U0CARLA';
const TITLE = 'Besluit over een regiemaatregel gevraagd';
const DAY = 86_400_000;

let slackApi: LocalSlackApi;
let clock: FakeClock;
let bot: RunningBot;

const fixture = new SlackFixture({ now: '2026-11-20T09:45:00.000Z' });
beforeEach(async () => {
  const config = writeTwoTeamsConfig(mkdtempSync(join(tmpdir(), 'melden-slack-measures-')));
  ({ slackApi, clock, bot } = await fixture.start({ env: { MELDEN_CONFIG: config } }));
});
afterEach(() => fixture.stop());

const post = (request: SlackRequest) => slackPost(bot.url, request, { clock });
const json = (value: unknown) => JSON.stringify(value);
const location = (call: SlackCall) => ({ channel: call.args.channel as string, ts: call.response.ts as string });
const requests = () => slackApi.dmsTo(DIRK).filter((c) => c.args.text === TITLE);
const dmTexts = (userId: string) => slackApi.dmsTo(userId).map((c) => json(c.args));
let form = 0;

/** `check …` in a DM; the bot's reply (Anna is also paged as first responder, so count from before). */
async function check(userId: string, text: string): Promise<string> {
  const before = slackApi.dmsTo(userId).length;
  await post(dmMessage(userId, text));
  await slackApi.waitFor(() => slackApi.dmsTo(userId).length > before);
  return String(slackApi.dmsTo(userId).at(-1)!.args.text);
}

async function runAllDue() {
  for (let pass = 0; pass < 20 && (await bot.melden.scheduler.runDue()) > 0; pass++);
}

async function report(userId: string, category: string, extra: Record<string, string | boolean> = {}) {
  form += 1;
  const before = slackApi.of('views.open').length;
  await post(slashCommand(userId));
  await slackApi.waitFor(() => slackApi.of('views.open').length > before);
  const description = `Omschrijving ${form}: zei iets naars.`;
  const res = await post(
    viewSubmission(userId, slackApi.of('views.open').at(-1)!.args.view, {
      date: '2026-11-20', time: '10:30', channel: 'desk', category, description, citizenRef: 'Z-4242', firstResponse: false, ...extra,
    }),
  );
  expect(res.body.response_action).toBe('update');
  const incident = (await bot.melden.store.incidents.find({ teamId: 'kcc-noord' })).find((i) => i.description === description)!;
  return { incident };
}

async function decisionModal(userId: string, request: SlackCall) {
  const button = (request.args.blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements).find((e: any) => e.action_id === 'sanction.decide');
  const before = slackApi.of('views.open').length;
  await post(blockAction(userId, { action_id: 'sanction.decide', value: button.value }, location(request)));
  await slackApi.waitFor(() => slackApi.of('views.open').length === before + 1);
  const call = slackApi.of('views.open').at(-1)!;
  return { ...call.args.view, id: call.response.view.id };
}

test('threat → DM with the earlier incidents; measure → reporter and lead told; check in a DM and by slash command; a new report warns and flags', async () => {
  await report(FLEUR, 'emotion-self', { date: '2026-11-19', stoppedAfterLimit: true });
  const { incident } = await report(FLEUR, 'threat');
  await slackApi.waitFor(() => requests().length === 1);
  const request = requests()[0];
  expect(json(request.args.blocks)).toContain('Eerder over deze burger: 1 eerdere melding');
  expect(json(request.args.blocks)).toContain('19 nov 2026: Emotioneel gedrag');
  expect(json(request.args.blocks)).not.toContain('Omschrijving 1');

  const modal = await decisionModal(DIRK, request);
  // Bad day: another team's coordinator submitting the same form is refused; four submissions record one measure.
  const other = await post(viewSubmission(ZUID.slack.dirk, modal, { measure: 'contact-ban', until: '2027-01-31' }));
  expect(json(other.body)).toContain('Alleen de coördinator agressie en geweld kan dit besluit vastleggen.');
  const noReason = await post(viewSubmission(DIRK, modal, { measure: 'none' }));
  expect(noReason.body).toEqual({ response_action: 'errors', errors: { reason: 'Schrijf bij geen maatregel een reden op die de melder kan lezen.' } });
  for (let i = 0; i < 4; i++) await post(viewSubmission(DIRK, modal, { measure: 'contact-ban', until: '2027-01-31' }));
  expect(await bot.melden.store.measures.find({ teamIds: ['kcc-noord', 'kcc-zuid'] })).toEqual([expect.objectContaining({ id: `msr-${incident.id}`, kind: 'contact-ban', endDate: '2027-01-31' })]);
  expect(await bot.melden.store.audit.find({ action: 'sanction.decided' })).toHaveLength(1);
  await slackApi.waitFor(() => dmTexts(FLEUR).some((t) => t.includes(`Over je melding ${incident.number} is besloten: Contactverbod (tot 31 januari 2027).`)));
  await slackApi.waitFor(() => dmTexts(EVA).some((t) => t.includes(`Melding ${incident.number}: Dirk Visser besloot over een regiemaatregel: Contactverbod (tot 31 januari 2027).`)));

  const line = 'Voor zaaknummer Z-4242 geldt tot en met 31 januari 2027: Contactverbod. Verbind niet door, maak geen afspraak en laat de burger niet toe; beëindig het gesprek en verwijs naar schriftelijk contact.';
  expect(await check(ANNA, 'check Z-4242')).toBe(line);
  const slash = await post(slashCommand(BRAM, 'check z-4242'));
  expect(json(slash.body)).toContain(line);
  expect(json(slash.body)).not.toMatch(/Fleur|Omschrijving|Bedreiging/);
  expect((await bot.melden.store.audit.find({ action: 'measure.lookup' })).map((e) => e.actorId).sort()).toEqual(['anna', 'bram']);

  const again = await report(BRAM, 'verbal-aggression', { stoppedAfterLimit: true });
  expect(again.incident.measureInForce).toMatchObject({ measureId: `msr-${incident.id}`, kind: 'contact-ban' });
  // The confirmation DM carries the instruction first.
  await slackApi.waitFor(() => dmTexts(BRAM).some((t) => t.includes('Let op: voor deze burger geldt tot en met 31 januari 2027: Contactverbod.')));
  await slackApi.waitFor(() => requests().length === 2);
  expect(json(requests()[1].args.blocks)).toContain('Maatregel overtreden? Toen dit gebeurde gold al: Contactverbod (tot 31 januari 2027).');
});

test('fake clock: undecided → reminder after 2 working days, then the lead; re-evaluation and ending reminders with buttons; after the end nothing is in force', async () => {
  const { incident } = await report(FLEUR, 'threat');
  await slackApi.waitFor(() => requests().length === 1);
  // The request's job plans the reminder just after the coordinator's message: the clock moves once it is planned.
  await jobPlanned(bot, `${SANCTION_JOBS.remind}:${incident.id}`);
  const reminders = () => dmTexts(DIRK).filter((t) => t.includes('Herinnering: over melding'));
  const leadTold = () => dmTexts(EVA).filter((t) => t.includes('na een herinnering nog geen besluit'));
  clock.set('2026-11-24T09:46:00.000Z');
  await runAllDue();
  await slackApi.waitFor(() => reminders().length === 1);
  expect(leadTold()).toHaveLength(0);
  clock.set('2026-11-26T09:46:00.000Z');
  await runAllDue();
  await slackApi.waitFor(() => leadTold().length === 1);

  const modal = await decisionModal(DIRK, requests()[0]);
  await post(viewSubmission(DIRK, modal, { measure: 'single-contact', start: '2026-11-26', until: '2027-03-31' }));
  await slackApi.waitFor(() => dmTexts(FLEUR).some((t) => t.includes('Contact via één vaste medewerker')));
  const measureDms = () => slackApi.dmsTo(DIRK).filter((c) => json(c.args.blocks).includes('measure.end'));
  clock.set('2027-02-26T08:01:00.000Z');
  await runAllDue();
  await slackApi.waitFor(() => measureDms().length === 1);
  expect(measureDms()[0].args.text).toBe('Tijd om de maatregel te herbeoordelen');
  clock.set('2027-03-17T08:01:00.000Z');
  await runAllDue();
  await slackApi.waitFor(() => measureDms().length === 2);
  expect(measureDms()[1].args.text).toBe('Maatregel loopt af op 31 maart 2027');

  clock.set('2027-04-01T08:00:00.000Z');
  expect(await check(ANNA, 'check Z-4242')).toBe('Voor zaaknummer Z-4242 geldt nu geen maatregel.');
  expect((await bot.melden.store.incidents.get(incident.id))!.sanction).toMatchObject({ remindedAt: '2026-11-24T09:46:00.000Z', leadToldAt: '2026-11-26T09:46:00.000Z' });
});

test('ending a measure from its reminder: another team is refused; the coordinator ends it and check says nothing is in force', async () => {
  const { incident } = await report(FLEUR, 'threat');
  await slackApi.waitFor(() => requests().length === 1);
  await post(viewSubmission(DIRK, await decisionModal(DIRK, requests()[0]), { measure: 'contact-ban', until: '2026-12-10' }));
  clock.set('2026-11-26T08:01:00.000Z'); // two weeks before 10 December
  await runAllDue();
  const reminder = () => slackApi.dmsTo(DIRK).find((c) => json(c.args.blocks).includes('measure.end'));
  await slackApi.waitFor(() => !!reminder());
  const end = (reminder()!.args.blocks as any[]).find((b) => b.type === 'actions').elements.find((e: any) => e.action_id === 'measure.end');
  await post(blockAction(ZUID.slack.dirk, { action_id: 'measure.end', value: end.value }, location(reminder()!)));
  await slackApi.waitFor(() => slackApi.of('chat.postEphemeral').some((c) => json(c.args).includes('Alleen de coördinator van dit team')));
  expect((await bot.melden.store.measures.get(`msr-${incident.id}`))!.endedAt).toBeUndefined();
  await post(blockAction(DIRK, { action_id: 'measure.end', value: end.value }, location(reminder()!)));
  await slackApi.waitFor(() => slackApi.updates().some((u) => json(u.args).includes('Beëindigd.')));
  expect(await check(ANNA, 'check Z-4242')).toBe('Voor zaaknummer Z-4242 geldt nu geen maatregel.');
});

test('the same reporter and behaviour with different citizens: no sanction request; the lead and the aftercare person are told', async () => {
  await report(FLEUR, 'verbal-aggression', { citizenRef: 'Z-1', stoppedAfterLimit: true });
  clock.advance(DAY);
  await report(FLEUR, 'verbal-aggression', { date: '2026-11-21', citizenRef: 'Z-2', stoppedAfterLimit: true });
  const told = (userId: string) => dmTexts(userId).some((t) => t.includes('Fleur Mulder deed 2 meldingen van hetzelfde gedrag'));
  await slackApi.waitFor(() => told(EVA) && told(CARLA));
  await runAllDue();
  expect(requests()).toHaveLength(0);
});
