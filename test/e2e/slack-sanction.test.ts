/**
 * The sanction decision in Slack, end to end: a threat reported over the Slack modal reaches the coordinator (Dirk)
 * as a DM with "Besluit vastleggen"; the decision modal refuses a restricting measure without an end date inline;
 * a valid decision updates the DM (chat.update) and the reporter hears the outcome — real server, local Slack API.
 */
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { SlackFixture } from '../helpers/fixture';
import { type LocalSlackApi, dmChannel, type SlackCall } from '../helpers/slack-api';
import { ANNA, FLEUR, blockAction, slackPost, slashCommand, viewSubmission, type SlackRequest } from '../helpers/slack';

const DIRK = 'U0DIRK';
const TITLE = 'Besluit over een regiemaatregel gevraagd';

let slackApi: LocalSlackApi;
let clock: FakeClock;
let bot: RunningBot;

const fixture = new SlackFixture({ now: '2026-11-20T09:45:00.000Z' });
beforeEach(async () => ({ slackApi, clock, bot } = await fixture.start()));
afterEach(() => fixture.stop());

const post = (request: SlackRequest) => slackPost(bot.url, request, { clock });
const json = (value: unknown) => JSON.stringify(value);
const location = (call: SlackCall) => ({ channel: call.args.channel as string, ts: call.response.ts as string });
const actionsOf = (call: SlackCall) => (call.args.blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements);
const requests = () => slackApi.dmsTo(DIRK).filter((c) => c.args.text === TITLE);
const outcomes = () => slackApi.dmsTo(FLEUR).filter((c) => String(c.args.text).startsWith('Over je melding'));
const updatesOf = (call: SlackCall) => slackApi.updates().filter((u) => u.args.channel === call.args.channel && u.args.ts === call.response.ts);

async function report(category: string, extra: Record<string, string | boolean> = {}) {
  await post(slashCommand(FLEUR));
  await slackApi.waitFor(() => slackApi.of('views.open').length > 0);
  const res = await post(
    viewSubmission(FLEUR, slackApi.of('views.open')[0].args.view, {
      date: '2026-11-20',
      time: '10:30',
      channel: 'desk',
      category,
      description: 'Zei: ik kom je na je werk opwachten.',
      citizenRef: 'Z-4242',
      firstResponse: false,
      ...extra,
    }),
  );
  expect(res.body.response_action).toBe('update');
  const [incident] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord', category });
  return incident;
}

/** Clicks "Besluit vastleggen" as `userId`; returns the modal as Slack echoes it on submission (with its id). */
async function openDecision(userId: string, request: SlackCall) {
  const button = actionsOf(request).find((e: any) => e.action_id === 'sanction.decide');
  const before = slackApi.of('views.open').length;
  await post(blockAction(userId, { action_id: 'sanction.decide', value: button.value }, location(request)));
  return before;
}

async function decisionModal(request: SlackCall) {
  const before = await openDecision(DIRK, request);
  await slackApi.waitFor(() => slackApi.of('views.open').length === before + 1);
  const call = slackApi.of('views.open').at(-1)!;
  return { ...call.args.view, id: call.response.view.id };
}

test('a threat reaches Dirk; a contact ban without end date is refused inline; the decision updates the DM and Fleur hears the outcome', async () => {
  const incident = await report('threat');
  await slackApi.waitFor(() => requests().length === 1);
  const request = requests()[0];
  expect(json(request.args.blocks)).toContain('ik kom je na je werk opwachten');
  expect(json(request.args.blocks)).toContain('Z-4242');
  expect(actionsOf(request).map((e: any) => [e.action_id, e.text.text])).toEqual([['sanction.decide', 'Besluit vastleggen'], ['sanction.consult', 'Overleggen met leidinggevende']]);

  const modal = await decisionModal(request);
  expect(modal.callback_id).toBe('sanction.decide');
  expect(JSON.parse(modal.private_metadata)).toEqual({ incidentId: incident.id, channel: dmChannel(DIRK), ts: request.response.ts });
  const [measure, , until] = modal.blocks.filter((b: any) => b.type === 'input');
  expect(measure.element.options.map((o: any) => [o.value, o.text.text])).toEqual([
    ['none', 'Geen maatregel'],
    ['conversation', 'Aanspreekgesprek met de burger'],
    ['warning-letter', 'Waarschuwingsbrief'],
    ['written-contact-only', 'Alleen schriftelijk contact'],
    ['single-contact', 'Contact via één vaste medewerker'],
    ['contact-ban', 'Contactverbod'],
    ['police-report', 'Aangifte bij de politie'],
    ['damages', 'Schadeverhaal'],
  ]);
  expect(until).toMatchObject({ block_id: 'until', optional: true, element: { type: 'datepicker', initial_date: '2027-05-20' } });

  const noDate = await post(viewSubmission(DIRK, modal, { measure: 'contact-ban', until: '' }));
  expect(noDate.body).toEqual({ response_action: 'errors', errors: { until: 'Een beperkende maatregel heeft een einddatum nodig.' } });
  const noMeasure = await post(viewSubmission(DIRK, modal, {}));
  expect(noMeasure.body).toEqual({ response_action: 'errors', errors: { measure: 'Kies een maatregel.' } });
  expect((await bot.melden.store.incidents.get(incident.id))!.sanction?.decidedAt).toBeUndefined();
  expect(slackApi.updates()).toHaveLength(0);

  const decided = await post(viewSubmission(DIRK, modal, { measure: 'contact-ban', until: '2027-05-20' }));
  expect(decided.status).toBe(200);
  expect(decided.text).toBe(''); // the modal closes
  await slackApi.waitFor(() => updatesOf(request).length === 1 && outcomes().length === 1);
  const update = updatesOf(request)[0].args;
  expect(json(update.blocks)).toContain('Besloten door Dirk Visser: Contactverbod (tot 20 mei 2027).');
  expect(update.blocks.some((b: any) => b.type === 'actions')).toBe(false);
  expect(outcomes()[0].args.text).toBe(`Over je melding ${incident.number} is besloten: Contactverbod (tot 20 mei 2027).`);
  // The reporter sees the outcome only: not the coordinator's form or the facts around it.
  expect(json(outcomes()[0].args)).not.toContain('Z-4242');

  // The same submission again (a repeated delivery), and a different one: the decision stands, nothing is sent again.
  const again = await Promise.all([post(viewSubmission(DIRK, modal, { measure: 'contact-ban', until: '2027-05-20' })), post(viewSubmission(DIRK, modal, { measure: 'none' }))]);
  for (const a of again) expect(a.text).toBe('');
  await new Promise((r) => setTimeout(r, 300));
  expect(updatesOf(request)).toHaveLength(1);
  expect(outcomes()).toHaveLength(1);
  expect((await bot.melden.store.incidents.get(incident.id))!.sanction).toMatchObject({ measure: 'contact-ban', until: '2027-05-20', decidedBy: 'dirk' });

  // The button on a decided request opens no form: the message shows the decision.
  const opened = slackApi.of('views.open').length;
  await openDecision(DIRK, request);
  await slackApi.waitFor(() => updatesOf(request).length === 2);
  expect(slackApi.of('views.open')).toHaveLength(opened);
});

test('only the coordinator may decide: others get an ephemeral note, and a forged submission is refused', async () => {
  const incident = await report('threat');
  await slackApi.waitFor(() => requests().length === 1);
  const request = requests()[0];
  const before = await openDecision(ANNA, request);
  await slackApi.waitFor(() => slackApi.of('chat.postEphemeral').length === 1);
  expect(slackApi.of('chat.postEphemeral')[0].args).toMatchObject({ user: ANNA, text: 'Alleen de coördinator agressie en geweld kan dit besluit vastleggen.' });
  expect(slackApi.of('views.open')).toHaveLength(before);

  const modal = await decisionModal(request);
  const forged = await post(viewSubmission(ANNA, modal, { measure: 'none' }));
  expect(forged.body.response_action).toBe('update');
  expect(json(forged.body.view)).toContain('Alleen de coördinator agressie en geweld');
  expect((await bot.melden.store.incidents.get(incident.id))!.sanction?.decidedAt).toBeUndefined();
});

test('a non-restricting measure needs no end date; the date offered is not kept', async () => {
  const incident = await report('threat');
  await slackApi.waitFor(() => requests().length === 1);
  const modal = await decisionModal(requests()[0]);
  const res = await post(viewSubmission(DIRK, modal, { measure: 'warning-letter' })); // the datepicker keeps its initial date
  expect(res.text).toBe('');
  await slackApi.waitFor(() => outcomes().length === 1);
  expect(outcomes()[0].args.text).toBe(`Over je melding ${incident.number} is besloten: Waarschuwingsbrief.`);
  const sanction = (await bot.melden.store.incidents.get(incident.id))!.sanction!;
  expect(sanction.measure).toBe('warning-letter');
  expect(sanction.until).toBeUndefined();
});

test('an emotional report that needs no registration does not go to the coordinator', async () => {
  await report('emotion-self', { stoppedAfterLimit: true });
  await bot.melden.scheduler.runDue();
  await new Promise((r) => setTimeout(r, 200));
  expect(requests()).toHaveLength(0);
});
