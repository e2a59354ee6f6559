/**
 * Registered incidents (threats, persisting aggression, patterns) go to the aggression coordinator, who decides on
 * a sanction measure (regiemaatregel) with an end date; the reporter hears the outcome (docs/protocol.md, §4). The request
 * is a durable job per incident; the decision is taken once (optimistic concurrency), by a coordinator only.
 */
import type { PersonConfig } from './people';
import type { Directory } from './directory';
import { deliverTo } from './delivery';
import { updateIncident } from './incidents';
import type { OutboundMessage, SanctionView } from './messages';
import { SANCTION_MEASURES, type Incident, type SanctionMeasure } from './model';
import { DeliveryError, type Clock, type JobQueue, type MessageRef, type Messenger, type Store } from './ports';
import type { JobHandlers, JobKind, JobOf } from './job-kinds';
import { categoryOf } from './protocol';

export const SANCTION_JOBS = { request: 'sanction.request', update: 'sanction.update-cards', outcome: 'sanction.outcome' } as const satisfies Record<string, JobKind>;
type SanctionJobKind = (typeof SANCTION_JOBS)[keyof typeof SANCTION_JOBS];

/** Measures that restrict the citizen and so need an end date. */
export const RESTRICTING: readonly SanctionMeasure[] = ['written-contact-only', 'contact-ban'];

export type DecideOutcome = { result: 'decided' | 'already'; message: OutboundMessage } | { result: 'forbidden' | 'invalid' };

export class SanctionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly directory: Directory,
    private readonly messenger: Messenger,
    private readonly jobs: JobQueue,
  ) {}

  handlers(): JobHandlers {
    const id = (job: JobOf<SanctionJobKind>) => job.payload.incidentId;
    return {
      [SANCTION_JOBS.request]: (job) => this.sendRequest(id(job)),
      [SANCTION_JOBS.update]: (job) => this.updateCards(id(job)),
      [SANCTION_JOBS.outcome]: (job) => this.tellReporter(id(job)),
    };
  }

  /** Follow-up step: a registered incident is put before the coordinator (once). */
  async route(incidentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident || incident.registration !== 'required') return;
    await this.queue(SANCTION_JOBS.request, incidentId);
  }

  async decide(incidentId: string, personId: string, measure: unknown, until: unknown): Promise<DecideOutcome> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident) return { result: 'invalid' };
    const team = this.directory.teamOf(incident);
    const person = this.directory.person(team.id, personId);
    if (!person?.roles.includes('coordinator')) return { result: 'forbidden' };
    if (!(SANCTION_MEASURES as readonly unknown[]).includes(measure)) return { result: 'invalid' };
    const m = measure as SanctionMeasure;
    const endDate = typeof until === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(until) ? until : undefined;
    if (RESTRICTING.includes(m) && !endDate) return { result: 'invalid' };
    const now = this.clock.now().toISOString();
    const updated = await updateIncident(this.store, incidentId, (i) => {
      if (i.sanction?.decidedAt) return false;
      i.sanction = { ...i.sanction, decidedAt: now, decidedBy: personId, measure: m, until: RESTRICTING.includes(m) ? endDate : undefined };
      i.timeline.push({ at: now, type: 'sanction-decided', personId, detail: m });
      return true;
    });
    if (updated!.changed) {
      // Who decided what about which incident, without content (docs/privacy.md); one entry per decision.
      await this.store.audit.append({ id: `sanction.decided:${incidentId}`, at: now, actorId: personId, teamId: team.id, action: 'sanction.decided', incidentId });
      await this.queue(SANCTION_JOBS.update, incidentId);
      await this.queue(SANCTION_JOBS.outcome, incidentId);
    }
    return { result: updated!.changed ? 'decided' : 'already', message: this.message(updated!.incident, person) };
  }

  message(incident: Incident, viewer: PersonConfig): OutboundMessage {
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
      decided: s?.decidedAt && s.measure ? { measure: s.measure, until: s.until, byName: this.directory.person(team.id, s.decidedBy ?? '')?.name ?? '', at: s.decidedAt } : undefined,
    };
    return { type: 'sanction', locale: viewer.locale ?? team.locale, sanction };
  }

  private async sendRequest(incidentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident || incident.sanction?.requestedAt || incident.sanction?.decidedAt) return;
    const team = this.directory.teamOf(incident);
    const refs: MessageRef[] = [];
    for (const person of this.directory.withRole(team.id, 'coordinator')) {
      const ref = await deliverTo(this.messenger, person, incident.platform, this.message(incident, person));
      if (ref) refs.push(ref);
    }
    const at = this.clock.now().toISOString();
    await updateIncident(this.store, incidentId, (i) => {
      i.sanction = { ...i.sanction, requestedAt: at, refs };
      i.timeline.push({ at, type: 'sanction-requested' });
      return true;
    });
  }

  private async updateCards(incidentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident?.sanction?.refs) return;
    const team = this.directory.teamOf(incident);
    const viewer = this.directory.withRole(team.id, 'coordinator')[0];
    if (!viewer) return;
    for (const ref of incident.sanction.refs) {
      try {
        await this.messenger.update(ref, this.message(incident, viewer));
      } catch (err) {
        if (!(err instanceof DeliveryError && err.permanent)) throw err;
      }
    }
  }

  /** The reporter sees the outcome only (docs/protocol.md): the measure and its end date. */
  private async tellReporter(incidentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    const s = incident?.sanction;
    if (!incident || !s?.measure) return;
    const reporter = this.directory.person(incident.teamId, incident.reporterId);
    if (!reporter) return;
    await deliverTo(this.messenger, reporter, incident.platform, {
      type: 'notice',
      locale: reporter.locale ?? incident.locale,
      key: 'sanction.outcome',
      vars: { number: incident.number, measure: s.measure, until: s.until ?? '' },
    });
  }

  private async queue(kind: SanctionJobKind, incidentId: string): Promise<void> {
    const id = `${kind}:${incidentId}`;
    await this.jobs.schedule({ id, kind, dueAt: this.clock.now(), payload: { incidentId } });
    await this.jobs.runNow(id);
  }

}
