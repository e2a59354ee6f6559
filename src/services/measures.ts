/**
 * Measures on citizen references (regiemaatregel; docs/measures.md): the team's catalogue, recording a decision
 * on the citizen reference, the `check` look-up, the citizen's history on the coordinator's card, and the durable
 * reminders before a measure ends and at each re-evaluation. Every job is fenced: it re-reads the measure and does
 * nothing when the measure was ended, extended (a new end date is a new job id) or is no longer in force.
 */
import { DateTime, Duration } from 'luxon';
import type { TeamConfig } from './people';
import { mayLookUpMeasures, mayManageMeasure } from './access';
import { deliverTo } from './delivery';
import type { PersonInTeam } from './directory';
import type { MeasureHistoryView, MeasureView } from './messages';
import type { CitizenMeasure, Incident, MeasureInForce } from './model';
import { DomainService } from './domain-service';
import type { JobHandlers, JobKind } from './job-kinds';
import { categoryOf } from './protocol';

export const MEASURE_JOBS = { ending: 'measure.ending', reevaluate: 'measure.reevaluate', reporterPattern: 'pattern.reporter' } as const satisfies Record<string, JobKind>;

/** The default catalogue, in the order the coordinator's card offers it. */
export const DEFAULT_CATALOGUE = ['conversation', 'warning-letter', 'written-contact-only', 'single-contact', 'contact-ban', 'police-report', 'damages'] as const;

/** Measures that restrict the citizen's contact and so need an end date. */
export const RESTRICTING: readonly string[] = ['written-contact-only', 'single-contact', 'contact-ban'];

export type CheckOutcome =
  | { result: 'usage' }
  | { result: 'forbidden' }
  | { result: 'none'; ref: string }
  | { result: 'in-force'; ref: string; kind: string; endDate: string; instruction: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isDate = (v: unknown): v is string => typeof v === 'string' && DATE.test(v) && DateTime.fromISO(v).isValid;

/** In force on `today` (local date): started, not ended early, and not past its end date. One-offs have no end date. */
export function inForce(m: CitizenMeasure, today: string): boolean {
  return !m.endedAt && m.startDate <= today && !!m.endDate && today <= m.endDate;
}

/** The last day a measure was in force: the day it was ended early, else its end date; none for a one-off. */
function lastDay(m: CitizenMeasure, zone: string): string | undefined {
  const early = m.endedAt ? DateTime.fromISO(m.endedAt, { zone }).toISODate()! : undefined;
  return early && (!m.endDate || early < m.endDate) ? early : m.endDate;
}

/**
 * The quarterly review's counts (docs/measures.md) for local dates [from, to): started in the period, still
 * running at its end, and ended in it (ended early or reached the end date). Counts only.
 */
export function measureCounts(measures: readonly CitizenMeasure[], from: string, to: string, zone: string): { started: number; running: number; ended: number } {
  let started = 0;
  let running = 0;
  let ended = 0;
  for (const m of measures) {
    const last = lastDay(m, zone);
    if (m.startDate >= from && m.startDate < to) started += 1;
    if (!last) continue;
    if (m.startDate < to && last >= to) running += 1;
    else if (last >= from && last < to) ended += 1;
  }
  return { started, running, ended };
}

export class MeasureService extends DomainService {
  handlers(): JobHandlers {
    return {
      [MEASURE_JOBS.ending]: ({ payload }) => this.remind(payload.measureId, 'ending', payload.endDate),
      [MEASURE_JOBS.reevaluate]: ({ payload }) => this.remind(payload.measureId, 'reevaluate', undefined, payload.round),
      [MEASURE_JOBS.reporterPattern]: ({ payload }) => this.tellReporterPattern(payload.incidentId),
    };
  }

  /** Follow-up step: a reporter pattern (docs/measures.md) goes to the lead and the aftercare person, once. */
  async routePattern(incidentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident?.reporterPatternIds?.length) return;
    const id = `${MEASURE_JOBS.reporterPattern}:${incidentId}`;
    await this.jobs.schedule({ id, kind: MEASURE_JOBS.reporterPattern, dueAt: this.clock.now(), payload: { incidentId } });
    await this.jobs.runNow(id);
  }

  private async tellReporterPattern(incidentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident?.reporterPatternIds?.length) return;
    const team = this.directory.teamOf(incident);
    const vars = {
      name: this.directory.person(team.id, incident.reporterId)?.name ?? incident.reporterId,
      category: categoryOf(incident),
      count: String(incident.reporterPatternIds.length + 1),
      number: incident.number,
    };
    const people = [...this.directory.withRole(team.id, 'lead'), ...this.directory.withRole(team.id, 'aftercare')];
    for (const person of new Set(people)) {
      await deliverTo(this.messenger, person, incident.platform, { type: 'notice', locale: person.locale ?? team.locale, key: 'pattern.reporter', vars });
    }
  }

  catalogue(team: TeamConfig): string[] {
    return [...(team.measures.catalogue ?? DEFAULT_CATALOGUE)];
  }

  today(team: Pick<TeamConfig, 'timezone'>): string {
    return DateTime.fromJSDate(this.clock.now(), { zone: team.timezone }).toISODate()!;
  }

  /** The measure in force on this citizen in these teams today, if any (the latest ending one). */
  async current(teamIds: string[], citizenRef: string | undefined, team: Pick<TeamConfig, 'timezone'>): Promise<CitizenMeasure | undefined> {
    if (!citizenRef) return undefined;
    const today = this.today(team);
    const found = (await this.store.measures.find({ teamIds, citizenRef: citizenRef.trim().toUpperCase() })).filter((m) => inForce(m, today));
    return found.sort((a, b) => (a.endDate! < b.endDate! ? 1 : -1))[0];
  }

  /** For a new report: the measure in force on its citizen in the reporter's team, as the incident keeps it. */
  async inForceAtIntake(team: TeamConfig, citizenRef: string | undefined): Promise<MeasureInForce | undefined> {
    const m = await this.current([team.id], citizenRef, team);
    return m ? { measureId: m.id, kind: m.kind, endDate: m.endDate, instruction: m.instruction } : undefined;
  }

  /**
   * `check <zaaknummer>`: whether a measure is in force, until when, and the instruction — nothing else (no
   * incidents, names or descriptions). Any team member may ask (access.ts); every look-up is audited once (`key`).
   */
  async check(memberships: readonly PersonInTeam[], ref: string, key: string): Promise<CheckOutcome> {
    if (!mayLookUpMeasures(memberships)) return { result: 'forbidden' };
    const citizenRef = ref.trim().toUpperCase();
    if (!citizenRef || citizenRef.length > 60) return { result: 'usage' };
    const who = memberships[0];
    const teamIds = memberships.map((m) => m.team.id);
    await this.store.audit.append({ id: `measure.lookup:${key}`, at: this.clock.now().toISOString(), actorId: who.person.id, teamId: who.team.id, action: 'measure.lookup' });
    const m = await this.current(teamIds, citizenRef, who.team);
    return m ? { result: 'in-force', ref: citizenRef, kind: m.kind, endDate: m.endDate!, instruction: m.instruction } : { result: 'none', ref: citizenRef };
  }

  /**
   * The citizen's history for the coordinator's card: earlier incidents (date and category only) and measures, in
   * every team the coordinator serves (docs/measures.md). Never descriptions or names.
   */
  async history(incident: Incident, teamIds: string[]): Promise<MeasureHistoryView> {
    const team = this.directory.teamOf(incident);
    if (!incident.citizenRef) return { incidents: [], measures: [] };
    const teams = [...new Set([incident.teamId, ...teamIds])];
    const earlier: Incident[] = [];
    for (const teamId of teams) earlier.push(...(await this.store.incidents.find({ teamId, citizenRef: incident.citizenRef })));
    const today = this.today(team);
    const measures = await this.store.measures.find({ teamIds: teams, citizenRef: incident.citizenRef.trim().toUpperCase() });
    return {
      incidents: earlier
        .filter((i) => i.id !== incident.id && i.occurredAt <= incident.occurredAt && !i.help?.reportPending)
        .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
        .map((i) => ({ occurredAt: i.occurredAt, category: categoryOf(i) })),
      measures: measures.map((m) => ({ kind: m.kind, startDate: m.startDate, endDate: m.endDate, inForce: inForce(m, today), endedAt: m.endedAt })),
      violated: incident.measureInForce ? { kind: incident.measureInForce.kind, endDate: incident.measureInForce.endDate } : undefined,
    };
  }

  /** The decided measure on the citizen reference (once: `msr-<incidentId>`), with its reminders. */
  async record(incident: Incident, kind: string, startDate: string, endDate: string | undefined, decidedBy: string): Promise<CitizenMeasure | undefined> {
    if (!incident.citizenRef) return undefined;
    const team = this.directory.teamOf(incident);
    const measure: CitizenMeasure = {
      id: `msr-${incident.id}`,
      teamId: incident.teamId,
      citizenRef: incident.citizenRef.trim().toUpperCase(),
      kind,
      startDate,
      ...(endDate ? { endDate } : {}),
      instruction: team.measures.instructions[kind] ?? '',
      incidentId: incident.id,
      decidedBy,
      decidedAt: this.clock.now().toISOString(),
    };
    await this.store.measures.create(measure);
    const stored = (await this.store.measures.get(measure.id)) ?? measure;
    await this.scheduleReminders(stored, team);
    return stored;
  }

  /** Extends (or shortens) a measure: the old one ends today, a new one carries the new end date (docs/measures.md). */
  async extend(measureId: string, who: PersonInTeam, endDate: unknown): Promise<'done' | 'invalid' | 'forbidden'> {
    const m = await this.store.measures.get(measureId);
    if (!m || !this.mayManage(m, who)) return 'forbidden';
    if (!isDate(endDate) || endDate < this.today(who.team) || m.endedAt) return 'invalid';
    const next: CitizenMeasure = { ...m, id: `${m.id.split("~")[0]}~${endDate}`, startDate: this.today(who.team), endDate, decidedBy: who.person.id, decidedAt: this.clock.now().toISOString() };
    await this.store.measures.create(next);
    await this.store.measures.end(m.id, this.clock.now().toISOString(), who.person.id);
    await this.store.audit.append({ id: `measure.extended:${next.id}`, at: this.clock.now().toISOString(), actorId: who.person.id, teamId: m.teamId, action: 'measure.extended', incidentId: m.incidentId });
    await this.scheduleReminders(next, who.team);
    return 'done';
  }

  async end(measureId: string, who: PersonInTeam): Promise<'done' | 'already' | 'forbidden'> {
    const m = await this.store.measures.get(measureId);
    if (!m || !this.mayManage(m, who)) return 'forbidden';
    const ended = await this.store.measures.end(m.id, this.clock.now().toISOString(), who.person.id);
    if (ended) await this.store.audit.append({ id: `measure.ended:${m.id}`, at: this.clock.now().toISOString(), actorId: who.person.id, teamId: m.teamId, action: 'measure.ended', incidentId: m.incidentId });
    return ended ? 'done' : 'already';
  }

  async view(measureId: string, reason: MeasureView['reason']): Promise<MeasureView | undefined> {
    const m = await this.store.measures.get(measureId);
    if (!m) return undefined;
    const incident = await this.store.incidents.get(m.incidentId);
    const team = this.directory.team(m.teamId);
    return {
      measureId: m.id,
      reason,
      kind: m.kind,
      citizenRef: m.citizenRef,
      incidentNumber: incident?.number ?? '',
      startDate: m.startDate,
      endDate: m.endDate,
      instruction: m.instruction,
      endedAt: m.endedAt,
      inForce: team ? inForce(m, this.today(team)) : false,
    };
  }

  private mayManage(m: CitizenMeasure, who: PersonInTeam): boolean {
    return mayManageMeasure(m, who);
  }

  private async scheduleReminders(m: CitizenMeasure, team: TeamConfig): Promise<void> {
    const nine = (date: string) => DateTime.fromISO(date, { zone: team.timezone }).set({ hour: 9 });
    if (m.endDate) {
      const due = nine(m.endDate).minus(Duration.fromISO(team.measures.remindBeforeEnd));
      await this.jobs.schedule({ id: `${MEASURE_JOBS.ending}:${m.id}`, kind: MEASURE_JOBS.ending, dueAt: due.toJSDate(), payload: { measureId: m.id, endDate: m.endDate } });
    }
    await this.scheduleReevaluation(m, team, 1);
  }

  private async scheduleReevaluation(m: CitizenMeasure, team: TeamConfig, round: number): Promise<void> {
    const every = Duration.fromISO(team.measures.reevaluateEvery);
    const due = DateTime.fromISO(m.startDate, { zone: team.timezone }).set({ hour: 9 }).plus(every.mapUnits((x) => x * round));
    // Only while the measure still runs then; a one-off is re-evaluated never.
    if (!m.endDate || due.toISODate()! > m.endDate) return;
    await this.jobs.schedule({ id: `${MEASURE_JOBS.reevaluate}:${m.id}:${round}`, kind: MEASURE_JOBS.reevaluate, dueAt: due.toJSDate(), payload: { measureId: m.id, round } });
  }

  /** The coordinator's reminder: extend, change or end. Fenced on the measure as it is now. */
  private async remind(measureId: string, reason: MeasureView['reason'], endDate?: string, round = 0): Promise<void> {
    const m = await this.store.measures.get(measureId);
    const team = m && this.directory.team(m.teamId);
    if (!m || !team || !inForce(m, this.today(team))) return;
    if (reason === 'ending' && m.endDate !== endDate) return;
    const view = await this.view(measureId, reason);
    const incident = await this.store.incidents.get(m.incidentId);
    for (const person of this.directory.withRole(team.id, 'coordinator')) {
      await deliverTo(this.messenger, person, incident?.platform ?? 'teams', { type: 'measure', locale: person.locale ?? team.locale, measure: view! });
    }
    if (reason === 'reevaluate') await this.scheduleReevaluation(m, team, round + 1);
  }
}
