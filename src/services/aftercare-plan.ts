/**
 * The aftercare (*nazorg*) cadence of docs/protocol.md as a pure function: given when an incident was reported, when do the
 * team lead and the aftercare person get their reminders and check-ins? No I/O, no platform, no clock: the caller
 * passes the report instant and gets instants back; the scheduler turns them into jobs.
 *
 * | kind                | who            | placement rule (see {@link PLACEMENT})                                   |
 * |---------------------|----------------|---------------------------------------------------------------------------|
 * | `lead-contact`      | team lead      | `next-working-day`: start of the next working day (09:00)                 |
 * | `lead-support-talk` | team lead      | `ahead-of-deadline`: ≥ 4 working hours before report + 72 h               |
 * | `checkin-72h`       | reporter       | `no-later-than`: as above                                                  |
 * | `checkin-2w`        | aftercare      | `not-before`: report + 14 calendar days, then forward into working hours  |
 * | `checkin-6w`        | aftercare      | `not-before`: report + 42 calendar days, then forward into working hours  |
 *
 * Working time is the half-open interval [start, end) on a working day, in the team's time zone: a working day is a
 * configured weekday (luxon: 1 = Monday … 7 = Sunday) that is not a Dutch public holiday. At 17:00 sharp it is no
 * longer working time. Every planned moment is inside working time, strictly after the report, and an instant that
 * exists locally (docs/protocol.md: `plus({ days })` keeps the wall-clock time across a DST change, `plus({ hours })` does
 * not; a local 02:30 on the last Sunday of March does not exist — wall-clock times are always built through
 * one helper (`wallClockOn`, exported as {@link atWallClock}), which maps such a time to the first instant after the gap).
 *
 * Public holidays are the national list of src/services/public-holidays.ts, the same as `date-holidays` (country
 * `NL`) marks as type `public`: New Year,
 * Easter (Sunday and Monday), King's Day (27 April, 26 April when the 27th is a Sunday), Ascension Day, Whitsun
 * (Sunday and Monday), Christmas Day and Boxing Day. Liberation Day (5 May) is marked `school` by date-holidays —
 * also in lustrum years (2025, 2030) when many employers give the day off under their collective agreement — and
 * Good Friday is `school` too, so neither is skipped. This follows the national list, not any one municipality's CAO;
 * a team that is off on 5 May in a lustrum year gets its check-in that day, which is harmless (it is still a weekday).
 */
import { DateTime, Duration } from 'luxon';
import {
  dateOf,
  firstWindowFrom,
  isValidZone,
  latestWorkingMomentAtOrBefore,
  nextWorkingMoment,
  parseWorkingHours,
  remember,
  workingMinutesBefore,
  type WorkingHours,
} from './working-calendar';
import type { Category } from './protocol';

export type AftercareMomentKind = 'lead-contact' | 'lead-support-talk' | 'checkin-72h' | 'checkin-2w' | 'checkin-6w';
export const AFTERCARE_MOMENT_KINDS: readonly AftercareMomentKind[] = [
  'lead-contact',
  'lead-support-talk',
  'checkin-72h',
  'checkin-2w',
  'checkin-6w',
];


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

export type Placement = 'next-working-day' | 'ahead-of-deadline' | 'no-later-than' | 'not-before';

/** How much working time the lead gets between the support-talk reminder and its deadline: half a working day. */
export const SUPPORT_TALK_LEAD_MINUTES = 4 * 60;

/** How each kind turns its `after` offset into a moment. Fixed per kind (the protocol's meaning of the moment). */
export const PLACEMENT: Readonly<Record<AftercareMomentKind, Placement>> = Object.freeze({
  'lead-contact': 'next-working-day',
  'lead-support-talk': 'ahead-of-deadline',
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
  /** `lead-support-talk`: the deadline the reminder is ahead of (report + 72 h). */
  deadline?: Date;
}

export interface PlanOptions {
  config?: AftercarePlanConfig;
  category: Category;
  /** Was a first-response colleague paged for this incident. */
  firstResponse: boolean;
  /** Did the reporter ask for support (aftercare). */
  supportRequested: boolean;
}

// The calendar lives in working-calendar.ts; re-exported here for the plan's users.
export {
  atWallClock,
  isDutchPublicHoliday,
  isWithinWorkingHours,
  isWorkingDay,
  latestWorkingMomentAtOrBefore,
  nextWorkingMoment,
  parseWorkingHours,
  type ParsedWorkingHours,
  type WorkingCalendar,
  type WorkingHours,
} from './working-calendar';


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
 *   `P1D`: the day after the report); the moment is the start of working hours on the first working day on or
 *   after that date, so the lead can act that day. Friday 16:50 → Monday 09:00; Saturday 11:00 → Monday 09:00.
 * - `ahead-of-deadline` (support talk, default `PT72H`): deadline = report + `after`; the moment is
 *   {@link SUPPORT_TALK_LEAD_MINUTES} of working time before the deadline (a reminder at the deadline is too late
 *   to act on). When that much working time does not lie between the report and the deadline, the first working
 *   moment after the report. Never both the lead's moments at once: when the support talk would fall on the lead
 *   contact's day or earlier, both are planned at the earlier of the two and delivered as one card.
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
          at = firstWindowFrom(dateOf(report.plus(after)), zone, wh).start;
          break;
        }
        case 'ahead-of-deadline': {
          const deadline = report.plus(after);
          at = workingMinutesBefore(deadline, SUPPORT_TALK_LEAD_MINUTES, report, config) ?? nextWorkingMoment(report.plus({ minutes: 1 }), config);
          if (at <= report) at = nextWorkingMoment(report.plus({ minutes: 1 }), config);
          return { kind: m.kind, at: at.toJSDate(), deadline: deadline.toJSDate(), index };
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

  combineLeadMoments(planned, zone);
  planned.sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
  return planned.map(({ kind, at, deadline }) => (deadline ? { kind, at, deadline } : { kind, at }));
}

/** The lead's two moments never arrive as a pair on one day: on the same day or earlier, both at the earlier. */
function combineLeadMoments(planned: { kind: AftercareMomentKind; at: Date }[], zone: import('luxon').Zone): void {
  const contact = planned.find((p) => p.kind === 'lead-contact');
  const talk = planned.find((p) => p.kind === 'lead-support-talk');
  if (!contact || !talk) return;
  const day = (d: Date) => DateTime.fromJSDate(d, { zone }).toISODate()!;
  if (day(talk.at) > day(contact.at)) return;
  const at = talk.at < contact.at ? talk.at : contact.at;
  contact.at = at;
  talk.at = at;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
