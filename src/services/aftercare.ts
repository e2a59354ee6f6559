/**
 * Aftercare (nazorg) after a report, docs/protocol.md: the plan's moments become durable jobs; check-ins go to the
 * reporter (and witnesses) on behalf of the aftercare person, reminders to the team lead. Answers keep only the
 * offered choices; a free-text note goes straight to the aftercare person and is never stored (docs/protocol.md).
 */
import { DateTime } from 'luxon';
import type { TeamConfig } from './people';
import { DEFAULT_AFTERCARE_PLAN, planAftercare, type AftercarePlanConfig } from './aftercare-plan';
import { isWorkingDay, nextWorkingMoment } from './working-calendar';
import { deliverTo } from './delivery';
import { updateIncident } from './incidents';
import type { OutboundMessage, TaskKind } from './messages';
import type { AftercareMoment, CheckinFeeling, Incident } from './model';
import type { MessageRef } from './ports';
import { DomainService } from './domain-service';
import type { JobHandlers, JobKind, JobOf } from './job-kinds';
import { categoryOf } from './protocol';
import { checkinMessage as checkinView, isCheckin, taskMessage } from './aftercare-views';

export const AFTERCARE_JOBS = {
  moment: 'aftercare.moment',
  reminder: 'aftercare.reminder',
  unanswered: 'aftercare.unanswered',
  route: 'aftercare.route',
  /** "Ik wil graag nazorg" ticked on the form: the aftercare person hears at once, not at the 72 h check-in. */
  request: 'aftercare.request',
} as const satisfies Record<string, JobKind>;

type AftercareMomentKind = (typeof AFTERCARE_JOBS)[keyof typeof AFTERCARE_JOBS];

export type CheckinAction =
  | { type: 'answer'; feeling: CheckinFeeling; wantsTalk: boolean; note?: string }
  | { type: 'stop' }
  | { type: 'snooze'; days: 1 | 7 };

export class AftercareService extends DomainService {
  handlers(): JobHandlers {
    const ids = (job: JobOf<AftercareMomentKind>) => [job.payload.incidentId, job.payload.momentId] as const;
    return {
      [AFTERCARE_JOBS.moment]: (job) => this.deliver(...ids(job), false),
      [AFTERCARE_JOBS.reminder]: (job) => this.remind(...ids(job)),
      [AFTERCARE_JOBS.unanswered]: (job) => this.reportUnanswered(...ids(job)),
      [AFTERCARE_JOBS.route]: (job) => this.routeAnswer(...ids(job)),
      [AFTERCARE_JOBS.request]: ({ payload }) => this.notifyRequest(payload.incidentId),
    };
  }

  /** Plans the reporter's moments; idempotent (planned once, jobs by deterministic id). */
  async plan(incidentId: string): Promise<void> {
    const updated = await updateIncident(this.store, incidentId, (incident) => {
      if (incident.aftercare) return false;
      incident.aftercare = { moments: this.moments(incident, incident.reporterId, true), stoppedBy: [], witnesses: [] };
      return true;
    });
    if (updated) await this.scheduleAll(updated.incident);
    const incident = updated?.incident ?? (await this.store.incidents.get(incidentId));
    if (incident?.supportRequested && !incident.aftercare?.requestNotifiedAt) {
      await this.queue(AFTERCARE_JOBS.request, incidentId, `request:${incident.reporterId}`, this.clock.now());
    }
  }

  /** Tells the aftercare person that the reporter asked for aftercare on the form; once (marked before sending). */
  private async notifyRequest(incidentId: string): Promise<void> {
    const at = this.clock.now().toISOString();
    const updated = await updateIncident(this.store, incidentId, (i) => {
      if (!i.aftercare || i.aftercare.requestNotifiedAt || !i.supportRequested) return false;
      i.aftercare.requestNotifiedAt = at;
      return true;
    });
    if (!updated?.changed) return;
    const incident = updated.incident;
    const moment: AftercareMoment = { id: `request:${incident.reporterId}`, kind: 'checkin-72h', subjectId: incident.reporterId, dueAt: at };
    try {
      await this.toAftercare(incident, moment, 'support-requested');
    } catch (err) {
      // Not sent: clear the mark so the job's retry sends it (nothing lost, nothing twice).
      await updateIncident(this.store, incidentId, (i) => {
        if (i.aftercare?.requestNotifiedAt !== at) return false;
        i.aftercare.requestNotifiedAt = undefined;
        return true;
      });
      throw err;
    }
  }

  /** Adds a colleague who witnessed the incident; they get their own check-ins. Only the reporter or a lead may. */
  async addWitness(incidentId: string, witnessId: string, byPersonId: string): Promise<'added' | 'exists' | 'forbidden' | 'unknown'> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident) return 'unknown';
    const team = this.directory.teamOf(incident);
    const by = this.directory.person(team.id, byPersonId);
    if (!by || (byPersonId !== incident.reporterId && !by.roles.includes('lead'))) return 'forbidden';
    if (!this.directory.person(team.id, witnessId) || witnessId === incident.reporterId) return 'unknown';
    let result = 'exists' as 'added' | 'exists';
    const now = this.clock.now().toISOString();
    const updated = await updateIncident(this.store, incidentId, (i) => {
      i.aftercare ??= { moments: [], stoppedBy: [], witnesses: [] };
      if (i.aftercare.witnesses.some((w) => w.personId === witnessId)) return false;
      i.aftercare.witnesses.push({ personId: witnessId, addedBy: byPersonId, at: now });
      i.aftercare.moments.push(...this.moments(i, witnessId, false));
      result = 'added';
      return true;
    });
    if (updated && result === 'added') await this.scheduleAll(updated.incident);
    return result;
  }

  /** A button on a check-in card. Returns the card as its owner should now see it. */
  async act(incidentId: string, momentId: string, personId: string, action: CheckinAction): Promise<OutboundMessage | undefined> {
    const now = this.clock.now();
    const incident = await this.store.incidents.get(incidentId);
    const moment = incident?.aftercare?.moments.find((m) => m.id === momentId);
    if (!incident || !moment || !isCheckin(moment) || moment.subjectId !== personId) return undefined;
    const team = this.directory.teamOf(incident);
    const updated = await updateIncident(this.store, incidentId, (i) => {
      const m = i.aftercare!.moments.find((x) => x.id === momentId)!;
      if (action.type === 'answer') {
        if (m.answeredAt) return false;
        m.answer = { feeling: action.feeling, wantsTalk: action.wantsTalk };
        m.answeredAt = now.toISOString();
      } else if (action.type === 'stop') {
        if (i.aftercare!.stoppedBy.includes(personId)) return false;
        i.aftercare!.stoppedBy.push(personId);
      } else {
        const until = nextWorkingMoment(DateTime.fromJSDate(now, { zone: team.timezone }).plus({ days: action.days }), this.calendar(team));
        m.snoozedUntil = until.toUTC().toISO()!;
      }
      return true;
    });
    if (!updated) return undefined;
    const fresh = updated.incident.aftercare!.moments.find((m) => m.id === momentId)!;
    if (updated.changed && action.type === 'answer' && (action.wantsTalk || action.feeling === 'bad')) {
      await this.queue(AFTERCARE_JOBS.route, incidentId, momentId, now);
    }
    if (updated.changed && action.type === 'snooze') {
      await this.jobs.schedule({ id: `aftercare:${incidentId}:${momentId}:until:${fresh.snoozedUntil}`, kind: AFTERCARE_JOBS.moment, dueAt: fresh.snoozedUntil!, payload: { incidentId, momentId } });
    }
    // The note goes to the aftercare person now, inline, so it never sits in a stored job.
    // Only the answer that was recorded forwards its note: a repeated or concurrent delivery has one effect.
    if (updated.changed && action.type === 'answer' && action.note?.trim()) await this.forwardNote(updated.incident, fresh, action.note.trim().slice(0, 2000));
    return this.checkinMessage(updated.incident, fresh, personId, false);
  }

  /** The lead's "gedaan", or the aftercare person's "contact gehad". */
  async markDone(incidentId: string, momentId: string, personId: string): Promise<OutboundMessage | undefined> {
    const incident = await this.store.incidents.get(incidentId);
    const moment = incident?.aftercare?.moments.find((m) => m.id === momentId);
    if (!incident || !moment) return undefined;
    const team = this.directory.teamOf(incident);
    const person = this.directory.person(team.id, personId);
    const allowed = isCheckin(moment) ? person?.roles.includes('aftercare') : person?.roles.includes('lead');
    if (!person || !allowed) return undefined;
    const now = this.clock.now().toISOString();
    const updated = await updateIncident(this.store, incidentId, (i) => {
      const m = i.aftercare!.moments.find((x) => x.id === momentId)!;
      if (m.doneAt) return false;
      m.doneAt = now;
      m.doneBy = personId;
      // One card carried both of the lead's moments: done together.
      if (m.combined) {
        for (const other of i.aftercare!.moments) {
          if (other.combined && other.subjectId === m.subjectId && !isCheckin(other) && !other.doneAt) {
            other.doneAt = now;
            other.doneBy = personId;
          }
        }
      }
      return true;
    });
    const m = updated!.incident.aftercare!.moments.find((x) => x.id === momentId)!;
    return taskMessage(this.directory, updated!.incident, m, isCheckin(m) ? 'talk-request' : (m.kind as TaskKind), person);
  }

  private moments(incident: Incident, subjectId: string, includeLead: boolean): AftercareMoment[] {
    const team = this.directory.teamOf(incident);
    const planned = planAftercare(new Date(incident.reportedAt), {
      config: this.calendar(team),
      category: categoryOf(incident),
      firstResponse: incident.firstResponse,
      supportRequested: incident.supportRequested,
    });
    return planned
      .filter((p) => includeLead || isCheckin(p))
      .map((p) => ({ id: `${p.kind}:${subjectId}`, kind: p.kind, subjectId, dueAt: p.at.toISOString(), ...(p.deadline ? { deadline: p.deadline.toISOString() } : {}) }));
  }

  private async scheduleAll(incident: Incident): Promise<void> {
    for (const m of incident.aftercare?.moments ?? []) await this.queue(AFTERCARE_JOBS.moment, incident.id, m.id, new Date(m.dueAt), false);
  }

  private async queue(kind: AftercareMomentKind, incidentId: string, momentId: string, dueAt: Date, runNow = true): Promise<void> {
    const id = `${kind}:${incidentId}:${momentId}`;
    await this.jobs.schedule({ id, kind, dueAt, payload: { incidentId, momentId } });
    if (runNow) await this.jobs.runNow(id);
  }

  /** Sends a moment (or its reminder); skips what is stopped, snoozed, answered or already sent. */
  private async deliver(incidentId: string, momentId: string, reminder: boolean): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    const moment = incident?.aftercare?.moments.find((m) => m.id === momentId);
    if (!incident || !moment) return;
    const now = this.clock.now();
    if (isCheckin(moment)) {
      if (incident.aftercare!.stoppedBy.includes(moment.subjectId) || moment.answeredAt) return;
      if (moment.snoozedUntil && new Date(moment.snoozedUntil) > now) return; // the snooze job brings it back
      if (!reminder && moment.sentAt && !moment.snoozedUntil) return;
    } else if (moment.sentAt) return;
    if (!isCheckin(moment)) return this.deliverLead(incident, moment, now);
    const team = this.directory.teamOf(incident);
    const recipients = [this.directory.person(team.id, moment.subjectId)];
    const refs: MessageRef[] = [];
    for (const person of recipients) {
      if (!person) continue;
      const message = this.checkinMessage(incident, moment, person.id, reminder);
      const ref = await deliverTo(this.messenger, person, incident.platform, message);
      if (ref) refs.push(ref);
    }
    await updateIncident(this.store, incidentId, (i) => {
      const m = i.aftercare!.moments.find((x) => x.id === momentId)!;
      if (reminder) m.remindedAt = now.toISOString();
      else {
        m.sentAt = now.toISOString();
        m.snoozedUntil = undefined;
      }
      m.refs = [...(m.refs ?? []), ...refs];
      return true;
    });
    if (!reminder) {
      await this.queue(AFTERCARE_JOBS.reminder, incidentId, momentId, this.workingDaysLater(team, now, 2), false);
    }
  }

  /**
   * A lead moment. The lead's contact and support talk due at the same moment go out as one card, never as a pair
   * (docs/aftercare.md): both are claimed (marked sent) in one write before sending, so the two jobs running at once
   * send one card; a failed send releases the claim for the job's retry.
   */
  private async deliverLead(incident: Incident, moment: AftercareMoment, now: Date): Promise<void> {
    const at = now.toISOString();
    const claimed = await updateIncident(this.store, incident.id, (i) => {
      const mine = i.aftercare!.moments.filter((m) => !isCheckin(m) && m.subjectId === moment.subjectId && m.dueAt === moment.dueAt);
      const m = mine.find((x) => x.id === moment.id)!;
      if (m.sentAt) return false;
      for (const x of mine.filter((x) => !x.sentAt)) {
        x.sentAt = at;
        if (mine.length > 1) x.combined = true;
      }
      return true;
    });
    if (!claimed?.changed) return;
    const fresh = claimed.incident;
    const sent = fresh.aftercare!.moments.filter((m) => !isCheckin(m) && m.subjectId === moment.subjectId && m.sentAt === at);
    const card = sent.find((m) => m.kind === 'lead-contact') ?? sent[0];
    const team = this.directory.teamOf(fresh);
    const refs: MessageRef[] = [];
    try {
      for (const person of this.directory.withRole(team.id, 'lead')) {
        const ref = await deliverTo(this.messenger, person, fresh.platform, taskMessage(this.directory, fresh, card, card.kind as TaskKind, person));
        if (ref) refs.push(ref);
      }
    } catch (err) {
      if (refs.length === 0) {
        await updateIncident(this.store, incident.id, (i) => {
          for (const m of i.aftercare!.moments) if (m.sentAt === at && sent.some((s) => s.id === m.id)) m.sentAt = undefined;
          return true;
        });
      }
      throw err;
    }
    await updateIncident(this.store, incident.id, (i) => {
      for (const m of i.aftercare!.moments) if (sent.some((s) => s.id === m.id)) m.refs = [...(m.refs ?? []), ...refs];
      return true;
    });
  }

  private async remind(incidentId: string, momentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    const moment = incident?.aftercare?.moments.find((m) => m.id === momentId);
    if (!incident || !moment || moment.answeredAt || moment.remindedAt) return;
    await this.deliver(incidentId, momentId, true);
    await this.queue(AFTERCARE_JOBS.unanswered, incidentId, momentId, this.workingDaysLater(this.directory.teamOf(incident), this.clock.now(), 2), false);
  }

  private async reportUnanswered(incidentId: string, momentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    const moment = incident?.aftercare?.moments.find((m) => m.id === momentId);
    if (!incident || !moment || moment.answeredAt || moment.unansweredReportedAt) return;
    if (incident.aftercare!.stoppedBy.includes(moment.subjectId)) return;
    await this.toAftercare(incident, moment, 'unanswered');
    const at = this.clock.now().toISOString();
    await updateIncident(this.store, incidentId, (i) => {
      i.aftercare!.moments.find((x) => x.id === momentId)!.unansweredReportedAt = at;
      return true;
    });
  }

  /** "Ik wil een gesprek" or "niet goed": the aftercare person hears at once; at 6 weeks, with a referral prompt. */
  private async routeAnswer(incidentId: string, momentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    const moment = incident?.aftercare?.moments.find((m) => m.id === momentId);
    if (!incident || !moment?.answer) return;
    const lasting = moment.kind === 'checkin-6w' && moment.answer.feeling === 'bad';
    // "Niet goed" without a request for a talk is said as such: the aftercare person decides how to respond.
    await this.toAftercare(incident, moment, lasting ? 'referral' : moment.answer.wantsTalk ? 'talk-request' : 'feeling-bad');
  }

  private async forwardNote(incident: Incident, moment: AftercareMoment, note: string): Promise<void> {
    const team = this.directory.teamOf(incident);
    for (const person of this.directory.withRole(team.id, 'aftercare')) {
      const message = taskMessage(this.directory, incident, moment, 'note', person);
      if (message.type === 'task') message.task.note = note;
      await deliverTo(this.messenger, person, incident.platform, message);
    }
  }

  private async toAftercare(incident: Incident, moment: AftercareMoment, kind: TaskKind): Promise<void> {
    const team = this.directory.teamOf(incident);
    for (const person of this.directory.withRole(team.id, 'aftercare')) await deliverTo(this.messenger, person, incident.platform, taskMessage(this.directory, incident, moment, kind, person));
  }

  /** The check-in card as `viewerId` should see it now (aftercare-views.ts). */
  checkinMessage(incident: Incident, moment: AftercareMoment, viewerId: string, reminder: boolean): OutboundMessage {
    return checkinView(this.directory, incident, moment, viewerId, reminder, this.clock.now());
  }

  private workingDaysLater(team: TeamConfig, from: Date, days: number): Date {
    const calendar = this.calendar(team);
    let at = DateTime.fromJSDate(from, { zone: team.timezone });
    for (let n = 0; n < days; ) {
      at = at.plus({ days: 1 });
      if (isWorkingDay(at, calendar)) n++;
    }
    return nextWorkingMoment(at, calendar).toJSDate();
  }

  /** The team's plan: its zone, and its own working hours and moments where configured. */
  private calendar(team: TeamConfig): AftercarePlanConfig {
    return {
      timezone: team.timezone,
      workingHours: team.aftercare.workingHours ?? DEFAULT_AFTERCARE_PLAN.workingHours,
      moments: (team.aftercare.moments as AftercarePlanConfig['moments'] | undefined) ?? DEFAULT_AFTERCARE_PLAN.moments,
    };
  }
}
