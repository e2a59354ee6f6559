import type { PersonConfig, TeamConfig } from './people';
import type { OutboundMessage } from './messages';
import type { JobKind, JobPayloads } from './job-kinds';
import type { AuditEntry, CitizenMeasure, ConversationAddress, Incident, Job, MessageRef, Platform, ReviewPost, ReviewType, TeamAction, TeamActionKind } from './model';

/** Wall-clock time, injectable so tests and restarts can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface IncidentQuery {
  teamId: string;
  /** Inclusive lower bound on occurredAt (ISO instant). */
  from?: string;
  /** Exclusive upper bound on occurredAt (ISO instant). */
  to?: string;
  citizenRef?: string;
  reporterId?: string;
  category?: string;
}

export interface IncidentRepository {
  /** Creates the incident unless one with the same id exists; never overwrites. */
  create(incident: Incident): Promise<'created' | 'exists'>;
  get(id: string): Promise<Incident | undefined>;
  /** Replaces when the stored version equals `expectedVersion`; stores version + 1. False on a conflict. */
  replace(incident: Incident, expectedVersion: number): Promise<boolean>;
  /** Incidents matching the query, oldest occurredAt first. */
  find(query: IncidentQuery): Promise<Incident[]>;
  /** Really deletes incidents reported before the instant (retention). Returns how many. */
  purgeReportedBefore(instant: string): Promise<number>;
  /**
   * Aggregates over the team's incidents with occurredAt in [from, to) (either bound optional), computed in the
   * store: the quarterly statistics must stay under a second for 100,000 incidents, too slow when every document
   * is read and parsed.
   */
  stats(query: Pick<IncidentQuery, 'teamId' | 'from' | 'to'>): Promise<IncidentStats>;
}

export interface IncidentStats {
  total: number;
  /** Count per category code; categories without incidents may be absent. */
  byCategory: Record<string, number>;
  /** registration = 'required'. */
  registrationRequired: number;
  /** Incidents whose report found a pattern (patternIncidentIds not empty). */
  patterns: number;
  /** Incidents the reporter allowed to be discussed in the team meeting. */
  consented: number;
  /** Milliseconds from the first page to its acknowledgement, one per acknowledged page, ascending. */
  ackMillis: number[];
  /** registration = 'required' with no sanction decision (sanction.decidedAt) yet. */
  sanctionsPending: number;
  /** Aftercare check-ins that went out (aftercare.checkins[].sentAt set), and those answered (answeredAt set). */
  checkinsSent: number;
  checkinsAnswered: number;
  /** Help requests (`hulp`) whose report never came: "hulpvraag zonder melding" (docs/first-response.md). */
  helpWithoutReport: number;
}

export interface ActionQuery {
  teamId: string;
  kind?: TeamActionKind;
  state?: 'open' | 'done';
  /** createdAt in [createdFrom, createdTo). */
  createdFrom?: string;
  createdTo?: string;
  /** doneAt in [doneFrom, doneTo). */
  doneFrom?: string;
  doneTo?: string;
}

/** Improvement actions and deviations (the team protocol (docs/protocol.md): corrective measures; deviations brought up in the meeting). */
export interface ActionRepository {
  /** Creates unless one with the same id exists; never overwrites. */
  create(action: TeamAction): Promise<'created' | 'exists'>;
  get(id: string): Promise<TeamAction | undefined>;
  /** Matching items, oldest createdAt first. */
  find(query: ActionQuery): Promise<TeamAction[]>;
  /** Marks done unless it already is (conditional); true when this call did it. */
  complete(id: string, doneAt: string, doneBy: string): Promise<boolean>;
  /**
   * Really deletes (retention) items of the kind recorded before the instant: actions once done (doneAt before it;
   * an open action stays on every agenda until done), deviations by createdAt. Returns how many.
   */
  purgeBefore(kind: TeamActionKind, instant: string): Promise<number>;
  /** Really deletes one item (erasure: it is then created again, anonymised). */
  delete(id: string): Promise<void>;
}

/** Posted agendas of the review calendar: the handler's idempotency record and "since the last meeting". */
export interface ReviewRepository {
  /** Records the post as 'posting' unless a post with this id exists (then 'exists': never send it twice). */
  claim(post: Omit<ReviewPost, 'state' | 'postedAt' | 'ref'>): Promise<'claimed' | 'exists'>;
  /** The post went out: state 'posted', with where it lives. */
  markPosted(id: string, postedAt: string, ref?: Record<string, string>): Promise<void>;
  /** Sending failed for certain (the platform answered with an error): removes a 'posting' claim so a retry can send. */
  release(id: string): Promise<void>;
  get(id: string): Promise<ReviewPost | undefined>;
  /** The team's post of this type with the latest periodEnd (posted or still 'posting'), if any. */
  latest(teamId: string, type: ReviewType): Promise<ReviewPost | undefined>;
  /** Really deletes posts whose period ended before the instant (retention). Returns how many. */
  purgeBefore(instant: string): Promise<number>;
}

export interface ConversationRepository {
  save(address: ConversationAddress): Promise<void>;
  get(key: string): Promise<ConversationAddress | undefined>;
  /** Every stored address (the retention purge looks for people no longer configured). */
  list(): Promise<ConversationAddress[]>;
  delete(key: string): Promise<void>;
}

export interface JobRepository {
  /** Creates the job unless one with the same id exists (then leaves it untouched). */
  schedule(job: Pick<Job, 'id' | 'kind' | 'dueAt' | 'payload'>): Promise<'created' | 'exists'>;
  get(id: string): Promise<Job | undefined>;
  /**
   * Pending jobs due at or before `now` whose lease is free or expired, earliest first; only jobs of `kinds` when
   * given (the scheduler fetches the path to a page ahead of a backlog of check-ins: docs/operations.md).
   */
  due(now: string, limit: number, kinds?: readonly string[]): Promise<Job[]>;
  /**
   * Takes the lease on a pending job if it is free or expired (conditional update): sets owner, leaseUntil and
   * attempts + 1. Returns the claimed job, or undefined when another owner holds it or it is no longer pending.
   */
  claim(id: string, owner: string, now: string, leaseUntil: string): Promise<Job | undefined>;
  /**
   * Extends the lease of a running job to `leaseUntil`, only while `owner` still holds it at `attempts`; false
   * when the lease was lost. Lets safety jobs run on short leases, so a crash delays them by seconds, not a minute.
   */
  renew(id: string, owner: string, attempts: number, leaseUntil: string): Promise<boolean>;
  /** Marks done, only while `owner` still holds the lease at `attempts` (the fencing token). */
  complete(id: string, owner: string, attempts: number): Promise<boolean>;
  /** Releases the lease and moves dueAt (retry), or ends the job as dead, fenced like complete. */
  fail(id: string, owner: string, attempts: number, error: string, retryAt: string | undefined): Promise<boolean>;
  /** Ends a pending job without running it (e.g. an acknowledged page's escalation). */
  cancel(id: string): Promise<void>;
  /** Really deletes done and dead jobs that were due before the instant (retention). Returns how many. */
  purgeFinishedBefore(instant: string): Promise<number>;
  /** Pending jobs due before `overdueBefore`, and dead jobs (readiness, operators). */
  counts(overdueBefore: string): Promise<{ overdue: number; dead: number }>;
  /** Pending (or only dead) jobs, earliest due first, at most `limit` (operator CLI). */
  list(filter: { state: 'pending' | 'dead'; limit: number }): Promise<Job[]>;
  /** A dead job back to pending, due at `now`, with its attempts reset (operator CLI). False if it is not dead. */
  retry(id: string, now: string): Promise<boolean>;
  /**
   * Frees every lease `owner` holds on pending jobs (shutdown), so another instance can take them at once
   * instead of after the lease expires; the attempt stays counted. Returns how many.
   */
  releaseLeases(owner: string): Promise<number>;
}

export interface AuditQuery {
  /** Entries of these teams only (entries without a team are left out when given). */
  teamIds?: string[];
  /** at in [from, to). */
  from?: string;
  to?: string;
  incidentId?: string;
  actorId?: string;
  action?: string;
}

/** The audit log (docs/privacy.md): append-only; nothing in it is ever changed, only purged after its retention. */
export interface AuditRepository {
  /** Appends the entry unless one with the same id exists (idempotent; never overwrites). */
  append(entry: AuditEntry): Promise<void>;
  /** Matching entries, oldest first (ties: by id). */
  find(query: AuditQuery): Promise<AuditEntry[]>;
  /** Really deletes entries recorded before the instant (retention). Returns how many. */
  purgeBefore(instant: string): Promise<number>;
}

export interface MeasureQuery {
  /** The teams to look in (a coordinator or a colleague may serve several); empty finds nothing. */
  teamIds: string[];
  citizenRef?: string;
}

/** Measures on citizen references (docs/measures.md). */
export interface MeasureRepository {
  /** Creates unless one with the same id exists; never overwrites. */
  create(measure: CitizenMeasure): Promise<'created' | 'exists'>;
  get(id: string): Promise<CitizenMeasure | undefined>;
  /** Matching measures, oldest startDate first (ties by id). */
  find(query: MeasureQuery): Promise<CitizenMeasure[]>;
  /** Ends the measure early unless it already was (conditional); true when this call did it. */
  end(id: string, endedAt: string, endedBy: string): Promise<boolean>;
}

export interface Store {
  readonly incidents: IncidentRepository;
  readonly conversations: ConversationRepository;
  readonly jobs: JobRepository;
  readonly actions: ActionRepository;
  readonly reviews: ReviewRepository;
  readonly audit: AuditRepository;
  readonly measures: MeasureRepository;
  /**
   * Records that something identified by `key` (a Slack event id, an interaction) was handled; true the first
   * time, false ever after — across instances. Keys older than the retention are purged.
   */
  claimOnce(key: string, at: string): Promise<boolean>;
  /** Really deletes claimOnce keys recorded before the instant (retention). Returns how many. */
  purgeHandledOnceBefore(instant: string): Promise<number>;
  /** After a purge: makes deleted data unrecoverable where the store keeps copies (SQLite: WAL checkpoint). */
  compact?(): Promise<void>;
  /** Next value of a named counter, starting at 1; atomic across instances. */
  nextSequence(name: string): Promise<number>;
  close(): Promise<void>;
}

export type { MessageRef } from './model';

export type DeliveryFailureKind = 'rate-limited' | 'unreachable' | 'transient' | 'no-address';

/**
 * A message could not be delivered. `unreachable` and `no-address` will not get better by retrying (the person
 * blocked the bot, left, or was never reachable): try someone else. The others may be retried later.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly kind: DeliveryFailureKind,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  get permanent(): boolean {
    return this.kind === 'unreachable' || this.kind === 'no-address';
  }
}

/**
 * Thrown by a job handler when the other side said when to come back (e.g. HTTP 429 Retry-After). The scheduler
 * retries the job exactly `retryAfterMs` later instead of after the backoff; the attempt still counts.
 */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/** What the code logs through: info/warn/error with any arguments (src/logger.ts implements it with pino). */
export interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Sends neutral messages; each platform renders them its own way. */
export interface Messenger {
  sendToPerson(person: PersonConfig, platform: Platform, message: OutboundMessage): Promise<MessageRef>;
  update(ref: MessageRef, message: OutboundMessage): Promise<void>;
  postToChannel(team: TeamConfig, platform: Platform, message: OutboundMessage): Promise<MessageRef>;
}

/** Durable work for later, as the domain needs it (implemented by the scheduler). */
export interface JobQueue {
  schedule<K extends JobKind>(job: { id: string; kind: K; dueAt: Date | string; payload: JobPayloads[K] }): Promise<'created' | 'exists'>;
  /** Runs the job now if it is due and nobody else holds it; true when this call ran it. */
  runNow(id: string): Promise<boolean>;
  cancel(id: string): Promise<void>;
}
