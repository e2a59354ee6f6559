/**
 * The review calendar of a team (the team protocol (docs/protocol.md), "Incidentanalyse" and "Borging en monitoring") as pure date logic:
 * - the team meeting (teamoverleg): weekly or every other week on a weekday and time; its agenda is posted
 *   `postBefore` ahead. Meetings falling on a Dutch public holiday are skipped.
 * - the quarterly review, on the first working day of each quarter, about the quarter just ended;
 * - the half-yearly review (first working day of January and July), about the half year just ended;
 * - the yearly review (first working day of January), about the year just ended.
 * Every occurrence has a deterministic id (`review:<team>:<type>:<label>`), so scheduling it twice makes one job.
 */
import { DateTime, Duration } from 'luxon';
import type { TeamConfig } from './people';
import { DEFAULT_MEETINGS } from './people';
import { atWallClock, isDutchPublicHoliday, isWorkingDay } from './working-calendar';
import type { ReviewType } from './model';

export const REVIEW_TYPES: readonly ReviewType[] = ['meeting', 'quarter', 'half-year', 'year'];

/** Default anchor for meetings every other week: a date in a meeting week (ISO week 2 of 2026). */
const DEFAULT_FIRST_WEEK = '2026-01-05';
/** Looking further than this for the next meeting means the configuration allows none. */
const MAX_DAYS_AHEAD = 400;

export interface Period {
  /** "2026-Q3", "2026-H1", "2026", or the meeting date "2026-11-24". */
  label: string;
  /** [from, to) as ISO instants (UTC, with milliseconds: the store compares them as text). */
  from: string;
  to: string;
}

export interface Occurrence {
  id: string;
  teamId: string;
  type: ReviewType;
  /** When the post is due. */
  dueAt: string;
  /** Meetings: when the meeting itself starts. */
  meetingAt?: string;
  /** Quarterly, half-yearly, yearly: the period reviewed (the one just ended). Meetings: label only. */
  period: Period;
}

export const reviewJobId = (teamId: string, type: ReviewType, label: string) => `review:${teamId}:${type}:${label}`;

type Meetings = TeamConfig['meetings'];
const meetingsOf = (team: TeamConfig): Meetings => team.meetings ?? { ...DEFAULT_MEETINGS };

const iso = (dt: DateTime) => dt.toUTC().toISO()!;
const hm = (time: string) => time.split(':').map(Number) as [number, number];

/** Is this local date a meeting day for the team (weekday, week parity, not a public holiday)? */
export function isMeetingDate(team: TeamConfig, date: DateTime): boolean {
  const m = meetingsOf(team);
  const local = date.setZone(team.timezone);
  if (local.weekday !== m.weekday || isDutchPublicHoliday(local)) return false;
  if (m.every === 1) return true;
  const anchor = DateTime.fromISO(m.firstWeek ?? DEFAULT_FIRST_WEEK, { zone: 'utc' }).startOf('week');
  const week = DateTime.utc(local.year, local.month, local.day).startOf('week');
  const weeks = Math.round(week.diff(anchor, 'weeks').weeks);
  return ((weeks % m.every) + m.every) % m.every === 0;
}

function meetingOn(team: TeamConfig, date: DateTime): Occurrence {
  const m = meetingsOf(team);
  const [h, min] = hm(m.time);
  const meetingAt = atWallClock(date, h, min);
  const label = date.toISODate()!;
  return {
    id: reviewJobId(team.id, 'meeting', label),
    teamId: team.id,
    type: 'meeting',
    dueAt: iso(meetingAt.minus(Duration.fromISO(m.postBefore))),
    meetingAt: iso(meetingAt),
    period: { label, from: iso(meetingAt), to: iso(meetingAt) },
  };
}

/** The first meeting whose agenda is due strictly after `after`. */
export function nextMeeting(team: TeamConfig, after: Date): Occurrence | undefined {
  const start = DateTime.fromJSDate(after, { zone: team.timezone }).startOf('day');
  for (let d = 0; d < MAX_DAYS_AHEAD; d++) {
    const day = start.plus({ days: d });
    if (!isMeetingDate(team, day)) continue;
    const occurrence = meetingOn(team, day);
    if (Date.parse(occurrence.dueAt) > after.getTime()) return occurrence;
  }
  return undefined;
}

/** The meeting before `occurrence` (for the first agenda's "since the last meeting"). */
export function previousMeeting(team: TeamConfig, occurrence: Occurrence): Occurrence | undefined {
  const start = DateTime.fromISO(occurrence.period.label, { zone: team.timezone });
  for (let d = 1; d < MAX_DAYS_AHEAD; d++) {
    const day = start.minus({ days: d });
    if (isMeetingDate(team, day)) return meetingOn(team, day);
  }
  return undefined;
}

/** Months per period of each periodic review type. */
const MONTHS: Record<Exclude<ReviewType, 'meeting'>, number> = { quarter: 3, 'half-year': 6, year: 12 };

export function periodLabel(type: Exclude<ReviewType, 'meeting'>, start: DateTime): string {
  if (type === 'quarter') return `${start.year}-Q${Math.floor((start.month - 1) / 3) + 1}`;
  if (type === 'half-year') return `${start.year}-H${start.month <= 6 ? 1 : 2}`;
  return String(start.year);
}

/** The period with this label ("2026-Q4", "2026-H1", "2026") in the team's zone; undefined if it is not one. */
export function parsePeriod(label: string, zone: string): { type: Exclude<ReviewType, 'meeting'>; period: Period } | undefined {
  const match = /^(\d{4})(?:-(Q[1-4]|H[12]))?$/.exec(label.trim().toUpperCase());
  if (!match) return undefined;
  const year = Number(match[1]);
  const part = match[2];
  const type = !part ? 'year' : part.startsWith('Q') ? 'quarter' : 'half-year';
  const month = !part ? 1 : part.startsWith('Q') ? (Number(part[1]) - 1) * 3 + 1 : part === 'H1' ? 1 : 7;
  return { type, period: periodAt(type, DateTime.fromObject({ year, month, day: 1 }, { zone })) };
}

/** The period of `type` that starts at local midnight `start` (the first of a month). */
export function periodAt(type: Exclude<ReviewType, 'meeting'>, start: DateTime): Period {
  const from = start.startOf('day');
  return { label: periodLabel(type, from), from: iso(from), to: iso(from.plus({ months: MONTHS[type] })) };
}

/** The same kind of period `steps` periods earlier (1 = the previous one; for a quarter, 4 = a year ago). */
export function shiftPeriod(type: Exclude<ReviewType, 'meeting'>, period: Period, zone: string, steps: number): Period {
  const from = DateTime.fromISO(period.from, { zone }).minus({ months: MONTHS[type] * steps });
  return periodAt(type, from);
}

/** The first working day (Mon–Fri, not a Dutch public holiday) on or after the local date `day`. */
function firstWorkingDay(day: DateTime, zone: string): DateTime {
  let d = day;
  const calendar = { timezone: zone, workingHours: { days: [1, 2, 3, 4, 5], start: '00:00', end: '23:59' } };
  while (!isWorkingDay(d, calendar)) d = d.plus({ days: 1 });
  return d;
}

/** The next periodic review due strictly after `after`: posted on the first working day of a period, about the one before. */
export function nextPeriodic(team: TeamConfig, type: Exclude<ReviewType, 'meeting'>, after: Date): Occurrence {
  const zone = team.timezone;
  const [h, min] = hm(meetingsOf(team).reviewTime);
  const local = DateTime.fromJSDate(after, { zone });
  const months = MONTHS[type];
  // The start of the period containing `after`, then forward until the post is in the future.
  let start = DateTime.fromObject({ year: local.year, month: Math.floor((local.month - 1) / months) * months + 1, day: 1 }, { zone });
  for (;;) {
    const due = atWallClock(firstWorkingDay(start, zone), h, min);
    if (due.toMillis() > after.getTime()) {
      const period = periodAt(type, start.minus({ months }));
      return { id: reviewJobId(team.id, type, period.label), teamId: team.id, type, dueAt: iso(due), period };
    }
    start = start.plus({ months });
  }
}

export function nextOccurrence(team: TeamConfig, type: ReviewType, after: Date): Occurrence | undefined {
  return type === 'meeting' ? nextMeeting(team, after) : nextPeriodic(team, type, after);
}

/** Recomputes an occurrence from its job (type + label), checking it still fits the configuration. */
/**
 * nextOccurrence of every type for many teams at one instant. Teams with the same zone and meeting settings have the
 * same calendar, so it is computed once per such group and only the ids differ: at start every team's four next
 * posts are planned, and the zone arithmetic is most of the start-up after the modules (docs/operations.md, "Start-up").
 */
export function nextOccurrences(teams: readonly TeamConfig[], after: Date): Array<{ team: TeamConfig; type: ReviewType; occurrence: Occurrence }> {
  const shared = new Map<string, Occurrence | undefined>();
  const result: Array<{ team: TeamConfig; type: ReviewType; occurrence: Occurrence }> = [];
  for (const team of teams) {
    const calendarKey = JSON.stringify([team.timezone, meetingsOf(team)]);
    for (const type of REVIEW_TYPES) {
      const key = `${type}|${calendarKey}`;
      if (!shared.has(key)) shared.set(key, nextOccurrence(team, type, after));
      const occurrence = shared.get(key);
      if (occurrence) result.push({ team, type, occurrence: { ...occurrence, id: reviewJobId(team.id, type, occurrence.period.label), teamId: team.id } });
    }
  }
  return result;
}

export function occurrenceFor(team: TeamConfig, type: ReviewType, label: string): Occurrence | undefined {
  if (type === 'meeting') {
    const day = DateTime.fromISO(label, { zone: team.timezone });
    return day.isValid && isMeetingDate(team, day) ? meetingOn(team, day) : undefined;
  }
  const parsed = parsePeriod(label, team.timezone);
  if (!parsed || parsed.type !== type) return undefined;
  const next = DateTime.fromISO(parsed.period.to, { zone: team.timezone });
  // The post of the period is due on the first working day after it ends.
  return nextPeriodic(team, type, next.minus({ milliseconds: 1 }).toJSDate());
}
