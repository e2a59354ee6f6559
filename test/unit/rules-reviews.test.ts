/** The dilemma of each meeting and an incident as the team channel sees it (the pure part of src/services/reviews.ts). */
import { Settings } from 'luxon';
import { parseTeamsConfig } from '../../src/config';
import { AGENDA_DESCRIPTION_MAX, DEFAULT_DILEMMAS, agendaIncident, dilemmaFor } from '../../src/services/reviews';
import { incident as anIncident } from '../contract/store-contract';

const [weekly, fortnightly, english, own] = parseTeamsConfig(`
teams:
  - { id: weekly, name: Weekly, people: [{ id: eva, name: Eva }] }
  - { id: fortnightly, name: Fortnightly, meetings: { every: 2 }, people: [{ id: eva, name: Eva }] }
  - { id: english, name: English, locale: en, people: [{ id: eva, name: Eva }] }
  - { id: own, name: Own, dilemmas: [Een, Twee, Drie], people: [{ id: eva, name: Eva }] }
`).teams;
const nl = DEFAULT_DILEMMAS.nl;

test('weekly: the n-th week since Monday 5 January 2026 discusses dilemma n, round the list', () => {
  expect(dilemmaFor(weekly, '2026-01-05')).toBe(nl[0]);
  expect(dilemmaFor(weekly, '2026-01-11')).toBe(nl[0]);
  expect(dilemmaFor(weekly, '2026-01-12')).toBe(nl[1]);
  expect(dilemmaFor(weekly, '2026-01-19')).toBe(nl[2]);
  expect(dilemmaFor(weekly, '2026-02-16')).toBe(nl[0]); // week 6 of a list of 6
  expect(dilemmaFor(weekly, '2026-02-23')).toBe(nl[1]);
});

test("the turn is the meeting date's, whatever the server's time zone", () => {
  const server = Settings.defaultZone;
  try {
    for (const zone of ['Pacific/Auckland', 'America/Los_Angeles']) {
      Settings.defaultZone = zone;
      expect([dilemmaFor(weekly, '2026-01-12'), dilemmaFor(weekly, '2026-01-18'), dilemmaFor(weekly, '2026-01-04')]).toEqual([nl[1], nl[1], nl[nl.length - 1]]);
    }
  } finally {
    Settings.defaultZone = server;
  }
});

test('before 2026 the turn counts back from the end of the list', () => {
  expect(dilemmaFor(weekly, '2026-01-04')).toBe(nl[nl.length - 1]);
  expect(dilemmaFor(weekly, '2025-12-29')).toBe(nl[nl.length - 1]);
  expect(dilemmaFor(weekly, '2025-12-22')).toBe(nl[nl.length - 2]);
  expect(dilemmaFor(own, '2025-12-08')).toBe('Drie'); // four weeks back round a list of three
});

test("fortnightly teams move one dilemma per meeting; a team's own list and the team's language", () => {
  expect(dilemmaFor(fortnightly, '2026-01-05')).toBe(nl[0]);
  expect(dilemmaFor(fortnightly, '2026-01-12')).toBe(nl[0]);
  expect(dilemmaFor(fortnightly, '2026-01-19')).toBe(nl[1]);
  expect(dilemmaFor(fortnightly, '2026-02-02')).toBe(nl[2]);
  expect(dilemmaFor(english, '2026-01-12')).toBe(DEFAULT_DILEMMAS.en[1]);
  expect(dilemmaFor(own, '2026-01-05')).toBe('Een');
  expect(dilemmaFor(own, '2026-01-26')).toBe('Een');
  expect(dilemmaFor(own, '2026-02-02')).toBe('Twee');
  expect(dilemmaFor({ ...own, dilemmas: [] }, '2026-01-12')).toBe(nl[1]);
});

test('the team channel sees number, time and category, and the team summary only with consent, shortened', () => {
  const base = { number: '2026-0007', occurredAt: '2026-11-20T09:40:00.000Z' };
  expect(agendaIncident(anIncident({ ...base, teamSummary: 'Schold', consentTeamMeeting: false }))).toEqual({ ...base, category: 'threat' });
  expect(agendaIncident(anIncident({ ...base, category: 'verbal-aggression', teamSummary: 'Schold', consentTeamMeeting: true }))).toEqual({
    ...base,
    category: 'verbal-aggression',
    teamSummary: 'Schold',
  });
  expect(agendaIncident(anIncident({ ...base, category: undefined, teamSummary: '', consentTeamMeeting: true }))).toEqual({ ...base, category: 'threat' });
  const exact = 'x'.repeat(AGENDA_DESCRIPTION_MAX);
  expect(agendaIncident(anIncident({ teamSummary: exact, consentTeamMeeting: true })).teamSummary).toBe(exact);
  const long = `${'a'.repeat(AGENDA_DESCRIPTION_MAX - 2)}  ${'b'.repeat(20)}`;
  const shown = agendaIncident(anIncident({ teamSummary: long, consentTeamMeeting: true })).teamSummary!;
  expect(shown).toBe(`${'a'.repeat(AGENDA_DESCRIPTION_MAX - 2)}…`);
  expect(shown.length).toBeLessThanOrEqual(AGENDA_DESCRIPTION_MAX);
});
