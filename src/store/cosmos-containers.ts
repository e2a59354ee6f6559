/**
 * Which Cosmos containers the store uses, how each is partitioned, and how keys become document ids and shards.
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
 *   measures       /teamId  measures on citizen references (docs/measures.md): find per team and citizen reference.

 * Every container is created with defaultTtl -1 (TTL on, no default expiry): only documents that carry a `ttl`
 * expire (done/dead jobs, handled-once keys, incidents when a retention is configured).
 */
import { createHash } from 'node:crypto';

export const CONTAINERS = {
  incidents: { id: 'incidents', partitionKeyPath: '/teamId' },
  jobs: { id: 'jobs', partitionKeyPath: '/shard' },
  conversations: { id: 'conversations', partitionKeyPath: '/id' },
  sequences: { id: 'sequences', partitionKeyPath: '/id' },
  handledOnce: { id: 'handled-once', partitionKeyPath: '/id' },
  teamActions: { id: 'team-actions', partitionKeyPath: '/teamId' },
  reviewPosts: { id: 'review-posts', partitionKeyPath: '/teamId' },
  audit: { id: 'audit', partitionKeyPath: '/id' },
  measures: { id: 'measures', partitionKeyPath: '/teamId' },
} as const;
export type ContainerName = keyof typeof CONTAINERS;

/** Logical partitions the jobs are spread over. Fixed: every stored job's shard was computed with it. */
export const JOB_SHARDS = 4;

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
