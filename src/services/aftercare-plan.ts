/**
 * The aftercare (*nazorg*) cadence of DESIGN §3 as a pure function: given when an incident was reported, when do the
 * team lead and the aftercare person get their reminders and check-ins? No I/O, no platform, no clock: the caller
 * passes the report instant and gets instants back; the scheduler turns them into jobs.
 *
 * | kind                | who            | placement rule (see {@link PLACEMENT})                                   |
 * |---------------------|----------------|---------------------------------------------------------------------------|
 * | `lead-contact`      | team lead      | `next-working-day`: next working day, the report's time of day or start   |
 * | `lead-support-talk` | team lead      | `no-later-than`: latest working moment ≤ report + 72 h                     |
 * | `checkin-72h`       | reporter       | `no-later-than`: as above                                                  |
 * | `checkin-2w`        | aftercare      | `not-before`: report + 14 calendar days, then forward into working hours  |
 * | `checkin-6w`        | aftercare      | `not-before`: report + 42 calendar days, then forward into working hours  |
 *
 * Working time is the half-open interval [start, end) on a working day, in the team's time zone: a working day is a
 * configured weekday (luxon: 1 = Monday … 7 = Sunday) that is not a Dutch public holiday. At 17:00 sharp it is no
 * longer working time. Every planned moment is inside working time, strictly after the report, and an instant that
 * exists locally (DESIGN §8: `plus({ days })` keeps the wall-clock time across a DST change, `plus({ hours })` does
 * not; a local 02:30 on the last Sunday of March does not exist — wall-clock times are always built through
 * one helper (`wallClockOn`, exported as {@link atWallClock}), which maps such a time to the first instant after the gap).
 *
 * Public holidays come from `date-holidays` (country `NL`), and only those it marks as type `public`: New Year,
 * Easter (Sunday and Monday), King's Day (27 April, 26 April when the 27th is a Sunday), Ascension Day, Whitsun
 * (Sunday and Monday), Christmas Day and Boxing Day. Liberation Day (5 May) is marked `school` by date-holidays —
 * also in lustrum years (2025, 2030) when many employers give the day off under their collective agreement — and
 * Good Friday is `school` too, so neither is skipped. This follows the national list, not any one municipality's CAO;
 * a team that is off on 5 May in a lustrum year gets its check-in that day, which is harmless (it is still a weekday).
 */
import Holidays from 'date-holidays';
import { DateTime, Duration, IANAZone, type Zone } from 'luxon';
import type { Category } from './protocol';

export type AftercareMomentKind = 'lead-contact' | 'lead-support-talk' | 'checkin-72h' | 'checkin-2w' | 'checkin-6w';
export const AFTERCARE_MOMENT_KINDS: readonly AftercareMomentKind[] = [
  'lead-contact',
  'lead-support-talk',
  'checkin-72h',
  'checkin-2w',
  'checkin-6w',
];

export interface WorkingHours {
  /** luxon weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** "HH:mm", 24-hour clock, local to the team's time zone; inclusive. */
  start: string;
  /** "HH:mm", exclusive: a moment at exactly `end` is outside working hours. Must be later than `start`. */
  end: string;
}

export interface AftercareMomentConfig {
  kind: AftercareMomentKind;
  /**
   * Offset from the report, a positive ISO 8601 duration; how it is used depends on the kind's placement rule
   * ({@link PLACEMENT}). Date units (`P1D`, `P14D`, `P6W`) keep the local wall-clock time across DST changes; time
   * units (`PT72H`) are exact elapsed time.
   */
  after: string;
}

export interface AftercarePlanConfig {
  /** IANA zone of the team, e.g. Europe/Amsterdam. */
  timezone: string;
  workingHours: WorkingHours;
  /**
   * The moments to plan. Defaults ({@link DEFAULT_AFTERCARE_PLAN}): lead-contact `P1D` (the next working day),
   * lead-support-talk and checkin-72h `PT72H` (exactly 72 elapsed hours — `P3D` would be 73 hours across the October
   * DST change, breaking "within 72 h"), checkin-2w `P14D`, checkin-6w `P42D`.
   */
  moments: AftercareMomentConfig[];
}

export type Placement = 'next-working-day' | 'no-later-than' | 'not-before';

/** How each kind turns its `after` offset into a moment. Fixed per kind (the protocol's meaning of the moment). */
export const PLACEMENT: Readonly<Record<AftercareMomentKind, Placement>> = Object.freeze({
  'lead-contact': 'next-working-day',
  'lead-support-talk': 'no-later-than',
  'checkin-72h': 'no-later-than',
  'checkin-2w': 'not-before',
  'checkin-6w': 'not-before',
});

export const DEFAULT_AFTERCARE_PLAN: AftercarePlanConfig = deepFreeze({
  timezone: 'Europe/Amsterdam',
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  moments: [
    { kind: 'lead-contact', after: 'P1D' },
    { kind: 'lead-support-talk', after: 'PT72H' },
    { kind: 'checkin-72h', after: 'PT72H' },
    { kind: 'checkin-2w', after: 'P14D' },
    { kind: 'checkin-6w', after: 'P42D' },
  ],
});

export interface PlannedMoment {
  kind: AftercareMomentKind;
  at: Date;
}

export interface PlanOptions {
  config?: AftercarePlanConfig;
  category: Category;
  /** Was a first-response colleague paged for this incident. */
  firstResponse: boolean;
  /** Did the reporter ask for support (aftercare). */
  supportRequested: boolean;
}

/** What the calendar functions need from a plan. */
export type WorkingCalendar = Pick<AftercarePlanConfig, 'timezone' | 'workingHours'>;

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

function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

function isValidZone(zone: string): boolean {
  let valid = validZones.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    remember(validZones, zone, valid);
  }
  return valid;
}

/** Validates a whole plan (zone, working hours, moments); throws an Error with the offending field. */
export function validateAftercarePlanConfig(config: AftercarePlanConfig): void {
  if (typeof config?.timezone !== 'string' || !isValidZone(config.timezone)) {
    throw new Error(`timezone: expected an IANA time zone, e.g. Europe/Amsterdam, got ${JSON.stringify(config?.timezone)}`);
  }
  parseWorkingHours(config.workingHours);
  if (!Array.isArray(config.moments)) throw new Error('moments: expected a list of { kind, after }');
  config.moments.forEach((m, i) => {
    if (!AFTERCARE_MOMENT_KINDS.includes(m?.kind)) {
      throw new Error(`moments.${i}.kind: expected one of ${AFTERCARE_MOMENT_KINDS.join(', ')}, got ${JSON.stringify(m?.kind)}`);
    }
    parseAfter(m.after, `moments.${i}.after`);
  });
}

const durations = new Map<string, Duration>();

function parseAfter(value: unknown, field: string): Duration {
  const cached = typeof value === 'string' ? durations.get(value) : undefined;
  if (cached) return cached;
  const d = typeof value === 'string' ? Duration.fromISO(value) : null;
  if (!d || !d.isValid || !(d.toMillis() > 0) || Object.values(d.toObject()).some((v) => (v ?? 0) < 0)) {
    throw new Error(`${field}: expected a positive ISO 8601 duration, e.g. P1D, PT72H or P14D, got ${JSON.stringify(value)}`);
  }
  remember(durations, value as string, d);
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// Holidays and working days

let holidayCalendar: Holidays | undefined;
const publicHolidaysByYear = new Map<number, ReadonlySet<string>>();

function publicHolidayDates(year: number): ReadonlySet<string> {
  let dates = publicHolidaysByYear.get(year);
  if (!dates) {
    holidayCalendar ??= new Holidays('NL', { types: ['public'] });
    // `date` is the local calendar date, "YYYY-MM-DD 00:00:00"; keep only type 'public' (see the file comment).
    dates = new Set(holidayCalendar.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    publicHolidaysByYear.set(year, dates);
  }
  return dates;
}

/**
 * Is the calendar date of `date` — in `date`'s own zone, so pass it in the team's zone — a Dutch public holiday
 * (date-holidays, country NL, type 'public')?
 */
export function isDutchPublicHoliday(date: DateTime): boolean {
  if (!date.isValid) throw new Error('isDutchPublicHoliday: invalid date');
  return publicHolidayDates(date.year).has(date.toISODate()!);
}

/** Is the local date of `date` in the team's zone a working day: a configured weekday and not a Dutch public holiday? */
export function isWorkingDay(date: DateTime, config: WorkingCalendar = DEFAULT_AFTERCARE_PLAN): boolean {
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
type CalendarDate = DateTime;

function dateOf(local: DateTime): CalendarDate {
  return DateTime.utc(local.year, local.month, local.day);
}

/**
 * The instant at the given local wall-clock time on `date` in `zone`. When that time does not exist (the
 * spring-forward gap, e.g. 02:30 on the last Sunday of March in Europe/Amsterdam) the result is the first instant after
 * the gap (03:00 local), not luxon's shifted 03:30. Ambiguous autumn times (02:30 twice) resolve as luxon does.
 */
function wallClockOn(date: CalendarDate, zone: Zone, hour: number, minute: number, second = 0, millisecond = 0): DateTime {
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
function firstWindowFrom(date: CalendarDate, zone: Zone, wh: ParsedWorkingHours): Window {
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
export function isWithinWorkingHours(moment: DateTime, config: WorkingCalendar = DEFAULT_AFTERCARE_PLAN): boolean {
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
export function nextWorkingMoment(candidate: DateTime, config: WorkingCalendar = DEFAULT_AFTERCARE_PLAN): DateTime {
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
  config: WorkingCalendar = DEFAULT_AFTERCARE_PLAN,
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

// ---------------------------------------------------------------------------------------------------------------
// The plan

/**
 * Which moments this incident gets (the category rule):
 * - the lead's moments (`lead-contact`, `lead-support-talk`) always;
 * - `checkin-72h` and `checkin-2w` always, except for emotional behaviour (`emotion-self`, `emotion-criticism`)
 *   without first response, where they come only when the reporter asked for support — the protocol does not even
 *   ask to report such behaviour, so the bot does not impose check-ins on someone who did not ask for them;
 * - `checkin-6w` only for verbal aggression or a threat, or when the reporter asked for support (whatever the
 *   category): a six-week follow-up looks for lasting complaints after real aggression.
 */
export function momentApplies(kind: AftercareMomentKind, options: Omit<PlanOptions, 'config'>): boolean {
  const emotion = options.category === 'emotion-self' || options.category === 'emotion-criticism';
  switch (kind) {
    case 'lead-contact':
    case 'lead-support-talk':
      return true;
    case 'checkin-72h':
    case 'checkin-2w':
      return !emotion || options.firstResponse || options.supportRequested;
    case 'checkin-6w':
      return !emotion || options.supportRequested;
  }
}

/**
 * Plans the aftercare moments of one incident, sorted by time (ties keep the configuration's order).
 *
 * Placement rules (all local to `config.timezone`; "working" = inside [start, end) on a working day):
 * - `next-working-day` (lead-contact, default `P1D`): the target date is the local date of report + `after` (with
 *   `P1D`: the day after the report); the moment falls on the first working day on or after that date, at the
 *   report's local time of day when that lies inside working hours, else at the start of working hours.
 *   Friday 16:55 → Monday 16:55; Friday 18:30 → Monday 09:00; Saturday 11:00 → Monday 11:00.
 * - `no-later-than` (support talk, 72 h check-in, default `PT72H`): deadline = report + `after`. Inside working
 *   hours → the deadline itself; otherwise moved EARLIER to the latest working moment before it (the last minute of
 *   the previous working window, e.g. 16:59), but never before the start of the first working day after the
 *   report's local date. When no working moment lies between that start and the deadline (e.g. a report on Thursday
 *   evening before Christmas), the moment falls back to the first working moment after the deadline.
 * - `not-before` (2 and 6 weeks, `P14D`/`P42D`): report + `after` in calendar days (the wall-clock time is kept across
 *   DST changes), then moved forward into working hours with {@link nextWorkingMoment}.
 * A moment that would not be strictly after the report (only with offsets shorter than a day) moves to the first
 * working moment a minute after the report.
 */
export function planAftercare(reportedAt: Date, options: PlanOptions): PlannedMoment[] {
  const config = options.config ?? DEFAULT_AFTERCARE_PLAN;
  validateAftercarePlanConfig(config);
  if (!(reportedAt instanceof Date) || Number.isNaN(reportedAt.getTime())) throw new Error('planAftercare: reportedAt is not a valid Date');
  const wh = parseWorkingHours(config.workingHours);
  const report = DateTime.fromJSDate(reportedAt, { zone: config.timezone });
  const zone = report.zone;
  const reportDate = dateOf(report);
  /** Start of the first working day after the report's local date: the 72 h moments never come earlier. */
  const nextWorkingDayStart = () => firstWindowFrom(reportDate.plus({ days: 1 }), zone, wh).start;

  const planned = config.moments
    .map((m, index) => ({ m, index }))
    .filter(({ m }) => momentApplies(m.kind, options))
    .map(({ m, index }) => {
      const after = parseAfter(m.after, 'after');
      let at: DateTime;
      switch (PLACEMENT[m.kind]) {
        case 'next-working-day': {
          const w = firstWindowFrom(dateOf(report.plus(after)), zone, wh);
          const sameTime = wallClockOn(dateOf(w.start), zone, report.hour, report.minute, report.second, report.millisecond);
          at = sameTime >= w.start && sameTime < w.end ? sameTime : w.start;
          break;
        }
        case 'no-later-than': {
          const deadline = report.plus(after);
          at = latestWorkingMomentAtOrBefore(deadline, nextWorkingDayStart(), config) ?? nextWorkingMoment(deadline, config);
          break;
        }
        case 'not-before':
          at = nextWorkingMoment(report.plus(after), config);
          break;
      }
      if (at <= report) at = nextWorkingMoment(report.plus({ minutes: 1 }), config);
      return { kind: m.kind, at: at.toJSDate(), index };
    });

  planned.sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
  return planned.map(({ kind, at }) => ({ kind, at }));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
