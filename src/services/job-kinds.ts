/**
 * Every kind of durable job and the payload it carries, in one place: a handler gets its job already typed, and
 * scheduling a job with a payload that does not fit its kind does not compile. The store keeps payloads as
 * plain JSON; the one place they are taken for their kind's type is `asJobHandler` (the scheduler runs a job
 * only by its kind, and every payload below was written by the code that schedules it).
 */
import type { NoticeKey } from './messages';
import type { Job, ReviewType } from './model';

/** A paging failure as the lead and coordinator hear it (no personal data). */
export type FailureReason = 'timeout' | 'declined' | 'unreachable' | 'nobody';

type IncidentJob = { incidentId: string };
type MomentJob = { incidentId: string; momentId: string };

export interface JobPayloads {
  'incident.reported': IncidentJob;
  'page.send': IncidentJob & { step: number; personId?: string };
  'page.escalate': IncidentJob & { step: number };
  'page.update-cards': IncidentJob;
  'page.notify-reporter': IncidentJob & { key: NoticeKey };
  'page.notify-failed': IncidentJob & { personId: string; reason: FailureReason };
  'help.start': IncidentJob;
  'help.tell-lead': IncidentJob & { personId: string };
  'help.report-reminder': IncidentJob;
  'aftercare.moment': MomentJob;
  'aftercare.reminder': MomentJob;
  'aftercare.unanswered': MomentJob;
  'aftercare.route': MomentJob;
  /** momentId: `request:<reporter>`, so the request is told once per reporter. */
  'aftercare.request': MomentJob;
  'sanction.request': IncidentJob;
  'sanction.update-cards': IncidentJob;
  'sanction.outcome': IncidentJob;
  /** Undecided after the team's working days: one reminder to the coordinator, then the lead (docs/measures.md). */
  'sanction.remind': IncidentJob;
  'sanction.undecided-lead': IncidentJob;
  /** A measure ending soon, and its periodic re-evaluation (docs/measures.md). */
  'measure.ending': { measureId: string; endDate: string };
  'measure.reevaluate': { measureId: string; round: number };
  /** The same reporter, the same behaviour, other citizens: the lead and the aftercare person (docs/measures.md). */
  'pattern.reporter': IncidentJob;
  'review.post': { teamId: string; type: ReviewType; label: string };
  'retention.purge': Record<string, never>;
  /** A platform's own job (the Slack adapter confirms a report it stored after the 3-second ack). */
  'slack.confirm': IncidentJob;
}

export type JobKind = keyof JobPayloads;

/** A job of one kind, with that kind's payload. */
export type JobOf<K extends JobKind> = Omit<Job, 'kind' | 'payload'> & { kind: K; payload: JobPayloads[K] };

/** Resolves when the job's work is done; throwing (or rejecting) counts as a failed attempt. */
export type JobHandler<K extends JobKind = JobKind> = (job: JobOf<K>) => Promise<void>;

/** Handlers by kind, as each service and adapter hands them to the scheduler. */
export type JobHandlers = { [K in JobKind]?: JobHandler<K> };

/** What the scheduler calls: the stored job, taken for its kind's type (see the top of this file). */
export function asJobHandler<K extends JobKind>(handler: JobHandler<K>): (job: Job) => Promise<void> {
  return (job) => handler(job as unknown as JobOf<K>);
}

/** Each handler of the map with its kind, for registration. */
export function jobHandlerEntries(handlers: JobHandlers): Array<[JobKind, (job: Job) => Promise<void>]> {
  return (Object.keys(handlers) as JobKind[]).map((kind) => [kind, asJobHandler(handlers[kind] as JobHandler)]);
}
