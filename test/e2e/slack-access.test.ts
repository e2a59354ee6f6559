/**
 * Who may act (docs/roles.md), end to end over Slack: people of KCC Zuid whose person ids match KCC Noord's press
 * KCC Noord's buttons (decide the sanction, acknowledge the page, answer the check-in, complete the lead's task)
 * and submit the check-in modal. Each gets a clear ephemeral refusal; nothing changes; nothing of the incident is
 * shown or sent to them; no modal opens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { SlackFixture } from '../helpers/fixture';
import { type LocalSlackApi, dmChannel } from '../helpers/slack-api';
import { ANNA, FLEUR, blockAction, slackPost, slashCommand, viewSubmission, type SlackRequest } from '../helpers/slack';
import { writeTwoTeamsConfig, ZUID } from '../helpers/two-teams';
import { CHECKIN_INPUTS, slackCheckinModal } from '../../src/cards/slack/aftercare';

const DESCRIPTION = 'Meneer Jan de Vries (Kerkstraat 5) zei: ik kom je na je werk opwachten.';

let slackApi: LocalSlackApi;
let clock: FakeClock;
let bot: RunningBot;
let dir: string;

const fixture = new SlackFixture({ now: '2026-11-20T09:45:00.000Z' });
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'melden-access-'));
  ({ slackApi, clock, bot } = await fixture.start({ env: { MELDEN_CONFIG: writeTwoTeamsConfig(dir) } }));
});
afterEach(async () => {
  await fixture.stop();
  rmSync(dir, { recursive: true, force: true });
});

const post = (request: SlackRequest) => slackPost(bot.url, request, { clock });

test('a person of another team with the same person id is refused on every button and modal; nothing changes, nothing is shown', async () => {
  await post(slashCommand(FLEUR));
  await slackApi.waitFor(() => slackApi.of('views.open').length > 0);
  await post(
    viewSubmission(FLEUR, slackApi.of('views.open')[0].args.view, {
      date: '2026-11-20',
      time: '09:30',
      channel: 'desk',
      category: 'threat',
      description: DESCRIPTION,
      citizenRef: 'Z-4242',
      firstResponse: true,
      supportRequested: true,
    }),
  );
  await slackApi.waitFor(() => slackApi.dmsTo(ANNA).length > 0);
  const [reported] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  // The follow-ups (paging, aftercare plan, sanction request) run after the confirmation: wait for them to be stored.
  const settled = async () => {
    const i = await bot.melden.store.incidents.get(reported.id);
    return !!i?.aftercare && !!i.sanction?.requestedAt && !!i.paging;
  };
  for (let n = 0; !(await settled()); n++) {
    if (n > 500) throw new Error('the follow-ups did not finish');
    await new Promise((r) => setTimeout(r, 10));
  }
  await bot.melden.scheduler.runDue();
  const before = (await bot.melden.store.incidents.get(reported.id))!;
  const checkin = before.aftercare!.moments.find((m) => m.kind === 'checkin-72h' && m.subjectId === 'fleur')!;
  const leadTask = before.aftercare!.moments.find((m) => m.kind === 'lead-contact')!;
  const ids = (momentId?: string) => JSON.stringify(momentId ? { incidentId: before.id, momentId } : { incidentId: before.id });
  const modalsBefore = slackApi.of('views.open').length;

  const attempts = [
    { user: ZUID.slack.dirk, action: { action_id: 'sanction.decide', value: ids() }, says: 'Alleen de coördinator' },
    { user: ZUID.slack.anna, action: { action_id: 'page.ack', value: before.id }, says: 'Deze oproep is niet aan jou gericht.' },
    { user: ZUID.slack.fleur, action: { action_id: 'checkin.answer', value: ids(checkin.id) }, says: 'Deze check-in is niet aan jou gericht.' },
    { user: ZUID.slack.fleur, action: { action_id: 'checkin.stop', value: ids(checkin.id) }, says: 'Deze check-in is niet aan jou gericht.' },
    { user: ZUID.slack.eva, action: { action_id: 'aftercare.done', value: ids(leadTask.id) }, says: 'Deze taak is niet voor jou' },
  ];
  for (const { user, action, says } of attempts) {
    const count = slackApi.of('chat.postEphemeral').length;
    const res = await post(blockAction(user, action, { channel: dmChannel(user), ts: '1790000000.000001' }));
    expect(res.status).toBe(200);
    await slackApi.waitFor(() => slackApi.of('chat.postEphemeral').length === count + 1);
    const told = slackApi.of('chat.postEphemeral').at(-1)!;
    expect(told.args.user).toBe(user);
    const shown = JSON.stringify(told.args);
    expect(shown).toContain(says);
    for (const secret of [before.number, 'Jan de Vries', 'Z-4242', 'Fleur Mulder']) expect(shown).not.toContain(secret);
  }

  // The check-in modal submitted by someone else (a forged or forwarded modal): refused in the modal itself.
  const view = bot.melden.aftercare.checkinMessage(before, checkin, 'fleur', false);
  if (view.type !== 'checkin') throw new Error('expected a check-in');
  const modal = { ...slackCheckinModal('nl', view.checkin), id: 'V-forged' };
  const res = await post(viewSubmission(ZUID.slack.fleur, modal, { [CHECKIN_INPUTS.feeling]: 'bad', [CHECKIN_INPUTS.note]: 'niet goed' }));
  const answer = JSON.stringify(res.body);
  expect(answer).toContain('Deze check-in is niet aan jou gericht.');
  for (const secret of [before.number, 'Jan de Vries', 'Z-4242']) expect(answer).not.toContain(secret);

  await bot.melden.scheduler.runDue();
  expect(await bot.melden.store.incidents.get(reported.id)).toEqual(before);
  expect(slackApi.of('views.open')).toHaveLength(modalsBefore);
  for (const user of Object.values(ZUID.slack)) expect(slackApi.dmsTo(user)).toHaveLength(0);
});

test('/melden audit: the coordinator of the team only, answered ephemerally', async () => {
  await bot.melden.store.audit.append({ id: 'a-noord', at: '2026-11-20T09:00:00.000Z', actorId: 'dirk', teamId: 'kcc-noord', action: 'sanction.decided', incidentId: 'inc-noord-1' });
  const own = await post(slashCommand('U0DIRK', 'audit'));
  expect(own.body.response_type).toBe('ephemeral');
  expect(own.body.text).toContain('sanction.decided · inc-noord-1');
  const other = await post(slashCommand(ZUID.slack.dirk, 'audit'));
  expect(other.body.text).toContain('Het auditlog van KCC Zuid is leeg.');
  const member = await post(slashCommand(ANNA, 'audit'));
  expect(member.body.text).toContain('Alleen de coördinator agressie en geweld');
});

test('the lead asks for description and citizen reference on the task: ephemeral, audited; another team\'s lead is refused', async () => {
  await post(slashCommand(FLEUR));
  await slackApi.waitFor(() => slackApi.of('views.open').length > 0);
  await post(viewSubmission(FLEUR, slackApi.of('views.open')[0].args.view, { date: '2026-11-20', time: '09:30', channel: 'desk', category: 'threat', description: DESCRIPTION, citizenRef: 'Z-4242', firstResponse: false }));
  let reported;
  for (let n = 0; !(reported = (await bot.melden.store.incidents.find({ teamId: 'kcc-noord' }))[0]); n++) {
    if (n > 500) throw new Error('not stored');
    await new Promise((r) => setTimeout(r, 10));
  }
  const value = JSON.stringify({ incidentId: reported.id });
  const ask = async (user: string) => {
    const count = slackApi.of('chat.postEphemeral').length;
    await post(blockAction(user, { action_id: 'incident.details', value }, { channel: dmChannel(user), ts: '1790000000.000009' }));
    await slackApi.waitFor(() => slackApi.of('chat.postEphemeral').length === count + 1);
    return JSON.stringify(slackApi.of('chat.postEphemeral').at(-1)!.args);
  };
  const refused = await ask(ZUID.slack.eva);
  expect(refused).toContain('Dit kun je niet doen');
  expect(refused).not.toMatch(/Jan de Vries|Z-4242/);
  const shown = await ask('U0EVA');
  expect(shown).toContain('Jan de Vries');
  expect(shown).toContain('Z-4242');
  expect((await bot.melden.store.audit.find({ incidentId: reported.id })).map((e) => `${e.actorId} ${e.action}`).sort()).toEqual(['eva citizen.lookup', 'eva incident.details-opened']);
});
