/**
 * Slack, the first week: Wijzigen on the confirmation DM opens the report modal pre-filled; its submission changes
 * the same incident (one incident, an "edited" timeline entry); after 24 h a refusal with an explanation; the same
 * correction four times is one change; another person is refused. Aangifte voorbereiden and `/melden overzicht`.
 */
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { SlackFixture } from '../helpers/fixture';
import type { LocalSlackApi, SlackCall } from '../helpers/slack-api';
import { BRAM, FLEUR, blockAction, dmMessage, slackPost, slashCommand, viewSubmission, type SlackRequest } from '../helpers/slack';

const EVA = 'U0EVA';
// Wednesday 25 November 2026, 11:00 in Amsterdam.
const REPORTED = '2026-11-25T10:00:00.000Z';

let slackApi: LocalSlackApi;
let clock: FakeClock;
let bot: RunningBot;

const fixture = new SlackFixture({ now: REPORTED });
beforeEach(async () => ({ slackApi, clock, bot } = await fixture.start()));
afterEach(() => fixture.stop());

const post = (request: SlackRequest) => slackPost(bot.url, request, { clock });
const json = (value: unknown) => JSON.stringify(value);
const incidents = () => bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
const location = (call: SlackCall) => ({ channel: call.args.channel as string, ts: call.response.ts as string });
const buttonOf = (call: SlackCall, actionId: string) =>
  (call.args.blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements).find((e: any) => e.action_id === actionId);
const click = (userId: string, call: SlackCall, actionId: string) => post(blockAction(userId, { action_id: actionId, value: buttonOf(call, actionId).value }, location(call)));
const ephemerals = (userId: string) => slackApi.of('chat.postEphemeral').filter((c) => c.args.user === userId);
const VALUES = { date: '2026-11-25', time: '10:45', channel: 'desk', category: 'emotion-criticism', description: 'Was boos over de regels.', stoppedAfterLimit: true, firstResponse: false, supportRequested: false };

/** Fleur reports over the modal; returns the confirmation DM. */
async function report(): Promise<SlackCall> {
  await post(slashCommand(FLEUR));
  await slackApi.waitFor(() => slackApi.of('views.open').length > 0);
  const res = await post(viewSubmission(FLEUR, slackApi.of('views.open')[0].args.view, VALUES));
  expect(res.body.response_action).toBe('update');
  await slackApi.waitFor(() => slackApi.dmsTo(FLEUR).some((c) => String(c.args.text).includes('is ontvangen')));
  return slackApi.dmsTo(FLEUR).find((c) => String(c.args.text).includes('is ontvangen'))!;
}

/** Presses Wijzigen as `userId` and returns the modal it opened. */
async function openEdit(userId: string, confirmation: SlackCall) {
  const before = slackApi.of('views.open').length;
  await click(userId, confirmation, 'report.edit.open');
  await slackApi.waitFor(() => slackApi.of('views.open').length > before);
  return slackApi.of('views.open').at(-1)!.args.view;
}

test('Wijzigen within 24 h: the modal comes pre-filled and changes the same incident, with one "edited" entry', async () => {
  const confirmation = await report();
  expect(json(confirmation.args.blocks)).toContain('Met Wijzigen pas je deze melding aan, tot donderdag 26 november 2026, 11:00.');
  const [incident] = await incidents();
  clock.set('2026-11-26T09:30:00.000Z'); // 23.5 h later
  const modal = await openEdit(FLEUR, confirmation);
  expect(modal.callback_id).toBe('report.edit');
  expect(json(modal)).toContain('Was boos over de regels.');
  expect(modal.blocks.find((b: any) => b.block_id === 'stoppedAfterLimit').element.initial_options).toHaveLength(1);
  // The helper submits unset checkboxes as unticked, so the ticked one is passed as Slack would keep it.
  const res = await post(viewSubmission(FLEUR, modal, { description: 'Was boos en sloeg op de balie.', stoppedAfterLimit: true, conversationEnded: true }));
  expect(res.body.response_action).toBe('update');
  expect(json(res.body.view)).toContain('Je wijziging is opgeslagen');
  const all = await incidents();
  expect(all).toHaveLength(1);
  expect(all[0]).toMatchObject({ id: incident.id, description: 'Was boos en sloeg op de balie.', conversationEnded: true, category: 'emotion-criticism', registration: incident.registration });
  expect(all[0].timeline.filter((e) => e.type === 'edited')).toEqual([expect.objectContaining({ personId: 'fleur', detail: 'description,conversationEnded' })]);
});

test('after 24 h Wijzigen is refused with an explanation, on the button and on a late submission', async () => {
  const confirmation = await report();
  const modal = await openEdit(FLEUR, confirmation);
  clock.set('2026-11-26T10:00:01.000Z');
  await click(FLEUR, confirmation, 'report.edit.open');
  await slackApi.waitFor(() => ephemerals(FLEUR).length > 0);
  expect(json(ephemerals(FLEUR)[0].args)).toContain('kan niet meer worden gewijzigd');
  expect(json(ephemerals(FLEUR)[0].args)).toContain('Eva Smit');
  const res = await post(viewSubmission(FLEUR, modal, { description: 'Te laat.' }));
  expect(json(res.body)).toContain('kan niet meer worden gewijzigd');
  const [after] = await incidents();
  expect(after.description).toBe(VALUES.description);
  expect(after.timeline.some((e) => e.type === 'edited')).toBe(false);
});

test('the same correction four times is one change; another person is refused', async () => {
  const confirmation = await report();
  const modal = await openEdit(FLEUR, confirmation);
  const answers = await Promise.all([1, 2, 3, 4].map(() => post(viewSubmission(FLEUR, modal, { description: VALUES.description, stoppedAfterLimit: true, channel: 'phone' }))));
  expect(answers.filter((a) => json(a.body).includes('Je wijziging is opgeslagen'))).toHaveLength(1);
  const [after] = await incidents();
  expect(after.channel).toBe('phone');
  expect(after.timeline.filter((e) => e.type === 'edited')).toHaveLength(1);

  await click(BRAM, confirmation, 'report.edit.open');
  await slackApi.waitFor(() => ephemerals(BRAM).length > 0);
  expect(json(ephemerals(BRAM)[0].args)).toContain('Alleen wie de melding deed');
  const res = await post(viewSubmission(BRAM, modal, { description: 'Niet van mij.', channel: 'email' }));
  expect(json(res.body)).toContain('Alleen wie de melding deed');
  expect((await incidents())[0].channel).toBe('phone');
});

test('Aangifte voorbereiden sends the 7 W’s to copy and the steps; a colleague is refused', async () => {
  const confirmation = await report();
  await click(FLEUR, confirmation, 'police.open');
  await slackApi.waitFor(() => slackApi.dmsTo(FLEUR).some((c) => String(c.args.text).startsWith('Aangifte voorbereiden')));
  const dm = json(slackApi.dmsTo(FLEUR).find((c) => String(c.args.text).startsWith('Aangifte voorbereiden'))!.args.blocks);
  for (const w of ['Wie', 'Wat', 'Waar', 'Wanneer', 'Waarmee', 'Waarom', 'Hoe']) expect(dm).toContain(`*${w}*`);
  expect(dm).toContain('```Wie: Fleur Mulder, medewerker van KCC Noord');
  expect(dm).toContain('Domiciliekeuze');
  await click(BRAM, confirmation, 'police.open');
  await slackApi.waitFor(() => ephemerals(BRAM).length > 0);
  expect(json(ephemerals(BRAM)[0].args)).toContain('Alleen wie de melding deed en de leidinggevende');
});

test('/melden overzicht and overzicht in the DM: the lead sees the open incidents; a colleague a polite refusal', async () => {
  await report();
  const res = await post(slashCommand(EVA, 'overzicht'));
  const text = json(res.body);
  expect(text).toContain('Overzicht KCC Noord');
  expect(text).toContain('1 open melding, 0 besluiten open.');
  expect(text).toContain('Eerste opvang: niet gevraagd');
  expect(text).toContain('Nazorg: niet gedaan');
  expect(text).not.toContain('Was boos');
  expect(json((await post(slashCommand(BRAM, 'overzicht'))).body)).toContain('Het overzicht is er voor de leidinggevende');
  await post(dmMessage(EVA, 'overzicht'));
  await slackApi.waitFor(() => slackApi.of('chat.postMessage').some((c) => String(c.args.text).startsWith('Overzicht KCC Noord')));
});
