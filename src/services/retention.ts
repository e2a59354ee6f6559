/**
 * Retention that really deletes (AVG): once a day, at night in the deployment's zone, incidents older than the
 * incident retention and operational records (finished jobs, deduplication keys) older than theirs are removed
 * from the store. The purge is itself a durable job per day, so a day missed while the bot was down runs late,
 * once.
 */
import { DateTime, Duration } from 'luxon';
import type { Job } from './model';
import type { Clock, JobQueue, Store } from './ports';

export const RETENTION_JOB = 'retention.purge';

export interface RetentionSettings {
  incidents: string; // ISO 8601 duration
  operational: string;
  timezone: string;
}

export interface PurgeResult {
  incidents: number;
  jobs: number;
  handledOnce: number;
}

export class RetentionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
    private readonly settings: RetentionSettings,
    private readonly log: (message: string) => void = () => {},
  ) {}

  handlers(): Record<string, (job: Job) => Promise<void>> {
    return {
      [RETENTION_JOB]: async () => {
        const result = await this.purge();
        this.log(`retention: deleted ${result.incidents} incident(s), ${result.jobs} finished job(s), ${result.handledOnce} dedup key(s)`);
        await this.scheduleNext();
      },
    };
  }

  /** Deletes what is past its retention, as of now. */
  async purge(): Promise<PurgeResult> {
    const now = DateTime.fromJSDate(this.clock.now());
    const before = (iso: string) => now.minus(Duration.fromISO(iso)).toUTC().toISO()!;
    return {
      incidents: await this.store.incidents.purgeReportedBefore(before(this.settings.incidents)),
      jobs: await this.store.jobs.purgeFinishedBefore(before(this.settings.operational)),
      handledOnce: await this.store.purgeHandledOnceBefore(before(this.settings.operational)),
    };
  }

  /** The next nightly run (03:30 local; after the DST gap, which is 02:00-03:00). Idempotent per day. */
  async scheduleNext(): Promise<void> {
    const local = DateTime.fromJSDate(this.clock.now(), { zone: this.settings.timezone });
    let next = local.set({ hour: 3, minute: 30, second: 0, millisecond: 0 });
    if (next <= local) next = next.plus({ days: 1 });
    await this.jobs.schedule({ id: `retention:${next.toISODate()}`, kind: RETENTION_JOB, dueAt: next.toJSDate(), payload: {} });
  }
}
