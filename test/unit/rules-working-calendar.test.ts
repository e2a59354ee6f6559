/** Working hours, Dutch public holidays and DST-safe wall-clock arithmetic (src/services/working-calendar.ts). */
import { DateTime, IANAZone } from 'luxon';
import {
  DEFAULT_WORKING_CALENDAR,
  atWallClock,
  dateOf,
  firstWindowFrom,
  isDutchPublicHoliday,
  isValidZone,
  isWithinWorkingHours,
  isWorkingDay,
  latestWorkingMomentAtOrBefore,
  nextWorkingMoment,
  parseWorkingHours,
  remember,
  wallClockOn,
  workingMinutesBefore,
  type WorkingCalendar,
} from '../../src/services/working-calendar';

const ZONE = 'Europe/Amsterdam';
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const iso = (dt: DateTime | null) => (dt ? dt.setZone(ZONE).toISO({ suppressMilliseconds: true }) : null);
const SHIFT: WorkingCalendar = { timezone: ZONE, workingHours: { days: [2, 4], start: '08:30', end: '12:15' } };

describe('isWithinWorkingHours (Monday–Friday 09:00–17:00 in Amsterdam by default)', () => {
  test('from 09:00 up to, not including, 17:00 on a working day', () => {
    expect(isWithinWorkingHours(local('2026-11-20T09:00'))).toBe(true);
    expect(isWithinWorkingHours(local('2026-11-20T08:59:59'))).toBe(false);
    expect(isWithinWorkingHours(local('2026-11-20T16:59:59'))).toBe(true);
    expect(isWithinWorkingHours(local('2026-11-20T17:00'))).toBe(false);
    expect(isWithinWorkingHours(local('2026-11-20T12:00'))).toBe(true);
  });
  test('not on a weekend, not on a public holiday', () => {
    expect(isWithinWorkingHours(local('2026-11-21T10:00'))).toBe(false); // Saturday
    expect(isWithinWorkingHours(local('2026-11-22T10:00'))).toBe(false); // Sunday
    expect(isWithinWorkingHours(local('2026-12-25T10:00'))).toBe(false); // Christmas, a Friday
    expect(isWithinWorkingHours(local('2026-04-27T10:00'))).toBe(false); // King's Day, a Monday
    expect(isWithinWorkingHours(local('2026-04-28T10:00'))).toBe(true);
  });
  test('read in the team zone, whatever the zone of the moment', () => {
    expect(isWithinWorkingHours(DateTime.fromISO('2026-11-20T08:30:00Z'))).toBe(true); // 09:30 local
    expect(isWithinWorkingHours(DateTime.fromISO('2026-11-20T16:30:00Z'))).toBe(false); // 17:30 local
    expect(isWithinWorkingHours(DateTime.fromISO('2026-11-20T07:30:00Z'), { ...DEFAULT_WORKING_CALENDAR, timezone: 'Asia/Tokyo' })).toBe(true); // 16:30 in Tokyo
  });
  test('other working hours: their days, their start and end', () => {
    expect(isWithinWorkingHours(local('2026-11-19T08:30'), SHIFT)).toBe(true); // Thursday
    expect(isWithinWorkingHours(local('2026-11-19T12:14'), SHIFT)).toBe(true);
    expect(isWithinWorkingHours(local('2026-11-19T12:15'), SHIFT)).toBe(false);
    expect(isWithinWorkingHours(local('2026-11-19T08:29'), SHIFT)).toBe(false);
    expect(isWithinWorkingHours(local('2026-11-20T10:00'), SHIFT)).toBe(false); // Friday
  });
  test('an invalid moment or zone is an error', () => {
    expect(() => isWithinWorkingHours(DateTime.invalid('x'))).toThrow('isWithinWorkingHours: invalid date or zone');
    expect(() => isWithinWorkingHours(local('2026-11-20T10:00'), { ...DEFAULT_WORKING_CALENDAR, timezone: 'Mars/Olympus' })).toThrow(/isWithinWorkingHours/);
  });
});

describe('working days and holidays', () => {
  test('the Dutch public holidays of 2026, in the date of the given zone', () => {
    const holidays = ['2026-01-01', '2026-04-06', '2026-04-27', '2026-05-14', '2026-05-25', '2026-12-25', '2026-12-26'];
    for (const day of holidays) expect(isDutchPublicHoliday(local(`${day}T12:00`))).toBe(true);
    expect(isDutchPublicHoliday(local('2026-11-20T12:00'))).toBe(false);
    expect(isDutchPublicHoliday(local('2027-01-01T00:00'))).toBe(true);
    // 23:30 UTC on 24 December is Christmas already in Amsterdam, not in UTC.
    expect(isDutchPublicHoliday(DateTime.fromISO('2026-12-24T23:30:00Z', { zone: ZONE }))).toBe(true);
    expect(isDutchPublicHoliday(DateTime.fromISO('2026-12-24T23:30:00Z', { zone: 'UTC' }))).toBe(false);
    expect(() => isDutchPublicHoliday(DateTime.invalid('x'))).toThrow('isDutchPublicHoliday: invalid date');
  });
  test('a working day: a configured weekday that is not a holiday, in the team zone', () => {
    expect(isWorkingDay(local('2026-11-20T23:59'))).toBe(true);
    expect(isWorkingDay(local('2026-11-21T10:00'))).toBe(false);
    expect(isWorkingDay(local('2026-12-25T10:00'))).toBe(false);
    expect(isWorkingDay(DateTime.fromISO('2026-11-20T23:30:00Z'))).toBe(false); // Saturday 00:30 in Amsterdam
    expect(isWorkingDay(local('2026-11-17T10:00'), SHIFT)).toBe(true); // Tuesday
    expect(isWorkingDay(local('2026-11-16T10:00'), SHIFT)).toBe(false); // Monday
    expect(() => isWorkingDay(DateTime.invalid('x'))).toThrow('isWorkingDay: invalid date or zone');
  });
});

describe('parseWorkingHours', () => {
  test('reads days, start and end into minutes', () => {
    const parsed = parseWorkingHours({ days: [1, 7], start: '00:00', end: '23:59' });
    expect([...parsed.days]).toEqual([1, 7]);
    expect(parsed.startMinutes).toBe(0);
    expect(parsed.endMinutes).toBe(23 * 60 + 59);
    expect(parsed.key).toBe('1,7|00:00|23:59');
    expect(parseWorkingHours({ days: [1], start: '08:30', end: '19:45' })).toMatchObject({ startMinutes: 510, endMinutes: 1185 });
    expect(parseWorkingHours({ days: [3], start: '10:05', end: '20:00' }).startMinutes).toBe(605);
  });
  test('refuses wrong times, start not before end, and wrong days, naming the field', () => {
    expect(() => parseWorkingHours({ days: [1], start: '9:00', end: '17:00' })).toThrow('workingHours.start: expected a time "HH:mm" (00:00-23:59), got "9:00"');
    expect(() => parseWorkingHours({ days: [1], start: '09:00', end: '24:00' })).toThrow('workingHours.end');
    expect(() => parseWorkingHours({ days: [1], start: '09:60', end: '17:00' })).toThrow('workingHours.start');
    expect(() => parseWorkingHours({ days: [1], start: 'x09:00', end: '17:00' })).toThrow('workingHours.start');
    expect(() => parseWorkingHours({ days: [1], start: '09:00x', end: '17:00' })).toThrow('workingHours.start');
    expect(() => parseWorkingHours({ days: [1], start: 900 as unknown as string, end: '17:00' })).toThrow('got 900');
    expect(() => parseWorkingHours({ days: [1], start: '17:00', end: '17:00' })).toThrow('workingHours: start (17:00) must be earlier than end (17:00) on the same day');
    expect(() => parseWorkingHours({ days: [1], start: '18:00', end: '17:00' })).toThrow('must be earlier');
    expect(parseWorkingHours({ days: [1], start: '16:59', end: '17:00' }).endMinutes).toBe(1020);
    expect(() => parseWorkingHours({ days: [], start: '09:00', end: '17:00' })).toThrow('workingHours.days: expected at least one weekday');
    expect(() => parseWorkingHours({ days: 'mon' as unknown as number[], start: '09:00', end: '17:00' })).toThrow('workingHours.days: expected at least one weekday');
    expect(() => parseWorkingHours({ days: [0], start: '09:00', end: '17:00' })).toThrow('workingHours.days: expected weekdays 1 (Monday) … 7 (Sunday), got 0');
    expect(() => parseWorkingHours({ days: [8], start: '09:00', end: '17:00' })).toThrow('got 8');
    expect(() => parseWorkingHours({ days: [1.5], start: '09:00', end: '17:00' })).toThrow('got 1.5');
    expect(() => parseWorkingHours(undefined as never)).toThrow('workingHours: expected { days, start, end }');
    expect(() => parseWorkingHours('09-17' as never)).toThrow('workingHours: expected { days, start, end }');
  });
  test('the same hours give the same parse (cached), other hours another', () => {
    const a = parseWorkingHours({ days: [1, 2], start: '09:00', end: '17:00' });
    expect(parseWorkingHours({ days: [1, 2], start: '09:00', end: '17:00' })).toBe(a);
    expect(parseWorkingHours({ days: [1, 2], start: '09:00', end: '16:00' })).not.toBe(a);
  });
});

test('remember: a bounded cache starts over when full', () => {
  const cache = new Map<number, number>();
  for (let i = 0; i < 5000; i++) remember(cache, i, i);
  expect(cache.size).toBe(5000);
  remember(cache, 5000, 5000);
  expect([...cache.keys()]).toEqual([5000]);
});

test('isValidZone: IANA zones only, and the same answer the second time', () => {
  expect(isValidZone('Europe/Amsterdam')).toBe(true);
  expect(isValidZone('Europe/Amsterdam')).toBe(true);
  expect(isValidZone('Mars/Olympus')).toBe(false);
  expect(isValidZone('Mars/Olympus')).toBe(false);
});

describe('wall clock across DST', () => {
  const zone = new IANAZone(ZONE);
  test('an ordinary time is that time', () => {
    expect(iso(wallClockOn(DateTime.utc(2026, 11, 20), zone, 9, 30))).toBe('2026-11-20T09:30:00+01:00');
    expect(iso(wallClockOn(DateTime.utc(2026, 7, 1), zone, 9, 30, 15, 500))).toBe('2026-07-01T09:30:15.500+02:00');
  });
  test('a time in the spring-forward gap is the first instant after it (03:00), not 03:30', () => {
    expect(iso(wallClockOn(DateTime.utc(2026, 3, 29), zone, 2, 30))).toBe('2026-03-29T03:00:00+02:00');
    expect(iso(wallClockOn(DateTime.utc(2026, 3, 29), zone, 2, 0))).toBe('2026-03-29T03:00:00+02:00');
    expect(iso(wallClockOn(DateTime.utc(2026, 3, 29), zone, 2, 59))).toBe('2026-03-29T03:00:00+02:00');
    expect(iso(wallClockOn(DateTime.utc(2026, 3, 29), zone, 3, 0))).toBe('2026-03-29T03:00:00+02:00');
    expect(iso(wallClockOn(DateTime.utc(2026, 3, 29), zone, 1, 59))).toBe('2026-03-29T01:59:00+01:00');
  });
  test('a gap elsewhere: New York at 02:15 on its spring-forward day is 03:00', () => {
    expect(iso(wallClockOn(DateTime.utc(2026, 3, 8), new IANAZone('America/New_York'), 2, 15)?.setZone(ZONE) ?? null)).toBe('2026-03-08T08:00:00+01:00');
  });
  test('atWallClock uses the day in its own zone', () => {
    expect(atWallClock(local('2026-11-20T23:00'), 9, 0).toISO()).toBe('2026-11-20T09:00:00.000+01:00');
    expect(atWallClock(local('2026-03-29T12:00'), 2, 30).toISO()).toBe('2026-03-29T03:00:00.000+02:00');
  });
  test('dateOf is the local calendar date at midnight UTC', () => {
    expect(dateOf(local('2026-11-20T23:30')).toISO()).toBe('2026-11-20T00:00:00.000Z');
  });
});

describe('nextWorkingMoment', () => {
  test('inside working hours unchanged; before start that day at start; at or after end the next working day at start', () => {
    expect(iso(nextWorkingMoment(local('2026-11-20T10:15')))).toBe('2026-11-20T10:15:00+01:00');
    expect(iso(nextWorkingMoment(local('2026-11-20T09:00')))).toBe('2026-11-20T09:00:00+01:00');
    expect(iso(nextWorkingMoment(local('2026-11-19T07:00')))).toBe('2026-11-19T09:00:00+01:00');
    expect(iso(nextWorkingMoment(local('2026-11-19T17:00')))).toBe('2026-11-20T09:00:00+01:00');
    expect(iso(nextWorkingMoment(local('2026-11-20T16:59')))).toBe('2026-11-20T16:59:00+01:00');
    expect(iso(nextWorkingMoment(local('2026-11-20T17:00')))).toBe('2026-11-23T09:00:00+01:00');
    expect(iso(nextWorkingMoment(local('2026-11-21T08:00')))).toBe('2026-11-23T09:00:00+01:00');
    expect(iso(nextWorkingMoment(local('2026-12-24T18:00')))).toBe('2026-12-28T09:00:00+01:00'); // over Christmas
  });
  test('in the team zone, with its own working hours', () => {
    expect(iso(nextWorkingMoment(local('2026-11-17T12:15'), SHIFT))).toBe('2026-11-19T08:30:00+01:00');
    expect(iso(nextWorkingMoment(DateTime.fromISO('2026-11-20T06:00:00Z')))).toBe('2026-11-20T09:00:00+01:00');
    expect(nextWorkingMoment(DateTime.fromISO('2026-11-20T06:00:00Z')).zoneName).toBe(ZONE);
    expect(() => nextWorkingMoment(DateTime.invalid('x'))).toThrow('nextWorkingMoment: invalid date or zone');
  });
});

describe('latestWorkingMomentAtOrBefore', () => {
  const floor = local('2026-11-01T00:00');
  test('inside working hours: the deadline itself', () => {
    expect(iso(latestWorkingMomentAtOrBefore(local('2026-11-20T10:00'), floor))).toBe('2026-11-20T10:00:00+01:00');
    expect(iso(latestWorkingMomentAtOrBefore(local('2026-11-20T09:00'), floor))).toBe('2026-11-20T09:00:00+01:00');
  });
  test('after hours or on a day off: the last minute of the window before (16:59)', () => {
    expect(iso(latestWorkingMomentAtOrBefore(local('2026-11-20T17:00'), floor))).toBe('2026-11-20T16:59:00+01:00');
    expect(iso(latestWorkingMomentAtOrBefore(local('2026-11-20T20:00'), floor))).toBe('2026-11-20T16:59:00+01:00');
    expect(iso(latestWorkingMomentAtOrBefore(local('2026-11-22T12:00'), floor))).toBe('2026-11-20T16:59:00+01:00');
    expect(iso(latestWorkingMomentAtOrBefore(local('2026-11-23T08:59'), floor))).toBe('2026-11-20T16:59:00+01:00');
    expect(iso(latestWorkingMomentAtOrBefore(local('2026-12-28T08:00'), floor))).toBe('2026-12-24T16:59:00+01:00');
  });
  test('null when the moment would fall before notBefore', () => {
    expect(latestWorkingMomentAtOrBefore(local('2026-11-22T12:00'), local('2026-11-21T00:00'))).toBeNull();
    expect(latestWorkingMomentAtOrBefore(local('2026-11-20T20:00'), local('2026-11-20T17:30'))).toBeNull();
    expect(iso(latestWorkingMomentAtOrBefore(local('2026-11-20T20:00'), local('2026-11-20T16:59')))).toBe('2026-11-20T16:59:00+01:00');
    expect(latestWorkingMomentAtOrBefore(local('2026-11-20T10:00'), local('2026-11-20T10:01'))).toBeNull();
    expect(iso(latestWorkingMomentAtOrBefore(local('2026-11-20T10:00'), local('2026-11-20T10:00')))).toBe('2026-11-20T10:00:00+01:00');
  });
  test('a one-minute window: its last minute is its start', () => {
    const tiny: WorkingCalendar = { timezone: ZONE, workingHours: { days: [5], start: '09:00', end: '09:01' } };
    expect(iso(latestWorkingMomentAtOrBefore(local('2026-11-20T12:00'), floor, tiny))).toBe('2026-11-20T09:00:00+01:00');
  });
  test('an invalid deadline is an error', () => {
    expect(() => latestWorkingMomentAtOrBefore(DateTime.invalid('x'), floor)).toThrow('latestWorkingMomentAtOrBefore');
  });
});

describe('workingMinutesBefore', () => {
  const floor = local('2026-11-01T00:00');
  test('within one window', () => {
    expect(iso(workingMinutesBefore(local('2026-11-20T13:00'), 240, floor))).toBe('2026-11-20T09:00:00+01:00');
    expect(iso(workingMinutesBefore(local('2026-11-20T13:00'), 60, floor))).toBe('2026-11-20T12:00:00+01:00');
  });
  test('across a weekend and after hours: only working time counts', () => {
    expect(iso(workingMinutesBefore(local('2026-11-23T10:00'), 240, floor))).toBe('2026-11-20T14:00:00+01:00');
    expect(iso(workingMinutesBefore(local('2026-11-20T20:00'), 30, floor))).toBe('2026-11-20T16:30:00+01:00');
    expect(iso(workingMinutesBefore(local('2026-11-23T09:00'), 60, floor))).toBe('2026-11-20T16:00:00+01:00');
    expect(iso(workingMinutesBefore(local('2026-11-23T08:00'), 480, floor))).toBe('2026-11-20T09:00:00+01:00');
  });
  test('null when that much working time is not after notBefore', () => {
    expect(workingMinutesBefore(local('2026-11-20T10:00'), 120, local('2026-11-20T09:00'))).toBeNull();
    expect(iso(workingMinutesBefore(local('2026-11-20T10:00'), 60, local('2026-11-20T09:00')))).toBe('2026-11-20T09:00:00+01:00');
    expect(workingMinutesBefore(local('2026-11-20T10:00'), 30, local('2026-11-20T09:31'))).toBeNull();
    expect(workingMinutesBefore(local('2026-11-23T10:00'), 120, local('2026-11-21T00:00'))).toBeNull();
  });
  test('an invalid deadline is an error', () => {
    expect(() => workingMinutesBefore(DateTime.invalid('x'), 1, floor)).toThrow('workingMinutesBefore');
  });
});

test('firstWindowFrom: the first working window on or after a date', () => {
  const zone = new IANAZone(ZONE);
  const wh = parseWorkingHours(DEFAULT_WORKING_CALENDAR.workingHours);
  const w = firstWindowFrom(DateTime.utc(2026, 12, 25), zone, wh);
  expect(iso(w.start)).toBe('2026-12-28T09:00:00+01:00');
  expect(iso(w.end)).toBe('2026-12-28T17:00:00+01:00');
  expect(iso(w.lastMinute)).toBe('2026-12-28T16:59:00+01:00');
  expect(iso(firstWindowFrom(DateTime.utc(2026, 11, 20), zone, wh).start)).toBe('2026-11-20T09:00:00+01:00');
  // Sundays only: the next Sunday.
  expect(iso(firstWindowFrom(DateTime.utc(2026, 11, 20), zone, parseWorkingHours({ days: [7], start: '10:00', end: '11:00' })).start)).toBe('2026-11-22T10:00:00+01:00');
});
