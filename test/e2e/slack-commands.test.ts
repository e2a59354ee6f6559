/**
 * The Teams chat commands in Slack — `/melden <command>` and the same words in a DM — and the agenda's buttons and
 * modals: signed requests to the real server, a local Slack Web API, the fake clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeClock } from '../helpers/clock';
import { troubledStore } from '../helpers/troubled-store';
import type { RunningBot } from '../helpers/app';
import { SlackFixture } from '../helpers/fixture';
import { type LocalSlackApi, dmChannel, type SlackCall } from '../helpers/slack-api';
import { ANNA, BRAM, FLEUR, STRANGER, blockAction, dmMessage, interaction, slackEnv, slackPost, slashCommand, viewSubmission, type SlackRequest } from '../helpers/slack';
import { sampleIncident } from '../helpers/card-samples';
import { SqliteStore } from '../../src/store/sqlite';

const NOW = '2026-11-20T09:45:00.000Z'; // Friday 10:45 in Amsterdam
const AGENDA_POST = '2026-11-24T08:00:00.000Z'; // Tuesday 24 November 09:00, the meeting at 10:00
const SLACK_CHANNEL = 'C0KCCNOORD';
const EVA = 'U0EVA';

let slackApi: LocalSlackApi;
let clock: FakeClock;
let bot: RunningBot;

const fixture = new SlackFixture({ now: NOW });
beforeEach(async () => ({ slackApi, clock, bot } = await fixture.start()));
afterEach(() => fixture.stop());

const post = (request: SlackRequest) => slackPost(bot.url, request, { clock });
const json = (value: unknown) => JSON.stringify(value);
/** Every literal text of a message's blocks, in order. */
const textsOf = (blocks: any[]): string[] =>
  blocks.flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e: any) => e.text?.text ?? e.text), ...(b.fields ?? []).map((f: any) => f.text)]).filter((x) => typeof x === 'string');

/** `/melden <text>`: the ephemeral answer in the acknowledgement. */
async function slash(userId: string, text: string) {
  const res = await post(slashCommand(userId, text));
  expect(res.status).toBe(200);
  expect(res.body.response_type).toBe('ephemeral');
  return { text: res.body.text as string, blocks: res.body.blocks as any[], all: textsOf(res.body.blocks).join('\n') };
}

/** A DM to the bot: its reply in the same DM. */
async function dm(userId: string, text: string): Promise<SlackCall> {
  const before = slackApi.dmsTo(userId).length;
  const res = await post(dmMessage(userId, text));
  expect(res.status).toBe(200);
  await slackApi.waitFor(() => slackApi.dmsTo(userId).length === before + 1);
  return slackApi.dmsTo(userId)[before];
}

const doneButtons = (blocks: any[]) => blocks.filter((b) => b.accessory?.action_id === 'review.action.done').map((b) => ({ text: b.text.text, label: b.accessory.text.text, id: b.accessory.value }));

async function at(instant: string) {
  clock.set(instant);
  await bot.melden.scheduler.runDue();
  await bot.melden.scheduler.runDue();
}

const channelPosts = () => slackApi.of('chat.postMessage').filter((c) => c.args.channel === SLACK_CHANNEL && c.status === 200);

test('help and who is on duty: /melden help lists the commands; "dienst", "wie heeft dienst" as slash command and DM', async () => {
  const help = await slash(FLEUR, 'help');
  expect(help.all).toContain('/melden dienst');
  expect(help.all).toContain('*/melden actie* [wat] (optioneel voor: [naam] en uiterlijk: [datum])');
  expect(help.all).toContain('*/melden overzicht*');
  expect(help.all).not.toContain('&lt;');
  expect(help.all).toContain('*/melden klaar* [nummer]');
  expect(help.blocks.find((b) => b.type === 'actions').elements.map((e: any) => e.action_id)).toEqual(['help.request', 'report.open']);

  const duty = 'Eerste opvang nu: Anna de Vries, Bram Jansen. Daarna: Eva Smit.';
  expect((await slash(FLEUR, 'dienst')).text).toBe(duty);
  expect((await slash(FLEUR, 'wie heeft dienst?')).text).toBe(duty);
  expect((await dm(FLEUR, 'Wie heeft dienst')).args.text).toBe(duty);
  // Plain /melden still opens the report form; nothing else did.
  expect(slackApi.of('views.open')).toHaveLength(0);
  const res = await post(slashCommand(FLEUR, ''));
  expect(res.text).toBe('');
  await slackApi.waitFor(() => slackApi.of('views.open').length === 1);
  expect(slackApi.of('views.open')[0].args.view.callback_id).toBe('report.submit');
});

test('actie → visible with acties → klaar completes it; errors in the Teams wording; only allowed people complete', async () => {
  const added = await slash(ANNA, 'actie Scherm bij de balie verhogen voor: bram uiterlijk: 30-11-2026');
  expect(added.text).toBe('Verbeteracties van KCC Noord');
  expect(added.all).toContain('Verbeteractie A-1 is vastgelegd. Ze staat op elke agenda tot ze is afgerond.');
  const [stored] = await bot.melden.store.actions.find({ teamId: 'kcc-noord', kind: 'action', state: 'open' });
  expect(stored).toMatchObject({ number: 'A-1', text: 'Scherm bij de balie verhogen', ownerId: 'bram', dueDate: '2026-11-30', createdBy: 'anna' });

  const list = await slash(FLEUR, 'acties');
  expect(list.all).not.toContain('is vastgelegd');
  expect(doneButtons(list.blocks)).toEqual([{ text: 'A-1  Scherm bij de balie verhogen', label: 'Afgerond', id: stored.id }]);
  expect(list.all).toContain('Bram Jansen');

  // The same texts as Teams, without Teams' bold markers.
  expect((await slash(ANNA, 'actie')).text).toBe('Schrijf erachter wat er moet gebeuren, bijvoorbeeld: actie terugbelverzoeken wekelijks nalopen voor: bram uiterlijk: 31-12-2026.');
  expect((await slash(ANNA, 'actie iets voor: zorro')).text).toBe('Ik ken niemand in het team met die naam. Gebruik een voornaam of id uit de teamconfiguratie.');
  expect((await slash(ANNA, 'actie iets uiterlijk: 1-1-2026')).text).toBe('Die datum ligt in het verleden.');
  expect((await slash(ANNA, 'klaar 9')).text).toBe('Ik vind geen verbeteractie 9 in je team. Typ acties voor de lijst.');
  expect((await slash(FLEUR, 'klaar 1')).text).toBe('Alleen wie de actie oppakt, wie haar aanmaakte, de leidinggevende of de coördinator kan haar afronden.');

  const done = await slash(BRAM, 'klaar 1');
  expect(done.all).toContain('Verbeteractie A-1 is afgerond.');
  expect(doneButtons(done.blocks)).toEqual([]);
  expect(done.all).toContain('Er staan geen verbeteracties open.');
  expect((await slash(EVA, 'klaar A-1')).all).toContain('Verbeteractie A-1 was al afgerond.');
  expect((await bot.melden.store.actions.get(stored.id))!.doneBy).toBe('bram');
  expect(await bot.melden.store.actions.find({ teamId: 'kcc-noord', kind: 'action' })).toHaveLength(1);
});

test('in a DM: actie with a mention as owner and Slack escapes decoded; "Afgerond" updates the list in place, once', async () => {
  const reply = await dm(ANNA, 'actie Balie &amp; wachtruimte &lt;nalopen&gt; <@U0BRAM>');
  expect(textsOf(reply.args.blocks)).toContain('Verbeteractie A-1 is vastgelegd. Ze staat op elke agenda tot ze is afgerond.');
  const [action] = await bot.melden.store.actions.find({ teamId: 'kcc-noord', kind: 'action' });
  expect(action).toMatchObject({ text: 'Balie & wachtruimte <nalopen>', ownerId: 'bram' });
  // User text goes out as plain_text: Slack shows it literally.
  expect(reply.args.blocks.find((b: any) => b.accessory)?.text).toEqual({ type: 'plain_text', text: 'A-1  Balie & wachtruimte <nalopen>', emoji: true });

  const list = await dm(FLEUR, 'Acties');
  const [button] = doneButtons(list.args.blocks);
  expect(button.id).toBe(action.id);
  const where = { channel: dmChannel(FLEUR), ts: list.response.ts as string };
  // Fleur may not: an ephemeral note, the list stays.
  await post(blockAction(FLEUR, { action_id: 'review.action.done', value: action.id }, where));
  await slackApi.waitFor(() => slackApi.of('chat.postEphemeral').length === 1);
  expect(slackApi.of('chat.postEphemeral')[0].args).toMatchObject({ user: FLEUR, text: 'Alleen wie de actie oppakt, wie haar aanmaakte, de leidinggevende of de coördinator kan haar afronden.' });
  expect(slackApi.updates()).toHaveLength(0);

  // Eva (lead) clicks; the click arrives three times.
  await Promise.all([1, 2, 3].map(() => post(blockAction(EVA, { action_id: 'review.action.done', value: action.id }, where, '1790000200.000001'))));
  await slackApi.waitFor(() => slackApi.updates().length >= 1);
  await new Promise((r) => setTimeout(r, 300));
  expect(slackApi.updates()).toHaveLength(1);
  const update = slackApi.updates()[0].args;
  expect(update).toMatchObject({ channel: where.channel, ts: where.ts });
  expect(textsOf(update.blocks)).toContain('Verbeteractie A-1 is afgerond.');
  expect(doneButtons(update.blocks)).toEqual([]);
  expect((await bot.melden.store.actions.get(action.id))!.doneBy).toBe('eva');
});

test('"Afgerond" on the ephemeral list of /melden acties replaces it through the response_url', async () => {
  await slash(ANNA, 'actie Terugbelverzoeken nalopen');
  const list = await slash(ANNA, 'acties');
  const [button] = doneButtons(list.blocks);
  const responseUrl = `${slackApi.url}response/T0KCC/1`;
  await post(
    interaction({
      type: 'block_actions',
      team: { id: 'T0KCC', domain: 'kcc' },
      user: { id: ANNA, username: 'anna', name: 'anna', team_id: 'T0KCC' },
      api_app_id: 'A0MELDEN',
      token: 'x',
      container: { type: 'message', message_ts: '1790000300.000001', channel_id: 'C0ELSEWHERE', is_ephemeral: true },
      trigger_id: 'trigger-ephemeral',
      channel: { id: 'C0ELSEWHERE', name: 'algemeen' },
      response_url: responseUrl,
      actions: [{ type: 'button', block_id: 'x', action_id: 'review.action.done', value: button.id, text: { type: 'plain_text', text: 'Afgerond' }, action_ts: '1790000300.000002' }],
    }),
  );
  await slackApi.waitFor(() => slackApi.of('response/T0KCC/1').length === 1);
  const replaced = slackApi.of('response/T0KCC/1')[0].args;
  expect(replaced).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
  expect(textsOf(replaced.blocks)).toContain('Verbeteractie A-1 is afgerond.');
  expect(slackApi.of('chat.update')).toHaveLength(0);
});

test('afwijking goes on the next agenda; the agenda has the add buttons', async () => {
  const added = await slash(ANNA, 'afwijking Gesprek beëindigd zonder het gedrag eerst te benoemen');
  expect(added.all).toContain('Afwijking D-1 staat op de agenda van het volgende overleg. Goed dat je het inbrengt.');
  expect((await slash(ANNA, 'afwijking')).text).toBe('Schrijf erachter waarin je bent afgeweken, bijvoorbeeld: afwijking gesprek beëindigd zonder eerst het gedrag te benoemen.');
  expect((await dm(FLEUR, 'acties')).args.blocks.map((b: any) => b.text?.text)).toContain('D-1  Gesprek beëindigd zonder het gedrag eerst te benoemen');

  await at('2026-11-24T07:59:00.000Z');
  expect(channelPosts()).toHaveLength(0);
  await at(AGENDA_POST);
  await slackApi.waitFor(() => channelPosts().length === 1);
  const agenda = channelPosts()[0].args;
  expect(agenda.text).toContain('Agenda teamoverleg');
  const texts = textsOf(agenda.blocks);
  expect(texts).toContain('D-1  Gesprek beëindigd zonder het gedrag eerst te benoemen');
  expect(texts).toContain('Ingebracht door Anna de Vries');
  const buttons = agenda.blocks.at(-1);
  expect(buttons.type).toBe('actions');
  expect(buttons.elements.map((e: any) => [e.action_id, e.text.text, e.value])).toEqual([
    ['review.action.add', 'Verbeteractie toevoegen', 'kcc-noord'],
    ['review.deviation.add', 'Afwijking inbrengen', 'kcc-noord'],
  ]);
});

test('a button on the agenda opens a modal; its submission records the action (once), errors stay beside the inputs', async () => {
  await at(AGENDA_POST);
  await slackApi.waitFor(() => channelPosts().length === 1);
  const agenda = channelPosts()[0];
  const where = { channel: SLACK_CHANNEL, ts: agenda.response.ts as string };

  await post(blockAction(ANNA, { action_id: 'review.action.add', value: 'kcc-noord' }, where));
  await slackApi.waitFor(() => slackApi.of('views.open').length === 1);
  const view = slackApi.of('views.open')[0].response.view;
  expect(view).toMatchObject({ callback_id: 'review.action.add', title: { text: 'Verbeteractie toevoegen' }, submit: { text: 'Opslaan' } });
  const inputs = view.blocks.filter((b: any) => b.type === 'input');
  expect(inputs.map((b: any) => [b.block_id, b.element.type, b.label.text])).toEqual([
    ['actionText', 'plain_text_input', 'Wat gaan we doen?'],
    ['actionOwner', 'static_select', 'Wie pakt het op? (leeg: jij)'],
    ['actionDue', 'datepicker', 'Uiterlijk (leeg: over 4 weken)'],
  ]);
  expect(inputs[1].element.options.map((o: any) => o.value)).toEqual(['anna', 'bram', 'eva', 'carla', 'dirk', 'fleur']);

  const past = await post(viewSubmission(ANNA, view, { actionText: 'Scherm verhogen', actionOwner: 'bram', actionDue: '2026-11-01' }));
  expect(past.body).toEqual({ response_action: 'errors', errors: { actionDue: 'Die datum ligt in het verleden.' } });
  expect(await bot.melden.store.actions.find({ teamId: 'kcc-noord' })).toHaveLength(0);

  const values = { actionText: 'Scherm verhogen', actionOwner: 'bram', actionDue: '2026-12-31' };
  const ok = await post(viewSubmission(ANNA, view, values));
  expect(ok.body.response_action).toBe('update');
  expect(json(ok.body.view)).toContain('Verbeteractie A-1 is vastgelegd');
  // The same submission delivered again: the same action.
  const again = await post(viewSubmission(ANNA, view, values));
  expect(json(again.body.view)).toContain('Verbeteractie A-1 is vastgelegd');
  expect(await bot.melden.store.actions.find({ teamId: 'kcc-noord' })).toMatchObject([
    { number: 'A-1', text: 'Scherm verhogen', ownerId: 'bram', dueDate: '2026-12-31', createdBy: 'anna' },
  ]);

  // "Afwijking inbrengen": its own modal; empty owner and date are not asked.
  await post(blockAction(FLEUR, { action_id: 'review.deviation.add', value: 'kcc-noord' }, where));
  await slackApi.waitFor(() => slackApi.of('views.open').length === 2);
  const deviationView = slackApi.of('views.open')[1].response.view;
  expect(deviationView.callback_id).toBe('review.deviation.add');
  expect(deviationView.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.block_id)).toEqual(['deviationText']);
  const blank = await post(viewSubmission(FLEUR, deviationView, { deviationText: '   ' }));
  expect(blank.body.errors.deviationText).toContain('Schrijf erachter waarin je bent afgeweken');
  const raised = await post(viewSubmission(FLEUR, deviationView, { deviationText: 'Niet gemeld na een scheldpartij' }));
  expect(json(raised.body.view)).toContain('Afwijking D-1 staat op de agenda');
  expect(await bot.melden.store.actions.find({ teamId: 'kcc-noord', kind: 'deviation' })).toMatchObject([{ number: 'D-1', createdBy: 'fleur' }]);

  // The same click delivered twice opens one modal.
  const click = blockAction(BRAM, { action_id: 'review.action.add', value: 'kcc-noord' }, where, '1790000400.000001');
  await Promise.all([post(click), post(click)]);
  await slackApi.waitFor(() => slackApi.of('views.open').length === 3);
  await new Promise((r) => setTimeout(r, 300));
  expect(slackApi.of('views.open')).toHaveLength(3);
});

test('getuige: the reporter adds a witness; anyone else is refused; usage without a name', async () => {
  await bot.melden.store.incidents.create({ ...sampleIncident, platform: 'slack' });
  expect((await slash(ANNA, 'getuige 2026-0042 carla')).text).toBe('Alleen de melder of de leidinggevende kan getuigen toevoegen.');
  expect((await slash(FLEUR, 'getuige 2026-0042 bram')).text).toBe('Bram Jansen is toegevoegd als getuige bij melding 2026-0042 en krijgt ook nazorg.');
  // A mention works as the name; the second time Bram is already there.
  expect((await dm(FLEUR, 'getuige 2026-0042 <@U0BRAM>')).args.text).toBe('Bram Jansen stond al als getuige bij melding 2026-0042.');
  expect((await slash(FLEUR, 'getuige 2026-9999 bram')).text).toBe('Ik kan melding 2026-9999 of collega Bram Jansen niet vinden in jouw team.');
  expect((await slash(FLEUR, 'getuige 2026-0042 zorro')).text).toBe('Ik kan melding 2026-0042 of collega zorro niet vinden in jouw team.');
  // Literal in the block (plain_text); the notification text is escaped mrkdwn.
  const usage = await slash(FLEUR, 'getuige');
  expect(usage.blocks[0].text).toEqual({ type: 'plain_text', text: 'Zo voeg je een getuige toe: getuige [meldingnummer] [naam], bijvoorbeeld: getuige 2026-0042 Bram.', emoji: true });
  expect(usage.text).toContain('getuige [meldingnummer] [naam]');
  const stored = await bot.melden.store.incidents.get(sampleIncident.id);
  expect(stored!.aftercare!.witnesses.map((w) => w.personId)).toEqual(['bram']);
});

test('an unknown Slack user gets the Slack message for every command, button and modal', async () => {
  for (const text of ['acties', 'actie iets', 'klaar 1', 'getuige 2026-0042 bram']) {
    const answer = await slash(STRANGER, text);
    expect(answer.text).toContain('Ik ken je nog niet als medewerker van een team');
    expect(answer.text).toContain(STRANGER);
  }
  expect((await dm(STRANGER, 'afwijking iets')).args.text).toContain('(jouw Slack-id: U0NOBODY)');

  await post(blockAction(STRANGER, { action_id: 'review.action.add', value: 'kcc-noord' }, { channel: SLACK_CHANNEL, ts: '1790000000.000050' }));
  await slackApi.waitFor(() => slackApi.of('chat.postEphemeral').length === 1);
  expect(slackApi.of('chat.postEphemeral')[0].args).toMatchObject({ channel: SLACK_CHANNEL, user: STRANGER });
  expect(slackApi.of('chat.postEphemeral')[0].args.text).toContain('Ik ken je nog niet');

  const modal = { type: 'modal', callback_id: 'review.action.add', private_metadata: JSON.stringify({ teamId: 'kcc-noord' }), blocks: [{ type: 'input', block_id: 'actionText', element: { type: 'plain_text_input', action_id: 'actionText' } }] };
  const submitted = await post(viewSubmission(STRANGER, modal, { actionText: 'iets' }));
  expect(json(submitted.body.view)).toContain('Ik ken je nog niet');
  expect(slackApi.of('views.open')).toHaveLength(0);
  expect(await bot.melden.store.actions.find({ teamId: 'kcc-noord' })).toHaveLength(0);
});

describe('slow or failing store work', () => {
  let dir: string;
  let real: SqliteStore | undefined;
  async function restart(trouble: { delayMs?: number; fail?: boolean }) {
    await bot.stop();
    const troubled = troubledStore(dir, 'actions', trouble);
    real = troubled.real;
    bot = await fixture.startBot({ clock, env: slackEnv(slackApi.url), scheduler: { pollMs: 3_600_000 }, store: troubled.store, slack: { submitBudgetMs: 150 } });
  }
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'melden-slack-commands-'));
  });
  afterEach(async () => {
    await bot.stop();
    await real?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('slower than the budget: the command is acknowledged in time and answered through its response_url', async () => {
    await restart({ delayMs: 600 });
    const command = new URLSearchParams(slashCommand(ANNA, 'actie Scherm verhogen').body);
    command.set('response_url', `${slackApi.url}response/T0KCC/2`);
    const res = await post({ body: command.toString(), contentType: 'application/x-www-form-urlencoded' });
    expect(res.ms).toBeLessThan(600);
    expect(res.text).toBe('');
    await slackApi.waitFor(() => slackApi.of('response/T0KCC/2').length === 1);
    const answer = slackApi.of('response/T0KCC/2')[0].args;
    expect(answer.response_type).toBe('ephemeral');
    expect(textsOf(answer.blocks)).toContain('Verbeteractie A-1 is vastgelegd. Ze staat op elke agenda tot ze is afgerond.');
  });

  test('a modal slower than the budget closes in time; what it would have said comes as a DM', async () => {
    await restart({ delayMs: 600 });
    await post(blockAction(ANNA, { action_id: 'review.action.add', value: 'kcc-noord' }, { channel: SLACK_CHANNEL, ts: '1790000000.000060' }));
    await slackApi.waitFor(() => slackApi.of('views.open').length === 1);
    const view = slackApi.of('views.open')[0].response.view;
    const res = await post(viewSubmission(ANNA, view, { actionText: 'Scherm verhogen' }));
    expect(res.ms).toBeLessThan(600);
    expect(res.text).toBe('');
    await slackApi.waitFor(() => slackApi.dmsTo(ANNA).length === 1);
    expect(slackApi.dmsTo(ANNA)[0].args.text).toBe('Verbeteractie A-1 is vastgelegd. Ze staat op elke agenda tot ze is afgerond.');
  });

  test('a failing store: the command says so, the modal keeps what was typed with the error beside it', async () => {
    await restart({ fail: true });
    expect((await slash(ANNA, 'actie Scherm verhogen')).text).toBe('Dat lukte nu niet. Probeer het over een minuut opnieuw.');
    await post(blockAction(ANNA, { action_id: 'review.deviation.add', value: 'kcc-noord' }, { channel: SLACK_CHANNEL, ts: '1790000000.000061' }));
    await slackApi.waitFor(() => slackApi.of('views.open').length === 1);
    const res = await post(viewSubmission(ANNA, slackApi.of('views.open')[0].response.view, { deviationText: 'Niet gemeld' }));
    expect(res.body).toEqual({ response_action: 'errors', errors: { deviationText: 'Dat lukte nu niet. Probeer het over een minuut opnieuw.' } });
  });
});

test('getuige typed in a channel: the confirmation reaches only the sender (ephemeral), nothing is posted in the channel', async () => {
  await bot.melden.store.incidents.create({ ...sampleIncident, platform: 'slack' });
  const request = slashCommand(FLEUR, 'getuige 2026-0042 bram');
  request.body = request.body.replace(/channel_id=[^&]*/, 'channel_id=C0KCCNOORD').replace(/channel_name=[^&]*/, 'channel_name=kcc-noord');
  const res = await post(request);
  expect(res.body.response_type).toBe('ephemeral');
  expect(res.body.text).toBe('Bram Jansen is toegevoegd als getuige bij melding 2026-0042 en krijgt ook nazorg.');
  expect(slackApi.of('chat.postMessage').filter((c) => c.args.channel === 'C0KCCNOORD')).toHaveLength(0);
});
