/** The document shapes of the Cosmos store, shared with the SQLite → Cosmos migration (scripts/migrate-sqlite-to-cosmos.ts). */
import type { ItemDefinition } from '@azure/cosmos';
import type { ConversationAddress, Job } from '../services/model';
import { docId, jobShard } from './cosmos-containers';
import type { Retention } from './cosmos-ttl';

/** Set by the SQLite migration on documents it wrote; any write by the store drops it (see the migration script). */
export const MIGRATION_MARK = 'migratedFromSqlite';

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts', '_lsn', 'ttl', MIGRATION_MARK];

/** The document without Cosmos' system properties, its ttl and the migration mark. */
export function stripSystem<T>(doc: ItemDefinition | Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...doc };
  for (const field of SYSTEM_FIELDS) delete copy[field];
  return copy as T;
}

export interface JobDoc {
  id: string;
  /** The job's own id (docId may have escaped it). */
  key: string;
  shard: string;
  kind: string;
  dueAt: string;
  payload: Record<string, unknown>;
  state: Job['state'];
  attempts: number;
  /** null when free: queries test IS_NULL, which also holds for documents written by the migration. */
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastError: string | null;
  updatedAt: string;
  ttl?: number;
}

export interface ConversationDoc {
  id: string;
  key: string;
  platform: ConversationAddress['platform'];
  reference: Record<string, unknown>;
  updatedAt: string;
}

export interface SequenceDoc {
  id: string;
  key: string;
  value: number;
}

export interface HandledOnceDoc {
  id: string;
  key: string;
  at: string;
  ttl?: number;
}

export function jobFromDoc(doc: JobDoc): Job {
  return {
    id: doc.key,
    kind: doc.kind,
    dueAt: doc.dueAt,
    payload: doc.payload,
    state: doc.state,
    attempts: doc.attempts,
    leaseOwner: doc.leaseOwner ?? undefined,
    leaseUntil: doc.leaseUntil ?? undefined,
    lastError: doc.lastError ?? undefined,
    updatedAt: doc.updatedAt,
  };
}

/** The stored document for a job; finished jobs get the finished-job ttl. */
export function jobDoc(job: Job, retention: Retention): JobDoc {
  const doc: JobDoc = {
    id: docId(job.id),
    key: job.id,
    shard: jobShard(job.id),
    kind: job.kind,
    dueAt: job.dueAt,
    payload: job.payload,
    state: job.state,
    attempts: job.attempts,
    leaseOwner: job.leaseOwner ?? null,
    leaseUntil: job.leaseUntil ?? null,
    lastError: job.lastError ?? null,
    updatedAt: job.updatedAt,
  };
  if (job.state !== 'pending') doc.ttl = retention.finishedJob();
  return doc;
}

export function conversationDoc(address: ConversationAddress): ConversationDoc {
  return { id: docId(address.key), key: address.key, platform: address.platform, reference: address.reference, updatedAt: address.updatedAt };
}

export function conversationFromDoc(doc: ConversationDoc): ConversationAddress {
  return { key: doc.key, platform: doc.platform, reference: doc.reference, updatedAt: doc.updatedAt };
}
