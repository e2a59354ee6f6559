/**
 * Measures on citizen references in Teams, end to end (docs/measures.md): the decision card with the citizen's
 * history, the measure recorded and told to reporter and lead, `check <zaaknummer>` by a colleague, a new report
 * about that citizen, the reminders on the fake clock, reporter patterns, and the bad day (another team's
 * coordinator; the same decision four times).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalConnector } from '../helpers/connector';
import type { FakeClock } from '../helpers/clock';
import { jobPlanned, type RunningBot } from '../helpers/app';
import { SANCTION_JOBS } from '../../src/services/sanctions';
import { TeamsFixture } from '../helpers/fixture';
import { cardAction, message, post } from '../helpers/teams';
import { writeTwoTeamsConfig, ZUID } from '../helpers/two-teams';

const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
const DIRK = { id: '29:dirk', name: 'Dirk Visser' };
const ANNA = { id: '29:anna', name: 'Anna de Vries' };
const BRAM = { id: '29:bram', name: 'Bram Jansen' };
const EVA = { id: '29:eva', name: 'Eva Smit' };
const CARLA = { id: '29:carla', name: 'Carla Bos' };
const DAY = 86_400_000;

let connector: LocalConnector;
let clock: FakeClock;
let bot: RunningBot;

const fixture = new TeamsFixture({ now: '2026-11-20T09:45:00.000Z' }); // Friday 10:45 in Amsterdam
beforeEach(async () => {
  const config = writeTwoTeamsConfig(mkdtempSync(join(tmpdir(), 'melden-measures-')));
  ({ connector, clock, bot } = await fixture.start({ env: { MELDEN_CONFIG: config } }));
  connector.calls.length = 0;
});
afterEach(() => fixture.stop());

const cards = (user: { id: string }) => connector.sentTo(user.id).map((c) => JSON.stringify(c.body.attachments?.[0]?.content ?? c.body.text ?? ''));
/** Plain text replies (the `check` answers), not the cards (Anna is also paged as first responder). */
const texts = (user: { id: string }) => connector.sentTo(user.id).filter((c) => !c.body.attachments?.length && c.body.text).map((c) => String(c.body.text));
const sanctionCards = (user: { id: string }) => cards(user).filter((c) => c.includes('Besluit over een regiemaatregel gevraagd'));
let form = 0;

/** Every job due now (a jump of months makes more due than one batch: aftercare, reviews). */
async function runAllDue() {
  for (let pass = 0; pass < 20 && (await bot.melden.scheduler.runDue()) > 0; pass++);
}

async function report(from: { id: string; name: string }, category: string, extra: Record<string, string> = {}) {
  form += 1;
  const res = await post(
    bot.url,
    cardAction(connector.url, from, 'report.submit', {
      formId: `88888888-0000-0000-0000-${String(form).padStart(12, '0')}`,
      date: '2026-11-20',
      time: '10:30',
      channel: 'desk',
      category,
      description: `Omschrijving ${form}: zei iets naars.`,
      citizenRef: 'Z-4242',
      ...extra,
    }),
  );
  const incidents = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  return { card: JSON.stringify(res.body.value), incident: incidents.find((i) => i.description === `Omschrijving ${form}: zei iets naars.`)! };
}

const decide = (user: { id: string; name: string }, incidentId: string, data: Record<string, string>) =>
  post(bot.url, cardAction(connector.url, user, 'sanction.decide', { incidentId, ...data }));

test('threat → card with the earlier incidents; measure → reporter and lead told; check by a colleague; a new report warns and flags', async () => {
  await report(FLEUR, 'emotion-self', { date: '2026-11-19', stoppedAfterLimit: 'true', description: 'eerder' });
  const { incident } = await report(FLEUR, 'threat');
  await connector.waitFor(() => sanctionCards(DIRK).length === 1);
  const card = sanctionCards(DIRK)[0];
  expect(card).toContain('Eerder over deze burger');
  expect(card).toContain('1 eerdere melding');
  expect(card).toContain('19 nov 2026: Emotioneel gedrag');
  expect(card).toContain('Nog geen maatregelen.');
  expect(card).toContain('Overleggen met leidinggevende');
  expect(card).toContain('Contact via één vaste medewerker');

  // Bad day: another team's coordinator is refused; the same decision four times records one measure.
  const other = await decide(ZUID.teams.dirk, incident.id, { measure: 'contact-ban', until: '2027-01-31' });
  expect(JSON.stringify(other.body.value)).toContain('Dit kun je niet doen');
  const answers = await Promise.all([1, 2, 3, 4].map(() => decide(DIRK, incident.id, { measure: 'contact-ban', until: '2027-01-31' })));
  for (const a of answers) expect(JSON.stringify(a.body.value)).toContain('Besloten door Dirk Visser: Contactverbod (tot 31 januari 2027).');
  expect(await bot.melden.store.measures.find({ teamIds: ['kcc-noord', 'kcc-zuid'] })).toEqual([
    expect.objectContaining({ id: `msr-${incident.id}`, citizenRef: 'Z-4242', kind: 'contact-ban', startDate: '2026-11-20', endDate: '2027-01-31' }),
  ]);
  expect(await bot.melden.store.audit.find({ action: 'sanction.decided' })).toHaveLength(1);

  await connector.waitFor(() => cards(FLEUR).some((c) => c.includes(`Over je melding ${incident.number} is besloten: Contactverbod (tot 31 januari 2027).`)));
  await connector.waitFor(() => cards(EVA).some((c) => c.includes(`Melding ${incident.number}: Dirk Visser besloot over een regiemaatregel: Contactverbod (tot 31 januari 2027).`)));

  // A colleague on the phone: the summary line only, audited.
  await post(bot.url, message(connector.url, ANNA, 'check Z-4242'));
  await connector.waitFor(() => texts(ANNA).length > 0);
  const line = texts(ANNA).at(-1)!;
  expect(line).toBe('Voor zaaknummer Z-4242 geldt tot en met 31 januari 2027: Contactverbod. Verbind niet door, maak geen afspraak en laat de burger niet toe; beëindig het gesprek en verwijs naar schriftelijk contact.');
  expect(line).not.toMatch(/Fleur|Omschrijving|Bedreiging/);
  await post(bot.url, message(connector.url, ANNA, 'check Z-9999'));
  await connector.waitFor(() => texts(ANNA).length > 1);
  expect(texts(ANNA).at(-1)).toBe('Voor zaaknummer Z-9999 geldt nu geen maatregel.');
  expect(await bot.melden.store.audit.find({ action: 'measure.lookup' })).toEqual([
    expect.objectContaining({ actorId: 'anna', teamId: 'kcc-noord' }),
    expect.objectContaining({ actorId: 'anna', teamId: 'kcc-noord' }),
  ]);

  // A new report about that citizen: the reporter reads the instruction; the coordinator's card flags it.
  const again = await report(BRAM, 'verbal-aggression', { stoppedAfterLimit: 'false' });
  expect(again.card).toContain('Let op: voor deze burger geldt tot en met 31 januari 2027: Contactverbod.');
  await connector.waitFor(() => sanctionCards(DIRK).length === 2);
  expect(sanctionCards(DIRK)[1]).toContain('Maatregel overtreden? Toen dit gebeurde gold al: Contactverbod (tot 31 januari 2027).');
  expect(sanctionCards(DIRK)[1]).toContain('Contactverbod: 20 november 2026 (tot 31 januari 2027), loopt');
});

test('no measure needs a reason the reporter reads; consulting the lead tells the lead once', async () => {
  const { incident } = await report(FLEUR, 'threat');
  await connector.waitFor(() => sanctionCards(DIRK).length === 1);
  await post(bot.url, cardAction(connector.url, DIRK, 'sanction.consult', { incidentId: incident.id }));
  await post(bot.url, cardAction(connector.url, DIRK, 'sanction.consult', { incidentId: incident.id }));
  await connector.waitFor(() => cards(EVA).some((c) => c.includes('wil met je overleggen')));
  expect(cards(EVA).filter((c) => c.includes('wil met je overleggen'))).toHaveLength(1);
  const noReason = await decide(DIRK, incident.id, { measure: 'none' });
  expect(JSON.stringify(noReason.body.value)).toContain('Schrijf bij geen maatregel een reden op die de melder kan lezen.');
  await decide(DIRK, incident.id, { measure: 'none', reason: 'Eerste keer; de burger heeft excuses aangeboden.' });
  await connector.waitFor(() => cards(FLEUR).some((c) => c.includes('geen maatregel. Reden: Eerste keer; de burger heeft excuses aangeboden.')));
  expect(await bot.melden.store.measures.find({ teamIds: ['kcc-noord'] })).toEqual([]);
});

test('fake clock: undecided → one reminder after 2 working days, then the lead; ending and re-evaluation reminders; after the end nothing is in force', async () => {
  const { incident } = await report(FLEUR, 'threat');
  await connector.waitFor(() => sanctionCards(DIRK).length === 1);
  // The request's job plans the reminder just after the coordinator's message: the clock moves once it is planned.
  await jobPlanned(bot, `${SANCTION_JOBS.remind}:${incident.id}`);
  const reminders = () => cards(DIRK).filter((c) => c.includes('Herinnering: over melding'));
  const leadTold = () => cards(EVA).filter((c) => c.includes('na een herinnering nog geen besluit'));
  clock.set('2026-11-24T09:40:00.000Z'); // Tuesday, just before two working days have passed
  await runAllDue();
  expect(reminders()).toHaveLength(0);
  clock.set('2026-11-24T09:46:00.000Z');
  await runAllDue();
  await connector.waitFor(() => reminders().length === 1);
  expect(leadTold()).toHaveLength(0);
  clock.set('2026-11-26T09:46:00.000Z'); // two working days later: the lead
  await runAllDue();
  await connector.waitFor(() => leadTold().length === 1);
  await runAllDue();
  expect(reminders()).toHaveLength(1);

  await decide(DIRK, incident.id, { measure: 'written-contact-only', start: '2026-11-26', until: '2027-03-31' });
  const measureCards = () => cards(DIRK).filter((c) => c.includes('measure.extend'));
  clock.set('2027-02-26T07:59:00.000Z'); // re-evaluation is due 3 months after the start, 09:00 local
  await runAllDue();
  expect(measureCards()).toHaveLength(0);
  clock.set('2027-02-26T08:01:00.000Z');
  await runAllDue();
  await connector.waitFor(() => measureCards().length === 1);
  expect(measureCards()[0]).toContain('Tijd om de maatregel te herbeoordelen');
  clock.set('2027-03-17T08:01:00.000Z'); // two weeks before 31 March
  await runAllDue();
  await connector.waitFor(() => measureCards().length === 2);
  expect(measureCards()[1]).toContain('Maatregel loopt af op 31 maart 2027');
  expect(measureCards()[1]).toContain('Verlengen of wijzigen');

  await post(bot.url, message(connector.url, ANNA, 'check z-4242'));
  await connector.waitFor(() => texts(ANNA).length === 1);
  expect(texts(ANNA)[0]).toContain('geldt tot en met 31 maart 2027: Alleen schriftelijk contact');
  clock.set('2027-04-01T08:00:00.000Z');
  await post(bot.url, message(connector.url, ANNA, 'check Z-4242'));
  await connector.waitFor(() => texts(ANNA).length === 2);
  expect(texts(ANNA)[1]).toBe('Voor zaaknummer Z-4242 geldt nu geen maatregel.');
});

test('a measure is extended or ended from the reminder card; another team cannot', async () => {
  const { incident } = await report(FLEUR, 'threat');
  await connector.waitFor(() => sanctionCards(DIRK).length === 1);
  await decide(DIRK, incident.id, { measure: 'contact-ban', until: '2026-12-31' });
  const id = `msr-${incident.id}`;
  const refused = await post(bot.url, cardAction(connector.url, ZUID.teams.dirk, 'measure.end', { measureId: id }));
  expect(JSON.stringify(refused.body.value)).toContain('Alleen de coördinator van dit team');
  const extended = await post(bot.url, cardAction(connector.url, DIRK, 'measure.extend', { measureId: id, endDate: '2027-02-28' }));
  expect(JSON.stringify(extended.body.value)).toContain('Verlengd tot en met 28 februari 2027.');
  const ended = await post(bot.url, cardAction(connector.url, DIRK, 'measure.end', { measureId: `${id}~2027-02-28` }));
  expect(JSON.stringify(ended.body.value)).toContain('Beëindigd.');
  await post(bot.url, message(connector.url, ANNA, 'check Z-4242'));
  await connector.waitFor(() => texts(ANNA).length === 1);
  expect(texts(ANNA)[0]).toBe('Voor zaaknummer Z-4242 geldt nu geen maatregel.');
  expect((await bot.melden.store.audit.find({ teamIds: ['kcc-noord'] })).map((e) => e.action).sort()).toEqual(['measure.ended', 'measure.extended', 'measure.lookup', 'sanction.decided']);
});

test('the same reporter and behaviour with different citizens: no sanction request; the lead and the aftercare person are told', async () => {
  await report(FLEUR, 'verbal-aggression', { citizenRef: 'Z-1', stoppedAfterLimit: 'true' });
  clock.advance(DAY);
  const { incident } = await report(FLEUR, 'verbal-aggression', { date: '2026-11-21', citizenRef: 'Z-2', stoppedAfterLimit: 'true' });
  expect(incident.reporterPatternIds).toHaveLength(1);
  const told = (user: { id: string }) => cards(user).some((c) => c.includes('Fleur Mulder deed 2 meldingen van hetzelfde gedrag'));
  await connector.waitFor(() => told(EVA) && told(CARLA));
  await runAllDue();
  expect(sanctionCards(DIRK)).toHaveLength(0);
});
