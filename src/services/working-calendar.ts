/**
 * The working calendar the aftercare plan and the review calendar share: working hours in a team's zone, Dutch
 * public holidays, and wall-clock arithmetic that is safe across DST changes (docs/protocol.md). Pure; small bounded caches
 * keep luxon's zone arithmetic cheap.
 */
import { DateTime, IANAZone, type Zone } from 'luxon';
import { dutchPublicHolidays } from './public-holidays';

export interface WorkingHours {
  /** luxon weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** "HH:mm", 24-hour clock, local to the team's time zone; inclusive. */
  start: string;
  /** "HH:mm", exclusive: a moment at exactly `end` is outside working hours. Must be later than `start`. */
  end: string;
}

/** A team's zone and working hours: all the calendar functions need. */
export interface WorkingCalendar {
  timezone: string;
  workingHours: WorkingHours;
}

/** Monday to Friday, 09:00-17:00, in Amsterdam (docs/protocol.md). */
export const DEFAULT_WORKING_CALENDAR: WorkingCalendar = { timezone: 'Europe/Amsterdam', workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } };

/** Safety bound on day-by-day searches; a configuration with no working day in this span is rejected. */
const MAX_SEARCH_DAYS = 400;

// ---------------------------------------------------------------------------------------------------------------
// Validation

export interface ParsedWorkingHours {
  days: ReadonlySet<number>;
  /** Minutes after local midnight. */
  startMinutes: number;
  endMinutes: number;
  /** Identifies these working hours in caches. */
  key: string;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function parseHHmm(value: unknown, field: string): number {
  const m = typeof value === 'string' ? HH_MM.exec(value) : null;
  if (!m) throw new Error(`workingHours.${field}: expected a time "HH:mm" (00:00-23:59), got ${JSON.stringify(value)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Validates working hours; throws an Error naming the field when `start`/`end` are not "HH:mm", start ≥ end, or the days are wrong. */
export function parseWorkingHours(hours: WorkingHours): ParsedWorkingHours {
  if (!hours || typeof hours !== 'object') throw new Error('workingHours: expected { days, start, end }');
  const key = Array.isArray(hours.days) ? `${hours.days.join(',')}|${hours.start}|${hours.end}` : undefined;
  const cached = key === undefined ? undefined : parsedHoursCache.get(key);
  if (cached) return cached;
  const startMinutes = parseHHmm(hours.start, 'start');
  const endMinutes = parseHHmm(hours.end, 'end');
  if (startMinutes >= endMinutes) {
    throw new Error(`workingHours: start (${hours.start}) must be earlier than end (${hours.end}) on the same day`);
  }
  if (!Array.isArray(hours.days) || hours.days.length === 0) {
    throw new Error('workingHours.days: expected at least one weekday (1 = Monday … 7 = Sunday)');
  }
  for (const d of hours.days) {
    if (!Number.isInteger(d) || d < 1 || d > 7) {
      throw new Error(`workingHours.days: expected weekdays 1 (Monday) … 7 (Sunday), got ${JSON.stringify(d)}`);
    }
  }
  const parsed: ParsedWorkingHours = { days: new Set(hours.days), startMinutes, endMinutes, key: key! };
  remember(parsedHoursCache, key!, parsed);
  return parsed;
}

// Small memo caches: luxon's zone arithmetic (Intl formatToParts) dominates the cost of planning, and the same few
// days, zones and working hours come back for every incident. Bounded so a long-running process cannot grow them.
const CACHE_LIMIT = 5000;
const parsedHoursCache = new Map<string, ParsedWorkingHours>();
const validZones = new Map<string, boolean>();

export function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

export function isValidZone(zone: string): boolean {
  let valid = validZones.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    remember(validZones, zone, valid);
  }
  return valid;
}

// ---------------------------------------------------------------------------------------------------------------
// Holidays and working days

const publicHolidaysByYear = new Map<number, ReadonlySet<string>>();

function publicHolidayDates(year: number): ReadonlySet<string> {
  let dates = publicHolidaysByYear.get(year);
  if (!dates) {
    dates = new Set(dutchPublicHolidays(year));
    remember(publicHolidaysByYear, year, dates);
  }
  return dates;
}

/**
 * Is the calendar date of `date` — in `date`'s own zone, so pass it in the team's zone — a Dutch public holiday
 * (src/services/public-holidays.ts)?
 */
export function isDutchPublicHoliday(date: DateTime): boolean {
  if (!date.isValid) throw new Error('isDutchPublicHoliday: invalid date');
  return publicHolidayDates(date.year).has(date.toISODate()!);
}

/** Is the local date of `date` in the team's zone a working day: a configured weekday and not a Dutch public holiday? */
export function isWorkingDay(date: DateTime, config: WorkingCalendar = DEFAULT_WORKING_CALENDAR): boolean {
  const local = date.setZone(config.timezone);
  if (!local.isValid) throw new Error(`isWorkingDay: invalid date or zone (${local.invalidExplanation ?? local.invalidReason})`);
  const { days } = parseWorkingHours(config.workingHours);
  return days.has(local.weekday) && !isDutchPublicHoliday(local);
}

// ---------------------------------------------------------------------------------------------------------------
// Wall-clock helpers (DST-safe)

/**
 * A local calendar date, held as midnight UTC so that stepping from day to day is plain arithmetic: no zone, no DST.
 * Only turning a date plus a wall-clock time into an instant ({@link wallClockOn}) involves the team's zone.
 */
export type CalendarDate = DateTime;

export function dateOf(local: DateTime): CalendarDate {
  return DateTime.utc(local.year, local.month, local.day);
}

/**
 * The instant at the given local wall-clock time on `date` in `zone`. When that time does not exist (the
 * spring-forward gap, e.g. 02:30 on the last Sunday of March in Europe/Amsterdam) the result is the first instant after
 * the gap (03:00 local), not luxon's shifted 03:30. Ambiguous autumn times (02:30 twice) resolve as luxon does.
 */
export function wallClockOn(date: CalendarDate, zone: Zone, hour: number, minute: number, second = 0, millisecond = 0): DateTime {
  const dt = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute, second, millisecond }, { zone });
  if (dt.day === date.day && dt.hour === hour && dt.minute === minute) return dt;
  // In a gap luxon moves the time forward by the gap's length; the transition lies between the two readings.
  const shiftMinutes = Math.max(1, (dt.hour * 60 + dt.minute - (hour * 60 + minute) + 1440) % 1440);
  let hi = Math.floor(dt.toMillis() / 60_000); // minutes since the epoch, post-transition offset
  let lo = hi - shiftMinutes - 1; // pre-transition offset
  const postOffset = dt.offset;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (DateTime.fromMillis(mid * 60_000, { zone }).offset === postOffset) hi = mid;
    else lo = mid;
  }
  return DateTime.fromMillis(hi * 60_000, { zone });
}

/** {@link wallClockOn} for `day`'s local date in `day`'s own zone. */
export function atWallClock(day: DateTime, hour: number, minute: number, second = 0, millisecond = 0): DateTime {
  return wallClockOn(dateOf(day), day.zone, hour, minute, second, millisecond);
}

interface Window {
  start: DateTime;
  end: DateTime; // exclusive
  /** The last whole minute of the window (end − 1 minute, not before start): where a deadline is pulled back to. */
  lastMinute: DateTime;
}

const windowCache = new Map<string, Window | null>();

/** The working window [start, end) of a local date, or null when it is not a working day. */
function workingWindow(date: CalendarDate, zone: Zone, wh: ParsedWorkingHours): Window | null {
  if (!wh.days.has(date.weekday) || isDutchPublicHoliday(date)) return null;
  const key = `${zone.name}|${date.toISODate()}|${wh.key}`;
  let window = windowCache.get(key);
  if (window === undefined) {
    const start = wallClockOn(date, zone, Math.floor(wh.startMinutes / 60), wh.startMinutes % 60);
    const end = wallClockOn(date, zone, Math.floor(wh.endMinutes / 60), wh.endMinutes % 60);
    const lastMinute = end.minus({ minutes: 1 });
    window = start < end ? { start, end, lastMinute: lastMinute > start ? lastMinute : start } : null;
    remember(windowCache, key, window);
  }
  return window;
}

/** The first working window on or after `date`. */
export function firstWindowFrom(date: CalendarDate, zone: Zone, wh: ParsedWorkingHours): Window {
  for (let i = 0, d = date; i <= MAX_SEARCH_DAYS; i++, d = d.plus({ days: 1 })) {
    const w = workingWindow(d, zone, wh);
    if (w) return w;
  }
  throw new Error(`no working day within ${MAX_SEARCH_DAYS} days after ${date.toISODate()}: check workingHours.days`);
}

function zoned(dt: DateTime, config: WorkingCalendar, what: string): DateTime {
  const local = dt.setZone(config.timezone);
  if (!local.isValid) throw new Error(`${what}: invalid date or zone (${local.invalidExplanation ?? local.invalidReason})`);
  return local;
}

/** Is `moment` inside working hours: on a working day, at or after start and before end (local to the team)? */
export function isWithinWorkingHours(moment: DateTime, config: WorkingCalendar = DEFAULT_WORKING_CALENDAR): boolean {
  const local = zoned(moment, config, 'isWithinWorkingHours');
  const w = workingWindow(dateOf(local), local.zone, parseWorkingHours(config.workingHours));
  return w !== null && local >= w.start && local < w.end;
}

/**
 * Moves `candidate` forward into working hours (result in the team's zone):
 * - inside working hours → unchanged;
 * - on a working day before start → that day at start;
 * - at or after end, on a weekend/non-working weekday or on a public holiday → the next working day at start.
 */
export function nextWorkingMoment(candidate: DateTime, config: WorkingCalendar = DEFAULT_WORKING_CALENDAR): DateTime {
  const t = zoned(candidate, config, 'nextWorkingMoment');
  const wh = parseWorkingHours(config.workingHours);
  const today = dateOf(t);
  const w = workingWindow(today, t.zone, wh);
  if (w && t < w.start) return w.start;
  if (w && t < w.end) return t;
  return firstWindowFrom(today.plus({ days: 1 }), t.zone, wh).start;
}

/**
 * The latest working moment at or before `deadline`, not earlier than `notBefore`, or null when there is none.
 * Inside working hours that is the deadline itself; otherwise the last minute of the previous working window
 * (end − 1 minute, e.g. 16:59 — working hours are [start, end), planning is to the minute).
 */
export function latestWorkingMomentAtOrBefore(
  deadline: DateTime,
  notBefore: DateTime,
  config: WorkingCalendar = DEFAULT_WORKING_CALENDAR,
): DateTime | null {
  const t = zoned(deadline, config, 'latestWorkingMomentAtOrBefore');
  const floor = zoned(notBefore, config, 'latestWorkingMomentAtOrBefore');
  const wh = parseWorkingHours(config.workingHours);
  const floorDate = dateOf(floor);
  for (let d = dateOf(t); d >= floorDate; d = d.minus({ days: 1 })) {
    const w = workingWindow(d, t.zone, wh);
    if (w && t >= w.start) {
      const at = t < w.end ? t : w.lastMinute;
      return at >= floor ? at : null;
    }
  }
  return null;
}

/**
 * The moment `minutes` of working time before `deadline` (counting only time inside working windows), or null when
 * that much working time does not lie between `notBefore` and the deadline. The result is always a working moment.
 * Used to place a reminder "half a working day before" a deadline (docs/aftercare.md).
 */
export function workingMinutesBefore(
  deadline: DateTime,
  minutes: number,
  notBefore: DateTime,
  config: WorkingCalendar = DEFAULT_WORKING_CALENDAR,
): DateTime | null {
  const t = zoned(deadline, config, 'workingMinutesBefore');
  const floor = zoned(notBefore, config, 'workingMinutesBefore');
  const wh = parseWorkingHours(config.workingHours);
  let remaining = minutes * 60_000;
  for (let d = dateOf(t); d >= dateOf(floor); d = d.minus({ days: 1 })) {
    const w = workingWindow(d, t.zone, wh);
    if (!w) continue;
    const segmentEnd = t < w.end ? t : w.end;
    const available = segmentEnd.toMillis() - w.start.toMillis();
    if (available <= 0) continue;
    if (available >= remaining) {
      const at = segmentEnd.minus({ milliseconds: remaining });
      return at >= floor ? at : null;
    }
    remaining -= available;
  }
  return null;
}
