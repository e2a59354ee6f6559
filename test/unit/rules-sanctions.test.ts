/** The decision deadline in working days (afterWorkingDays, src/services/sanctions.ts). */
import { afterWorkingDays } from '../../src/services/sanctions';

const zone = 'Europe/Amsterdam';
const at = (iso: string) => afterWorkingDays(new Date(iso), 0, zone).toISOString();

test('n working days later at the same local time: weekends and Dutch public holidays skipped', () => {
  // Monday 23 November 2026, 10:00 in Amsterdam.
  const monday = new Date('2026-11-23T09:00:00.000Z');
  expect(afterWorkingDays(monday, 1, zone).toISOString()).toBe('2026-11-24T09:00:00.000Z');
  expect(afterWorkingDays(monday, 5, zone).toISOString()).toBe('2026-11-30T09:00:00.000Z');
  // Friday → Monday.
  expect(afterWorkingDays(new Date('2026-11-20T09:00:00.000Z'), 1, zone).toISOString()).toBe('2026-11-23T09:00:00.000Z');
  // Saturday → Monday is the first working day after it.
  expect(afterWorkingDays(new Date('2026-11-21T09:00:00.000Z'), 1, zone).toISOString()).toBe('2026-11-23T09:00:00.000Z');
  // Thursday 24 December: Christmas (Fri 25, Sat 26) and the weekend skipped.
  expect(afterWorkingDays(new Date('2026-12-24T09:00:00.000Z'), 1, zone).toISOString()).toBe('2026-12-28T09:00:00.000Z');
  expect(afterWorkingDays(new Date('2026-12-24T09:00:00.000Z'), 3, zone).toISOString()).toBe('2026-12-30T09:00:00.000Z');
});

test('zero working days is the same instant; the local time holds across the change to winter time', () => {
  expect(at('2026-11-21T09:00:00.000Z')).toBe('2026-11-21T09:00:00.000Z');
  // Friday 23 October 10:00 summer time (08:00Z) → Monday 26 October 10:00 winter time (09:00Z).
  expect(afterWorkingDays(new Date('2026-10-23T08:00:00.000Z'), 1, zone).toISOString()).toBe('2026-10-26T09:00:00.000Z');
  // In another zone the days are that zone's: Friday 23:30 UTC is Saturday in Amsterdam.
  expect(afterWorkingDays(new Date('2026-11-20T23:30:00.000Z'), 1, 'UTC').toISOString()).toBe('2026-11-23T23:30:00.000Z');
  expect(afterWorkingDays(new Date('2026-11-20T23:30:00.000Z'), 1, zone).toISOString()).toBe('2026-11-22T23:30:00.000Z'); // Monday 00:30
  expect(afterWorkingDays(new Date('2026-11-19T23:30:00.000Z'), 1, 'UTC').toISOString()).toBe('2026-11-20T23:30:00.000Z');
  expect(afterWorkingDays(new Date('2026-11-19T23:30:00.000Z'), 1, zone).toISOString()).toBe('2026-11-22T23:30:00.000Z');
});
