/**
 * What happens after a report is stored, as one durable job per incident (`reported:<id>`): start paging,
 * plan aftercare, … The job is scheduled right after the incident is stored and again on every redelivery of
 * the same submit, so a crash between the two loses nothing and a repeat adds nothing.
 */
import type { Incident } from './model';
import type { JobQueue } from './ports';
import type { JobHandlers, JobKind } from './job-kinds';
import { waitAtMost } from './wait';

export const FOLLOW_UP_JOB = 'incident.reported' satisfies JobKind;

export type FollowUpStep = (incidentId: string) => Promise<void>;

export class ReportFollowUps {
  /** Reporters waiting, in this process, for the first step (the page) of an incident's follow-up. */
  private readonly firstStepWaiters = new Map<string, () => void>();

  constructor(
    private readonly jobs: JobQueue,
    private readonly steps: FollowUpStep[],
    private readonly onError: (err: Error) => void,
  ) {}

  handlers(): JobHandlers {
    return {
      [FOLLOW_UP_JOB]: async (job) => {
        const incidentId = job.payload.incidentId;
        // Each step is idempotent, so a retry after a partial failure repeats only what did not happen.
        try {
          for (const [index, step] of this.steps.entries()) {
            await step(incidentId);
            if (index === 0) this.firstStepDone(incidentId);
          }
        } finally {
          this.firstStepDone(incidentId);
        }
      },
    };
  }

  /**
   * Durably queues the follow-up, then starts it; waits for its first step (the page, sent before anything else of
   * the submit), at most `waitMs`: a slow connector must not hold up the reporter's confirmation, and aftercare and
   * the coordinator's message go on after the answer. The job goes on either way; the scheduler retries it if it fails.
   */
  async reported(incident: Incident, waitMs = 0): Promise<void> {
    const id = `reported:${incident.id}`;
    await this.jobs.schedule({ id, kind: FOLLOW_UP_JOB, dueAt: incident.reportedAt, payload: { incidentId: incident.id } });
    const firstStep = new Promise<void>((resolve) => this.firstStepWaiters.set(incident.id, resolve));
    const run = this.jobs.runNow(id).catch((err: Error) => this.onError(err));
    try {
      await waitAtMost(Promise.race([firstStep, run]), waitMs);
    } finally {
      this.firstStepWaiters.delete(incident.id);
    }
  }

  private firstStepDone(incidentId: string): void {
    this.firstStepWaiters.get(incidentId)?.();
    this.firstStepWaiters.delete(incidentId);
  }
}
