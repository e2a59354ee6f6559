/**
 * Review statistics (src/services/statistics.ts): which periods are compared and how the store's counts are shaped.
 * The counting itself is the store's (its contract tests run on SQLite and Cosmos); here a store that answers fixed
 * counts per window, and records which windows were asked.
 */
import { DateTime } from 'luxon';
import type { IncidentStats, Store } from '../../src/services/ports';
import type { CitizenMeasure, TeamAction } from '../../src/services/model';
import { comparisonPeriods, median, percentile, reviewStatistics } from '../../src/services/statistics';
import { parsePeriod } from '../../src/services/review-calendar';
import { parseTeamsConfig } from '../../src/config';
import { Directory } from '../../src/services/directory';
import { findPerson, parseActionText, parseDueDate, toAgendaAction, toAgendaDeviation } from '../../src/services/team-actions';

const ZONE = 'Europe/Amsterdam';
const q = (label: string) => parsePeriod(label, ZONE)!.period;

const stats = (over: Partial<IncidentStats>): IncidentStats => ({
  total: 0,
  byCategory: {},
  registrationRequired: 0,
  patterns: 0,
  consented: 0,
  ackMillis: [],
  sanctionsPending: 0,
  checkinsSent: 0,
  checkinsAnswered: 0,
  helpWithoutReport: 0,
  ...over,
});

function storeAnswering(byFrom: Record<string, IncidentStats>, untilNow: IncidentStats, actions: Record<string, number>, measures: CitizenMeasure[] = []) {
  const asked: unknown[] = [];
  const store = {
    incidents: {
      stats: async (w: { teamId: string; from?: string; to?: string }) => {
        asked.push(w);
        return w.from === undefined ? untilNow : byFrom[w.from];
      },
    },
    actions: {
      find: async (query: Record<string, unknown>) => {
        asked.push(query);
        const key = query.state ? 'open' : query.doneFrom ? 'done' : query.kind === 'deviation' ? 'deviations' : 'created';
        return Array.from({ length: actions[key] ?? 0 }, () => ({}));
      },
    },
    measures: {
      find: async (query: Record<string, unknown>) => {
        asked.push(query);
        return measures;
      },
    },
  } as unknown as Store;
  return { store, asked };
}

test('median: the middle, or the mean of the two middle values; percentile: nearest rank', () => {
  expect(median([])).toBeUndefined();
  expect(median([4])).toBe(4);
  expect(median([1, 3])).toBe(2);
  expect(median([1, 2, 9])).toBe(2);
  expect(median([1, 2, 4, 9])).toBe(3);
  expect(percentile([], 90)).toBeUndefined();
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  expect(percentile(ten, 90)).toBe(9);
  expect(percentile(ten, 91)).toBe(10);
  expect(percentile(ten, 50)).toBe(5);
  expect(percentile(ten, 0)).toBe(1);
  expect(percentile(ten, 100)).toBe(10);
  expect(percentile(ten, 150)).toBe(10);
  expect(percentile([7], 90)).toBe(7);
});

test('compared periods: the one before, and a year ago for quarters and half years (not for a year)', () => {
  expect(comparisonPeriods('quarter', q('2026-Q3'), ZONE)).toEqual({ current: q('2026-Q3'), previous: q('2026-Q2'), yearAgo: q('2025-Q3') });
  expect(comparisonPeriods('half-year', q('2026-H2'), ZONE)).toEqual({ current: q('2026-H2'), previous: q('2026-H1'), yearAgo: q('2025-H2') });
  expect(comparisonPeriods('year', q('2026'), ZONE)).toEqual({ current: q('2026'), previous: q('2025'), yearAgo: undefined });
});

test('a quarterly review: per category now, before and a year ago; totals; the current period in detail', async () => {
  const { store, asked } = storeAnswering(
    {
      [q('2026-Q3').from]: stats({ total: 5, byCategory: { threat: 2, 'verbal-aggression': 3 }, registrationRequired: 4, patterns: 1, consented: 2, ackMillis: [1000, 3000, 8000], checkinsSent: 4, checkinsAnswered: 3, helpWithoutReport: 1 }),
      [q('2026-Q2').from]: stats({ total: 2, byCategory: { threat: 1, 'emotion-self': 1 } }),
      [q('2025-Q3').from]: stats({ total: 1, byCategory: { 'emotion-criticism': 1 } }),
    },
    stats({ sanctionsPending: 6 }),
    { open: 3, done: 2, created: 4, deviations: 1 },
  );
  const now = new Date('2026-10-01T07:00:00Z');
  const result = await reviewStatistics(store, 'kcc', 'quarter', q('2026-Q3'), ZONE, now);
  expect(result).toEqual({
    periods: { current: q('2026-Q3'), previous: q('2026-Q2'), yearAgo: q('2025-Q3') },
    categories: [
      { category: 'emotion-self', current: 0, previous: 1, yearAgo: 0 },
      { category: 'emotion-criticism', current: 0, previous: 0, yearAgo: 1 },
      { category: 'verbal-aggression', current: 3, previous: 0, yearAgo: 0 },
      { category: 'threat', current: 2, previous: 1, yearAgo: 0 },
    ],
    totals: { current: 5, previous: 2, yearAgo: 1 },
    registrationsRequired: 4,
    helpWithoutReport: 1,
    patterns: 1,
    consented: 2,
    ack: { count: 3, medianMs: 3000, p90Ms: 8000 },
    checkins: { sent: 4, answered: 3, share: 0.75 },
    sanctionsPending: 6,
    actions: { open: 3, doneInPeriod: 2, createdInPeriod: 4 },
    deviationsInPeriod: 1,
    measures: { started: 0, running: 0, ended: 0 },
  });
  const current = q('2026-Q3');
  expect(asked).toEqual([
    { teamId: 'kcc', from: current.from, to: current.to },
    { teamId: 'kcc', from: q('2026-Q2').from, to: q('2026-Q2').to },
    { teamId: 'kcc', from: q('2025-Q3').from, to: q('2025-Q3').to },
    { teamId: 'kcc', to: now.toISOString() },
    { teamId: 'kcc', kind: 'action', state: 'open' },
    { teamId: 'kcc', kind: 'action', doneFrom: current.from, doneTo: current.to },
    { teamId: 'kcc', kind: 'action', createdFrom: current.from, createdTo: current.to },
    { teamId: 'kcc', kind: 'deviation', createdFrom: current.from, createdTo: current.to },
    { teamIds: ['kcc'] },
  ]);
});

test('a yearly review has no year-ago column; no check-ins sent means no share', async () => {
  const { store, asked } = storeAnswering({ [q('2026').from]: stats({ total: 1, byCategory: { threat: 1 } }), [q('2025').from]: stats({}) }, stats({}), {});
  const result = await reviewStatistics(store, 'kcc', 'year', q('2026'), ZONE, new Date('2027-01-04T08:00:00Z'));
  expect(result.periods.yearAgo).toBeUndefined();
  expect(result.categories.find((c) => c.category === 'threat')).toEqual({ category: 'threat', current: 1, previous: 0, yearAgo: undefined });
  expect(result.totals).toEqual({ current: 1, previous: 0, yearAgo: undefined });
  expect(result.checkins).toEqual({ sent: 0, answered: 0, share: undefined });
  expect(result.ack).toEqual({ count: 0, medianMs: undefined, p90Ms: undefined });
  expect(asked.filter((w) => (w as { from?: string }).from !== undefined && !(w as { kind?: string }).kind)).toHaveLength(2);
});

describe('improvement actions: parsing and the agenda views (src/services/team-actions.ts)', () => {
  const team = parseTeamsConfig(`
teams:
  - id: noord
    name: KCC Noord
    people:
      - { id: anna, name: Anna de Vries, roles: [member] }
      - { id: annemiek, name: Annemiek Bos, roles: [member] }
      - { id: bram, name: Bram Jansen, roles: [member] }
      - { id: bas, name: Bram Smit, roles: [member] }
      - { id: eva, name: Eva Smit, roles: [lead] }
`).teams[0];
  const directory = new Directory([team]);

  test('the text with owner and due date in Dutch, English or colon form; a keyword at the end is text', () => {
    expect(parseActionText('  balie   ophogen @voor anna @uiterlijk 31-12 ')).toEqual({ text: 'balie ophogen', owner: 'anna', due: '31-12' });
    expect(parseActionText('x @OWNER bram @Due 2026-12-31')).toEqual({ text: 'x', owner: 'bram', due: '2026-12-31' });
    expect(parseActionText('voor: eva uiterlijk: 1-1 x')).toEqual({ text: 'x', owner: 'eva', due: '1-1' });
    expect(parseActionText('owner: eva due: 1-1 y')).toEqual({ text: 'y', owner: 'eva', due: '1-1' });
    expect(parseActionText('x @voor')).toEqual({ text: 'x @voor', owner: undefined, due: undefined });
    expect(parseActionText('x @voorbeeld y')).toEqual({ text: 'x @voorbeeld y', owner: undefined, due: undefined });
    expect(parseActionText('x voor eva')).toEqual({ text: 'x voor eva', owner: undefined, due: undefined });
    expect(parseActionText('x devoor: eva')).toEqual({ text: 'x devoor: eva', owner: undefined, due: undefined });
    expect(parseActionText('x @voor: eva')).toEqual({ text: 'x @voor: eva', owner: undefined, due: undefined });
    expect(parseActionText('')).toEqual({ text: '', owner: undefined, due: undefined });
  });

  test('due dates: ISO and Dutch, with or without a year, in the zone of today; nonsense or impossible dates none', () => {
    const today = DateTime.fromISO('2026-11-20T10:00', { zone: ZONE });
    expect(parseDueDate('2026-1-5', today)).toBe('2026-01-05');
    expect(parseDueDate('5-1-2027', today)).toBe('2027-01-05');
    expect(parseDueDate('5/1/2027', today)).toBe('2027-01-05');
    expect(parseDueDate('31-12', today)).toBe('2026-12-31');
    expect(parseDueDate('2026-13-01', today)).toBeUndefined();
    expect(parseDueDate('x2026-12-31', today)).toBeUndefined();
    expect(parseDueDate('2026-12-31x', today)).toBeUndefined();
    expect(parseDueDate('x31-12', today)).toBeUndefined();
    expect(parseDueDate('31-12x', today)).toBeUndefined();
    expect(parseDueDate('31-12-26', today)).toBeUndefined();
    expect(parseDueDate('', today)).toBeUndefined();
  });

  test('finding a person: id or full name in any case, a leading @; a first name only when it is one person', () => {
    expect(findPerson(team, 'ANNA')!.id).toBe('anna');
    expect(findPerson(team, '@eva')!.id).toBe('eva');
    expect(findPerson(team, ' Eva Smit ')!.id).toBe('eva');
    expect(findPerson(team, 'annemiek')!.id).toBe('annemiek');
    expect(findPerson(team, 'Annemiek')!.id).toBe('annemiek');
    expect(findPerson(team, 'bram')!.id).toBe('bram'); // the id wins over two Brams
    expect(findPerson(team, 'bram jansen')!.id).toBe('bram');
    expect(findPerson(team, 'smit')).toBeUndefined(); // a last name is not a first name
    expect(findPerson(team, 'kees')).toBeUndefined();
  });

  test('a first name shared by two people finds nobody', () => {
    const twins = { ...team, people: team.people.map((p) => (p.id === 'bram' ? { ...p, id: 'bj' } : p)) };
    expect(findPerson(twins, 'bram')).toBeUndefined();
    const one = { ...team, people: team.people.filter((p) => p.id !== 'bram') };
    expect(findPerson(one, 'bram')!.id).toBe('bas');
  });

  const action = (over: Partial<TeamAction>): TeamAction => ({ id: 'a1', teamId: 'noord', kind: 'action', number: 'A-1', text: 'balie', ownerId: 'anna', dueDate: '2026-11-20', createdBy: 'eva', createdAt: '2026-11-01T10:00:00.000Z', ...over });

  test('an agenda action: the owner by name, overdue only when open and past its date', () => {
    expect(toAgendaAction(action({}), directory, '2026-11-21')).toEqual({ id: 'a1', number: 'A-1', text: 'balie', ownerName: 'Anna de Vries', dueDate: '2026-11-20', overdue: true, doneAt: undefined });
    expect(toAgendaAction(action({}), directory, '2026-11-20').overdue).toBe(false);
    expect(toAgendaAction(action({ doneAt: '2026-11-19T10:00:00.000Z' }), directory, '2026-11-21').overdue).toBe(false);
    expect(toAgendaAction(action({ dueDate: undefined }), directory, '2026-11-21').overdue).toBe(false);
    expect(toAgendaAction(action({ ownerId: 'gone' }), directory, '2026-11-21').ownerName).toBe('gone');
  });

  test('an agenda deviation: who raised it by name', () => {
    expect(toAgendaDeviation(action({ kind: 'deviation', number: 'D-1' }), directory)).toEqual({ number: 'D-1', text: 'balie', byName: 'Eva Smit', createdAt: '2026-11-01T10:00:00.000Z' });
    expect(toAgendaDeviation(action({ createdBy: 'gone' }), directory).byName).toBe('gone');
  });
});

test("the measures of the review count by the team's local dates of the period", async () => {
  const measure = (id: string, startDate: string): CitizenMeasure => ({ id, teamId: 'kcc', citizenRef: 'Z-1', kind: 'warning-letter', startDate, instruction: '', incidentId: id, decidedBy: 'dirk', decidedAt: `${startDate}T08:00:00.000Z` });
  // Q4 in Amsterdam runs from 2026-09-30T22:00Z to 2026-12-31T23:00Z: local dates 1 October up to 1 January.
  const started = async (...measures: CitizenMeasure[]) => {
    const { store } = storeAnswering({ [q('2026-Q4').from]: stats({}), [q('2026-Q3').from]: stats({}), [q('2025-Q4').from]: stats({}) }, stats({}), {}, measures);
    return (await reviewStatistics(store, 'kcc', 'quarter', q('2026-Q4'), ZONE, new Date('2027-01-04T08:00:00Z'))).measures?.started;
  };
  expect(await started(measure('first-day', '2026-10-01'), measure('last-day', '2026-12-31'))).toBe(2);
  expect(await started(measure('day-before', '2026-09-30'))).toBe(0);
});
