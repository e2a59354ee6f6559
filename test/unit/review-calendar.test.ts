/** The review calendar: meeting days (weekly, every other week, holidays), the periodic reviews, ids, the dilemma. */
import { DateTime } from 'luxon';
import { parseTeamsConfig, type TeamConfig } from '../../src/config';
import { isMeetingDate, nextMeeting, nextOccurrence, nextOccurrences, nextPeriodic, occurrenceFor, REVIEW_TYPES, parsePeriod, previousMeeting, shiftPeriod } from '../../src/services/review-calendar';
import { dilemmaFor, DEFAULT_DILEMMAS } from '../../src/services/reviews';

function team(extra = ''): TeamConfig {
  return parseTeamsConfig(`
teams:
  - id: kcc
    name: KCC
    people: [{ id: eva, name: Eva }]
${extra}
`).teams[0];
}

const local = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Amsterdam' }).toFormat('ccc yyyy-MM-dd HH:mm');

test('defaults: weekly on Tuesday 10:00, the agenda an hour before; reviews at 09:00', () => {
  const t = team();
  expect(t.meetings).toEqual({ weekday: 2, time: '10:00', every: 1, postBefore: 'PT1H', reviewTime: '09:00' });
  expect(t.dilemmas).toBeUndefined();
  const next = nextMeeting(t, new Date('2026-11-20T12:00:00Z'))!;
  expect(next.id).toBe('review:kcc:meeting:2026-11-24');
  expect(local(next.dueAt)).toBe('Tue 2026-11-24 09:00');
  expect(local(next.meetingAt!)).toBe('Tue 2026-11-24 10:00');
});

test('the next agenda is strictly after the instant; a meeting on a public holiday is skipped', () => {
  const t = team('    meetings: { weekday: 1, time: "13:30", postBefore: P1D }');
  // Monday 28 December 2026 13:30 → agenda Sunday 27 December 13:30.
  expect(local(nextMeeting(t, new Date('2026-12-20T00:00:00Z'))!.dueAt)).toBe('Sun 2026-12-20 13:30');
  // Easter Monday 2027 is 29 March: that meeting is skipped.
  const afterEaster = nextMeeting(t, new Date('2027-03-23T12:00:00Z'))!;
  expect(afterEaster.id).toBe('review:kcc:meeting:2027-04-05');
  expect(isMeetingDate(t, DateTime.fromISO('2027-03-29', { zone: 'Europe/Amsterdam' }))).toBe(false);
  // Exactly at the due instant: the next one.
  const due = nextMeeting(t, new Date('2026-11-01T00:00:00Z'))!;
  expect(nextMeeting(t, new Date(due.dueAt))!.id).not.toBe(due.id);
});

test('every other week, anchored on firstWeek; DST does not move the wall-clock time', () => {
  const t = team('    meetings: { weekday: 4, time: "09:00", every: 2, firstWeek: "2026-10-19" }');
  const a = nextMeeting(t, new Date('2026-10-19T00:00:00Z'))!;
  const b = nextMeeting(t, new Date(a.dueAt))!;
  const c = nextMeeting(t, new Date(b.dueAt))!;
  expect([a, b, c].map((o) => o.period.label)).toEqual(['2026-10-22', '2026-11-05', '2026-11-19']);
  expect([a, b].map((o) => local(o.meetingAt!))).toEqual(['Thu 2026-10-22 09:00', 'Thu 2026-11-05 09:00']);
  expect(previousMeeting(t, b)!.id).toBe(a.id);
});

test('quarterly, half-yearly and yearly reviews: first working day of the period, about the one before', () => {
  const t = team();
  const q = nextPeriodic(t, 'quarter', new Date('2026-09-30T10:00:00Z'));
  expect(q).toMatchObject({ id: 'review:kcc:quarter:2026-Q3', period: { label: '2026-Q3', from: '2026-06-30T22:00:00.000Z', to: '2026-09-30T22:00:00.000Z' } });
  expect(local(q.dueAt)).toBe('Thu 2026-10-01 09:00');
  // 1 January 2027 is a Friday and a holiday: Monday the 4th.
  expect(local(nextPeriodic(t, 'quarter', new Date('2026-12-01T00:00:00Z')).dueAt)).toBe('Mon 2027-01-04 09:00');
  expect(nextPeriodic(t, 'half-year', new Date('2026-12-01T00:00:00Z'))).toMatchObject({ id: 'review:kcc:half-year:2026-H2' });
  expect(nextPeriodic(t, 'year', new Date('2026-12-01T00:00:00Z'))).toMatchObject({ id: 'review:kcc:year:2026' });
  // Just after the post: the next quarter's.
  expect(nextPeriodic(t, 'quarter', new Date(q.dueAt)).id).toBe('review:kcc:quarter:2026-Q4');
  // 1 April 2029 is Easter Sunday, 2 April Easter Monday: Tuesday the 3rd.
  expect(local(nextPeriodic(t, 'quarter', new Date('2029-03-01T00:00:00Z')).dueAt)).toBe('Tue 2029-04-03 09:00');
});

test('occurrenceFor recomputes a job\'s occurrence and refuses one the configuration no longer has', () => {
  const t = team();
  expect(occurrenceFor(t, 'quarter', '2026-Q3')!.id).toBe('review:kcc:quarter:2026-Q3');
  expect(occurrenceFor(t, 'meeting', '2026-11-24')!.id).toBe('review:kcc:meeting:2026-11-24');
  expect(occurrenceFor(t, 'meeting', '2026-11-25')).toBeUndefined(); // a Wednesday
  expect(occurrenceFor(t, 'quarter', '2026-H1')).toBeUndefined();
});

test('periods: parse, shift back, a year ago', () => {
  const q4 = parsePeriod('2026-Q4', 'Europe/Amsterdam')!;
  expect(q4.type).toBe('quarter');
  expect(shiftPeriod('quarter', q4.period, 'Europe/Amsterdam', 1).label).toBe('2026-Q3');
  expect(shiftPeriod('quarter', q4.period, 'Europe/Amsterdam', 4).label).toBe('2025-Q4');
  expect(parsePeriod('2026-H2', 'Europe/Amsterdam')!.period).toEqual({ label: '2026-H2', from: '2026-06-30T22:00:00.000Z', to: '2026-12-31T23:00:00.000Z' });
  expect(parsePeriod('2026', 'Europe/Amsterdam')!.type).toBe('year');
  expect(parsePeriod('Q4', 'Europe/Amsterdam')).toBeUndefined();
});

test('dilemmas in turn: the configured list, else seed 004\'s six in the team language', () => {
  const t = team();
  const seen = ['2026-01-06', '2026-01-13', '2026-01-20', '2026-01-27', '2026-02-03', '2026-02-10', '2026-02-17'].map((d) => dilemmaFor(t, d));
  expect(seen.slice(0, 6)).toEqual([...DEFAULT_DILEMMAS.nl]);
  expect(seen[6]).toBe(DEFAULT_DILEMMAS.nl[0]);
  const own = team('    dilemmas: ["Eigen dilemma A", "Eigen dilemma B"]\n    meetings: { every: 2 }');
  expect([dilemmaFor(own, '2026-01-06'), dilemmaFor(own, '2026-01-20'), dilemmaFor(own, '2026-02-03')]).toEqual(['Eigen dilemma A', 'Eigen dilemma B', 'Eigen dilemma A']);
});

test('bad meeting configuration is refused with its path', () => {
  expect(() => team('    meetings: { weekday: 8 }')).toThrow(/meetings\.weekday/);
  expect(() => team('    meetings: { every: 3 }')).toThrow(/meetings\.every/);
  expect(() => team('    meetings: { time: "25:00" }')).toThrow(/meetings\.time/);
  expect(() => team('    dilemmas: []')).toThrow(/dilemmas/);
});

test('nextOccurrences for many teams: the same as nextOccurrence team by team, shared settings or not', () => {
  const teams = parseTeamsConfig(`
teams:
  - { id: a, name: A, people: [{ id: p1, name: P }] }
  - { id: b, name: B, people: [{ id: p2, name: P }] }
  - { id: c, name: C, people: [{ id: p3, name: P }], meetings: { weekday: 4, time: "14:00", every: 2, firstWeek: "2026-11-26" } }
  - { id: d, name: D, timezone: Europe/London, people: [{ id: p4, name: P }] }
  - { id: e, name: E, people: [{ id: p5, name: P }], meetings: { reviewTime: "11:30" } }
`).teams;
  for (const at of ['2026-11-20T12:00:00Z', '2026-12-31T23:30:00Z', '2027-03-28T01:30:00Z']) {
    const after = new Date(at);
    const expected = teams.flatMap((team) => REVIEW_TYPES.map((type) => ({ team: team.id, type, occurrence: nextOccurrence(team, type, after) })));
    expect(nextOccurrences(teams, after).map(({ team, type, occurrence }) => ({ team: team.id, type, occurrence }))).toEqual(expected);
  }
  // Shared or not, every id names its own team.
  expect(new Set(nextOccurrences(teams, new Date('2026-11-20T12:00:00Z')).map((o) => o.occurrence.id)).size).toBe(teams.length * REVIEW_TYPES.length);
});
