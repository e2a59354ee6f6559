/**
 * First response (eerste opvang): page the colleague(s) on duty, escalate along the ladder when nobody answers in
 * time, everyone declines, or a page cannot be delivered, and keep the reporter and every paged colleague informed.
 * Every step is a durable job; handlers re-read the incident and act only if the paging is still at the step they
 * were scheduled for. The rules (who, in which order, how long, what "never silent" means) are in
 * docs/first-response.md.
 */
import { Duration } from 'luxon';
import type { PersonConfig } from './people';
import { deliverTo } from './delivery';
import { helpLadder, lastStep, pagingLadder, waveAt } from './duty';
import { updateIncident } from './incidents';
import type { NoticeKey, OutboundMessage } from './messages';
import type { Incident, Job } from './model';
import { DeliveryError, RetryLaterError, type MessageRef } from './ports';
import { DomainService } from './domain-service';
import type { FailureReason, JobHandlers, JobKind, JobOf } from './job-kinds';
import { categoryOf, isUrgent } from './protocol';
import { nameOf, pagedNames, pageMessage } from './page-views';
import { responsible, SendTimeout, waveDone, withTimeout } from './paging-rules';
import { retryAfterOf } from './delivery';

export const PAGING_JOBS = {
  send: 'page.send',
  escalate: 'page.escalate',
  updateCards: 'page.update-cards',
  notifyReporter: 'page.notify-reporter',
  notifyFailed: 'page.notify-failed',
} as const satisfies Record<string, JobKind>;

/** The job kinds on the way to a page: run on short, renewed leases, so a crash delays a page by seconds. */
export const SAFETY_JOB_KINDS: readonly string[] = [PAGING_JOBS.send, PAGING_JOBS.escalate, PAGING_JOBS.notifyReporter, PAGING_JOBS.notifyFailed];

/**
 * A failing send to one person is retried after these pauses, then the ladder moves on (docs/first-response.md).
 * One retry of our own: the platform clients already retry a 5xx a few times within seconds (the Bot Framework
 * client three times), and four people in a row must fail within a minute for the reporter to hear it in time.
 */
export const PAGE_RETRY_MS = [3_000] as const;
/** A send that takes longer than this counts as failed (the connector hangs). */
export const PAGE_SEND_TIMEOUT_MS = 10_000;

/** Why first response failed, as the lead and coordinator are told (no personal data). */
export type { FailureReason } from './job-kinds';

export type AckOutcome =
  | { result: 'acknowledged'; incident: Incident }
  | { result: 'already'; incident: Incident; byName: string }
  | { result: 'stood-down'; incident: Incident }
  | { result: 'not-paged' | 'unknown' };

export class PagingService extends DomainService {
  /** Job handlers by kind, for the scheduler. */
  handlers(): JobHandlers {
    return {
      [PAGING_JOBS.send]: (job) => this.sendPage(job),
      [PAGING_JOBS.escalate]: ({ payload }) => this.timeout(payload.incidentId, payload.step),
      [PAGING_JOBS.updateCards]: ({ payload }) => this.updateCards(payload.incidentId),
      [PAGING_JOBS.notifyReporter]: ({ payload }) => this.notifyReporter(payload.incidentId, payload.key),
      [PAGING_JOBS.notifyFailed]: ({ payload }) => this.notifyFailed(payload.incidentId, payload.personId, payload.reason),
    };
  }

  /**
   * Fixes the ladder and pages the first wave; idempotent (a second call finds paging already started). A help
   * request pages everyone on duty at once; a report pages one colleague at a time.
   */
  async start(incidentId: string): Promise<void> {
    const now = this.clock.now();
    const updated = await updateIncident(this.store, incidentId, (incident) => {
      if (incident.paging || !incident.firstResponse) return false;
      const team = this.directory.teamOf(incident);
      const { ladder, parallel } = incident.help
        ? helpLadder(team, incident.reporterId, now)
        : { ladder: pagingLadder(team, categoryOf(incident), incident.reporterId, now), parallel: 1 };
      const urgent = !!incident.help || (incident.category === 'threat' && isUrgent(incident.occurredAt, team.firstResponse.urgentWindow, now));
      incident.paging = { status: ladder.length ? 'paging' : 'exhausted', ladder, parallel, urgent, step: 0, pages: [], declined: [], unreachable: [] };
      if (!ladder.length) incident.timeline.push({ at: now.toISOString(), type: 'paging-exhausted', detail: 'nobody on the ladder' });
      return true;
    });
    if (!updated?.changed) return;
    const paging = updated.incident.paging!;
    if (paging.status === 'exhausted') await this.exhausted(updated.incident, 'nobody');
    else await this.queueWave(updated.incident, 0);
  }

  async acknowledge(incidentId: string, personId: string): Promise<AckOutcome> {
    const now = this.clock.now().toISOString();
    let already: string | undefined;
    const updated = await updateIncident(this.store, incidentId, (incident) => {
      const paging = incident.paging;
      if (!paging || paging.status === 'stood-down') return false;
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
      if (incident.paging?.status === 'stood-down') return { result: 'stood-down', incident };
      if (already) return { result: 'already', incident, byName: nameOf(this.directory, incident, already) };
      return { result: 'not-paged' };
    }
    await this.jobs.cancel(escalateJobId(incidentId, incident.paging!.step));
    await Promise.all([this.queueNotice(incidentId, 'reporter.coming'), this.queueCardUpdate(incident)]);
    return { result: 'acknowledged', incident };
  }

  /** "Kan niet": when everyone paged at this step has declined or cannot be reached, the next step is paged at once. */
  async decline(incidentId: string, personId: string): Promise<Incident | undefined> {
    const now = this.clock.now().toISOString();
    let advanceFrom: number | undefined;
    const updated = await updateIncident(this.store, incidentId, (incident) => {
      const paging = incident.paging;
      if (!paging || !paging.pages.some((p) => p.personId === personId) || paging.declined.includes(personId)) return false;
      paging.declined.push(personId);
      incident.timeline.push({ at: now, type: 'declined', personId });
      if (paging.status === 'paging' && waveDone(paging)) advanceFrom = paging.step;
      return true;
    });
    if (advanceFrom !== undefined) await this.advance(incidentId, advanceFrom, 'declined');
    return updated?.incident;
  }

  /** "Ik ben veilig" (the reporter only): nobody needs to come; no further escalation, every page card says so. */
  async standDown(incidentId: string, personId: string): Promise<Incident | undefined> {
    const now = this.clock.now().toISOString();
    const updated = await updateIncident(this.store, incidentId, (incident) => {
      if (incident.reporterId !== personId || !incident.paging || incident.paging.status === 'stood-down') return false;
      incident.paging.status = 'stood-down';
      if (incident.help) incident.help.safeAt = now;
      incident.timeline.push({ at: now, type: 'stood-down', personId });
      return true;
    });
    if (!updated) return undefined;
    if (updated.changed) {
      await this.jobs.cancel(escalateJobId(incidentId, updated.incident.paging!.step));
      await this.queueCardUpdate(updated.incident);
    }
    return updated.incident;
  }

  /** "Opvang afgerond" (the acknowledger only): first response was given; its time feeds the reviews. */
  async complete(incidentId: string, personId: string): Promise<Incident | undefined> {
    const now = this.clock.now().toISOString();
    const updated = await updateIncident(this.store, incidentId, (incident) => {
      const paging = incident.paging;
      if (paging?.status !== 'acknowledged' || paging.acknowledgedBy !== personId || paging.completedAt) return false;
      paging.completedAt = now;
      incident.timeline.push({ at: now, type: 'first-response-given', personId });
      return true;
    });
    return updated?.incident;
  }

  /** Called by the help request when the reporter says where they are: the page cards show it in place. */
  async placeChanged(incident: Incident): Promise<void> {
    if (incident.paging?.pages.length) await this.queueCardUpdate(incident);
  }

  /** A job of paging ran out of attempts: never silence — move on, or tell the reporter and the lead. */
  async jobDied(job: Job): Promise<void> {
    // Any job that died comes here, so its payload is read as what it is: unknown JSON.
    const incidentId = typeof job.payload.incidentId === 'string' ? job.payload.incidentId : '';
    if (!incidentId) return;
    if (job.kind === PAGING_JOBS.send) {
      const incident = await this.store.incidents.get(incidentId);
      const paging = incident?.paging;
      const step = Number(job.payload.step);
      const personId = typeof job.payload.personId === 'string' ? job.payload.personId : paging ? waveAt(paging, step)[0] : undefined;
      if (personId) await this.unreachable(incidentId, step, personId, 'failed');
    } else if (job.kind === PAGING_JOBS.escalate) {
      await this.advance(incidentId, Number(job.payload.step), 'timeout');
    }
  }

  /** The page as `viewer` sees it now, for card refreshes and invoke responses (page-views.ts). */
  pageMessage(incident: Incident, viewer: PersonConfig): OutboundMessage {
    return pageMessage(this.directory, incident, viewer);
  }

  /** Who is paged at the current step, by name (the help request shows the reporter at once). */
  pagedNames(incident: Incident): string[] {
    return pagedNames(this.directory, incident);
  }

  private async sendPage(job: JobOf<'page.send'>): Promise<void> {
    const { incidentId, step } = job.payload;
    const incident = await this.store.incidents.get(incidentId);
    const paging = incident?.paging;
    if (!incident || !paging || paging.status !== 'paging' || paging.step !== step) return; // stale: fenced
    // Jobs from before waves had no personId: the one person of that step.
    const personId = job.payload.personId ?? waveAt(paging, step)[0];
    if (!personId || paging.pages.some((p) => p.personId === personId)) return; // sent already (a repeat after a crash)
    const team = this.directory.teamOf(incident);
    const person = this.directory.person(team.id, personId);
    if (!person) return this.unreachable(incidentId, step, personId, 'not-configured');

    let ref: MessageRef;
    try {
      ref = await withTimeout(this.messenger.sendToPerson(person, incident.platform, this.pageMessage(incident, person)), PAGE_SEND_TIMEOUT_MS);
    } catch (err) {
      const kind = err instanceof DeliveryError ? err.kind : err instanceof SendTimeout ? 'timeout' : 'transient';
      if (err instanceof DeliveryError && err.permanent) return this.unreachable(incidentId, step, person.id, kind);
      // Brief, bounded retries (a rate limit as the platform asked), then the next person: docs/first-response.md.
      if (job.attempts <= PAGE_RETRY_MS.length) {
        const wait = retryAfterOf(err) ?? PAGE_RETRY_MS[job.attempts - 1];
        throw new RetryLaterError(`page to a colleague failed (${kind})`, wait);
      }
      return this.unreachable(incidentId, step, person.id, kind);
    }
    const now = this.clock.now();
    const after = await updateIncident(this.store, incidentId, (i) => {
      if (!i.paging || i.paging.pages.some((p) => p.personId === person.id)) return false;
      i.paging.pages.push({ personId: person.id, at: now.toISOString(), ref });
      i.timeline.push({ at: now.toISOString(), type: 'paged', personId: person.id });
      return true;
    });
    if (step > 0 && !incident.help) await this.queueNotice(incidentId, 'reporter.searching');
    // Picked up (or stood down) while this page was on its way: bring the new card up to date too.
    if (after && after.incident.paging?.status !== 'paging') await this.queueCardUpdate(after.incident);
  }

  /** A page could not be delivered to `personId`: when nobody of the wave is left to answer, move on at once. */
  private async unreachable(incidentId: string, step: number, personId: string, detail: string): Promise<void> {
    const now = this.clock.now().toISOString();
    let moveOn = false;
    await updateIncident(this.store, incidentId, (incident) => {
      const paging = incident.paging;
      if (paging?.status !== 'paging' || paging.step !== step || (paging.unreachable ?? []).includes(personId)) return false;
      paging.unreachable = [...(paging.unreachable ?? []), personId];
      incident.timeline.push({ at: now, type: 'page-unreachable', personId, detail });
      moveOn = waveDone(paging);
      return true;
    });
    if (moveOn) await this.advance(incidentId, step, 'unreachable');
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

  /** Moves the ladder from `fromStep` to the next step, or ends as exhausted. Fenced on the step. */
  private async advance(incidentId: string, fromStep: number, why: 'timeout' | 'declined' | 'unreachable'): Promise<void> {
    const now = this.clock.now().toISOString();
    const updated = await updateIncident(this.store, incidentId, (incident) => {
      const paging = incident.paging;
      if (paging?.status !== 'paging' || paging.step !== fromStep) return false;
      if (fromStep >= lastStep(paging)) {
        paging.status = 'exhausted';
        incident.timeline.push({ at: now, type: 'paging-exhausted', detail: why });
      } else {
        paging.step = fromStep + 1;
        incident.timeline.push({ at: now, type: 'escalated', personId: waveAt(paging, paging.step)[0], detail: why });
      }
      return true;
    });
    if (!updated?.changed) return;
    if (updated.incident.paging!.status === 'exhausted') {
      await this.exhausted(updated.incident, why);
      await this.queueCardUpdate(updated.incident);
    } else {
      await this.queueWave(updated.incident, updated.incident.paging!.step);
    }
  }

  /** Nobody comes: the reporter hears it at once (with 112), the lead(s) and coordinator(s) that it failed. */
  private async exhausted(incident: Incident, reason: FailureReason): Promise<void> {
    const team = this.directory.teamOf(incident);
    const told = responsible(team).filter((p) => p.id !== incident.reporterId);
    await Promise.all([
      this.queueNotice(incident.id, 'reporter.exhausted'),
      ...told.map(async (person) => {
        const id = `notify-failed:${incident.id}:${person.id}`;
        await this.jobs.schedule({ id, kind: PAGING_JOBS.notifyFailed, dueAt: this.clock.now(), payload: { incidentId: incident.id, personId: person.id, reason } });
        await this.jobs.runNow(id);
      }),
    ]);
  }

  private async updateCards(incidentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident?.paging) return;
    const team = this.directory.teamOf(incident);
    const results = await Promise.allSettled(
      incident.paging.pages.map(async (page) => {
        const person = this.directory.person(team.id, page.personId);
        if (page.ref && person) await this.messenger.update(page.ref, this.pageMessage(incident, person));
      }),
    );
    // A card that cannot be updated for good (chat deleted) is skipped; others make the job retry.
    const failures = results.flatMap((r) => (r.status === 'rejected' && !(r.reason instanceof DeliveryError && r.reason.permanent) ? [r.reason as Error] : []));
    if (failures.length) throw new Error(`could not update ${failures.length} page card(s): ${failures[0].message}`);
  }

  private async notifyReporter(incidentId: string, key: NoticeKey): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident) return;
    // "Someone is coming" supersedes "still searching" if the ack overtook that notice; "safe" supersedes both.
    if (key === 'reporter.searching' && incident.paging?.status !== 'paging') return;
    if (incident.paging?.status === 'stood-down' && key !== 'reporter.coming') return;
    const team = this.directory.teamOf(incident);
    const reporter = this.directory.person(team.id, incident.reporterId);
    if (!reporter) return;
    const vars: Record<string, string> = { number: incident.number };
    if (incident.paging?.acknowledgedBy) vars.name = nameOf(this.directory, incident, incident.paging.acknowledgedBy);
    if (incident.paging?.acknowledgedAt) vars.at = incident.paging.acknowledgedAt;
    vars.timezone = team.timezone;
    await deliverTo(this.messenger, reporter, incident.platform, { type: 'notice', locale: incident.locale, key, vars });
  }

  private async notifyFailed(incidentId: string, personId: string, reason: FailureReason): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident || incident.paging?.status !== 'exhausted') return; // someone came after all
    const person = this.directory.person(incident.teamId, personId);
    if (!person) return;
    const vars = { number: incident.number, reporter: nameOf(this.directory, incident, incident.reporterId), reason };
    await deliverTo(this.messenger, person, incident.platform, { type: 'notice', locale: person.locale ?? incident.locale, key: 'lead.responseFailed', vars });
  }

  /** Pages everyone of the step at once; the step's ack deadline is set now, at the first attempt. */
  private async queueWave(incident: Incident, step: number): Promise<void> {
    const paging = incident.paging!;
    const team = this.directory.teamOf(incident);
    const timeout = Duration.fromISO(paging.urgent ? team.firstResponse.threatAckTimeout : team.firstResponse.ackTimeout);
    const now = this.clock.now();
    await this.jobs.schedule({
      id: escalateJobId(incident.id, step),
      kind: PAGING_JOBS.escalate,
      dueAt: new Date(now.getTime() + timeout.toMillis()),
      payload: { incidentId: incident.id, step },
    });
    await Promise.all(
      waveAt(paging, step).map(async (personId) => {
        const id = `page:${incident.id}:${step}:${personId}`;
        await this.jobs.schedule({ id, kind: PAGING_JOBS.send, dueAt: now, payload: { incidentId: incident.id, step, personId } });
        await this.jobs.runNow(id);
      }),
    );
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
}

export const escalateJobId = (incidentId: string, step: number) => `escalate:${incidentId}:${step}`;
