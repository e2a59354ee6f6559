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
  constructor(
    private readonly jobs: JobQueue,
    private readonly steps: FollowUpStep[],
    private readonly onError: (err: Error) => void,
  ) {}

  handlers(): JobHandlers {
    return {
      [FOLLOW_UP_JOB]: async (job) => {
        // Each step is idempotent, so a retry after a partial failure repeats only what did not happen.
        for (const step of this.steps) await step(job.payload.incidentId);
      },
    };
  }

  /**
   * Durably queues the follow-up, then starts it; waits at most `waitMs` for it (a slow connector must not hold
   * up the reporter's confirmation — the job goes on, and the scheduler retries it if it fails).
   */
  async reported(incident: Incident, waitMs = 0): Promise<void> {
    const id = `reported:${incident.id}`;
    await this.jobs.schedule({ id, kind: FOLLOW_UP_JOB, dueAt: incident.reportedAt, payload: { incidentId: incident.id } });
    await waitAtMost(this.jobs.runNow(id).catch((err: Error) => this.onError(err)), waitMs);
  }
}
