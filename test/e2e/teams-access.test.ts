/**
 * Who may act (docs/roles.md), end to end over Teams: people of KCC Zuid whose person ids match KCC Noord's
 * (dirk, anna, fleur, eva) press KCC Noord's buttons — decide the sanction, acknowledge the page, answer the
 * check-in, complete the lead's task. Each is refused with a clear message; nothing changes; nothing of the
 * incident (number, description, citizen reference, reporter) is shown to them or sent to them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalConnector } from '../helpers/connector';
import type { RunningBot } from '../helpers/app';
import { TeamsFixture } from '../helpers/fixture';
import { cardAction, message, post } from '../helpers/teams';
import { writeTwoTeamsConfig, ZUID } from '../helpers/two-teams';

const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
const ANNA = { id: '29:anna', name: 'Anna de Vries' };
const DESCRIPTION = 'Meneer Jan de Vries (Kerkstraat 5) zei: ik kom je na je werk opwachten.';

let connector: LocalConnector;
let bot: RunningBot;
let dir: string;

const fixture = new TeamsFixture({ now: '2026-11-20T09:45:00.000Z', introduce: [FLEUR, ...Object.values(ZUID.teams)] });
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'melden-access-'));
  ({ connector, bot } = await fixture.start({ env: { MELDEN_CONFIG: writeTwoTeamsConfig(dir) } }));
});
afterEach(async () => {
  await fixture.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a person of another team with the same person id is refused on every button; nothing changes, nothing is shown', async () => {
  await post(
    bot.url,
    cardAction(connector.url, FLEUR, 'report.submit', {
      formId: '88888888-0000-0000-0000-000000000001',
      date: '2026-11-20',
      time: '09:30',
      channel: 'desk',
      category: 'threat',
      description: DESCRIPTION,
      citizenRef: 'Z-4242',
      supportRequested: 'true',
      firstResponse: 'true', // more than an hour ago: pages only when asked (docs/first-response.md)
    }),
  );
  const [reported] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  await connector.waitFor(() => connector.sentTo(ANNA.id).length > 0);
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
  expect(before.paging?.pages.map((p) => p.personId)).toContain('anna');
  const checkin = before.aftercare!.moments.find((m) => m.kind === 'checkin-72h' && m.subjectId === 'fleur')!;
  const leadTask = before.aftercare!.moments.find((m) => m.kind === 'lead-contact')!;
  expect(checkin && leadTask).toBeTruthy();

  const attempts = [
    { user: ZUID.teams.dirk, verb: 'sanction.decide', data: { incidentId: before.id, measure: 'none' }, says: 'Dit kun je niet doen' },
    { user: ZUID.teams.anna, verb: 'page.ack', data: { incidentId: before.id }, says: 'Deze oproep is niet aan jou gericht.' },
    { user: ZUID.teams.fleur, verb: 'checkin.answer', data: { incidentId: before.id, momentId: checkin.id, feeling: 'bad', wantsTalk: 'true', note: 'x' }, says: 'Dit kun je niet doen' },
    { user: ZUID.teams.eva, verb: 'aftercare.done', data: { incidentId: before.id, momentId: leadTask.id }, says: 'Dit kun je niet doen' },
  ];
  for (const { user, verb, data, says } of attempts) {
    const res = await post(bot.url, cardAction(connector.url, user, verb, data));
    expect(res.status).toBe(200);
    const shown = JSON.stringify(res.body.value);
    expect(shown).toContain(says);
    for (const secret of [before.number, 'Jan de Vries', 'Z-4242', 'Fleur Mulder', 'Kerkstraat']) expect(shown).not.toContain(secret);
  }
  await bot.melden.scheduler.runDue();
  const after = (await bot.melden.store.incidents.get(reported.id))!;
  expect(after.version).toBe(before.version);
  expect(after).toEqual(before);
  for (const user of Object.values(ZUID.teams)) expect(connector.sentTo(user.id)).toHaveLength(0);
});

test('audit: a coordinator reads the audit log of their own team privately; another team\'s coordinator and a member do not', async () => {
  await bot.melden.store.audit.append({ id: 'a-noord', at: '2026-11-20T09:00:00.000Z', actorId: 'dirk', teamId: 'kcc-noord', action: 'sanction.decided', incidentId: 'inc-noord-1' });
  await bot.melden.store.audit.append({ id: 'a-zuid', at: '2026-11-20T09:01:00.000Z', actorId: 'dirk', teamId: 'kcc-zuid', action: 'privacy.export', incidentId: 'inc-zuid-1' });
  const DIRK = { id: '29:dirk', name: 'Dirk Visser' };
  await post(bot.url, message(connector.url, DIRK, 'help'));
  connector.calls.length = 0;

  await post(bot.url, message(connector.url, DIRK, 'audit', { channel: true }));
  await connector.waitFor(() => connector.sentTo(DIRK.id).length === 1);
  const noord = String(connector.sentTo(DIRK.id)[0].body.text);
  expect(noord).toContain('Auditlog van KCC Noord');
  expect(noord).toContain('sanction.decided · inc-noord-1');
  expect(noord).not.toContain('inc-zuid-1');
  expect(connector.sent('19:kcc-noord@thread.tacv2').map((c) => c.body.text)).toEqual(['Ik heb je antwoord in een privéchat gestuurd.']);

  await post(bot.url, message(connector.url, ZUID.teams.dirk, 'audit'));
  await connector.waitFor(() => connector.sentTo(ZUID.teams.dirk.id).length === 1);
  const zuid = String(connector.sentTo(ZUID.teams.dirk.id)[0].body.text);
  expect(zuid).toContain('inc-zuid-1');
  expect(zuid).not.toContain('inc-noord-1');

  await post(bot.url, message(connector.url, ZUID.teams.anna, 'audit'));
  await connector.waitFor(() => connector.sentTo(ZUID.teams.anna.id).length === 1);
  expect(String(connector.sentTo(ZUID.teams.anna.id)[0].body.text)).toContain('Alleen de coördinator agressie en geweld');
  // Reading is itself logged.
  expect((await bot.melden.store.audit.find({ action: 'audit.read' })).map((e) => [e.actorId, e.teamId]).sort()).toEqual([['dirk', 'kcc-noord'], ['dirk', 'kcc-zuid']]);
});

test('the lead sees description and citizen reference only on request from the task card; each look-up is audited; another team\'s lead is refused', async () => {
  const EVA = { id: '29:eva', name: 'Eva Smit' };
  await post(bot.url, message(connector.url, EVA, 'help'));
  await post(bot.url, cardAction(connector.url, FLEUR, 'report.submit', { formId: '88888888-0000-0000-0000-000000000002', date: '2026-11-20', time: '09:30', channel: 'desk', category: 'threat', description: DESCRIPTION, citizenRef: 'Z-4242' }));
  const [reported] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  const data = { incidentId: reported.id, momentId: 'lead-contact:fleur' };

  const refused = await post(bot.url, cardAction(connector.url, ZUID.teams.eva, 'incident.details', data));
  expect(JSON.stringify(refused.body.value)).toContain('Dit kun je niet doen');
  expect(JSON.stringify(refused.body.value)).not.toMatch(/Jan de Vries|Z-4242/);
  expect(await bot.melden.store.audit.find({})).toEqual([]);

  const shown = JSON.stringify((await post(bot.url, cardAction(connector.url, EVA, 'incident.details', data))).body.value);
  expect(shown).toContain('Meneer Jan de Vries (Kerkstraat 5)');
  expect(shown).toContain('Z-4242');
  expect(shown).toContain('aftercare.done'); // the task can still be completed from the card
  expect((await bot.melden.store.audit.find({ incidentId: reported.id })).map((e) => [e.actorId, e.action]).sort()).toEqual([
    ['eva', 'citizen.lookup'],
    ['eva', 'incident.details-opened'],
  ]);
  expect(JSON.stringify(await bot.melden.store.audit.find({}))).not.toMatch(/Jan de Vries|Z-4242/);
});
