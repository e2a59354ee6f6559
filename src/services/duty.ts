/** Who is on first-response duty now, and the escalation ladder for a report. */
import { DateTime } from 'luxon';
import type { PersonConfig, TeamConfig } from './people';
import type { Category } from './protocol';
import type { PagingState } from './model';

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

/** The people paged together at `step` (see PagingState.parallel). */
export function waveAt(paging: Pick<PagingState, 'ladder' | 'parallel'>, step: number): string[] {
  const parallel = paging.parallel ?? 1;
  if (step === 0) return paging.ladder.slice(0, parallel);
  const person = paging.ladder[parallel - 1 + step];
  return person === undefined ? [] : [person];
}

/** The last step of the ladder (−1 when the ladder is empty). */
export function lastStep(paging: Pick<PagingState, 'ladder' | 'parallel'>): number {
  return paging.ladder.length === 0 ? -1 : paging.ladder.length - (paging.parallel ?? 1);
}

/** A help request's ladder: everyone on duty at once (step 0), then the leads and coordinators one by one. */
export function helpLadder(team: TeamConfig, reporterId: string, now: Date): { ladder: string[]; parallel: number } {
  const wave = onDuty(team, now).map((p) => p.id).filter((id) => id !== reporterId);
  const ladder = [...new Set([...wave, ...pagingLadder(team, 'threat', reporterId, now)])];
  return { ladder, parallel: Math.max(1, Math.min(wave.length, ladder.length)) };
}
