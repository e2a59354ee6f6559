/** Acute help (`hulp`) end to end in Slack: /melden hulp, the DM and the global shortcut; Ik ga, Waar ben je?, Ik ben veilig. */
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { SlackFixture } from '../helpers/fixture';
import { type LocalSlackApi, dmChannel, type SlackCall } from '../helpers/slack-api';
import { ANNA, BRAM, FLEUR, blockAction, dmMessage, interaction, slackPost, slashCommand, viewSubmission, type SlackRequest } from '../helpers/slack';

const NOW = '2026-11-20T09:45:00.000Z'; // Friday 10:45 in Amsterdam
const EVA = 'U0EVA';
const MINUTE = 60_000;

let slackApi: LocalSlackApi;
let clock: FakeClock;
let bot: RunningBot;

const fixture = new SlackFixture({ now: NOW });
beforeEach(async () => ({ slackApi, clock, bot } = await fixture.start()));
afterEach(() => fixture.stop());

const post = (request: SlackRequest) => slackPost(bot.url, request, { clock });
const texts = (value: unknown) => JSON.stringify(value);
const isPage = (c: SlackCall) => texts(c.args.blocks).includes('Eerste opvang gevraagd');
const pagesTo = (user: string) => slackApi.dmsTo(user).filter(isPage);
const helpMessages = () => slackApi.dmsTo(FLEUR).filter((c) => texts(c.args.blocks).includes('help.safe') || texts(c.args.blocks).includes('Je collega’s zijn opgeroepen'));
const where = (call: SlackCall) => ({ channel: call.args.channel as string, ts: call.response.ts as string });

async function hulp(request: SlackRequest = slashCommand(FLEUR, 'hulp')) {
  const tapped = Date.now();
  const res = await post(request);
  expect(res.status).toBe(200);
  await slackApi.waitFor(() => helpMessages().length === 1);
  const [incident] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  return { incident, tapped, message: helpMessages()[0] };
}

test('/melden hulp: both first responders paged within 1 s, before the reporter\'s message; one acks, the other message updates; the reporter hears who comes', async () => {
  const { incident, tapped, message } = await hulp();
  expect(pagesTo(ANNA)).toHaveLength(1);
  expect(pagesTo(BRAM)).toHaveLength(1);
  for (const page of [...pagesTo(ANNA), ...pagesTo(BRAM)]) expect(page.at - tapped).toBeLessThan(1000);
  expect(Math.max(pagesTo(ANNA)[0].at, pagesTo(BRAM)[0].at)).toBeLessThanOrEqual(message.at);
  expect(texts(message.args.blocks)).toContain('Opgeroepen: Anna de Vries, Bram Jansen');
  expect(texts(message.args.blocks)).toContain('Bij direct gevaar: bel 112.');
  expect(texts(pagesTo(ANNA)[0].args.blocks)).toContain(`<@${FLEUR}>`);
  await slackApi.waitFor(() => slackApi.dmsTo(EVA).some((c) => String(c.args.text).includes('vraagt nu om hulp')));

  await post(blockAction(ANNA, { action_id: 'page.ack', value: incident.id }, where(pagesTo(ANNA)[0])));
  await slackApi.waitFor(() => slackApi.updates().some((u) => u.args.channel === dmChannel(BRAM) && texts(u.args.blocks).includes('Anna de Vries heeft dit opgepakt')));
  await slackApi.waitFor(() => slackApi.dmsTo(FLEUR).some((c) => String(c.args.text).includes('Anna de Vries komt naar je toe')));
  clock.advance(10 * MINUTE);
  await bot.melden.scheduler.runDue();
  expect(slackApi.dmsTo(EVA).filter(isPage)).toHaveLength(0);
});

test('Waar ben je? (a place from the list) updates the pages; Ik ben veilig stands everyone down, no escalation afterwards', async () => {
  const { incident, message } = await hulp();
  const choice = interaction({
    type: 'block_actions',
    team: { id: 'T0KCC', domain: 'kcc' },
    user: { id: FLEUR, username: 'fleur', name: 'fleur', team_id: 'T0KCC' },
    api_app_id: 'A0MELDEN',
    token: 'x',
    container: { type: 'message', message_ts: message.response.ts, channel_id: message.args.channel, is_ephemeral: false },
    trigger_id: 'trigger-place',
    channel: { id: message.args.channel, name: 'directmessage' },
    message: { type: 'message', ts: message.response.ts, text: 'help' },
    actions: [{ type: 'static_select', block_id: `help-place-choice:${incident.id}`, action_id: 'help.place.choice', selected_option: { value: 'Balie 3', text: { type: 'plain_text', text: 'Balie 3' } }, action_ts: '1790000001.1' }],
  });
  await post(choice);
  await slackApi.waitFor(() => slackApi.updates().filter((u) => [dmChannel(ANNA), dmChannel(BRAM)].includes(u.args.channel) && texts(u.args.blocks).includes('Balie 3')).length === 2);
  await slackApi.waitFor(() => slackApi.updates().some((u) => u.args.channel === dmChannel(FLEUR) && texts(u.args.blocks).includes('Doorgegeven aan je collega’s: Balie 3.')));

  await post(blockAction(FLEUR, { action_id: 'help.safe', value: incident.id }, where(message)));
  await slackApi.waitFor(() => slackApi.updates().filter((u) => texts(u.args.blocks).includes('Fleur Mulder is veilig')).length === 2);
  clock.advance(10 * MINUTE);
  await bot.melden.scheduler.runDue();
  expect(slackApi.dmsTo(EVA).filter(isPage)).toHaveLength(0);
  expect((await bot.melden.store.incidents.get(incident.id))!.paging!.status).toBe('stood-down');
  // Someone else cannot stand it down.
  await post(blockAction(ANNA, { action_id: 'help.safe', value: incident.id }, where(pagesTo(ANNA)[0])));
  await slackApi.waitFor(() => slackApi.of('chat.postEphemeral').some((c) => String(c.args.text).includes('Dit is niet jouw hulpvraag')));
});

test('hulp in the DM and the global shortcut page too; Melding aanvullen opens the pre-filled modal that completes the same incident', async () => {
  const { incident, message } = await hulp(dmMessage(FLEUR, 'hulp'));
  expect(pagesTo(ANNA)).toHaveLength(1);
  await post(blockAction(FLEUR, { action_id: 'help.report', value: incident.id }, where(message)));
  await slackApi.waitFor(() => slackApi.of('views.open').length === 1);
  const view = slackApi.of('views.open')[0].args.view;
  expect(texts(view)).toContain('Je vroeg om 10:45 om hulp');
  const res = await post(viewSubmission(FLEUR, view, { date: '2026-11-20', time: '10:45', channel: 'desk', category: 'threat', description: 'Dreigde.', firstResponse: true }));
  expect(res.body.response_action).toBe('update');
  const all = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  expect(all).toHaveLength(1);
  expect(all[0]).toMatchObject({ id: incident.id, category: 'threat', help: { reportPending: false } });
  expect(pagesTo(ANNA)).toHaveLength(1);
});

test('the global shortcut "Ik heb nu hulp nodig" pages everyone on duty', async () => {
  const shortcut = interaction({ type: 'shortcut', callback_id: 'melden_hulp', trigger_id: 'trigger-shortcut-1', team: { id: 'T0KCC', domain: 'kcc' }, user: { id: FLEUR, username: 'fleur', team_id: 'T0KCC' }, token: 'x', action_ts: '1790000000.1' });
  await hulp(shortcut);
  expect(pagesTo(ANNA)).toHaveLength(1);
  expect(pagesTo(BRAM)).toHaveLength(1);
});

test('a threat report: the 112 line is in the confirmation, the first answer', async () => {
  await post(slashCommand(FLEUR));
  await slackApi.waitFor(() => slackApi.of('views.open').length > 0);
  const view = slackApi.of('views.open').at(-1)!.args.view;
  await post(viewSubmission(FLEUR, view, { date: '2026-11-20', time: '10:44', channel: 'desk', category: 'threat', description: 'Dreigde.', firstResponse: false }));
  await slackApi.waitFor(() => slackApi.dmsTo(FLEUR).some((c) => String(c.args.text).startsWith('Melding ')));
  const confirmation = slackApi.dmsTo(FLEUR).find((c) => String(c.args.text).startsWith('Melding '))!;
  expect(texts(confirmation.args.blocks)).toContain('Bij direct gevaar: bel 112.');
});
