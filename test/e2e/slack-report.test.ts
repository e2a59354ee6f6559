/** Slack /melden end to end: signed requests to the real server, a local Slack Web API, the fake clock. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeClock } from '../helpers/clock';
import { troubledStore } from '../helpers/troubled-store';
import type { RunningBot } from '../helpers/app';
import { SlackFixture, type BotOptions } from '../helpers/fixture';
import { type LocalSlackApi, dmChannel } from '../helpers/slack-api';
import { ANNA, FLEUR, STRANGER, blockAction, slackPost, slashCommand, viewSubmission, type SlackRequest } from '../helpers/slack';
import { FORM_FIELDS } from '../../src/services/report-form';
import { SqliteStore } from '../../src/store/sqlite';

const NOW = '2026-11-20T09:45:00.000Z'; // Friday 10:45 in Amsterdam
const THREAT = {
  date: '2026-11-20',
  time: '10:40',
  channel: 'desk',
  category: 'threat',
  description: 'Dreigde met geweld aan de balie.',
  citizenRef: 'Z-77',
  firstResponse: true,
};

let slackApi: LocalSlackApi;
let clock: FakeClock;
let bot: RunningBot;

// Each test starts the bot itself (some on a troubled store).
const fixture = new SlackFixture({ now: NOW, startBot: false });
async function start(opts: BotOptions = {}) {
  bot = await fixture.startWith(opts);
}

beforeEach(async () => ({ slackApi, clock } = await fixture.start()));
afterEach(() => fixture.stop());

const post = (request: SlackRequest) => slackPost(bot.url, request, { clock });
const texts = (value: unknown) => JSON.stringify(value);

async function openForm(userId = FLEUR): Promise<any> {
  const before = slackApi.of('views.open').length;
  const res = await post(slashCommand(userId));
  expect(res.status).toBe(200);
  await slackApi.waitFor(() => slackApi.of('views.open').length === before + 1);
  return slackApi.of('views.open')[before].args.view;
}

test('/melden → ack within 3 s, then views.open with the modal from the one form definition', async () => {
  await start();
  const res = await post(slashCommand(FLEUR, '', 'trigger-1'));
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
  expect(res.ms).toBeLessThan(3000);
  await slackApi.waitFor(() => slackApi.of('views.open').length === 1);
  const call = slackApi.of('views.open')[0];
  expect(call.authorization).toBe('Bearer xoxb-test');
  expect(call.args.trigger_id).toBe('trigger-1');
  const view = call.args.view;
  expect(view.callback_id).toBe('report.submit');
  expect(view.title.text).toBe('Melding maken');
  expect(JSON.parse(view.private_metadata).formId).toMatch(/^[0-9a-f-]{36}$/);
  const inputs = view.blocks.filter((b: any) => b.type === 'input');
  expect(inputs.map((b: any) => b.block_id)).toEqual(FORM_FIELDS.map((f) => f.id));
  // Pre-filled with "now" in the team's zone, from the fake clock.
  const input = (id: string) => inputs.find((b: any) => b.block_id === id);
  expect(input('date').element.initial_date).toBe('2026-11-20');
  expect(input('time').element.initial_time).toBe('10:45');
});

test('an unknown Slack user gets a clear Dutch message (with their id), no form, no crash', async () => {
  await start();
  const res = await post(slashCommand(STRANGER));
  expect(res.status).toBe(200);
  expect(res.body.response_type).toBe('ephemeral');
  expect(res.body.text).toContain('Ik ken je nog niet als medewerker van een team');
  expect(res.body.text).toContain(STRANGER);
  expect(slackApi.of('views.open')).toHaveLength(0);
});

test('/melden help and /melden dienst answer in the acknowledgement', async () => {
  await start();
  const help = await post(slashCommand(FLEUR, 'help'));
  expect(help.body.text).toContain('/melden dienst');
  const duty = await post(slashCommand(FLEUR, 'dienst'));
  expect(duty.body.text).toBe('Eerste opvang nu: Anna de Vries, Bram Jansen. Daarna: Eva Smit.');
  expect(slackApi.of('views.open')).toHaveLength(0);
});

test('a threat submitted → incident stored, the modal says received, first responder DM’d with buttons, reporter confirmed', async () => {
  await start();
  const view = await openForm();
  const res = await post(viewSubmission(FLEUR, view, THREAT));
  expect(res.status).toBe(200);
  expect(res.body.response_action).toBe('update');
  expect(texts(res.body.view)).toContain('Melding 2026-0001 is ontvangen');

  const [incident] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  expect(incident).toMatchObject({ platform: 'slack', reporterId: 'fleur', category: 'threat', channel: 'desk', citizenRef: 'Z-77', firstResponse: true });

  await slackApi.waitFor(() => slackApi.dmsTo(ANNA).length === 1 && slackApi.dmsTo(FLEUR).length === 1);
  expect(slackApi.of('conversations.open').map((c) => c.args.users)).toEqual(expect.arrayContaining([ANNA, FLEUR]));
  const page = slackApi.dmsTo(ANNA)[0].args;
  const buttons = page.blocks.find((b: any) => b.type === 'actions').elements;
  expect(buttons.map((b: any) => [b.action_id, b.text.text, b.value])).toEqual([
    ['page.ack', 'Ik ga', incident.id],
    ['page.decline', 'Kan niet', incident.id],
  ]);
  expect(texts(page)).toContain('Fleur Mulder');
  expect(texts(page)).toContain('Balie');
  expect(texts(page)).not.toContain('Dreigde met geweld'); // no description for the first responder (DESIGN §4)
  expect(texts(page)).not.toContain('Z-77');
  const confirmation = slackApi.dmsTo(FLEUR)[0].args;
  expect(confirmation.text).toBe('Melding 2026-0001 is ontvangen');
  expect(texts(confirmation.blocks)).toContain('GRENS STELLEN EN EINDE GESPREK');
  expect(texts(confirmation.blocks)).toContain('Bij elke bedreiging beëindigen we het gesprek');
});

test('an invalid submission → response_action: errors in Dutch, per field; nothing stored', async () => {
  await start();
  const view = await openForm();
  // Without the first-response toggle: with it, a colleague is paged first (slack-help.test.ts).
  const res = await post(viewSubmission(FLEUR, view, { ...THREAT, description: '', citizenRef: 'Jan Jansen', time: '11:30', firstResponse: false }));
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    response_action: 'errors',
    errors: {
      description: 'Dit veld is verplicht.',
      citizenRef: 'Gebruik een zaak- of klantnummer (met cijfers), geen naam.',
      date: 'Dit tijdstip ligt in de toekomst.',
    },
  });
  expect(await bot.melden.store.incidents.find({ teamId: 'kcc-noord' })).toHaveLength(0);
});

test('the same submission delivered 4 times → one incident, one page, one confirmation', async () => {
  await start();
  const view = await openForm();
  const submission = viewSubmission(FLEUR, view, THREAT);
  const answers = await Promise.all([post(submission), post(submission), post(submission), post(submission)]);
  for (const a of answers) expect(a.status).toBe(200);
  await slackApi.waitFor(() => slackApi.dmsTo(ANNA).length === 1 && slackApi.dmsTo(FLEUR).length === 1);
  await new Promise((r) => setTimeout(r, 300));
  expect(await bot.melden.store.incidents.find({ teamId: 'kcc-noord' })).toHaveLength(1);
  expect(slackApi.dmsTo(ANNA)).toHaveLength(1);
  expect(slackApi.dmsTo(FLEUR)).toHaveLength(1);
  // One incident number used, not four.
  expect((await bot.melden.store.nextSequence('incident:kcc-noord:2026'))).toBe(2);
});

describe('slow or failing store work', () => {
  let dir: string;
  let real: SqliteStore | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'melden-slack-'));
  });
  afterEach(async () => {
    await bot?.stop();
    await real?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('slower than the budget → ack "wordt verwerkt" in time, then the report is stored and confirmed', async () => {
    const troubled = troubledStore(dir, 'incidents', { delayMs: 700 });
    real = troubled.real;
    await start({ store: troubled.store, slack: { submitBudgetMs: 200 } });
    const view = await openForm();
    const res = await post(viewSubmission(FLEUR, view, THREAT));
    expect(res.ms).toBeLessThan(700);
    expect(res.body.response_action).toBe('update');
    expect(texts(res.body.view)).toContain('Je melding wordt verwerkt');
    await slackApi.waitFor(() => slackApi.dmsTo(FLEUR).length === 1);
    expect(slackApi.dmsTo(FLEUR)[0].args.text).toBe('Melding 2026-0001 is ontvangen');
    expect(await troubled.store.incidents.find({ teamId: 'kcc-noord' })).toHaveLength(1);
  });

  test('failing fast → the modal stays open with an inline error; the same form stores it once the store is back', async () => {
    const trouble = { fail: true };
    const troubled = troubledStore(dir, 'incidents', trouble);
    real = troubled.real;
    await start({ store: troubled.store });
    const view = await openForm();
    const res = await post(viewSubmission(FLEUR, view, THREAT));
    expect(res.body.response_action).toBe('errors');
    expect(res.body.errors.description).toContain('kon nu niet worden opgeslagen');
    trouble.fail = false;
    const again = await post(viewSubmission(FLEUR, view, THREAT));
    expect(again.body.response_action).toBe('update');
    expect(await troubled.store.incidents.find({ teamId: 'kcc-noord' })).toHaveLength(1);
  });

  test('failing after the ack → retried, then the reporter is told in a DM, with their text shown literally', async () => {
    const troubled = troubledStore(dir, 'incidents', { delayMs: 300, fail: true });
    real = troubled.real;
    await start({ store: troubled.store, slack: { submitBudgetMs: 100, retryDelaysMs: [10, 10] } });
    const view = await openForm();
    const description = '<!channel> hij zei <@U0EVA> & <https://evil.example|klik hier> *vet*';
    const res = await post(viewSubmission(FLEUR, view, { ...THREAT, description }));
    expect(texts(res.body.view)).toContain('Je melding wordt verwerkt');
    await slackApi.waitFor(() => slackApi.dmsTo(FLEUR).length === 1, 8000);
    const dm = slackApi.dmsTo(FLEUR)[0].args;
    expect(dm.text).toContain('Je melding kon niet worden opgeslagen');
    // The description only ever travels as plain_text (shown literally); no mrkdwn text holds a raw "<".
    const plainTexts = dm.blocks.filter((b: any) => b.text?.type === 'plain_text').map((b: any) => b.text.text);
    expect(plainTexts).toContain(description);
    const mrkdwn = JSON.stringify(dm.blocks.filter((b: any) => b.text?.type === 'mrkdwn')) + dm.text;
    expect(mrkdwn).not.toMatch(/<[!@h]/);
  }, 15_000);
});

test('the DM channel of a user is opened once and reused', async () => {
  await start();
  const view = await openForm();
  await post(viewSubmission(FLEUR, view, THREAT));
  await slackApi.waitFor(() => slackApi.dmsTo(ANNA).length === 1);
  expect(slackApi.of('conversations.open').filter((c) => c.args.users === ANNA)).toHaveLength(1);
  expect(slackApi.dmsTo(ANNA)[0].args.channel).toBe(dmChannel(ANNA));
});

test('<!channel>, mentions and links in a description reach Slack literally (plain_text), never as mrkdwn', async () => {
  await start();
  const view = await openForm();
  const description = '<!channel> hij noemde <@U0EVA> en stuurde <https://evil.example|deze link> & meer';
  await post(viewSubmission(FLEUR, view, { ...THREAT, description }));
  // The coordinator may read the description (DESIGN §4): the sanction request carries it.
  await slackApi.waitFor(() => slackApi.dmsTo('U0DIRK').length >= 1 && slackApi.dmsTo(ANNA).length === 1);
  const everything = slackApi.of('chat.postMessage').map((c) => c.args);
  const withDescription = everything.filter((m) => JSON.stringify(m).includes('deze link'));
  expect(withDescription.length).toBeGreaterThanOrEqual(1);
  for (const m of everything) {
    expect(String(m.text)).not.toMatch(/<[!@#h]/);
    const mrkdwn = JSON.stringify(m.blocks).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g) ?? [];
    for (const text of mrkdwn) expect(text).not.toMatch(/<[!@#h]/);
  }
  const plainTexts = withDescription.flatMap((m) => m.blocks.map((b: any) => b.text).filter((x: any) => x?.type === 'plain_text').map((x: any) => x.text));
  expect(plainTexts).toContain(description);
  expect(JSON.stringify(slackApi.dmsTo(ANNA))).not.toContain('deze link'); // never to the first responder
});

test('the "Melding maken" button under the help opens the form with its own trigger id', async () => {
  await start();
  const res = await post(blockAction(FLEUR, { action_id: 'report.open', value: 'open' }, { channel: dmChannel(FLEUR), ts: '1790000000.000009' }));
  expect(res.status).toBe(200);
  await slackApi.waitFor(() => slackApi.of('views.open').length === 1);
  expect(slackApi.of('views.open')[0].args.view.callback_id).toBe('report.submit');
});

test('an unknown Slack user pressing a page button gets an ephemeral note, nothing else happens', async () => {
  await start();
  await post(blockAction(STRANGER, { action_id: 'page.ack', value: 'inc-x' }, { channel: dmChannel(STRANGER), ts: '1790000000.000010' }));
  await slackApi.waitFor(() => slackApi.of('chat.postEphemeral').length === 1);
  expect(slackApi.of('chat.postEphemeral')[0].args.text).toContain('Ik ken je nog niet');
  expect(slackApi.of('chat.update')).toHaveLength(0);
});
