import type { PersonConfig, TeamConfig } from '../config';
import type { OutboundMessage } from './messages';
import type { ConversationAddress, Incident, Job, Platform } from './model';

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
}

export interface ConversationRepository {
  save(address: ConversationAddress): Promise<void>;
  get(key: string): Promise<ConversationAddress | undefined>;
}

export interface JobRepository {
  /** Creates the job unless one with the same id exists (then leaves it untouched). */
  schedule(job: Pick<Job, 'id' | 'kind' | 'dueAt' | 'payload'>): Promise<'created' | 'exists'>;
  get(id: string): Promise<Job | undefined>;
  /** Pending jobs due at or before `now` whose lease is free or expired, earliest first. */
  due(now: string, limit: number): Promise<Job[]>;
  /**
   * Takes the lease on a pending job if it is free or expired (conditional update): sets owner, leaseUntil and
   * attempts + 1. Returns the claimed job, or undefined when another owner holds it or it is no longer pending.
   */
  claim(id: string, owner: string, now: string, leaseUntil: string): Promise<Job | undefined>;
  /** Marks done, only while `owner` still holds the lease at `attempts` (the fencing token). */
  complete(id: string, owner: string, attempts: number): Promise<boolean>;
  /** Releases the lease and moves dueAt (retry), or ends the job as dead, fenced like complete. */
  fail(id: string, owner: string, attempts: number, error: string, retryAt: string | undefined): Promise<boolean>;
  /** Ends a pending job without running it (e.g. an acknowledged page's escalation). */
  cancel(id: string): Promise<void>;
}

export interface Store {
  readonly incidents: IncidentRepository;
  readonly conversations: ConversationRepository;
  readonly jobs: JobRepository;
  /**
   * Records that something identified by `key` (a Slack event id, an interaction) was handled; true the first
   * time, false ever after — across instances. Keys older than the retention are purged.
   */
  claimOnce(key: string, at: string): Promise<boolean>;
  /** Next value of a named counter, starting at 1; atomic across instances. */
  nextSequence(name: string): Promise<number>;
  close(): Promise<void>;
}

/** Where a sent message lives, so it can be updated in place later; opaque outside its platform. */
export interface MessageRef {
  platform: Platform;
  [key: string]: string;
}

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

/** Sends neutral messages; each platform renders them its own way. */
export interface Messenger {
  sendToPerson(person: PersonConfig, platform: Platform, message: OutboundMessage): Promise<MessageRef>;
  update(ref: MessageRef, message: OutboundMessage): Promise<void>;
  postToChannel(team: TeamConfig, platform: Platform, message: OutboundMessage): Promise<MessageRef>;
}

/** Durable work for later, as the domain needs it (implemented by the scheduler). */
export interface JobQueue {
  schedule(job: { id: string; kind: string; dueAt: Date | string; payload: Record<string, unknown> }): Promise<'created' | 'exists'>;
  /** Runs the job now if it is due and nobody else holds it; true when this call ran it. */
  runNow(id: string): Promise<boolean>;
  cancel(id: string): Promise<void>;
}
