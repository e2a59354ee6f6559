/**
 * Registered incidents (threats, persisting aggression, patterns) go to the aggression coordinator, who decides on
 * a sanction measure (regiemaatregel) with an end date; the reporter hears the outcome (docs/protocol.md, §4). The request
 * is a durable job per incident; the decision is taken once (optimistic concurrency), by a coordinator only.
 */
import { DateTime } from 'luxon';
import type { PersonConfig } from './people';
import { coordinatedTeams } from './access';
import { deliverTo } from './delivery';
import { updateIncident } from './incidents';
import type { OutboundMessage, SanctionView } from './messages';
import { SANCTION_MEASURES, type Incident, type SanctionMeasure } from './model';
import { DeliveryError, type MessageRef } from './ports';
import { DomainService, type ServicePorts } from './domain-service';
import type { JobHandlers, JobKind, JobOf } from './job-kinds';
import { categoryOf } from './protocol';
import { isDate, RESTRICTING, type MeasureService } from './measures';
import { isWorkingDay } from './working-calendar';

export const SANCTION_JOBS = {
  request: 'sanction.request',
  update: 'sanction.update-cards',
  outcome: 'sanction.outcome',
  /** Undecided after the team's working days: one reminder to the coordinator, then the lead (docs/measures.md). */
  remind: 'sanction.remind',
  lead: 'sanction.undecided-lead',
} as const satisfies Record<string, JobKind>;
type SanctionJobKind = (typeof SANCTION_JOBS)[keyof typeof SANCTION_JOBS];

export { RESTRICTING };

/** The reason for "geen maatregel" the reporter reads: required, plain text, at most this long. */
export const REASON_MAX = 500;

/** `n` working days (weekdays, no Dutch public holidays) after `from`, at the same local time. */
export function afterWorkingDays(from: Date, n: number, timezone: string): Date {
  let day = DateTime.fromJSDate(from, { zone: timezone });
  for (let left = n; left > 0; ) {
    day = day.plus({ days: 1 });
    if (isWorkingDay(day, { timezone, workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } })) left -= 1;
  }
  return day.toJSDate();
}

export type DecideOutcome = { result: 'decided' | 'already'; message: OutboundMessage } | { result: 'forbidden' | 'invalid' };

export class SanctionService extends DomainService {
  constructor(ports: ServicePorts, private readonly measures?: MeasureService) {
    super(ports);
  }

  handlers(): JobHandlers {
    const id = (job: JobOf<SanctionJobKind>) => job.payload.incidentId;
    return {
      [SANCTION_JOBS.request]: (job) => this.sendRequest(id(job)),
      [SANCTION_JOBS.update]: (job) => this.updateCards(id(job)),
      [SANCTION_JOBS.outcome]: (job) => this.tellReporter(id(job)),
      [SANCTION_JOBS.remind]: (job) => this.undecided(id(job), 'reminder'),
      [SANCTION_JOBS.lead]: (job) => this.undecided(id(job), 'lead'),
    };
  }

  /** Follow-up step: a registered incident is put before the coordinator (once). */
  async route(incidentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    // A report about a citizen under a measure goes to the coordinator too: "maatregel overtreden?".
    if (!incident || (incident.registration !== 'required' && !incident.measureInForce)) return;
    await this.queue(SANCTION_JOBS.request, incidentId);
  }

  async decide(incidentId: string, personId: string, measure: unknown, until: unknown, extra: { start?: unknown; reason?: unknown } = {}): Promise<DecideOutcome> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident) return { result: 'invalid' };
    const team = this.directory.teamOf(incident);
    const person = this.directory.person(team.id, personId);
    if (!person?.roles.includes('coordinator')) return { result: 'forbidden' };
    const offered = ['none', ...(this.measures?.catalogue(team) ?? SANCTION_MEASURES)];
    if (!offered.includes(measure as string) || !(SANCTION_MEASURES as readonly unknown[]).includes(measure)) return { result: 'invalid' };
    const m = measure as SanctionMeasure;
    const endDate = isDate(until) ? until : undefined;
    const today = DateTime.fromJSDate(this.clock.now(), { zone: team.timezone }).toISODate()!;
    const startDate = isDate(extra.start) ? extra.start : today;
    const reason = typeof extra.reason === 'string' ? extra.reason.trim().slice(0, REASON_MAX) : '';
    if (RESTRICTING.includes(m) && (!endDate || endDate < startDate)) return { result: 'invalid' };
    if (m === 'none' && !reason && !incident.sanction?.decidedAt) return { result: 'invalid' };
    const now = this.clock.now().toISOString();
    const updated = await updateIncident(this.store, incidentId, (i) => {
      if (i.sanction?.decidedAt) return false;
      i.sanction = {
        ...i.sanction,
        decidedAt: now,
        decidedBy: personId,
        measure: m,
        until: RESTRICTING.includes(m) ? endDate : undefined,
        ...(m === 'none' ? { reason } : { startDate }),
      };
      i.timeline.push({ at: now, type: 'sanction-decided', personId, detail: m });
      return true;
    });
    if (updated!.changed) {
      // Who decided what about which incident, without content (docs/privacy.md); one entry per decision.
      await this.store.audit.append({ id: `sanction.decided:${incidentId}`, at: now, actorId: personId, teamId: team.id, action: 'sanction.decided', incidentId });
      await this.jobs.cancel(`${SANCTION_JOBS.remind}:${incidentId}`);
      await this.jobs.cancel(`${SANCTION_JOBS.lead}:${incidentId}`);
    }
    // Recorded on the citizen reference (idempotent: the measure's id is the incident's), also after a crash here.
    const s = updated!.incident.sanction;
    if (s?.measure && s.measure !== 'none' && this.measures) await this.measures.record(updated!.incident, s.measure, s.startDate ?? today, s.until, s.decidedBy ?? personId);
    if (updated!.changed) {
      await this.queue(SANCTION_JOBS.update, incidentId);
      await this.queue(SANCTION_JOBS.outcome, incidentId);
    }
    return { result: updated!.changed ? 'decided' : 'already', message: await this.message(updated!.incident, person) };
  }

  /** "Overleggen met leidinggevende": the lead is asked to think along, once; the card stays open. */
  async consult(incidentId: string, personId: string): Promise<DecideOutcome> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident) return { result: 'invalid' };
    const team = this.directory.teamOf(incident);
    const person = this.directory.person(team.id, personId);
    if (!person?.roles.includes('coordinator')) return { result: 'forbidden' };
    const now = this.clock.now().toISOString();
    const updated = await updateIncident(this.store, incidentId, (i) => {
      if (i.sanction?.consultedAt || i.sanction?.decidedAt) return false;
      i.sanction = { ...i.sanction, consultedAt: now };
      return true;
    });
    if (updated!.changed) {
      for (const lead of this.directory.withRole(team.id, 'lead')) {
        await deliverTo(this.messenger, lead, incident.platform, { type: 'notice', locale: lead.locale ?? team.locale, key: 'measure.consult', vars: { number: incident.number, name: person.name } });
      }
    }
    return { result: updated!.changed ? 'decided' : 'already', message: await this.message(updated!.incident, person) };
  }

  async message(incident: Incident, viewer: PersonConfig): Promise<OutboundMessage> {
    const team = this.directory.teamOf(incident);
    const s = incident.sanction;
    const sanction: SanctionView = {
      incidentId: incident.id,
      incidentNumber: incident.number,
      reporterName: this.directory.person(team.id, incident.reporterId)?.name ?? incident.reporterId,
      category: categoryOf(incident),
      channel: incident.channel,
      occurredAt: incident.occurredAt,
      timezone: team.timezone,
      description: incident.description,
      citizenRef: incident.citizenRef,
      registrationReason: incident.registrationReason,
      patternCount: incident.patternIncidentIds.length,
      decided: s?.decidedAt && s.measure ? { measure: s.measure, until: s.until, byName: this.directory.person(team.id, s.decidedBy ?? '')?.name ?? '', at: s.decidedAt, reason: s.reason } : undefined,
      consulted: !!s?.consultedAt,
      ...(this.measures ? { catalogue: ['none', ...this.measures.catalogue(team)], history: await this.measures.history(incident, this.servedTeams(viewer)) } : {}),
    };
    return { type: 'sanction', locale: viewer.locale ?? team.locale, sanction };
  }

  private async sendRequest(incidentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident || incident.sanction?.requestedAt || incident.sanction?.decidedAt) return;
    const team = this.directory.teamOf(incident);
    const refs: MessageRef[] = [];
    for (const person of this.directory.withRole(team.id, 'coordinator')) {
      const ref = await deliverTo(this.messenger, person, incident.platform, await this.message(incident, person));
      if (ref) refs.push(ref);
    }
    const at = this.clock.now().toISOString();
    await updateIncident(this.store, incidentId, (i) => {
      i.sanction = { ...i.sanction, requestedAt: at, refs };
      i.timeline.push({ at, type: 'sanction-requested' });
      return true;
    });
    const days = team.measures.decideWithinWorkingDays;
    const remindAt = afterWorkingDays(this.clock.now(), days, team.timezone);
    await this.jobs.schedule({ id: `${SANCTION_JOBS.remind}:${incidentId}`, kind: SANCTION_JOBS.remind, dueAt: remindAt, payload: { incidentId } });
    await this.jobs.schedule({ id: `${SANCTION_JOBS.lead}:${incidentId}`, kind: SANCTION_JOBS.lead, dueAt: afterWorkingDays(remindAt, days, team.timezone), payload: { incidentId } });
  }

  /** Fenced: nothing once decided; each step once (remindedAt / leadToldAt on the incident). */
  private async undecided(incidentId: string, step: 'reminder' | 'lead'): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    const s = incident?.sanction;
    if (!incident || !s?.requestedAt || s.decidedAt || (step === 'reminder' ? s.remindedAt : s.leadToldAt)) return;
    const team = this.directory.teamOf(incident);
    const people = this.directory.withRole(team.id, step === 'reminder' ? 'coordinator' : 'lead');
    const names = this.directory.withRole(team.id, 'coordinator').map((p) => p.name).join(', ');
    for (const person of people) {
      await deliverTo(this.messenger, person, incident.platform, {
        type: 'notice',
        locale: person.locale ?? team.locale,
        key: step === 'reminder' ? 'measure.reminder' : 'measure.undecided',
        vars: { number: incident.number, name: names, days: String(team.measures.decideWithinWorkingDays) },
      });
    }
    const at = this.clock.now().toISOString();
    await updateIncident(this.store, incidentId, (i) => {
      if (!i.sanction) return false;
      if (step === 'reminder') i.sanction.remindedAt = at;
      else i.sanction.leadToldAt = at;
      return true;
    });
  }

  /** The teams a viewer serves as coordinator (by their chat identities), for the citizen's history. */
  private servedTeams(viewer: PersonConfig): string[] {
    const memberships = [...this.directory.teamsMemberships(viewer.teamsUserId, viewer.aadObjectId), ...this.directory.slackMemberships(viewer.slackUserId)];
    return coordinatedTeams(memberships);
  }

  private async updateCards(incidentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident?.sanction?.refs) return;
    const team = this.directory.teamOf(incident);
    const viewer = this.directory.withRole(team.id, 'coordinator')[0];
    if (!viewer) return;
    for (const ref of incident.sanction.refs) {
      try {
        await this.messenger.update(ref, await this.message(incident, viewer));
      } catch (err) {
        if (!(err instanceof DeliveryError && err.permanent)) throw err;
      }
    }
  }

  /** The reporter sees the outcome only (docs/protocol.md): the measure and its end date, or the reason for none; the lead too. */
  private async tellReporter(incidentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    const s = incident?.sanction;
    if (!incident || !s?.measure) return;
    const team = this.directory.teamOf(incident);
    const vars = { number: incident.number, measure: s.measure, until: s.until ?? '', reason: s.reason ?? '', name: this.directory.person(team.id, s.decidedBy ?? '')?.name ?? '' };
    const reporter = this.directory.person(incident.teamId, incident.reporterId);
    if (reporter) {
      const key = s.measure === 'none' ? 'measure.outcomeNone' : 'sanction.outcome';
      await deliverTo(this.messenger, reporter, incident.platform, { type: 'notice', locale: reporter.locale ?? incident.locale, key, vars });
    }
    for (const lead of this.directory.withRole(team.id, 'lead')) {
      await deliverTo(this.messenger, lead, incident.platform, { type: 'notice', locale: lead.locale ?? team.locale, key: 'measure.lead', vars });
    }
  }

  private async queue(kind: SanctionJobKind, incidentId: string): Promise<void> {
    const id = `${kind}:${incidentId}`;
    await this.jobs.schedule({ id, kind, dueAt: this.clock.now(), payload: { incidentId } });
    await this.jobs.runNow(id);
  }

}
