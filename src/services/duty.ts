/** Who is on first-response duty now, and the escalation ladder for a report. */
import { DateTime } from 'luxon';
import type { PersonConfig, TeamConfig } from '../config';
import type { Category } from './protocol';

/** In a shift window (weekday 1-7, "HH:mm" from inclusive, to exclusive) in the team's zone; no shifts = always. */
export function isOnShift(person: PersonConfig, team: TeamConfig, now: Date): boolean {
  if (person.shifts.length === 0) return true;
  const local = DateTime.fromJSDate(now, { zone: team.timezone });
  const hhmm = local.toFormat('HH:mm');
  return person.shifts.some((s) => s.days.includes(local.weekday) && s.from <= hhmm && hhmm < s.to);
}

/** The rota in order, without absent people and people outside their shift. */
export function onDuty(team: TeamConfig, now: Date): PersonConfig[] {
  return team.firstResponse.rota
    .map((id) => team.people.find((p) => p.id === id))
    .filter((p): p is PersonConfig => !!p && !p.absent && isOnShift(p, team, now));
}

/**
 * Paging order: colleagues on duty, then the team lead(s), then — for threats — the aggression coordinator(s).
 * The reporter is never paged for their own report; nobody is paged twice.
 */
export function pagingLadder(team: TeamConfig, category: Category, reporterId: string, now: Date): string[] {
  const leads = team.people.filter((p) => p.roles.includes('lead') && !p.absent);
  const coordinators = category === 'threat' ? team.people.filter((p) => p.roles.includes('coordinator') && !p.absent) : [];
  const ids = [...onDuty(team, now), ...leads, ...coordinators].map((p) => p.id).filter((id) => id !== reporterId);
  return [...new Set(ids)];
}
