/** The first week after a report, on the fake clock: reminders in time to act, aftercare that starts when asked for. */
import type { LocalConnector } from '../helpers/connector';
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { TeamsFixture } from '../helpers/fixture';
import { cardAction, message, post } from '../helpers/teams';

const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
const EVA = { id: '29:eva', name: 'Eva Smit' };
const CARLA = { id: '29:carla', name: 'Carla Bos' };
// Friday 27 November 2026, 16:50 in Amsterdam.
const REPORTED = '2026-11-27T15:50:00.000Z';

let connector: LocalConnector;
let clock: FakeClock;
let bot: RunningBot;

const fixture = new TeamsFixture({ now: REPORTED, introduce: [FLEUR, EVA, CARLA] });
beforeEach(async () => ({ connector, clock, bot } = await fixture.start()));
afterEach(() => fixture.stop());

const cards = (user: { id: string }) => connector.sentTo(user.id).map((c) => c.body.attachments?.[0]?.content);
const json = (x: unknown) => JSON.stringify(x);
/** The lead's aftercare tasks (the lead is also on the paging ladder: those page cards are not counted here). */
const leadTasks = () => cards(EVA).filter((c) => json(c).includes('"verb":"aftercare.done"'));

async function report(supportRequested: string) {
  const res = await post(
    bot.url,
    cardAction(connector.url, FLEUR, 'report.submit', {
      formId: '99999999-0000-0000-0000-000000000013',
      date: '2026-11-27',
      time: '16:40',
      channel: 'desk',
      category: 'verbal-aggression',
      description: 'Schold me uit aan de balie.',
      stoppedAfterLimit: 'true',
      firstResponse: 'false',
      supportRequested,
    }),
  );
  expect(res.status).toBe(200);
  const deadline = Date.now() + 5000;
  for (;;) {
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

test('Friday 16:50 → the lead on Monday before 10:00, with the support talk ≥ 4 working hours before its 72 h deadline, as one card', async () => {
  const incident = await report('false');
  const moments = incident.aftercare!.moments;
  const contact = moments.find((m) => m.kind === 'lead-contact')!;
  const talk = moments.find((m) => m.kind === 'lead-support-talk')!;
  expect(contact.dueAt).toBe('2026-11-30T08:00:00.000Z'); // Monday 09:00
  expect(talk.deadline).toBe('2026-11-30T15:50:00.000Z'); // Monday 16:50, 72 h after the report
  // 7 h 50 of working time (Monday 09:00-16:50) between the reminder and the deadline: ≥ 4 working hours.
  expect(new Date(talk.deadline!).getTime() - new Date(talk.dueAt).getTime()).toBeGreaterThanOrEqual(4 * 3_600_000);

  await at('2026-11-30T07:59:00.000Z');
  expect(leadTasks()).toHaveLength(0);
  await at('2026-11-30T08:00:00.000Z'); // Monday 09:00
  await connector.waitFor(() => leadTasks().length === 1);
  const card = leadTasks()[0];
  expect(card.body[0].text).toBe('Neem contact op met Fleur Mulder');
  expect(json(card)).toContain('Houd ook het opvanggesprek, uiterlijk maandag 30 november om 16:50');
  // What the lead prepares with: category, first response, the reporter's wish for aftercare; no description.
  expect(json(card)).toContain('Gedrag: (Non-)verbale agressie');
  expect(json(card)).toContain('Eerste opvang: Nog niet opgepakt'); // verbal aggression: first response is paged
  expect(json(card)).toContain('Nazorg: niet gevraagd op het formulier');
  expect(json(card)).not.toContain('Schold');
  await at('2026-11-30T15:50:00.000Z');
  await at('2026-12-01T10:00:00.000Z');
  expect(leadTasks()).toHaveLength(1); // never the pair, nothing twice

  // "Gedaan" on the one card marks both of the lead's moments.
  await post(bot.url, cardAction(connector.url, EVA, 'aftercare.done', { incidentId: incident.id, momentId: contact.id }));
  const stored = (await bot.melden.store.incidents.get(incident.id))!.aftercare!.moments;
  expect(stored.filter((m) => m.kind.startsWith('lead-')).map((m) => m.doneBy)).toEqual(['eva', 'eva']);
});

test('"Ik wil graag nazorg" ticked → the aftercare person is messaged within seconds, without the description', async () => {
  const started = Date.now();
  await report('true');
  await connector.waitFor(() => cards(CARLA).length === 1);
  expect(Date.now() - started).toBeLessThan(5000);
  expect(cards(CARLA)[0].body[0].text).toBe('Fleur Mulder wil graag nazorg');
  expect(json(cards(CARLA)[0])).not.toContain('Schold');
  // Once: a second run of the follow-up sends nothing more.
  await at('2026-11-27T16:00:00.000Z');
  expect(cards(CARLA)).toHaveLength(1);
});

test('aftercare declined on the form → the 2-week check-in offers the talk again', async () => {
  const incident = await report('false');
  await at('2026-11-30T15:50:00.000Z'); // 72 h check-in
  const checkin = (kind: string) => cards(FLEUR).find((c) => c && json(c).includes(`${kind}:fleur`));
  await connector.waitFor(() => !!checkin('checkin-72h'));
  expect(json(checkin('checkin-72h'))).not.toContain('Het aanbod staat nog steeds');
  await at('2026-12-11T15:50:00.000Z'); // 2 weeks
  await connector.waitFor(() => !!checkin('checkin-2w'));
  expect(json(checkin('checkin-2w'))).toContain('Het aanbod staat nog steeds');
  expect(incident.supportRequested).toBe(false);
});
