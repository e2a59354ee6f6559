/** Aftercare end to end: the plan as jobs, check-ins and reminders delivered as the fake clock reaches them. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalConnector } from '../helpers/connector';
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { TeamsFixture } from '../helpers/fixture';
import { cardAction, message, post } from '../helpers/teams';

const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
const EVA = { id: '29:eva', name: 'Eva Smit' };
const CARLA = { id: '29:carla', name: 'Carla Bos' };
const BRAM = { id: '29:bram', name: 'Bram Jansen' };
// Friday 20 November 2026, 10:45 in Amsterdam.
const REPORTED = '2026-11-20T09:45:00.000Z';
const NOTE = 'Ik slaap er slecht van, vertel het niet verder';

let connector: LocalConnector;
let clock: FakeClock;
let bot: RunningBot;

const options = () => ({ clock, scheduler: { pollMs: 3_600_000 } });

const fixture = new TeamsFixture({ now: REPORTED, introduce: [FLEUR, EVA, CARLA, BRAM] });
beforeEach(async () => ({ connector, clock, bot } = await fixture.start()));
afterEach(() => fixture.stop());

const cards = (user: { id: string }) => connector.sentTo(user.id).map((c) => c.body.attachments?.[0]?.content);
const json = (x: unknown) => JSON.stringify(x);

async function report(fields: Record<string, string> = {}) {
  const res = await post(
    bot.url,
    cardAction(connector.url, FLEUR, 'report.submit', {
      formId: '99999999-0000-0000-0000-000000000001',
      date: '2026-11-20',
      time: '10:30',
      channel: 'phone',
      // Emotional behaviour with a request for aftercare: the full plan, and no first-response paging in the way.
      category: 'emotion-criticism',
      description: 'Bleef maar doorgaan over de regels.',
      stoppedAfterLimit: 'true',
      firstResponse: 'false',
      supportRequested: 'true',
      ...fields,
    }),
  );
  expect(res.status).toBe(200);
  // The follow-up (planning aftercare) runs right after the response; wait until it has planned.
  const deadline = Date.now() + 5000;
  for (;;) {
    await bot.melden.scheduler.runDue();
    const [incident] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
    if (incident?.aftercare) return incident;
    if (Date.now() > deadline) throw new Error('aftercare was never planned');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function at(instant: string) {
  clock.set(instant);
  await bot.melden.scheduler.runDue();
  await bot.melden.scheduler.runDue();
}

function momentsOf(id: string) {
  return bot.melden.store.incidents.get(id).then((i) => i!.aftercare!.moments);
}

test('the plan is stored as jobs: lead Monday, 72 h check-in, 2 and 6 weeks, all in working hours', async () => {
  const incident = await report();
  const moments = await momentsOf(incident.id);
  expect(moments.map((m) => [m.kind, m.dueAt])).toEqual([
    // The support talk half a working day before its deadline (Monday 10:45) is Friday 14:45; the lead contact comes
    // with it, as one card, rather than after the deadline.
    ['lead-contact', '2026-11-20T13:45:00.000Z'],
    ['lead-support-talk', '2026-11-20T13:45:00.000Z'],
    ['checkin-72h', '2026-11-23T09:45:00.000Z'],
    ['checkin-2w', '2026-12-04T09:45:00.000Z'],
    ['checkin-6w', '2027-01-04T08:00:00.000Z'], // 1 January is a holiday → Monday 4 January 09:00
  ]);
  for (const m of moments) expect(await bot.melden.store.jobs.get(`aftercare.moment:${incident.id}:${m.id}`)).toMatchObject({ state: 'pending', dueAt: m.dueAt });
});

test('each moment reaches the right person; a talk request goes to the aftercare person; the note is never stored', async () => {
  const incident = await report();
  // "Ik wil graag nazorg" was ticked: Carla hears it at once.
  await connector.waitFor(() => cards(CARLA).length === 1);
  expect(cards(CARLA)[0].body[0].text).toBe('Fleur Mulder wil graag nazorg');
  await at('2026-11-20T13:44:00.000Z');
  expect(cards(EVA)).toHaveLength(0);
  await at('2026-11-20T13:45:00.000Z');
  await connector.waitFor(() => cards(EVA).length === 1);
  expect(cards(EVA).map((c) => c.body[0].text)).toEqual(['Neem contact op met Fleur Mulder']);
  expect(json(cards(EVA)[0])).toContain('Houd ook het opvanggesprek, uiterlijk maandag 23 november om 10:45');
  await at('2026-11-23T09:45:00.000Z');
  await connector.waitFor(() => cards(FLEUR).length === 1);
  expect(cards(EVA)).toHaveLength(1); // never the pair
  const checkin = cards(FLEUR)[0];
  expect(checkin.body[0].text).toBe('Hoe gaat het nu met je?');
  expect(json(checkin)).toContain('Namens Carla Bos (nazorg)');
  expect(cards(CARLA)).toHaveLength(1);

  const res = await post(
    bot.url,
    cardAction(connector.url, FLEUR, 'checkin.answer', { incidentId: incident.id, momentId: 'checkin-72h:fleur', feeling: 'okay', wantsTalk: 'true', note: NOTE }),
  );
  expect(json(res.body.value)).toContain('Dank je wel. Je antwoord: Gaat wel. Carla Bos neemt contact met je op.');
  await connector.waitFor(() => cards(CARLA).length === 3);
  expect(cards(CARLA).map((c) => c.body[0].text)).toEqual(['Fleur Mulder wil graag nazorg', 'Fleur Mulder wil graag een gesprek', 'Notitie van Fleur Mulder']);
  expect(json(cards(CARLA)[2])).toContain(NOTE);
  expect(json(cards(CARLA)[2])).toContain('wordt niet bewaard');

  const stored = (await momentsOf(incident.id)).find((m) => m.id === 'checkin-72h:fleur')!;
  expect(stored.answer).toEqual({ feeling: 'okay', wantsTalk: true });
  // Not in the store, not in any job, not in the SQLite files on disk.
  for (const file of readdirSync(bot.dataDir)) expect(readFileSync(join(bot.dataDir, file)).includes(Buffer.from('slaap er slecht'))).toBe(false);
  // The lead sees no answers and no note.
  for (const card of cards(EVA)) {
    expect(json(card)).not.toContain('Gaat wel');
    expect(json(card)).not.toContain('slaap');
  }

  // Carla marks contact; the task card updates in place.
  const done = await post(bot.url, cardAction(connector.url, CARLA, 'aftercare.done', { incidentId: incident.id, momentId: 'checkin-72h:fleur' }));
  expect(json(done.body.value)).toContain('Afgerond door Carla Bos');
  // The lead cannot mark the aftercare person's task, and nobody else can answer Fleur's check-in.
  const leadTry = await post(bot.url, cardAction(connector.url, EVA, 'checkin.answer', { incidentId: incident.id, momentId: 'checkin-2w:fleur', feeling: 'good' }));
  expect(json(leadTry.body.value)).toContain('Dit kun je niet doen');
});

test('"stop" ends the check-ins; the lead still gets their reminders', async () => {
  const incident = await report();
  await at('2026-11-23T09:45:00.000Z');
  await connector.waitFor(() => cards(FLEUR).length === 1);
  const res = await post(bot.url, cardAction(connector.url, FLEUR, 'checkin.stop', { incidentId: incident.id, momentId: 'checkin-72h:fleur' }));
  expect(json(res.body.value)).toContain('Je krijgt hierover geen berichten meer');
  await at('2026-12-04T10:00:00.000Z');
  await at('2027-01-05T10:00:00.000Z');
  expect(cards(FLEUR)).toHaveLength(1);
  expect(cards(EVA)).toHaveLength(1); // contact and support talk, one card
  // A stopped check-in is not chased either (Carla has only the request for aftercare from the form).
  expect(cards(CARLA).map((c) => c.body[0].text)).toEqual(['Fleur Mulder wil graag nazorg']);
});

test('unanswered: one reminder after 2 working days, then the aftercare person is told — without content', async () => {
  const incident = await report();
  await at('2026-11-23T09:45:00.000Z'); // Monday: check-in sent
  await at('2026-11-25T09:44:00.000Z');
  expect(cards(FLEUR)).toHaveLength(1);
  await at('2026-11-25T09:45:00.000Z'); // Wednesday, 2 working days later
  await connector.waitFor(() => cards(FLEUR).length === 2);
  expect(cards(FLEUR)[1].body[0].text).toBe('Herinnering: hoe gaat het nu met je?');
  await at('2026-11-27T09:45:00.000Z'); // Friday
  await connector.waitFor(() => cards(CARLA).length === 2);
  expect(cards(CARLA)[1].body[0].text).toBe('Check-in niet beantwoord');
  expect(cards(CARLA)[1].actions).toEqual([]);
  await at('2026-12-01T10:00:00.000Z');
  expect(cards(FLEUR)).toHaveLength(2);
  expect(cards(CARLA)).toHaveLength(2);
  expect((await momentsOf(incident.id)).find((m) => m.id === 'checkin-72h:fleur')).toMatchObject({ remindedAt: '2026-11-25T09:45:00.000Z', unansweredReportedAt: '2026-11-27T09:45:00.000Z' });
});

test('declined a talk at 72 h → the 2-week check-in offers it again; snooze moves a check-in by a day', async () => {
  const incident = await report();
  await at('2026-11-23T09:45:00.000Z');
  await post(bot.url, cardAction(connector.url, FLEUR, 'checkin.answer', { incidentId: incident.id, momentId: 'checkin-72h:fleur', feeling: 'good', wantsTalk: 'false' }));
  expect(cards(CARLA)).toHaveLength(1); // only the request for aftercare from the form
  await at('2026-12-04T09:45:00.000Z');
  await connector.waitFor(() => cards(FLEUR).length === 2);
  expect(json(cards(FLEUR)[1])).toContain('Het aanbod staat nog steeds');

  const snoozed = await post(bot.url, cardAction(connector.url, FLEUR, 'checkin.snooze', { incidentId: incident.id, momentId: 'checkin-2w:fleur', days: 1 }));
  // Friday + 1 day = Saturday → the next working moment, Monday 09:00.
  expect(json(snoozed.body.value)).toContain('Uitgesteld tot maandag 7 december, 09:00');
  await at('2026-12-07T07:59:00.000Z');
  expect(cards(FLEUR)).toHaveLength(2);
  await at('2026-12-07T08:00:00.000Z');
  await connector.waitFor(() => cards(FLEUR).length === 3);
  expect(cards(FLEUR)[2].body[0].text).toBe('Hoe gaat het nu met je?');
});

test('"niet goed" at 6 weeks → the aftercare person is prompted to consider referral', async () => {
  const incident = await report();
  await at('2027-01-04T08:00:00.000Z');
  await connector.waitFor(() => cards(FLEUR).some((c) => json(c).includes('checkin-6w:fleur')));
  await post(bot.url, cardAction(connector.url, FLEUR, 'checkin.answer', { incidentId: incident.id, momentId: 'checkin-6w:fleur', feeling: 'bad', wantsTalk: 'false' }));
  await connector.waitFor(() => cards(CARLA).some((c) => c.body[0].text === 'Aanhoudende klachten bij Fleur Mulder'));
  expect(json(cards(CARLA).find((c) => c.body[0].text.startsWith('Aanhoudende')))).toContain('bedrijfsarts');
});

test('a witness added by the reporter gets their own check-ins', async () => {
  const incident = await report();
  await post(bot.url, message(connector.url, FLEUR, `getuige ${incident.number} bram`));
  await connector.waitFor(() => connector.sentTo(FLEUR.id).length === 1);
  expect(connector.sentTo(FLEUR.id)[0].body.text).toContain('Bram Jansen is toegevoegd als getuige');
  await at('2026-11-23T09:45:00.000Z');
  await connector.waitFor(() => cards(BRAM).length === 1);
  expect(json(cards(BRAM)[0])).toContain('checkin-72h:bram');
  // A colleague who is neither reporter nor lead cannot add witnesses.
  await post(bot.url, message(connector.url, BRAM, `getuige ${incident.number} anna`));
  await connector.waitFor(() => connector.sentTo(BRAM.id).length === 2);
  expect(connector.sentTo(BRAM.id)[1].body.text).toContain('Alleen de melder of de leidinggevende');
});

test('a restart between moments loses nothing and sends nothing twice', async () => {
  const incident = await report();
  await at('2026-11-23T09:45:00.000Z');
  await connector.waitFor(() => cards(FLEUR).length === 1 && cards(EVA).length === 1);
  const dataDir = bot.dataDir;
  await bot.stop({ keepData: true });
  clock.set('2026-12-04T12:00:00.000Z'); // the 2-week moment passed while the bot was down
  bot = await fixture.startBot({ ...options(), dataDir });
  await bot.melden.scheduler.runDue();
  await bot.melden.scheduler.runDue();
  await connector.waitFor(() => cards(FLEUR).length >= 3);
  // 72 h check-in, its reminder (due while down), the 2-week check-in: each once.
  const ids = cards(FLEUR).map((c) => c.actions?.[0]?.data?.momentId);
  expect(ids.sort()).toEqual(['checkin-2w:fleur', 'checkin-72h:fleur', 'checkin-72h:fleur']);
  expect(cards(EVA)).toHaveLength(1);
  await bot.stop({ keepData: true });
  bot = await fixture.startBot({ ...options(), dataDir });
  await bot.melden.scheduler.runDue();
  expect(cards(FLEUR)).toHaveLength(3);
  expect((await momentsOf(incident.id)).filter((m) => m.sentAt)).toHaveLength(4);
});
