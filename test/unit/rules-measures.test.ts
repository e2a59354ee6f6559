/** Dates, "in force" and the quarterly counts of measures on citizen references (src/services/measures.ts). */
import { inForce, isDate, measureCounts } from '../../src/services/measures';
import type { CitizenMeasure } from '../../src/services/model';

const measure = (id: string, startDate: string, endDate?: string, endedAt?: string): CitizenMeasure => ({
  id,
  teamId: 'noord',
  citizenRef: 'Z-1',
  kind: endDate ? 'contact-ban' : 'warning-letter',
  startDate,
  endDate,
  instruction: 'Alleen schriftelijk contact',
  incidentId: `inc-${id}`,
  decidedBy: 'dirk',
  decidedAt: `${startDate}T08:00:00.000Z`,
  endedAt,
  endedBy: endedAt ? 'dirk' : undefined,
});

test('a date is a real calendar day written YYYY-MM-DD', () => {
  expect(isDate('2026-11-20')).toBe(true);
  expect(isDate('2028-02-29')).toBe(true);
  expect(isDate('2026-02-30')).toBe(false);
  expect(isDate('2026-13-01')).toBe(false);
  expect(isDate('2026-1-20')).toBe(false);
  expect(isDate(' 2026-11-20')).toBe(false);
  expect(isDate('2026-11-20T10:00')).toBe(false);
  expect(isDate('x2026-11-20')).toBe(false);
  expect(isDate(20261120)).toBe(false);
  expect(isDate(undefined)).toBe(false);
});

test('in force from its first to its last day, not after an early end, never for a one-off', () => {
  const ban = measure('a', '2026-11-01', '2026-11-30');
  expect(inForce(ban, '2026-10-31')).toBe(false);
  expect(inForce(ban, '2026-11-01')).toBe(true);
  expect(inForce(ban, '2026-11-15')).toBe(true);
  expect(inForce(ban, '2026-11-30')).toBe(true);
  expect(inForce(ban, '2026-12-01')).toBe(false);
  expect(inForce(measure('b', '2026-11-01', '2026-11-30', '2026-11-10T09:00:00.000Z'), '2026-11-15')).toBe(false);
  expect(inForce(measure('c', '2026-11-01'), '2026-11-01')).toBe(false);
});

test('the quarter counts: started in it, running at its end, ended in it (early or on the end date)', () => {
  const from = '2026-10-01';
  const to = '2027-01-01';
  const zone = 'Europe/Amsterdam';
  const count = (...ms: CitizenMeasure[]) => measureCounts(ms, from, to, zone);
  expect(count()).toEqual({ started: 0, running: 0, ended: 0 });
  // A one-off started in the quarter: started, neither running nor ended.
  expect(count(measure('letter', '2026-10-05'))).toEqual({ started: 1, running: 0, ended: 0 });
  // A one-off before the quarter: nothing.
  expect(count(measure('old-letter', '2026-09-30'))).toEqual({ started: 0, running: 0, ended: 0 });
  // Started on the first day and running past the end.
  expect(count(measure('a', '2026-10-01', '2027-03-31'))).toEqual({ started: 1, running: 1, ended: 0 });
  // Started before the quarter, running until its last day: ended in it.
  expect(count(measure('b', '2026-06-01', '2026-12-31'))).toEqual({ started: 0, running: 0, ended: 1 });
  // Ends on the first day after the quarter: still running at its end.
  expect(count(measure('c', '2026-06-01', '2027-01-01'))).toEqual({ started: 0, running: 1, ended: 0 });
  // Ended before the quarter began: not counted; ended on its first day: ended in it.
  expect(count(measure('d', '2026-06-01', '2026-09-30'))).toEqual({ started: 0, running: 0, ended: 0 });
  expect(count(measure('e', '2026-06-01', '2026-10-01'))).toEqual({ started: 0, running: 0, ended: 1 });
  // Starts on the first day after the quarter: nothing, also when that is its only day.
  expect(count(measure('f', '2027-01-01', '2027-06-30'))).toEqual({ started: 0, running: 0, ended: 0 });
  expect(count(measure('g', '2027-01-01', '2027-01-01'))).toEqual({ started: 0, running: 0, ended: 0 });
});

test('an early end counts on its local day, and only when it is before the end date', () => {
  const from = '2026-10-01';
  const to = '2027-01-01';
  // Ended early on 31 December at 23:30 UTC = 1 January in Amsterdam: running at the end of the quarter.
  const lateNight = measure('a', '2026-10-10', '2027-06-30', '2026-12-31T23:30:00.000Z');
  expect(measureCounts([lateNight], from, to, 'Europe/Amsterdam')).toEqual({ started: 1, running: 1, ended: 0 });
  expect(measureCounts([lateNight], from, to, 'UTC')).toEqual({ started: 1, running: 0, ended: 1 });
  // Ended "early" after its end date (ended late by hand): the end date counts.
  const pastEnd = measure('b', '2026-06-01', '2026-09-15', '2026-10-20T10:00:00.000Z');
  expect(measureCounts([pastEnd], from, to, 'Europe/Amsterdam')).toEqual({ started: 0, running: 0, ended: 0 });
  // A one-off ended by hand in the quarter: ended (its early end is its last day).
  const oneOff = measure('c', '2026-06-01', undefined, '2026-11-02T10:00:00.000Z');
  expect(measureCounts([oneOff], from, to, 'Europe/Amsterdam')).toEqual({ started: 0, running: 0, ended: 1 });
  // Several together add up.
  expect(measureCounts([lateNight, pastEnd, oneOff, measure('d', '2026-11-01', '2026-11-30')], from, to, 'UTC')).toEqual({ started: 2, running: 0, ended: 3 });
});
