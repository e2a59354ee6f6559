/**
 * Azure Cosmos DB (NoSQL API) plumbing for the Cosmos store: which containers exist and how they are partitioned,
 * the two clients (interactive and background retry budgets), authentication (key or Entra ID), creating or
 * checking the database and containers at start, and the document shapes shared by the store and the
 * SQLite → Cosmos migration.
 *
 * Containers and partition keys, chosen for the access paths (also in infra/README.md):
 *   incidents      /teamId  get/replace by id (point read once the id's team is known), every find() and stats() is
 *                           per team (pattern detection, agendas, quarterly statistics): single-partition queries.
 *   jobs           /shard   shard = FNV-1a(job id) mod JOB_SHARDS. Point reads and conditional replaces by id (the
 *                           shard follows from the id); due() asks each shard for its earliest TOP n and merges, so
 *                           polling never needs a cross-partition ORDER BY and writes spread over JOB_SHARDS
 *                           logical partitions. JOB_SHARDS is part of the data: changing it needs a migration.
 *   conversations  /id      one logical partition per conversation key; point reads and upserts only.
 *   sequences      /id      one document per counter; atomic server-side increment (patch `incr`).
 *   handled-once   /id      one document per key; create = claim (409 = already handled).
 *   team-actions   /teamId  improvement actions and deviations: find() per team, complete() by id (as incidents).
 *   review-posts   /teamId  posted agendas: latest(team, type) per team, claim/markPosted/release by id.
 *   audit          /id      the audit log: create = append (409 = already there); rare cross-partition reads.
 * Every container is created with defaultTtl -1 (TTL on, no default expiry): only documents that carry a `ttl`
 * expire (done/dead jobs, handled-once keys, incidents when a retention is configured).
 */
import { CosmosClient, type Container, type Database, type ItemDefinition } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';
import { createHash } from 'node:crypto';
import type { ConversationAddress, Job } from '../services/model';

export const CONTAINERS = {
  incidents: { id: 'incidents', partitionKeyPath: '/teamId' },
  jobs: { id: 'jobs', partitionKeyPath: '/shard' },
  conversations: { id: 'conversations', partitionKeyPath: '/id' },
  sequences: { id: 'sequences', partitionKeyPath: '/id' },
  handledOnce: { id: 'handled-once', partitionKeyPath: '/id' },
  teamActions: { id: 'team-actions', partitionKeyPath: '/teamId' },
  reviewPosts: { id: 'review-posts', partitionKeyPath: '/teamId' },
  audit: { id: 'audit', partitionKeyPath: '/id' },
} as const;
export type ContainerName = keyof typeof CONTAINERS;

/** Logical partitions the jobs are spread over. Fixed: every stored job's shard was computed with it. */
export const JOB_SHARDS = 4;

const DAY_SECONDS = 86_400;

/** SDK throttling (429) retry budget; see RetryOptions in @azure/cosmos. */
export interface RetryBudget {
  maxRetryAttemptCount: number;
  /** Wait this long between retries instead of the server's x-ms-retry-after-ms (bounds the total wait). */
  fixedRetryIntervalInMilliseconds?: number;
  maxWaitTimeInSeconds: number;
}

/**
 * Interactive calls (a Teams invoke, a Slack ack path, a report) give up after at most 3 × 250 ms of throttling,
 * so a request never hangs on a throttled store: the caller fails fast and the platform (or the scheduler) retries.
 */
export const INTERACTIVE_RETRY: RetryBudget = { maxRetryAttemptCount: 3, fixedRetryIntervalInMilliseconds: 250, maxWaitTimeInSeconds: 1 };
/**
 * Background calls (the scheduler's due/complete/fail, the purge) follow the server's Retry-After up to the SDK
 * defaults: losing a complete() to throttling would make a job run twice.
 */
export const BACKGROUND_RETRY: RetryBudget = { maxRetryAttemptCount: 9, maxWaitTimeInSeconds: 30 };

export interface CosmosStoreOptions {
  endpoint: string;
  /** Account key. Without it the store signs in with Entra ID (DefaultAzureCredential: managed identity, az login, …). */
  key?: string;
  database: string;
  /** Create the database and containers when missing (default true). Off: only check they exist (RBAC accounts). */
  createContainers?: boolean;
  /** Default: on for https endpoints, off for plain http (a local wire server, whose discovered endpoints are https). */
  endpointDiscovery?: boolean;
  retry?: { interactive?: RetryBudget; background?: RetryBudget };
  /** Cosmos `ttl` (an extra on top of the purge job), recomputed on every write because it counts from the last one. */
  ttl?: {
    /** Done, dead and cancelled jobs (default 30 days). */
    finishedJobDays?: number;
    /** Handled-once keys (default 30 days). */
    handledOnceDays?: number;
    /** Incidents, counted from reportedAt (default: none, the purge job alone). */
    incidentAfterReportDays?: number;
  };
  /** Current time for ttl computations (default: the system clock). */
  now?: () => Date;
  logger?: { warn(...args: unknown[]): void };
}

export type CosmosContainers = Record<ContainerName, Container>;

/** Two clients on one account: the same containers with different 429 budgets. */
export interface CosmosConnection {
  interactive: CosmosContainers;
  background: CosmosContainers;
  close(): void;
}

export function createClient(options: CosmosStoreOptions, retry: RetryBudget): CosmosClient {
  const discovery = options.endpointDiscovery ?? options.endpoint.startsWith('https:');
  const connectionPolicy = { enableEndpointDiscovery: discovery, retryOptions: { ...retry } };
  if (options.key) return new CosmosClient({ endpoint: options.endpoint, key: options.key, connectionPolicy });
  return new CosmosClient({ endpoint: options.endpoint, aadCredentials: credential(), connectionPolicy });
}

let sharedCredential: DefaultAzureCredential | undefined;
function credential(): DefaultAzureCredential {
  // One credential per process: it caches its tokens.
  sharedCredential ??= new DefaultAzureCredential();
  return sharedCredential;
}

/** Opens both clients and creates (or checks) the database and containers. */
export async function connectCosmos(options: CosmosStoreOptions): Promise<CosmosConnection> {
  const interactiveClient = createClient(options, options.retry?.interactive ?? INTERACTIVE_RETRY);
  const backgroundClient = createClient(options, options.retry?.background ?? BACKGROUND_RETRY);
  const close = () => {
    interactiveClient.dispose();
    backgroundClient.dispose();
  };
  try {
    await prepareDatabase(backgroundClient, options);
  } catch (err) {
    close();
    throw err;
  }
  const containers = (client: CosmosClient): CosmosContainers => {
    const db = client.database(options.database);
    const entries = Object.entries(CONTAINERS).map(([name, def]) => [name, db.container(def.id)]);
    return Object.fromEntries(entries) as CosmosContainers;
  };
  return { interactive: containers(interactiveClient), background: containers(backgroundClient), close };
}

async function prepareDatabase(client: CosmosClient, options: CosmosStoreOptions): Promise<void> {
  const create = options.createContainers ?? true;
  let database: Database;
  if (create) {
    database = (await client.databases.createIfNotExists({ id: options.database })).database;
  } else {
    database = client.database(options.database);
  }
  for (const def of Object.values(CONTAINERS)) {
    let resource: { partitionKey?: { paths?: string[] }; defaultTtl?: number } | undefined;
    if (create) {
      resource = (await database.containers.createIfNotExists({ id: def.id, partitionKey: { paths: [def.partitionKeyPath] }, defaultTtl: -1 })).resource;
    } else {
      try {
        resource = (await database.container(def.id).read()).resource;
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
      if (!resource) {
        throw new Error(
          `Cosmos DB: container "${def.id}" (partition key ${def.partitionKeyPath}) is missing in database "${options.database}". ` +
            'Create it (infra/main.bicep, parameter cosmosContainers) or set COSMOS_CREATE_CONTAINERS=true.',
        );
      }
    }
    const paths = resource?.partitionKey?.paths ?? [];
    if (resource && (paths.length !== 1 || paths[0] !== def.partitionKeyPath)) {
      throw new Error(`Cosmos DB: container "${def.id}" is partitioned by ${paths.join(',') || '(nothing)'}; the store needs ${def.partitionKeyPath}.`);
    }
    if (resource && resource.defaultTtl === undefined) {
      options.logger?.warn(`Cosmos DB: container "${def.id}" has TTL off (no defaultTtl); documents' ttl is ignored, only the purge job deletes.`);
    }
  }
}

/** The HTTP status of a Cosmos SDK error (409, 412, 404, 429, …), if any. */
export function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * A Cosmos id for a logical key. Cosmos ids may not contain / \ ? # and are at most 255 characters; such keys are
 * %-escaped (the % too, so the mapping stays one-to-one), and overlong ones hashed behind "%h", which no escaped
 * key can start with. Safe keys (job ids, conversation keys as they are today) are used unchanged.
 */
export function docId(key: string): string {
  const escaped = key.replace(/[%/\\?#\u0000-\u001f\u007f]/g, (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'));
  if (escaped.length <= 255) return escaped;
  return '%h' + createHash('sha256').update(key).digest('hex');
}

/** FNV-1a of the job id, mod JOB_SHARDS: stable across processes and versions. */
export function jobShard(jobId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < jobId.length; i++) {
    hash ^= jobId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `s${hash % JOB_SHARDS}`;
}

export const allJobShards = (): string[] => Array.from({ length: JOB_SHARDS }, (_, i) => `s${i}`);

/** Set by the SQLite migration on documents it wrote; any write by the store drops it (see the migration script). */
export const MIGRATION_MARK = 'migratedFromSqlite';

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts', '_lsn', 'ttl', MIGRATION_MARK];

/** The document without Cosmos' system properties, its ttl and the migration mark. */
export function stripSystem<T>(doc: ItemDefinition | Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...doc };
  for (const field of SYSTEM_FIELDS) delete copy[field];
  return copy as T;
}

// ------------------------------------------------------------------ document shapes

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
