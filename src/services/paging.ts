/**
 * First response (eerste opvang): page the colleague on duty, escalate along the ladder when nobody answers in
 * time or everyone declines, and keep the reporter and every paged colleague informed. Every step is a durable
 * job; handlers re-read the incident and act only if the paging is still at the step they were scheduled for.
 */
import { Duration } from 'luxon';
import type { PersonConfig } from '../config';
import type { Directory } from './directory';
import { deliverTo } from './delivery';
import { pagingLadder } from './duty';
import { updateIncident } from './incidents';
import type { NoticeKey, OutboundMessage, PageView } from './messages';
import type { Incident, Job } from './model';
import { DeliveryError, type Clock, type JobQueue, type MessageRef, type Messenger, type Store } from './ports';
import { RetryLaterError } from '../scheduler/scheduler';

export const PAGING_JOBS = {
  send: 'page.send',
  escalate: 'page.escalate',
  updateCards: 'page.update-cards',
  notifyReporter: 'page.notify-reporter',
} as const;

export type AckOutcome =
  | { result: 'acknowledged'; incident: Incident }
  | { result: 'already'; incident: Incident; byName: string }
  | { result: 'not-paged' | 'unknown' };

export class PagingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly directory: Directory,
    private readonly messenger: Messenger,
    private readonly jobs: JobQueue,
  ) {}

  /** Job handlers by kind, for the scheduler. */
  handlers(): Record<string, (job: Job) => Promise<void>> {
    return {
      [PAGING_JOBS.send]: (job) => this.sendPage(String(job.payload.incidentId), Number(job.payload.step)),
      [PAGING_JOBS.escalate]: (job) => this.timeout(String(job.payload.incidentId), Number(job.payload.step)),
      [PAGING_JOBS.updateCards]: (job) => this.updateCards(String(job.payload.incidentId)),
      [PAGING_JOBS.notifyReporter]: (job) => this.notifyReporter(String(job.payload.incidentId), job.payload.key as NoticeKey),
    };
  }

  /** Fixes the ladder and pages the first person; idempotent (a second call finds paging already started). */
  async start(incidentId: string): Promise<void> {
    const now = this.clock.now();
    const updated = await updateIncident(this.store, incidentId, (incident) => {
      if (incident.paging || !incident.firstResponse) return false;
      const team = this.directory.teamOf(incident);
      const ladder = pagingLadder(team, incident.category, incident.reporterId, now);
      incident.paging = { status: ladder.length ? 'paging' : 'exhausted', ladder, step: 0, pages: [], declined: [] };
      if (!ladder.length) incident.timeline.push({ at: now.toISOString(), type: 'paging-exhausted', detail: 'nobody on the ladder' });
      return true;
    });
    const paging = updated?.incident.paging;
    if (!paging) return;
    if (paging.status === 'exhausted') await this.queueNotice(incidentId, 'reporter.exhausted');
    else await this.queuePage(incidentId, paging.step);
  }

  async acknowledge(incidentId: string, personId: string): Promise<AckOutcome> {
    const now = this.clock.now().toISOString();
    let already: string | undefined;
    const updated = await updateIncident(this.store, incidentId, (incident) => {
      const paging = incident.paging;
      if (!paging) return false;
      if (paging.status === 'acknowledged') {
        already = paging.acknowledgedBy;
        return false;
      }
      if (!paging.pages.some((p) => p.personId === personId)) return false;
      paging.status = 'acknowledged';
      paging.acknowledgedBy = personId;
      paging.acknowledgedAt = now;
      incident.timeline.push({ at: now, type: 'acknowledged', personId });
      return true;
    });
    if (!updated) return { result: 'unknown' };
    const { incident, changed } = updated;
    if (!changed) {
      if (already) return { result: 'already', incident, byName: this.nameOf(incident, already) };
      return { result: 'not-paged' };
    }
    await this.jobs.cancel(escalateJobId(incidentId, incident.paging!.step));
    await this.queueNotice(incidentId, 'reporter.coming');
    await this.queueCardUpdate(incident);
    return { result: 'acknowledged', incident };
  }

  /** "Kan niet": the next person is paged at once when the decliner is the one currently paged. */
  async decline(incidentId: string, personId: string): Promise<Incident | undefined> {
    const now = this.clock.now().toISOString();
    let advanceFrom: number | undefined;
    const updated = await updateIncident(this.store, incidentId, (incident) => {
      const paging = incident.paging;
      if (!paging || !paging.pages.some((p) => p.personId === personId) || paging.declined.includes(personId)) return false;
      paging.declined.push(personId);
      incident.timeline.push({ at: now, type: 'declined', personId });
      if (paging.status === 'paging' && paging.ladder[paging.step] === personId) advanceFrom = paging.step;
      return true;
    });
    if (advanceFrom !== undefined) await this.advance(incidentId, advanceFrom, 'declined');
    return updated?.incident;
  }

  /** The page as `viewer` sees it now (for card refreshes and invoke responses). */
  pageMessage(incident: Incident, viewer: PersonConfig): OutboundMessage {
    const team = this.directory.teamOf(incident);
    const paging = incident.paging;
    const platformId = (p: PersonConfig) => (incident.platform === 'teams' ? p.teamsUserId : p.slackUserId);
    const viewerIds = [...(paging?.pages ?? []).map((p) => this.directory.person(team.id, p.personId)), viewer]
      .map((p) => (p ? platformId(p) : undefined))
      .filter((id): id is string => !!id);
    const page: PageView = {
      incidentId: incident.id,
      incidentNumber: incident.number,
      reporterName: this.nameOf(incident, incident.reporterId),
      channel: incident.channel,
      category: incident.category,
      occurredAt: incident.occurredAt,
      timezone: team.timezone,
      wantsSupport: incident.firstResponseRequested,
      state: paging?.status === 'acknowledged' ? 'acknowledged' : paging?.status === 'exhausted' ? 'exhausted' : paging?.declined.includes(viewer.id) ? 'declined' : 'open',
      acknowledgedByName: paging?.acknowledgedBy ? this.nameOf(incident, paging.acknowledgedBy) : undefined,
      acknowledgedAt: paging?.acknowledgedAt,
      viewerIds: [...new Set(viewerIds)],
      viewerIsAcknowledger: paging?.acknowledgedBy === viewer.id,
    };
    return { type: 'page', locale: viewer.locale ?? team.locale, page };
  }

  private async sendPage(incidentId: string, step: number): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    const paging = incident?.paging;
    if (!incident || !paging || paging.status !== 'paging' || paging.step !== step) return; // stale: fenced
    const team = this.directory.teamOf(incident);
    const person = this.directory.person(team.id, paging.ladder[step]);
    if (!person) return this.advance(incidentId, step, 'unreachable');

    let ref: MessageRef;
    try {
      ref = await this.messenger.sendToPerson(person, incident.platform, this.pageMessage(incident, person));
    } catch (err) {
      if (err instanceof DeliveryError && err.permanent) {
        await this.record(incidentId, { type: 'page-unreachable', personId: person.id, detail: err.kind });
        return this.advance(incidentId, step, 'unreachable');
      }
      if (err instanceof DeliveryError && err.retryAfterMs !== undefined) throw new RetryLaterError(err.message, err.retryAfterMs);
      throw err;
    }
    const now = this.clock.now();
    const after = await updateIncident(this.store, incidentId, (i) => {
      i.paging!.pages.push({ personId: person.id, at: now.toISOString(), ref });
      i.timeline.push({ at: now.toISOString(), type: 'paged', personId: person.id });
      return true;
    });
    const timeout = Duration.fromISO(incident.category === 'threat' ? team.firstResponse.threatAckTimeout : team.firstResponse.ackTimeout);
    await this.jobs.schedule({
      id: escalateJobId(incidentId, step),
      kind: PAGING_JOBS.escalate,
      dueAt: new Date(now.getTime() + timeout.toMillis()),
      payload: { incidentId, step },
    });
    if (step > 0) await this.queueNotice(incidentId, 'reporter.searching');
    // Picked up while this page was on its way: bring the new card up to date too.
    if (after && after.incident.paging?.status !== 'paging') await this.queueCardUpdate(after.incident);
  }

  private async timeout(incidentId: string, step: number): Promise<void> {
    const now = this.clock.now().toISOString();
    const updated = await updateIncident(this.store, incidentId, (incident) => {
      if (incident.paging?.status !== 'paging' || incident.paging.step !== step) return false;
      incident.timeline.push({ at: now, type: 'page-timeout', personId: incident.paging.ladder[step] });
      return true;
    });
    if (updated?.changed) await this.advance(incidentId, step, 'timeout');
  }

  /** Moves the ladder from `fromStep` to the next person, or ends as exhausted. Fenced on the step. */
  private async advance(incidentId: string, fromStep: number, why: 'timeout' | 'declined' | 'unreachable'): Promise<void> {
    const now = this.clock.now().toISOString();
    const updated = await updateIncident(this.store, incidentId, (incident) => {
      const paging = incident.paging;
      if (paging?.status !== 'paging' || paging.step !== fromStep) return false;
      if (fromStep + 1 >= paging.ladder.length) {
        paging.status = 'exhausted';
        incident.timeline.push({ at: now, type: 'paging-exhausted', detail: why });
      } else {
        paging.step = fromStep + 1;
        incident.timeline.push({ at: now, type: 'escalated', personId: paging.ladder[paging.step], detail: why });
      }
      return true;
    });
    if (!updated?.changed) return;
    const paging = updated.incident.paging!;
    if (paging.status === 'exhausted') {
      await this.queueNotice(incidentId, 'reporter.exhausted');
      await this.queueCardUpdate(updated.incident);
    } else {
      await this.queuePage(incidentId, paging.step);
    }
  }

  private async updateCards(incidentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident?.paging) return;
    const team = this.directory.teamOf(incident);
    const failures: string[] = [];
    for (const page of incident.paging.pages) {
      const person = this.directory.person(team.id, page.personId);
      if (!page.ref || !person) continue;
      try {
        await this.messenger.update(page.ref, this.pageMessage(incident, person));
      } catch (err) {
        // A card that cannot be updated for good (chat deleted) is skipped; others make the job retry.
        if (!(err instanceof DeliveryError && err.permanent)) failures.push((err as Error).message);
      }
    }
    if (failures.length) throw new Error(`could not update ${failures.length} page card(s): ${failures[0]}`);
  }

  private async notifyReporter(incidentId: string, key: NoticeKey): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident) return;
    // "Someone is coming" supersedes "still searching" if the ack overtook that notice.
    if (key === 'reporter.searching' && incident.paging?.status !== 'paging') return;
    const team = this.directory.teamOf(incident);
    const reporter = this.directory.person(team.id, incident.reporterId);
    if (!reporter) return;
    const vars: Record<string, string> = { number: incident.number };
    if (incident.paging?.acknowledgedBy) vars.name = this.nameOf(incident, incident.paging.acknowledgedBy);
    if (incident.paging?.acknowledgedAt) vars.at = incident.paging.acknowledgedAt;
    vars.timezone = team.timezone;
    await deliverTo(this.messenger, reporter, incident.platform, { type: 'notice', locale: incident.locale, key, vars });
  }

  private async queuePage(incidentId: string, step: number): Promise<void> {
    const id = `page:${incidentId}:${step}`;
    await this.jobs.schedule({ id, kind: PAGING_JOBS.send, dueAt: this.clock.now(), payload: { incidentId, step } });
    await this.jobs.runNow(id);
  }

  private async queueNotice(incidentId: string, key: NoticeKey): Promise<void> {
    const id = `notify:${incidentId}:${key}`;
    await this.jobs.schedule({ id, kind: PAGING_JOBS.notifyReporter, dueAt: this.clock.now(), payload: { incidentId, key } });
    await this.jobs.runNow(id);
  }

  private async queueCardUpdate(incident: Incident): Promise<void> {
    const id = `page-cards:${incident.id}:${incident.version}`;
    await this.jobs.schedule({ id, kind: PAGING_JOBS.updateCards, dueAt: this.clock.now(), payload: { incidentId: incident.id } });
    await this.jobs.runNow(id);
  }

  private async record(incidentId: string, event: { type: string; personId?: string; detail?: string }): Promise<void> {
    const at = this.clock.now().toISOString();
    await updateIncident(this.store, incidentId, (i) => {
      i.timeline.push({ at, ...event });
      return true;
    });
  }

  private nameOf(incident: Incident, personId: string): string {
    return this.directory.person(incident.teamId, personId)?.name ?? personId;
  }
}

export const escalateJobId = (incidentId: string, step: number) => `escalate:${incidentId}:${step}`;
