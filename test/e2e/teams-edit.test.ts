/**
 * Teams, the first week: Wijzigen within the edit window changes the same incident; after it, a refusal that says
 * why and whom to turn to; the same correction four times is one change; another person is refused. Also
 * Aangifte voorbereiden (reporter and lead, nobody else) and the lead's overzicht.
 */
import type { LocalConnector } from '../helpers/connector';
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { TeamsFixture } from '../helpers/fixture';
import { cardAction, message, post } from '../helpers/teams';

const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
const EVA = { id: '29:eva', name: 'Eva Smit' };
const BRAM = { id: '29:bram', name: 'Bram Jansen' };
// Wednesday 25 November 2026, 11:00 in Amsterdam.
const REPORTED = '2026-11-25T10:00:00.000Z';

let connector: LocalConnector;
let clock: FakeClock;
let bot: RunningBot;

const fixture = new TeamsFixture({ now: REPORTED });
beforeEach(async () => ({ connector, clock, bot } = await fixture.start()));
afterEach(() => fixture.stop());

const FORM = {
  formId: '99999999-0000-0000-0000-000000000131',
  date: '2026-11-25',
  time: '10:45',
  channel: 'desk',
  category: 'emotion-criticism',
  description: 'Was boos over de regels.',
  stoppedAfterLimit: 'true',
  firstResponse: 'false',
  supportRequested: 'false',
};
const json = (x: unknown) => JSON.stringify(x);
const incidents = () => bot.melden.store.incidents.find({ teamId: 'kcc-noord' });

async function invoke(user: typeof FLEUR, verb: string, data: Record<string, unknown>) {
  const res = await post(bot.url, cardAction(connector.url, user, verb, data));
  expect(res.status).toBe(200);
  return res.body.value;
}

async function reportOne() {
  const card = await invoke(FLEUR, 'report.submit', FORM);
  const [incident] = await incidents();
  return { card, incident };
}

test('Wijzigen within 24 h changes the same incident: one incident, an "edited" timeline entry, re-classified because the category changed', async () => {
  const { card, incident } = await reportOne();
  expect(json(card)).toContain('"verb":"report.edit.open"');
  expect(json(card)).toContain('Met Wijzigen pas je deze melding aan');
  expect(json(card)).toContain('donderdag 26 november 2026, 11:00'); // the window's end, in the cards' date format
  expect(incident.registration).not.toBe('required');

  clock.set('2026-11-26T09:00:00.000Z'); // 23 h later
  const form = await invoke(FLEUR, 'report.edit.open', { incidentId: incident.id });
  expect(json(form)).toContain('"verb":"report.edit"');
  expect(json(form)).toContain('Was boos over de regels.'); // pre-filled
  const changed = await invoke(FLEUR, 'report.edit', { ...FORM, formId: '99999999-0000-0000-0000-000000000132', incidentId: incident.id, category: 'threat', description: 'Dreigde me op te wachten.' });
  expect(json(changed)).toContain('Je wijziging is opgeslagen');

  const all = await incidents();
  expect(all).toHaveLength(1);
  const [after] = all;
  expect(after.id).toBe(incident.id);
  expect(after.number).toBe(incident.number);
  expect(after.category).toBe('threat');
  expect(after.description).toBe('Dreigde me op te wachten.');
  expect(after.registration).toBe('required'); // a threat is always registered
  expect(after.patternIncidentIds).not.toContain(incident.id);
  const edits = after.timeline.filter((e) => e.type === 'edited');
  expect(edits).toHaveLength(1);
  expect(edits[0]).toMatchObject({ personId: 'fleur', detail: 'category,description' });
  expect(after.paging).toBeUndefined(); // nobody is paged by a correction
  // Now registered: the coordinator is asked for a decision, once.
  await connector.waitFor(() => connector.sentTo('29:dirk').length > 0);
  expect(connector.sentTo('29:dirk')).toHaveLength(1);
  expect(json(connector.sentTo('29:dirk')[0].body)).toContain('2026-0001');
});

test('after 24 h Wijzigen is refused with an explanation and whom to contact; nothing changes', async () => {
  const { incident } = await reportOne();
  clock.set('2026-11-26T10:00:01.000Z'); // 24 h and a second later
  const open = await invoke(FLEUR, 'report.edit.open', { incidentId: incident.id });
  expect(json(open)).toContain('kan niet meer worden gewijzigd');
  expect(json(open)).toContain('Eva Smit');
  const submitted = await invoke(FLEUR, 'report.edit', { ...FORM, incidentId: incident.id, description: 'Te laat.' });
  expect(json(submitted)).toContain('kan niet meer worden gewijzigd');
  const [after] = await incidents();
  expect(after.description).toBe(FORM.description);
  expect(after.timeline.some((e) => e.type === 'edited')).toBe(false);
});

test('the same correction submitted four times is one change; another person is refused', async () => {
  const { incident } = await reportOne();
  const correction = { ...FORM, formId: '99999999-0000-0000-0000-000000000133', incidentId: incident.id, channel: 'phone' };
  const answers = await Promise.all([1, 2, 3, 4].map(() => invoke(FLEUR, 'report.edit', correction)));
  expect(answers.filter((a) => json(a).includes('Je wijziging is opgeslagen'))).toHaveLength(1);
  expect(answers.filter((a) => json(a).includes('Er was niets veranderd'))).toHaveLength(3);
  const all = await incidents();
  expect(all).toHaveLength(1);
  expect(all[0].channel).toBe('phone');
  expect(all[0].timeline.filter((e) => e.type === 'edited')).toHaveLength(1);

  for (const other of [BRAM, EVA]) {
    expect(json(await invoke(other, 'report.edit.open', { incidentId: incident.id }))).toContain('Alleen wie de melding deed');
    expect(json(await invoke(other, 'report.edit', { ...correction, channel: 'email' }))).toContain('Alleen wie de melding deed');
  }
  expect((await incidents())[0].channel).toBe('phone');
});

test('Aangifte voorbereiden: the 7 W’s from the report for the reporter and the lead (logged), refused to a colleague', async () => {
  const { incident } = await reportOne();
  const card = await invoke(FLEUR, 'police.open', { incidentId: incident.id });
  const text = json(card);
  for (const w of ['Wie', 'Wat', 'Waar', 'Wanneer', 'Waarmee', 'Waarom', 'Hoe']) expect(text).toContain(`"title":"${w}"`);
  expect(text).toContain('Fleur Mulder, medewerker van KCC Noord');
  expect(text).toContain('Was boos over de regels.');
  expect(text).toContain('woensdag 25 november 2026, 10:45');
  expect(text).toContain('Domiciliekeuze');
  expect(text).toContain('"type":"Input.Text"'); // the text to copy
  const lead = json(await invoke(EVA, 'police.open', { incidentId: incident.id }));
  expect(lead).toContain('namens de organisatie');
  expect((await bot.melden.store.audit.find({ teamIds: ['kcc-noord'] })).map((e) => e.action)).toContain('incident.police-report-prepared');
  expect(json(await invoke(BRAM, 'police.open', { incidentId: incident.id }))).toContain('Alleen wie de melding deed en de leidinggevende');
  // Nothing stored beyond the report: the incident is as it was.
  const [after] = await incidents();
  expect(after.version).toBe(incident.version);
});

test('overzicht: the lead gets a card of open incidents (first response, aftercare done / not done, decisions); a colleague a polite refusal', async () => {
  await reportOne();
  await post(bot.url, message(connector.url, EVA, 'overzicht'));
  await connector.waitFor(() => connector.sentTo(EVA.id).length > 0);
  const card = json(connector.sentTo(EVA.id).at(-1)!.body.attachments?.[0]?.content);
  expect(card).toContain('Overzicht KCC Noord');
  expect(card).toContain('1 open melding, 0 besluiten open.');
  expect(card).toContain('2026-0001');
  expect(card).toContain('niet gevraagd'); // first response not asked for
  expect(card).toContain('"value":"niet gedaan"'); // the lead's contact is still to do
  expect(card).not.toContain('Was boos'); // never the description

  await post(bot.url, message(connector.url, BRAM, 'overzicht'));
  await connector.waitFor(() => connector.sentTo(BRAM.id).length > 0);
  expect(json(connector.sentTo(BRAM.id).at(-1)!.body)).toContain('Het overzicht is er voor de leidinggevende');
});

test('a corrected category makes a pattern with the earlier report only, never with itself, and counts once', async () => {
  // The same citizen twice: a pattern that asks for registration (docs/measures.md: patterns split by meaning).
  const citizen = { citizenRef: 'Z-7001' };
  await invoke(FLEUR, 'report.submit', { ...FORM, ...citizen, formId: '99999999-0000-0000-0000-000000000141', category: 'verbal-aggression', time: '09:00' });
  await invoke(FLEUR, 'report.submit', { ...FORM, ...citizen, formId: '99999999-0000-0000-0000-000000000142' });
  const [first, second] = (await incidents()).sort((a, b) => a.number.localeCompare(b.number));
  expect(second.patternIncidentIds).toEqual([first.id]);
  await invoke(FLEUR, 'report.edit', { ...FORM, ...citizen, incidentId: second.id, category: 'verbal-aggression' });
  const after = (await incidents()).sort((a, b) => a.number.localeCompare(b.number));
  expect(after).toHaveLength(2);
  expect(after[1]).toMatchObject({ category: 'verbal-aggression', registration: 'required', registrationReason: 'pattern', patternIncidentIds: [first.id] });
  expect(after[0].patternIncidentIds).toEqual([]);
});

test("a corrected category with other or unknown citizens is the reporter's pattern: no registration for a sanction", async () => {
  await invoke(FLEUR, 'report.submit', { ...FORM, formId: '99999999-0000-0000-0000-000000000143', category: 'verbal-aggression', time: '09:00' });
  await invoke(FLEUR, 'report.submit', { ...FORM, formId: '99999999-0000-0000-0000-000000000144' });
  const [first, second] = (await incidents()).sort((a, b) => a.number.localeCompare(b.number));
  await invoke(FLEUR, 'report.edit', { ...FORM, incidentId: second.id, category: 'verbal-aggression' });
  const after = (await incidents()).sort((a, b) => a.number.localeCompare(b.number));
  expect(after).toHaveLength(2);
  expect(after[1]).toMatchObject({ category: 'verbal-aggression', patternIncidentIds: [], reporterPatternIds: [first.id] });
  expect(after[1].registrationReason).not.toBe('pattern');
});
