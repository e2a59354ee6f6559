/**
 * Retention that really deletes (AVG; the periods and their defaults: docs/privacy.md). Once a day, at night in the
 * deployment's zone, every data kind past its period is removed from the store:
 * - an incident's description, citizen reference and team text, earlier than the incident itself (unless a
 *   measure on it still runs), and the answers of its check-ins — the incident stays, with what the statistics
 *   count (category, dates, registration, whether check-ins were answered), so the quarterly figures do not change;
 * - whole incidents, improvement actions (once done), deviations, review posts, the audit log;
 * - conversation references of people no longer configured, finished jobs and deduplication keys.
 * The purge is itself a durable job per day, so a day missed while the bot was down runs late, once.
 */
import { DateTime, Duration } from 'luxon';
import { updateIncident } from './incidents';
import type { ConversationAddress, Incident } from './model';
import type { Clock, JobQueue, Store } from './ports';
import type { JobHandlers, JobKind } from './job-kinds';

export const RETENTION_JOB = 'retention.purge' satisfies JobKind;

/** ISO 8601 durations per data kind; defaults in config.ts and docs/privacy.md. */
export interface RetentionSettings {
  incidents: string;
  operational: string;
  timezone: string;
  incidentDetails?: string;
  checkinAnswers?: string;
  actions?: string;
  deviations?: string;
  reviewPosts?: string;
  conversations?: string;
  audit?: string;
}

export interface PurgeResult {
  incidents: number;
  jobs: number;
  handledOnce: number;
  details?: number;
  checkinAnswers?: number;
  actions?: number;
  deviations?: number;
  reviewPosts?: number;
  conversations?: number;
  audit?: number;
}

/** What the purge needs to know of the configuration: the teams, and which stored addresses belong to nobody now. */
export interface RetentionScope {
  teamIds(): string[];
  /** True for a conversation reference of a person (or channel) no longer in the configuration. */
  isOrphan(address: ConversationAddress): boolean;
}

export class RetentionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
    private readonly settings: RetentionSettings,
    private readonly log: (message: string) => void = () => {},
    private readonly scope?: RetentionScope,
  ) {}

  handlers(): JobHandlers {
    return {
      [RETENTION_JOB]: async () => {
        const result = await this.purge();
        this.log(`retention: deleted ${Object.entries(result).map(([kind, n]) => `${n} ${kind}`).join(', ')}`);
        await this.scheduleNext();
      },
    };
  }

  /** Deletes what is past its retention, as of now. */
  async purge(): Promise<PurgeResult> {
    const now = DateTime.fromJSDate(this.clock.now());
    const before = (iso: string) => now.minus(Duration.fromISO(iso)).toUTC().toISO()!;
    const s = this.settings;
    const result: PurgeResult = {
      incidents: await this.store.incidents.purgeReportedBefore(before(s.incidents)),
      jobs: await this.store.jobs.purgeFinishedBefore(before(s.operational)),
      handledOnce: await this.store.purgeHandledOnceBefore(before(s.operational)),
    };
    if (this.scope && s.incidentDetails && s.checkinAnswers) {
      const redacted = await this.redactIncidents(before(s.incidentDetails), before(s.checkinAnswers), now.setZone(s.timezone).toISODate()!);
      result.details = redacted.details;
      result.checkinAnswers = redacted.answers;
    }
    if (s.actions) result.actions = await this.store.actions.purgeBefore('action', before(s.actions));
    if (s.deviations) result.deviations = await this.store.actions.purgeBefore('deviation', before(s.deviations));
    if (s.reviewPosts) result.reviewPosts = await this.store.reviews.purgeBefore(before(s.reviewPosts));
    if (s.audit) result.audit = await this.store.audit.purgeBefore(before(s.audit));
    if (this.scope && s.conversations) {
      const cutoff = before(s.conversations);
      let n = 0;
      for (const address of await this.store.conversations.list()) {
        if (address.updatedAt < cutoff && this.scope.isOrphan(address)) {
          await this.store.conversations.delete(address.key);
          n++;
        }
      }
      result.conversations = n;
    }
    await this.store.compact?.();
    return result;
  }

  /** Blanks description, citizen reference and team text, and check-in answers, of incidents past those periods. */
  private async redactIncidents(detailsBefore: string, answersBefore: string, today: string): Promise<{ details: number; answers: number }> {
    let details = 0;
    let answers = 0;
    const latest = detailsBefore > answersBefore ? detailsBefore : answersBefore;
    for (const teamId of this.scope!.teamIds()) {
      // occurredAt is never after reportedAt: every incident reported before `latest` is in this list.
      for (const incident of await this.store.incidents.find({ teamId, to: latest })) {
        const updated = await updateIncident(this.store, incident.id, (i) => {
          let changed = false;
          if (i.reportedAt < detailsBefore && hasDetails(i) && !measureRuns(i, today)) {
            i.description = '';
            delete i.citizenRef;
            delete i.teamSummary;
            details++;
            changed = true;
          }
          for (const m of i.aftercare?.moments ?? []) {
            if (m.answer && m.answeredAt && m.answeredAt < answersBefore) {
              delete m.answer; // answeredAt stays: the statistics count answered check-ins
              answers++;
              changed = true;
            }
          }
          return changed;
        });
        void updated;
      }
    }
    return { details, answers };
  }

  /** The next nightly run (03:30 local; after the DST gap, which is 02:00-03:00). Idempotent per day. */
  async scheduleNext(): Promise<void> {
    const local = DateTime.fromJSDate(this.clock.now(), { zone: this.settings.timezone });
    let next = local.set({ hour: 3, minute: 30, second: 0, millisecond: 0 });
    if (next <= local) next = next.plus({ days: 1 });
    await this.jobs.schedule({ id: `retention:${next.toISODate()}`, kind: RETENTION_JOB, dueAt: next.toJSDate(), payload: {} });
  }
}

const hasDetails = (i: Incident) => i.description !== '' || i.citizenRef !== undefined || i.teamSummary !== undefined;

/** A restricting measure with an end date today or later keeps the citizen reference it applies to. */
const measureRuns = (i: Incident, today: string) => !!i.sanction?.until && i.sanction.until >= today;
