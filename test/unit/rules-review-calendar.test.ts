/** The review calendar's rules (src/services/review-calendar.ts): meeting weeks, period labels, the first working day. */
import { DateTime, Settings } from 'luxon';
import { parseTeamsConfig, type TeamConfig } from '../../src/config';
import {
  REVIEW_TYPES,
  isMeetingDate,
  nextMeeting,
  nextOccurrence,
  nextPeriodic,
  occurrenceFor,
  parsePeriod,
  periodAt,
  periodLabel,
  previousMeeting,
  reviewJobId,
  shiftPeriod,
} from '../../src/services/review-calendar';

const ZONE = 'Europe/Amsterdam';
function team(meetings = ''): TeamConfig {
  return parseTeamsConfig(`
teams:
  - id: kcc
    name: KCC
    people: [{ id: eva, name: Eva }]
${meetings ? `    meetings: ${meetings}` : ''}
`).teams[0];
}
const day = (date: string) => DateTime.fromISO(date, { zone: ZONE });
const local = (iso: string | undefined) => DateTime.fromISO(iso!, { zone: ZONE }).toFormat('ccc yyyy-MM-dd HH:mm');

test('the review types and job ids', () => {
  expect(REVIEW_TYPES).toEqual(['meeting', 'quarter', 'half-year', 'year']);
  expect(reviewJobId('kcc', 'quarter', '2026-Q3')).toBe('review:kcc:quarter:2026-Q3');
});

test('a team without meetings configured meets weekly on Tuesday at 10:00', () => {
  const t = { ...team(), meetings: undefined } as unknown as TeamConfig;
  expect(isMeetingDate(t, day('2026-11-24'))).toBe(true);
  expect(isMeetingDate(t, day('2026-11-25'))).toBe(false);
  const next = nextMeeting(t, new Date('2026-11-20T12:00:00Z'))!;
  expect(local(next.meetingAt)).toBe('Tue 2026-11-24 10:00');
  expect(local(next.dueAt)).toBe('Tue 2026-11-24 09:00');
  expect(next).toMatchObject({ id: 'review:kcc:meeting:2026-11-24', teamId: 'kcc', type: 'meeting', period: { label: '2026-11-24', from: next.meetingAt, to: next.meetingAt } });
});

test('a fortnightly meeting without firstWeek is held in the weeks of 5 January 2026, every other week', () => {
  const t = team('{ weekday: 2, every: 2 }');
  expect(isMeetingDate(t, day('2026-01-06'))).toBe(true); // ISO week 2
  expect(isMeetingDate(t, day('2026-01-13'))).toBe(false);
  expect(isMeetingDate(t, day('2026-01-20'))).toBe(true);
  expect(isMeetingDate(t, day('2025-12-30'))).toBe(false); // before the anchor: parity still holds
  expect(isMeetingDate(t, day('2025-12-23'))).toBe(true);
  expect(nextMeeting(t, new Date('2026-01-07T00:00:00Z'))!.period.label).toBe('2026-01-20');
});

test('a fortnightly meeting with firstWeek meets in that week and every other one after', () => {
  const t = team('{ weekday: 4, every: 2, firstWeek: "2026-11-16" }');
  expect(isMeetingDate(t, day('2026-11-19'))).toBe(true);
  expect(isMeetingDate(t, day('2026-11-26'))).toBe(false);
  expect(isMeetingDate(t, day('2026-12-03'))).toBe(true);
  expect(isMeetingDate(t, day('2026-11-12'))).toBe(false);
  expect(isMeetingDate(t, day('2026-11-18'))).toBe(false); // the right week, the wrong day
});

test('a meeting on a public holiday is not held; the next one is the week after', () => {
  const t = team('{ weekday: 5 }');
  expect(isMeetingDate(t, day('2026-12-25'))).toBe(false);
  expect(nextMeeting(t, new Date('2026-12-19T00:00:00Z'))!.period.label).toBe('2027-01-08'); // 1 January too
  expect(previousMeeting(t, nextMeeting(t, new Date('2026-12-19T00:00:00Z'))!)!.period.label).toBe('2026-12-18');
});

test('the agenda is due postBefore ahead; the next one is strictly after the instant', () => {
  const t = team('{ weekday: 2, time: "14:15", postBefore: PT30M }');
  const next = nextMeeting(t, new Date('2026-11-24T12:44:59Z'))!;
  expect(local(next.dueAt)).toBe('Tue 2026-11-24 13:45');
  expect(local(next.meetingAt)).toBe('Tue 2026-11-24 14:15');
  expect(nextMeeting(t, new Date(next.dueAt))!.period.label).toBe('2026-12-01');
  expect(nextMeeting(t, new Date(Date.parse(next.dueAt) - 1))!.period.label).toBe('2026-11-24');
  // The day itself counts from its start in the team zone.
  expect(nextMeeting(t, new Date('2026-11-23T23:30:00Z'))!.period.label).toBe('2026-11-24');
});

test('no meeting day within 400 days: none', () => {
  const t = { ...team(), meetings: { weekday: 8, time: '10:00', every: 1, postBefore: 'PT1H', reviewTime: '09:00' } } as unknown as TeamConfig;
  expect(nextMeeting(t, new Date('2026-11-20T00:00:00Z'))).toBeUndefined();
  expect(previousMeeting(t, { id: 'x', teamId: 'kcc', type: 'meeting', dueAt: '', period: { label: '2026-11-24', from: '', to: '' } })).toBeUndefined();
});

test('the previous meeting: the meeting day before, skipping the days between', () => {
  const t = team('{ weekday: 2 }');
  const meeting = occurrenceFor(t, 'meeting', '2026-11-24')!;
  expect(previousMeeting(t, meeting)!.period.label).toBe('2026-11-17');
  expect(previousMeeting(t, meeting)!.id).toBe('review:kcc:meeting:2026-11-17');
});

test('period labels: January–June is H1, July–December H2; quarters by month', () => {
  const at = (month: number) => DateTime.fromObject({ year: 2026, month, day: 1 }, { zone: ZONE });
  expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => periodLabel('half-year', at(m)))).toEqual([
    ...Array(6).fill('2026-H1'),
    ...Array(6).fill('2026-H2'),
  ]);
  expect([1, 3, 4, 6, 7, 9, 10, 12].map((m) => periodLabel('quarter', at(m)))).toEqual(['2026-Q1', '2026-Q1', '2026-Q2', '2026-Q2', '2026-Q3', '2026-Q3', '2026-Q4', '2026-Q4']);
  expect(periodLabel('year', at(7))).toBe('2026');
});

test('periods: [from, to) from local midnight, a quarter three months, a half year six, a year twelve', () => {
  const start = DateTime.fromObject({ year: 2026, month: 4, day: 1, hour: 15 }, { zone: ZONE });
  expect(periodAt('quarter', start)).toEqual({ label: '2026-Q2', from: '2026-03-31T22:00:00.000Z', to: '2026-06-30T22:00:00.000Z' });
  expect(periodAt('half-year', start.set({ month: 1 }))).toEqual({ label: '2026-H1', from: '2025-12-31T23:00:00.000Z', to: '2026-06-30T22:00:00.000Z' });
  expect(periodAt('year', start.set({ month: 1 }))).toEqual({ label: '2026', from: '2025-12-31T23:00:00.000Z', to: '2026-12-31T23:00:00.000Z' });
});

test('parsePeriod reads quarters, half years and years, trimmed and in any case; anything else is none', () => {
  expect(parsePeriod('2026-Q4', ZONE)).toEqual({ type: 'quarter', period: { label: '2026-Q4', from: '2026-09-30T22:00:00.000Z', to: '2026-12-31T23:00:00.000Z' } });
  expect(parsePeriod(' 2026-q1 ', ZONE)!.period.label).toBe('2026-Q1');
  expect(parsePeriod('2026-Q2', ZONE)!.period.from).toBe('2026-03-31T22:00:00.000Z');
  expect(parsePeriod('2026-Q3', ZONE)!.period.from).toBe('2026-06-30T22:00:00.000Z');
  expect(parsePeriod('2026-H1', ZONE)).toEqual({ type: 'half-year', period: { label: '2026-H1', from: '2025-12-31T23:00:00.000Z', to: '2026-06-30T22:00:00.000Z' } });
  expect(parsePeriod('2026-h2', ZONE)).toEqual({ type: 'half-year', period: { label: '2026-H2', from: '2026-06-30T22:00:00.000Z', to: '2026-12-31T23:00:00.000Z' } });
  expect(parsePeriod('2026', ZONE)).toEqual({ type: 'year', period: { label: '2026', from: '2025-12-31T23:00:00.000Z', to: '2026-12-31T23:00:00.000Z' } });
  for (const label of ['2026-Q5', '2026-H3', '26-Q1', '2026-Q1x', 'x2026', '2026-', '']) expect(parsePeriod(label, ZONE)).toBeUndefined();
});

test('shiftPeriod: the same kind, steps earlier', () => {
  const q4 = parsePeriod('2026-Q4', ZONE)!.period;
  expect(shiftPeriod('quarter', q4, ZONE, 1).label).toBe('2026-Q3');
  expect(shiftPeriod('quarter', q4, ZONE, 4).label).toBe('2025-Q4');
  expect(shiftPeriod('half-year', parsePeriod('2026-H1', ZONE)!.period, ZONE, 1).label).toBe('2025-H2');
  expect(shiftPeriod('year', parsePeriod('2026', ZONE)!.period, ZONE, 1)).toEqual(parsePeriod('2025', ZONE)!.period);
});

test('the periodic reviews: on the first working day of the period, at reviewTime, about the period before', () => {
  const t = team('{ reviewTime: "08:30" }');
  // 1 January 2027 is a holiday (Friday): the yearly and half-yearly reviews come on Monday 4 January.
  const year = nextPeriodic(t, 'year', new Date('2026-11-20T00:00:00Z'));
  expect(year).toMatchObject({ id: 'review:kcc:year:2026', teamId: 'kcc', type: 'year', period: { label: '2026' } });
  expect(local(year.dueAt)).toBe('Mon 2027-01-04 08:30');
  const half = nextPeriodic(t, 'half-year', new Date('2026-11-20T00:00:00Z'));
  expect(half.period.label).toBe('2026-H2');
  expect(local(half.dueAt)).toBe('Mon 2027-01-04 08:30');
  const halfInSpring = nextPeriodic(t, 'half-year', new Date('2026-03-01T00:00:00Z'));
  expect(halfInSpring.period.label).toBe('2026-H1');
  expect(local(halfInSpring.dueAt)).toBe('Wed 2026-07-01 08:30');
  const quarter = nextPeriodic(t, 'quarter', new Date('2026-08-15T00:00:00Z'));
  expect(quarter.period.label).toBe('2026-Q3');
  expect(local(quarter.dueAt)).toBe('Thu 2026-10-01 08:30');
  // On the due day itself, before and after the time.
  expect(nextPeriodic(t, 'quarter', new Date('2026-10-01T06:29:00Z')).period.label).toBe('2026-Q3');
  expect(nextPeriodic(t, 'quarter', new Date('2026-10-01T06:30:00Z')).period.label).toBe('2026-Q4');
  // A quarter starting on a weekend: 1 July 2028 is a Saturday → Monday 3 July.
  expect(local(nextPeriodic(t, 'quarter', new Date('2028-05-01T00:00:00Z')).dueAt)).toBe('Mon 2028-07-03 08:30');
});

test('nextOccurrence: meetings and periodic reviews alike', () => {
  const t = team('{ weekday: 2 }');
  expect(nextOccurrence(t, 'meeting', new Date('2026-11-20T00:00:00Z'))!.period.label).toBe('2026-11-24');
  expect(nextOccurrence(t, 'quarter', new Date('2026-11-20T00:00:00Z'))!.period.label).toBe('2026-Q4');
});

test('occurrenceFor recomputes a job only when it still fits the configuration', () => {
  const t = team('{ weekday: 2 }');
  expect(occurrenceFor(t, 'meeting', '2026-11-24')!.id).toBe('review:kcc:meeting:2026-11-24');
  expect(occurrenceFor(t, 'meeting', '2026-11-25')).toBeUndefined();
  expect(occurrenceFor(t, 'meeting', 'not-a-date')).toBeUndefined();
  const q3 = occurrenceFor(t, 'quarter', '2026-Q3')!;
  expect(q3.id).toBe('review:kcc:quarter:2026-Q3');
  expect(local(q3.dueAt)).toBe('Thu 2026-10-01 09:00');
  expect(occurrenceFor(t, 'quarter', '2026-H1')).toBeUndefined();
  expect(occurrenceFor(t, 'year', 'x')).toBeUndefined();
  expect(occurrenceFor(t, 'half-year', '2026-H1')!.period.label).toBe('2026-H1');
});

test("meeting weeks and days are the team's, whatever the server's time zone", () => {
  const server = Settings.defaultZone;
  try {
    Settings.defaultZone = 'Pacific/Auckland';
    const fortnightly = team('{ weekday: 2, every: 2, firstWeek: "2026-11-16" }');
    expect([isMeetingDate(fortnightly, day('2026-11-17')), isMeetingDate(fortnightly, day('2026-11-24')), isMeetingDate(fortnightly, day('2026-12-01'))]).toEqual([true, false, true]);
    const weekly = team('{ weekday: 2 }');
    expect(occurrenceFor(weekly, 'meeting', '2026-11-24')!.period.label).toBe('2026-11-24');
    expect(occurrenceFor(weekly, 'meeting', '2026-11-25')).toBeUndefined();
    expect(previousMeeting(weekly, occurrenceFor(weekly, 'meeting', '2026-11-24')!)!.period.label).toBe('2026-11-17');
  } finally {
    Settings.defaultZone = server;
  }
});

test('a review posted at midnight on the first working day still belongs to the period before', () => {
  const midnight = team('{ reviewTime: "00:00" }');
  const q3 = occurrenceFor(midnight, 'quarter', '2026-Q3')!; // 1 October 2026 is a Thursday
  expect(q3.period.label).toBe('2026-Q3');
  expect(local(q3.dueAt)).toBe('Thu 2026-10-01 00:00');
});
