/**
 * Aftercare in Slack, end to end: the check-in DM with its buttons when the fake clock reaches the 72 h moment,
 * the answer through the modal (views.open → view_submission), the talk request and the note to the aftercare
 * person, chat.update of the check-in, stop and snooze, the lead's task — real server, local Slack API.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { SlackFixture } from '../helpers/fixture';
import { type LocalSlackApi, dmChannel, type SlackCall } from '../helpers/slack-api';
import { FLEUR, blockAction, slackPost, slashCommand, viewSubmission, type SlackRequest } from '../helpers/slack';
import { until } from '../helpers/wait';

const CARLA = 'U0CARLA';
const EVA = 'U0EVA';
// Friday 20 November 2026, 10:45 in Amsterdam; the 72 h moment is Monday 23 November 10:45.
const REPORTED = '2026-11-20T09:45:00.000Z';
const MONDAY = '2026-11-23T09:45:00.000Z';
const NOTE = 'Ik slaap er slecht van, vertel het niet verder';

let slackApi: LocalSlackApi;
let clock: FakeClock;
let bot: RunningBot;
let logged: string[];

const fixture = new SlackFixture({ now: REPORTED });
beforeEach(async () => {
  logged = [];
  const capture = (...args: unknown[]) => logged.push(args.map(String).join(' '));
  ({ slackApi, clock, bot } = await fixture.start({ logger: { info: capture, warn: capture, error: capture } }));
});

afterEach(() => fixture.stop());

const post = (request: SlackRequest) => slackPost(bot.url, request, { clock });
const json = (value: unknown) => JSON.stringify(value);
const location = (call: SlackCall) => ({ channel: call.args.channel as string, ts: call.response.ts as string });
const actionsOf = (call: SlackCall) => (call.args.blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements);
const buttonOf = (call: SlackCall, actionId: string) => actionsOf(call).find((e: any) => e.action_id === actionId);
/** Clicks a button on a message, as `userId` (who need not be the one the message went to). */
const click = (userId: string, call: SlackCall, actionId: string, actionTs?: string) =>
  post(blockAction(userId, { action_id: actionId, value: buttonOf(call, actionId).value }, location(call), actionTs));

const checkins = () => slackApi.dmsTo(FLEUR).filter((c) => /hoe gaat het nu met je\?$/i.test(String(c.args.text)));
const dmTitled = (userId: string, title: string) => slackApi.dmsTo(userId).filter((c) => c.args.text === title);
const updatesOf = (call: SlackCall) => slackApi.updates().filter((u) => u.args.channel === call.args.channel && u.args.ts === call.response.ts);
const ephemerals = (userId: string) => slackApi.of('chat.postEphemeral').filter((c) => c.args.user === userId);

/** Fleur reports over the Slack modal: emotional behaviour, aftercare wanted, no first response. */
async function report() {
  await post(slashCommand(FLEUR));
  await slackApi.waitFor(() => slackApi.of('views.open').length > 0);
  const res = await post(
    viewSubmission(FLEUR, slackApi.of('views.open')[0].args.view, {
      date: '2026-11-20',
      time: '10:30',
      channel: 'phone',
      category: 'emotion-criticism',
      description: 'Bleef maar doorgaan over de regels.',
      stoppedAfterLimit: true,
      firstResponse: false,
      supportRequested: true,
    }),
  );
  expect(res.body.response_action).toBe('update');
  let incidentId = '';
  await until(async () => {
    const [incident] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
    incidentId = incident?.id ?? '';
    return !!incident?.aftercare;
  });
  // "Ik wil graag nazorg" was ticked: Carla hears it at once, before any check-in.
  await slackApi.waitFor(() => dmTitled(CARLA, 'Fleur Mulder wil graag nazorg').length === 1);
  slackApi.calls.length = 0;
  return (await bot.melden.store.incidents.get(incidentId))!;
}

async function at(instant: string) {
  clock.set(instant);
  await bot.melden.scheduler.runDue();
  await bot.melden.scheduler.runDue();
}

async function firstCheckin() {
  await at(MONDAY);
  await slackApi.waitFor(() => checkins().length === 1 && slackApi.dmsTo(EVA).length === 1);
  return checkins()[0];
}

/** Clicks "Beantwoorden" and returns the modal as Slack would echo it back on submission (with its view id). */
async function openAnswerModal(checkin: SlackCall) {
  const before = slackApi.of('views.open').length;
  await click(FLEUR, checkin, 'checkin.answer');
  await slackApi.waitFor(() => slackApi.of('views.open').length === before + 1);
  const call = slackApi.of('views.open').at(-1)!;
  return { ...call.args.view, id: call.response.view.id };
}

const moment = async (incidentId: string, id: string) => (await bot.melden.store.incidents.get(incidentId))!.aftercare!.moments.find((m) => m.id === id)!;

test('the 72 h check-in reaches Fleur with buttons; answering in the modal with "gesprek" → Carla hears it, the DM shows the answer, the note is nowhere on disk', async () => {
  const incident = await report();
  await at('2026-11-23T09:44:00.000Z');
  expect(checkins()).toHaveLength(0);
  const checkin = await firstCheckin();

  expect(json(checkin.args.blocks)).toContain('Namens Carla Bos (nazorg), over melding 2026-0001 van 20 november.');
  expect(actionsOf(checkin).map((e: any) => [e.action_id, e.text.text])).toEqual([
    ['checkin.answer', 'Beantwoorden'],
    ['checkin.snooze.1', 'Morgen'],
    ['checkin.snooze.7', 'Over een week'],
    ['checkin.stop', 'Geen berichten meer hierover'],
  ]);
  expect(buttonOf(checkin, 'checkin.stop').confirm.text.text).toContain('Je kunt altijd zelf contact opnemen met Carla Bos');
  // The lead's two tasks as one message (never the pair), with what to prepare and the details on request; nothing more for Carla yet.
  expect(slackApi.dmsTo(EVA).map((c) => [c.args.text, actionsOf(c).map((e: any) => e.text.text)])).toEqual([['Neem contact op met Fleur Mulder', ['Gedaan', 'Beschrijving en zaaknummer tonen', 'Aangifte voorbereiden']]]);
  expect(json(slackApi.dmsTo(EVA)[0].args.blocks)).toContain('Houd ook het opvanggesprek, uiterlijk maandag 23 november om 10:45'); // 72 h after the report (sent 10:45)
  expect(json(slackApi.dmsTo(EVA)[0].args.blocks)).toContain('Nazorg: gevraagd op het formulier');
  expect(slackApi.dmsTo(CARLA)).toHaveLength(0);

  const modal = await openAnswerModal(checkin);
  expect(modal.callback_id).toBe('checkin.answer');
  expect(JSON.parse(modal.private_metadata)).toEqual({ incidentId: incident.id, momentId: 'checkin-72h:fleur', channel: dmChannel(FLEUR), ts: checkin.response.ts });
  const inputs = modal.blocks.filter((b: any) => b.type === 'input');
  expect(inputs.map((b: any) => [b.block_id, b.element.type, !!b.optional])).toEqual([
    ['feeling', 'radio_buttons', false],
    ['wantsTalk', 'checkboxes', true],
    ['note', 'plain_text_input', true],
  ]);
  expect(inputs[0].element.options.map((o: any) => o.text.text)).toEqual(['Goed', 'Gaat wel', 'Niet goed']);
  expect(inputs[1].element.options[0].text.text).toBe('Ik wil graag een gesprek met Carla Bos');
  expect(inputs[2].hint.text).toBe('Alleen Carla Bos leest dit. Het wordt niet bewaard.');

  clock.advance(60_000);
  const res = await post(viewSubmission(FLEUR, modal, { feeling: 'okay', wantsTalk: true, note: NOTE }));
  expect(res.status).toBe(200);
  expect(res.text).toBe(''); // the modal closes; the DM shows the answer

  await slackApi.waitFor(() => slackApi.dmsTo(CARLA).length === 2 && updatesOf(checkin).length === 1);
  expect(slackApi.dmsTo(CARLA).map((c) => c.args.text)).toEqual(['Fleur Mulder wil graag een gesprek', 'Notitie van Fleur Mulder']);
  const noteDm = slackApi.dmsTo(CARLA)[1];
  expect(noteDm.args.blocks).toContainEqual({ type: 'section', text: { type: 'plain_text', text: NOTE, emoji: true } });
  expect(json(noteDm.args.blocks)).toContain('wordt niet bewaard');
  const answered = updatesOf(checkin)[0].args;
  expect(json(answered.blocks)).toContain('Dank je wel. Je antwoord: Gaat wel. Carla Bos neemt contact met je op.');
  expect(answered.blocks.some((b: any) => b.type === 'actions')).toBe(false);

  expect((await moment(incident.id, 'checkin-72h:fleur')).answer).toEqual({ feeling: 'okay', wantsTalk: true });
  // The note: not in the store, not in a job, not in the SQLite files (WAL included), not in a log line.
  for (const file of readdirSync(bot.dataDir)) expect(readFileSync(join(bot.dataDir, file)).includes(Buffer.from('slaap er slecht'))).toBe(false);
  expect(logged.join('\n')).not.toContain('slaap');
  // The lead sees neither the answer nor the note.
  for (const dm of slackApi.dmsTo(EVA)) expect(json(dm.args)).not.toMatch(/Gaat wel|slaap/);

  // Carla marks the talk request done; the DM is updated in place.
  const talkRequest = slackApi.dmsTo(CARLA)[0];
  expect(actionsOf(noteDm)).toEqual([]); // a note is information, not a to-do
  await click(CARLA, talkRequest, 'aftercare.done');
  await slackApi.waitFor(() => updatesOf(talkRequest).length === 1);
  expect(json(updatesOf(talkRequest)[0].args.blocks)).toContain('Afgerond door Carla Bos om 10:46.');
  expect(updatesOf(talkRequest)[0].args.blocks.some((b: any) => b.type === 'actions')).toBe(false);

  // "Beantwoorden" on the answered check-in opens nothing more: the DM is brought up to date instead.
  const opened = slackApi.of('views.open').length;
  await click(FLEUR, checkin, 'checkin.answer');
  await slackApi.waitFor(() => updatesOf(checkin).length === 2);
  expect(slackApi.of('views.open')).toHaveLength(opened);
});

test('only Fleur can answer her check-in; only the aftercare person or the lead can mark their tasks done — others get an ephemeral note', async () => {
  const incident = await report();
  const checkin = await firstCheckin();

  await click(EVA, checkin, 'checkin.answer');
  await slackApi.waitFor(() => ephemerals(EVA).length === 1);
  expect(ephemerals(EVA)[0].args.text).toBe('Deze check-in is niet aan jou gericht.');
  await click(EVA, checkin, 'checkin.stop');
  await slackApi.waitFor(() => ephemerals(EVA).length === 2);
  expect(slackApi.of('views.open')).toHaveLength(0);
  expect((await bot.melden.store.incidents.get(incident.id))!.aftercare!.stoppedBy).toEqual([]);

  // A submission for Fleur's check-in by someone else (a forged or stale modal) is refused in the modal.
  const modal = await openAnswerModal(checkin);
  const forged = await post(viewSubmission(EVA, modal, { feeling: 'good' }));
  expect(forged.body.response_action).toBe('update');
  expect(json(forged.body.view)).toContain('Deze check-in is niet aan jou gericht.');
  expect((await moment(incident.id, 'checkin-72h:fleur')).answeredAt).toBeUndefined();

  // Carla (aftercare) cannot tick off the lead's task; Eva can.
  const leadTask = slackApi.dmsTo(EVA)[0];
  await click(CARLA, leadTask, 'aftercare.done');
  await slackApi.waitFor(() => ephemerals(CARLA).length === 1);
  expect(ephemerals(CARLA)[0].args.text).toBe('Deze taak is niet voor jou: de leidinggevende of de nazorger rondt hem af.');
  expect(updatesOf(leadTask)).toHaveLength(0);
  await click(EVA, leadTask, 'aftercare.done');
  await slackApi.waitFor(() => updatesOf(leadTask).length === 1);
  expect(json(updatesOf(leadTask)[0].args.blocks)).toContain('Afgerond door Eva Smit om 10:45.');
  expect((await moment(incident.id, 'lead-contact:fleur')).doneBy).toBe('eva');
});

test('no feeling chosen → the modal stays open with the error inline; nothing is stored', async () => {
  const incident = await report();
  const modal = await openAnswerModal(await firstCheckin());
  const res = await post(viewSubmission(FLEUR, modal, { wantsTalk: true, note: NOTE }));
  expect(res.body).toEqual({ response_action: 'errors', errors: { feeling: 'Kies hoe het met je gaat.' } });
  expect((await moment(incident.id, 'checkin-72h:fleur')).answeredAt).toBeUndefined();
  expect(slackApi.dmsTo(CARLA)).toHaveLength(0);
});

test('the same submission delivered 3 times → one answer: one talk request, one note, one chat.update', async () => {
  await report();
  const checkin = await firstCheckin();
  const modal = await openAnswerModal(checkin);
  const request = viewSubmission(FLEUR, modal, { feeling: 'bad', note: NOTE });
  const answers = await Promise.all([1, 2, 3].map(() => post(request)));
  for (const a of answers) expect(a.status).toBe(200);
  await slackApi.waitFor(() => slackApi.dmsTo(CARLA).length >= 2 && updatesOf(checkin).length >= 1);
  await new Promise((r) => setTimeout(r, 1500)); // a second note would wait ~1 s on Carla's channel limit
  // "Niet goed" without a request for a talk is said as such, to Carla and back to Fleur.
  expect(slackApi.dmsTo(CARLA).map((c) => c.args.text)).toEqual(['Het gaat niet goed met Fleur Mulder', 'Notitie van Fleur Mulder']);
  expect(json(slackApi.dmsTo(CARLA)[0].args.blocks)).toContain('Een gesprek vroeg Fleur Mulder niet');
  expect(updatesOf(checkin)).toHaveLength(1);
  expect(json(updatesOf(checkin)[0].args.blocks)).toContain('Dank je wel. Je antwoord: Niet goed, zonder gesprek. Carla Bos hoort dat het niet goed gaat.');
});

test('"Geen berichten meer" stops the check-ins (the DM says so); the lead still gets their tasks', async () => {
  const incident = await report();
  const checkin = await firstCheckin();
  await click(FLEUR, checkin, 'checkin.stop');
  await slackApi.waitFor(() => updatesOf(checkin).length === 1);
  expect(json(updatesOf(checkin)[0].args.blocks)).toContain('Je krijgt hierover geen berichten meer. Je kunt altijd zelf contact opnemen met Carla Bos.');
  expect((await bot.melden.store.incidents.get(incident.id))!.aftercare!.stoppedBy).toEqual(['fleur']);

  await at('2026-12-04T10:00:00.000Z'); // 2 weeks
  await at('2027-01-05T10:00:00.000Z'); // 6 weeks
  await new Promise((r) => setTimeout(r, 200));
  expect(checkins()).toHaveLength(1);
  expect(slackApi.dmsTo(EVA)).toHaveLength(1);
  expect(slackApi.dmsTo(CARLA)).toHaveLength(0); // a stopped check-in is not chased either
});

test('"Morgen" snoozes: the DM says until when, a repeated click changes nothing, and the check-in comes back then', async () => {
  await report();
  const checkin = await firstCheckin();
  const answers = await Promise.all([1, 2].map(() => click(FLEUR, checkin, 'checkin.snooze.1', '1790000200.000001')));
  for (const a of answers) expect(a.status).toBe(200);
  await slackApi.waitFor(() => updatesOf(checkin).length === 1);
  await new Promise((r) => setTimeout(r, 200));
  expect(updatesOf(checkin)).toHaveLength(1);
  expect(json(updatesOf(checkin)[0].args.blocks)).toContain('Uitgesteld tot dinsdag 24 november, 10:45. Dan vragen we het nog een keer.');

  await at('2026-11-24T09:44:00.000Z');
  expect(checkins()).toHaveLength(1);
  await at('2026-11-24T09:45:00.000Z');
  await slackApi.waitFor(() => checkins().length === 2);
  expect(actionsOf(checkins()[1]).map((e: any) => e.action_id)).toContain('checkin.answer');
});

test('the same check-in answer delivered 4× (in a row and at once) is recorded once and forwards one note', async () => {
  const incident = await report();
  const checkin = await firstCheckin();
  const modal = await openAnswerModal(checkin);
  const submission = viewSubmission(FLEUR, modal, { feeling: 'bad', wantsTalk: false, note: NOTE });
  await post(submission);
  await post(submission);
  await Promise.all([post(submission), post(submission)]);
  await until(async () => !!(await moment(incident.id, 'checkin-72h:fleur')).answeredAt);
  await bot.melden.scheduler.runDue();
  await slackApi.waitFor(() => slackApi.dmsTo(CARLA).some((c) => json(c.args).includes(NOTE)));
  await bot.melden.scheduler.runDue();
  expect(slackApi.dmsTo(CARLA).filter((c) => json(c.args).includes(NOTE))).toHaveLength(1);
  expect((await moment(incident.id, 'checkin-72h:fleur')).answer).toEqual({ feeling: 'bad', wantsTalk: false });
});
