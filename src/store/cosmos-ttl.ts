/** Cosmos `ttl` per document kind (an extra on top of the nightly purge; docs/privacy.md). */
import type { CosmosStoreOptions } from './cosmos-client';

const DAY_SECONDS = 86_400;

/** Computes the ttl fields from the options. */
export class Retention {
  constructor(private readonly options: CosmosStoreOptions) {}

  private now(): number {
    return (this.options.now?.() ?? new Date()).getTime();
  }

  finishedJob(): number {
    return Math.round((this.options.ttl?.finishedJobDays ?? 30) * DAY_SECONDS);
  }

  handledOnce(): number {
    return Math.round((this.options.ttl?.handledOnceDays ?? 30) * DAY_SECONDS);
  }

  /** Seconds from now until reportedAt + the retention (at least 1), or undefined without an incident retention. */
  incident(reportedAt: string): number | undefined {
    const days = this.options.ttl?.incidentAfterReportDays;
    if (days === undefined) return undefined;
    const end = new Date(reportedAt).getTime() + days * DAY_SECONDS * 1000;
    return Math.max(1, Math.ceil((end - this.now()) / 1000));
  }
}
