import { DateTime } from 'luxon';
import {
  AftercareMomentKind,
  AftercarePlanConfig,
  DEFAULT_AFTERCARE_PLAN,
  PlannedMoment,
  atWallClock,
  isDutchPublicHoliday,
  isWithinWorkingHours,
  isWorkingDay,
  latestWorkingMomentAtOrBefore,
  nextWorkingMoment,
  parseWorkingHours,
  planAftercare,
  validateAftercarePlanConfig,
} from '../../src/services/aftercare-plan';
import type { Category } from '../../src/services/protocol';

const ZONE = 'Europe/Amsterdam';
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
/** "ccc yyyy-MM-dd HH:mm" in Amsterdam time, e.g. "Mon 2027-03-29 10:30". */
const fmt = (d: Date | DateTime) => (d instanceof Date ? DateTime.fromJSDate(d) : d).setZone(ZONE).toFormat('ccc yyyy-MM-dd HH:mm');

const EVERYTHING = { category: 'threat' as Category, firstResponse: true, supportRequested: true };

function plan(iso: string, options: Partial<Parameters<typeof planAftercare>[1]> = {}): Record<string, string> {
  const moments = planAftercare(local(iso).toJSDate(), { ...EVERYTHING, ...options });
  return Object.fromEntries(moments.map((m) => [m.kind, fmt(m.at)]));
}

describe('Dutch public holidays (date-holidays, NL, type public only)', () => {
  it.each([
    ['2027-01-01', true], // Nieuwjaar
    ['2027-03-29', true], // Tweede paasdag
    ['2027-04-27', true], // Koningsdag
    ['2025-04-26', true], // Koningsdag moved to Saturday because 27 April 2025 is a Sunday
    ['2025-04-27', false],
    ['2027-05-06', true], // Hemelvaartsdag
    ['2027-05-17', true], // Tweede pinksterdag
    ['2026-12-25', true],
    ['2026-12-26', true],
    ['2027-03-26', false], // Goede Vrijdag: 'school' in date-holidays, not skipped
    ['2027-05-05', false], // Bevrijdingsdag: 'school', not skipped …
    ['2025-05-05', false], // … also not in a lustrum year (documented choice)
    ['2027-12-31', false], // Oudejaarsdag: 'bank'
    ['2027-04-26', false],
  ])('%s → %s', (date, expected) => {
    expect(isDutchPublicHoliday(local(`${date}T12:00`))).toBe(expected);
  });

  it('uses the local date in the zone it is given', () => {
    // 26 April 2027 23:30 UTC is already King's Day in Amsterdam.
    const utc = DateTime.fromISO('2027-04-26T23:30:00Z', { zone: 'utc' });
    expect(isDutchPublicHoliday(utc)).toBe(false);
    expect(isDutchPublicHoliday(utc.setZone(ZONE))).toBe(true);
    expect(isWorkingDay(utc)).toBe(false); // isWorkingDay converts to the team zone
  });

  it('isWorkingDay: Monday–Friday except holidays', () => {
    expect(isWorkingDay(local('2027-04-26T10:00'))).toBe(true);
    expect(isWorkingDay(local('2027-04-27T10:00'))).toBe(false);
    expect(isWorkingDay(local('2027-05-01T10:00'))).toBe(false); // Saturday
    expect(isWorkingDay(local('2027-05-02T10:00'))).toBe(false); // Sunday
  });
});

describe('nextWorkingMoment', () => {
  it.each([
    ['2027-06-09T10:15', 'Wed 2027-06-09 10:15'], // inside → unchanged
    ['2027-06-09T09:00', 'Wed 2027-06-09 09:00'], // start is inside
    ['2027-06-09T07:40', 'Wed 2027-06-09 09:00'], // before start → same day start
    ['2027-06-09T17:00', 'Thu 2027-06-10 09:00'], // at end → next working day
    ['2027-06-09T16:59', 'Wed 2027-06-09 16:59'],
    ['2027-06-11T17:30', 'Mon 2027-06-14 09:00'], // Friday evening → Monday
    ['2027-06-12T11:00', 'Mon 2027-06-14 09:00'], // Saturday
    ['2027-04-26T18:00', 'Wed 2027-04-28 09:00'], // evening before King's Day
    ['2026-12-24T17:00', 'Mon 2026-12-28 09:00'], // Christmas + weekend
    ['2027-03-28T02:30', 'Tue 2027-03-30 09:00'], // a non-existent local time on Easter Sunday (DST)
  ])('%s → %s', (iso, expected) => {
    expect(fmt(nextWorkingMoment(local(iso)))).toBe(expected);
  });

  it('returns the result in the team zone whatever zone it was given', () => {
    const result = nextWorkingMoment(DateTime.fromISO('2027-06-09T05:00:00Z', { zone: 'utc' }));
    expect(result.zoneName).toBe(ZONE);
    expect(result.toISO()).toBe('2027-06-09T09:00:00.000+02:00');
  });
});

describe('latestWorkingMomentAtOrBefore', () => {
  const floor = local('2027-06-07T09:00');
  it.each([
    ['2027-06-09T10:15', 'Wed 2027-06-09 10:15'],
    ['2027-06-09T17:00', 'Wed 2027-06-09 16:59'],
    ['2027-06-09T08:00', 'Tue 2027-06-08 16:59'],
    ['2027-06-13T11:00', 'Fri 2027-06-11 16:59'], // Sunday → Friday
  ])('%s → %s', (iso, expected) => {
    expect(fmt(latestWorkingMomentAtOrBefore(local(iso), floor)!)).toBe(expected);
  });

  it('is null when no working moment lies between the floor and the deadline', () => {
    expect(latestWorkingMomentAtOrBefore(local('2027-06-07T08:00'), floor)).toBeNull();
    expect(latestWorkingMomentAtOrBefore(local('2027-06-12T10:00'), local('2027-06-14T09:00'))).toBeNull();
  });
});

describe('planAftercare on fixed dates (Europe/Amsterdam)', () => {
  it('Friday 16:55 → the lead is reminded Monday at the start of the day, not in the weekend', () => {
    expect(plan('2026-06-05T16:55')).toEqual({
      'lead-contact': 'Mon 2026-06-08 09:00', // the start of the next working day: time to act that day
      // deadline Monday 16:55; 4 working hours before it is Monday 12:55, the lead-contact day → one card at 09:00
      'lead-support-talk': 'Mon 2026-06-08 09:00',
      'checkin-72h': 'Mon 2026-06-08 16:55',
      'checkin-2w': 'Fri 2026-06-19 16:55',
      'checkin-6w': 'Fri 2026-07-17 16:55',
    });
  });

  it('Friday 18:30 (outside hours) → Monday at the start of working hours; 72 h moments pulled back to Monday', () => {
    expect(plan('2027-06-11T18:30')).toEqual({
      'lead-contact': 'Mon 2027-06-14 09:00',
      'lead-support-talk': 'Mon 2027-06-14 09:00', // deadline Mon 18:30 → 13:00, the lead-contact day → together
      'checkin-72h': 'Mon 2027-06-14 16:59',
      'checkin-2w': 'Mon 2027-06-28 09:00', // Fri 25 June 18:30 → next working moment
      'checkin-6w': 'Mon 2027-07-26 09:00',
    });
  });

  it('a Saturday report → Monday at the start of working hours', () => {
    expect(plan('2027-06-12T11:00')['lead-contact']).toBe('Mon 2027-06-14 09:00');
  });

  it('a Wednesday report: the 72 h deadline on Saturday moves earlier, to Friday', () => {
    expect(plan('2027-06-09T14:20')).toMatchObject({
      'lead-contact': 'Thu 2027-06-10 09:00',
      'lead-support-talk': 'Fri 2027-06-11 13:00', // 4 working hours before the Friday 17:00 end of working time
      'checkin-72h': 'Fri 2027-06-11 16:59',
    });
  });

  it('the day before King\'s Day (Mon 26 April 2027) skips Tuesday 27 April', () => {
    expect(plan('2027-04-26T10:00')).toEqual({
      'lead-contact': 'Wed 2027-04-28 09:00',
      'lead-support-talk': 'Wed 2027-04-28 09:00', // Thu 10:00 − 4 working hours = Wed 14:00: with the contact
      'checkin-72h': 'Thu 2027-04-29 10:00',
      'checkin-2w': 'Mon 2027-05-10 10:00',
      'checkin-6w': 'Mon 2027-06-07 10:00',
    });
  });

  it('King\'s Day evening: the support talk half a working day before the evening deadline', () => {
    expect(plan('2027-04-26T19:00')).toMatchObject({
      'lead-contact': 'Wed 2027-04-28 09:00',
      'lead-support-talk': 'Thu 2027-04-29 13:00',
    });
  });

  it('Christmas Eve (Thu 24 Dec 2026) skips Christmas, Boxing Day and the weekend', () => {
    expect(plan('2026-12-24T10:00')).toEqual({
      // deadline Sun 27 Dec 10:00; the only working time before it is the report day itself: the support talk comes
      // 4 working hours before its end (13:00), and the lead contact with it rather than after the deadline
      'lead-support-talk': 'Thu 2026-12-24 13:00',
      'lead-contact': 'Thu 2026-12-24 13:00',
      // the check-in falls back to the first working moment after the deadline
      'checkin-72h': 'Mon 2026-12-28 09:00',
      'checkin-2w': 'Thu 2027-01-07 10:00',
      'checkin-6w': 'Thu 2027-02-04 10:00',
    });
  });

  it('a report on New Year\'s Eve evening skips New Year and the weekend', () => {
    expect(plan('2027-12-31T20:00')).toMatchObject({
      'lead-contact': 'Mon 2028-01-03 09:00',
      'checkin-72h': 'Mon 2028-01-03 16:59', // deadline Mon 3 Jan 20:00 → last working minute before it
    });
  });

  it('a report on Thursday before Ascension Day (6 May 2027) moves the lead contact to Friday', () => {
    expect(plan('2027-05-05T12:00')).toMatchObject({
      'lead-contact': 'Fri 2027-05-07 09:00', // Bevrijdingsdag itself is a working day
      'checkin-72h': 'Fri 2027-05-07 16:59', // deadline Sat 8 May 12:00
    });
  });

  describe('DST: wall-clock time kept for the 2- and 6-week moments', () => {
    it('across the last Sunday of March (28 March 2027)', () => {
      const p = plan('2027-03-25T10:30'); // Thursday, UTC+1
      expect(p).toEqual({
        'lead-contact': 'Fri 2027-03-26 09:00',
        // deadline = 72 elapsed hours = Sun 28 March 11:30 CEST (not 10:30): Good Friday is a working day
        'lead-support-talk': 'Fri 2027-03-26 09:00',
        'checkin-72h': 'Fri 2027-03-26 16:59',
        'checkin-2w': 'Thu 2027-04-08 10:30', // UTC+2 now, still 10:30 local
        'checkin-6w': 'Fri 2027-05-07 09:00', // Thu 6 May is Ascension Day
      });
      const moments = planAftercare(local('2027-03-25T10:30').toJSDate(), EVERYTHING);
      const twoWeeks = moments.find((m) => m.kind === 'checkin-2w')!.at;
      expect(twoWeeks.toISOString()).toBe('2027-04-08T08:30:00.000Z'); // 10:30 +02:00, was 09:30Z on the report day
    });

    it('across the last Sunday of October (31 October 2027)', () => {
      const p = plan('2027-10-28T10:30'); // Thursday, UTC+2
      expect(p).toEqual({
        'lead-contact': 'Fri 2027-10-29 09:00',
        'lead-support-talk': 'Fri 2027-10-29 09:00', // deadline Sun 31 Oct 09:30 CET → Fri 13:00 → with the contact
        'checkin-72h': 'Fri 2027-10-29 16:59',
        'checkin-2w': 'Thu 2027-11-11 10:30',
        'checkin-6w': 'Thu 2027-12-09 10:30',
      });
      const moments = planAftercare(local('2027-10-28T10:30').toJSDate(), EVERYTHING);
      expect(moments.find((m) => m.kind === 'checkin-2w')!.at.toISOString()).toBe('2027-11-11T09:30:00.000Z');
      expect(moments.find((m) => m.kind === 'checkin-6w')!.at.toISOString()).toBe('2027-12-09T09:30:00.000Z');
    });

    it('a 72 h deadline on Easter Monday right after the March change falls back to Tuesday 09:00', () => {
      // Fri 26 March 2027 10:00 CET + 72 h = Mon 29 March 11:00 CEST, Easter Monday. The latest working moment before
      // it is Friday 16:59 — before the floor (the next working day, Tue 30 March) — so the fallback applies.
      expect(plan('2027-03-26T10:00')).toMatchObject({
        'lead-contact': 'Fri 2027-03-26 13:00', // with the support talk, 4 working hours before Friday's end
        'checkin-72h': 'Tue 2027-03-30 09:00',
      });
    });

    it('PT72H is 72 elapsed hours across the October change; P3D would keep the wall clock (73 h)', () => {
      // Fri 29 October 2027 16:30 CEST + 72 h = Mon 1 November 15:30 CET
      expect(plan('2027-10-29T16:30')['checkin-72h']).toBe('Mon 2027-11-01 15:30');
      const config: AftercarePlanConfig = { ...DEFAULT_AFTERCARE_PLAN, moments: [{ kind: 'checkin-72h', after: 'P3D' }] };
      const [p3d] = planAftercare(local('2027-10-29T16:30').toJSDate(), { ...EVERYTHING, config });
      expect(fmt(p3d.at)).toBe('Mon 2027-11-01 16:30');
      expect((p3d.at.getTime() - local('2027-10-29T16:30').toMillis()) / 3_600_000).toBe(73);
    });

    it('a 7-day team whose day starts at 02:30 starts at 03:00 on the spring-forward Sunday', () => {
      const config: AftercarePlanConfig = {
        ...DEFAULT_AFTERCARE_PLAN,
        workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '02:30', end: '17:00' },
      };
      // Saturday 20:00 → next working day: Sunday 28 March is Easter Sunday (a public holiday) → Monday is Easter
      // Monday → Tuesday at the start.
      expect(fmt(planAftercare(local('2027-03-27T20:00').toJSDate(), { ...EVERYTHING, config })[0].at)).toBe(
        'Tue 2027-03-30 02:30',
      );
      // A spring-forward Sunday that is not a holiday: 31 March 2030 (Easter is 21 April).
      const day = local('2030-03-31T12:00'); // last Sunday of March 2030, not Easter (21 April)
      expect(atWallClock(day, 2, 30).toISO()).toBe('2030-03-31T03:00:00.000+02:00');
      expect(fmt(nextWorkingMoment(local('2030-03-31T00:30'), config))).toBe('Sun 2030-03-31 03:00');
      expect(atWallClock(day, 10, 30).toISO()).toBe('2030-03-31T10:30:00.000+02:00');
    });
  });

  it('returns moments sorted by time, ties in configuration order', () => {
    const moments = planAftercare(local('2026-12-24T10:00').toJSDate(), EVERYTHING);
    expect(moments.map((m) => m.kind)).toEqual(['lead-contact', 'lead-support-talk', 'checkin-72h', 'checkin-2w', 'checkin-6w']);
  });

  it('honours a custom plan (zone, hours, offsets)', () => {
    const config: AftercarePlanConfig = {
      timezone: 'Europe/Amsterdam',
      workingHours: { days: [1, 2, 3, 4], start: '08:30', end: '16:00' },
      moments: [
        { kind: 'lead-contact', after: 'P1D' },
        { kind: 'checkin-6w', after: 'P8W' },
      ],
    };
    const moments = planAftercare(local('2027-06-09T15:30').toJSDate(), { ...EVERYTHING, config });
    expect(moments.map((m) => [m.kind, fmt(m.at)])).toEqual([
      ['lead-contact', 'Thu 2027-06-10 08:30'],
      ['checkin-6w', 'Wed 2027-08-04 15:30'],
    ]);
    // Thursday 16:30 → Friday is not a working day for this team → Monday 08:30
    expect(fmt(planAftercare(local('2027-06-10T16:30').toJSDate(), { ...EVERYTHING, config })[0].at)).toBe('Mon 2027-06-14 08:30');
  });
});

describe('category rule', () => {
  const kinds = (category: Category, firstResponse: boolean, supportRequested: boolean): AftercareMomentKind[] =>
    planAftercare(local('2027-06-09T10:00').toJSDate(), { category, firstResponse, supportRequested }).map((m) => m.kind).sort();

  it.each(['emotion-self', 'emotion-criticism'] as Category[])('%s without first response or support: lead moments only', (category) => {
    expect(kinds(category, false, false)).toEqual(['lead-contact', 'lead-support-talk']);
  });

  it.each(['emotion-self', 'emotion-criticism'] as Category[])('%s with support requested: all check-ins', (category) => {
    expect(kinds(category, false, true)).toEqual(['checkin-2w', 'checkin-6w', 'checkin-72h', 'lead-contact', 'lead-support-talk']);
  });

  it('emotional behaviour with first response: 72 h and 2 weeks, no 6 weeks unless support was asked', () => {
    expect(kinds('emotion-self', true, false)).toEqual(['checkin-2w', 'checkin-72h', 'lead-contact', 'lead-support-talk']);
    expect(kinds('emotion-criticism', true, true)).toHaveLength(5);
  });

  it.each(['verbal-aggression', 'threat'] as Category[])('%s: every moment, even without first response or support', (category) => {
    expect(kinds(category, false, false)).toEqual(['checkin-2w', 'checkin-6w', 'checkin-72h', 'lead-contact', 'lead-support-talk']);
  });
});

describe('configuration validation', () => {
  it('parses working hours', () => {
    const parsed = parseWorkingHours({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' });
    expect(parsed.startMinutes).toBe(540);
    expect(parsed.endMinutes).toBe(1020);
    expect([...parsed.days]).toEqual([1, 2, 3, 4, 5]);
  });

  it.each([
    [{ days: [1], start: '9:00', end: '17:00' }, /workingHours.start: expected a time "HH:mm"/],
    [{ days: [1], start: '09:00', end: '24:00' }, /workingHours.end: expected a time "HH:mm"/],
    [{ days: [1], start: '09:60', end: '17:00' }, /workingHours.start/],
    [{ days: [1], start: '17:00', end: '09:00' }, /start \(17:00\) must be earlier than end \(09:00\)/],
    [{ days: [1], start: '09:00', end: '09:00' }, /must be earlier than end/],
    [{ days: [], start: '09:00', end: '17:00' }, /workingHours.days: expected at least one weekday/],
    [{ days: [0, 1], start: '09:00', end: '17:00' }, /workingHours.days: expected weekdays 1/],
  ])('rejects %j', (hours, message) => {
    expect(() => parseWorkingHours(hours)).toThrow(message);
  });

  it('rejects a bad zone, kind or duration, and planAftercare validates', () => {
    const base = DEFAULT_AFTERCARE_PLAN;
    expect(() => validateAftercarePlanConfig(base)).not.toThrow();
    expect(() => validateAftercarePlanConfig({ ...base, timezone: 'Mars/Olympus' })).toThrow(/timezone: expected an IANA time zone/);
    expect(() => validateAftercarePlanConfig({ ...base, moments: [{ kind: 'checkin-1y' as AftercareMomentKind, after: 'P1Y' }] })).toThrow(
      /moments.0.kind/,
    );
    expect(() => validateAftercarePlanConfig({ ...base, moments: [{ kind: 'checkin-2w', after: 'two weeks' }] })).toThrow(
      /moments.0.after: expected a positive ISO 8601 duration/,
    );
    expect(() => validateAftercarePlanConfig({ ...base, moments: [{ kind: 'checkin-2w', after: 'PT0S' }] })).toThrow(/moments.0.after/);
    expect(() =>
      planAftercare(new Date(), { ...EVERYTHING, config: { ...base, workingHours: { ...base.workingHours, end: '08:00' } } }),
    ).toThrow(/must be earlier than end/);
    expect(() => planAftercare(new Date('nonsense'), EVERYTHING)).toThrow(/reportedAt/);
  });

  it('the default plan is frozen', () => {
    expect(Object.isFrozen(DEFAULT_AFTERCARE_PLAN)).toBe(true);
    expect(Object.isFrozen(DEFAULT_AFTERCARE_PLAN.workingHours.days)).toBe(true);
    expect(Object.isFrozen(DEFAULT_AFTERCARE_PLAN.moments[0])).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property-style check against an independent oracle: no luxon, no tz database, no date-holidays — Amsterdam time from
// the EU summer-time rule (UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC, else
// UTC+1), office time Mon–Fri [09:00, 17:00), and a hand-written list of Dutch public holidays.

const HOLIDAYS = new Set([
  '2027-01-01', '2027-03-28', '2027-03-29', '2027-04-27', '2027-05-06', '2027-05-16', '2027-05-17', '2027-12-25', '2027-12-26',
  '2028-01-01', '2028-04-16', '2028-04-17', '2028-04-27', '2028-05-25', '2028-06-04', '2028-06-05', '2028-12-25', '2028-12-26',
]);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OPEN = 9 * HOUR;
const CLOSE = 17 * HOUR;

function lastSundayUtc(year: number, month0: number): number {
  const last = new Date(Date.UTC(year, month0 + 1, 0));
  return Date.UTC(year, month0, last.getUTCDate() - last.getUTCDay(), 1); // 01:00 UTC
}
function offsetMs(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  return ms >= lastSundayUtc(year, 2) && ms < lastSundayUtc(year, 9) ? 2 * HOUR : HOUR;
}
interface Wall {
  /** Local midnight as if it were UTC: a key for the local date, steps by DAY. */
  date: number;
  iso: string;
  weekday: number; // 0 = Sunday
  msOfDay: number;
}
function wall(ms: number): Wall {
  const shifted = ms + offsetMs(ms);
  const date = Math.floor(shifted / DAY) * DAY;
  return { date, iso: new Date(date).toISOString().slice(0, 10), weekday: new Date(date).getUTCDay(), msOfDay: shifted - date };
}
/** The instant of a local wall-clock time, or null when it does not exist (the spring-forward gap). */
function fromWall(date: number, msOfDay: number): number | null {
  for (const off of [HOUR, 2 * HOUR]) {
    const ms = date + msOfDay - off;
    if (offsetMs(ms) === off) return ms;
  }
  return null;
}
const isOfficeDate = (date: number) => {
  const w = new Date(date).getUTCDay();
  return w >= 1 && w <= 5 && !HOLIDAYS.has(new Date(date).toISOString().slice(0, 10));
};
const isOfficeTime = (ms: number) => {
  const w = wall(ms);
  return isOfficeDate(w.date) && w.msOfDay >= OPEN && w.msOfDay < CLOSE;
};
/** Is there an office moment in the closed interval [a, b]? */
function officeTimeBetween(a: number, b: number): boolean {
  for (let d = wall(a).date; d <= wall(b).date; d += DAY) {
    if (!isOfficeDate(d)) continue;
    const from = Math.max(a, fromWall(d, OPEN)!);
    const to = Math.min(b, fromWall(d, CLOSE)! - 1);
    if (from <= to) return true;
  }
  return false;
}
/** Office time (ms) in [a, b). */
function officeMsBetween(a: number, b: number): number {
  let total = 0;
  for (let d = wall(a).date; d <= wall(b).date; d += DAY) {
    if (!isOfficeDate(d)) continue;
    total += Math.max(0, Math.min(b, fromWall(d, CLOSE)!) - Math.max(a, fromWall(d, OPEN)!));
  }
  return total;
}
/** The earliest office moment ≥ t. */
function oracleNext(t: number): number {
  if (isOfficeTime(t)) return t;
  for (let d = wall(t).date; ; d += DAY) {
    if (isOfficeDate(d) && fromWall(d, OPEN)! >= t) return fromWall(d, OPEN)!;
  }
}

describe('the oracle itself', () => {
  it('agrees with luxon on a few instants around the DST changes', () => {
    for (const iso of ['2027-03-28T00:59:59Z', '2027-03-28T01:00:00Z', '2027-10-31T00:59:59Z', '2027-10-31T01:00:00Z', '2027-07-01T12:00:00Z']) {
      const ms = Date.parse(iso);
      expect(offsetMs(ms) / 60_000).toBe(DateTime.fromMillis(ms, { zone: ZONE }).offset);
    }
    expect(fromWall(Date.UTC(2027, 2, 28), 2.5 * HOUR)).toBeNull();
  });
});

describe('property: every 37 minutes through 2027', () => {
  const STEP = 37 * 60_000;
  const first = DateTime.fromISO('2027-01-01T00:00', { zone: ZONE }).toMillis();
  const last = DateTime.fromISO('2028-01-01T00:00', { zone: ZONE }).toMillis();
  const count = Math.floor((last - first) / STEP);
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toISO();

  it(`holds for all ${count} report instants`, () => {
    expect(count).toBeGreaterThan(14_000);
    expect(count).toBeLessThan(14_300);
    const failures: string[] = [];
    const fail = (report: number, m: PlannedMoment, why: string) => {
      if (failures.length < 20) failures.push(`${iso(report)} ${m.kind} ${iso(m.at.getTime())}: ${why}`);
    };
    let fallbacks = 0;
    let pulledBack = 0;

    for (let i = 0; i < count; i++) {
      const report = first + i * STEP;
      const moments = planAftercare(new Date(report), EVERYTHING);
      if (moments.length !== 5) failures.push(`${iso(report)}: ${moments.length} moments`);
      for (let k = 1; k < moments.length; k++) {
        if (moments[k].at < moments[k - 1].at) failures.push(`${iso(report)}: not sorted`);
      }
      const r = wall(report);

      for (const m of moments) {
        const at = m.at.getTime();
        const w = wall(at);
        // inside working hours on a non-holiday weekday
        if (!isOfficeTime(at)) fail(report, m, 'outside office time');
        // a valid local time: its wall-clock reading maps back to the same instant
        if (fromWall(w.date, w.msOfDay) !== at) fail(report, m, 'not a valid local time');
        if (!(at > report)) fail(report, m, 'not strictly after the report');
        // the module agrees with the oracle (sampled: luxon is slow)
        if (i % 50 === 0 && !isWithinWorkingHours(DateTime.fromMillis(at))) fail(report, m, 'isWithinWorkingHours disagrees');

        switch (m.kind) {
          case 'lead-contact': {
            // 09:00 on the first office date after the report's local date — or with the support talk, when that
            // falls on the same day or earlier (never a pair), at the earlier of the two
            let d = r.date + DAY;
            while (!isOfficeDate(d)) d += DAY;
            const start = fromWall(d, OPEN)!;
            const talk = moments.find((x) => x.kind === 'lead-support-talk')!.at.getTime();
            const expected = wall(talk).date <= d ? Math.min(talk, start) : start;
            if (at !== expected) fail(report, m, `expected ${iso(expected)}`);
            if (wall(talk).date <= d && talk !== at) fail(report, m, 'not together with the support talk');
            break;
          }
          case 'lead-support-talk': {
            // half a working day (4 h of office time) before the 72 h deadline, earlier only when combined
            const deadline = report + 72 * HOUR;
            const ahead = officeMsBetween(at, deadline);
            const contact = moments.find((x) => x.kind === 'lead-contact')!.at.getTime();
            if (officeMsBetween(report, deadline) >= 4 * HOUR) {
              if (at === contact ? ahead < 4 * HOUR : ahead !== 4 * HOUR) fail(report, m, `${ahead / HOUR} working hours before the deadline`);
            } else if (at !== oracleNext(report + 60_000) && at !== contact) fail(report, m, 'expected the first working moment after the report');
            break;
          }
          case 'checkin-72h': {
            const deadline = report + 72 * HOUR;
            if (w.date <= r.date) fail(report, m, 'on the report day');
            if (at <= deadline) {
              // the latest office moment ≤ deadline (to the minute)
              if (at < deadline) {
                pulledBack++;
                if (officeTimeBetween(at + 60_000, deadline)) fail(report, m, 'not the latest working moment');
              }
            } else {
              // impossible within 72 h: no office time from the next day on up to the deadline; the earliest after it
              fallbacks++;
              if (officeTimeBetween(fromWall(r.date + DAY, 0)!, deadline)) fail(report, m, 'later than 72 h needlessly');
              if (at !== oracleNext(deadline)) fail(report, m, `expected ${iso(oracleNext(deadline))}`);
            }
            break;
          }
          case 'checkin-2w':
          case 'checkin-6w': {
            const days = m.kind === 'checkin-2w' ? 14 : 42;
            // the same wall-clock time `days` calendar days later (after the gap when it falls in it)
            const target = fromWall(r.date + days * DAY, r.msOfDay) ?? r.date + days * DAY + r.msOfDay - HOUR;
            if (at !== oracleNext(target)) fail(report, m, `expected ${iso(oracleNext(target))}`);
            if (isOfficeTime(target) && w.msOfDay !== r.msOfDay) fail(report, m, 'wall-clock time changed');
            break;
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // the interesting branches were exercised
    expect(pulledBack).toBeGreaterThan(1000);
    expect(fallbacks).toBeGreaterThan(50);
  });
});
