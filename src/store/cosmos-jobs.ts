/**
 * Durable jobs in Cosmos DB (container `jobs`, partition key /shard, see cosmos-containers.ts). Every state change is a
 * compare-and-set: read the document, decide on the fresh copy, replace with If-Match on its ETag; a 412 means
 * another instance changed it in between, so read again and decide again. That gives claim(), complete() and
 * fail() exactly the semantics of the SQLite store's conditional UPDATEs, across any number of instances.
 */
import type { Job } from '../services/model';
import type { JobRepository } from '../services/ports';
import { CAS_ROUNDS, compareText as compare, createIfAbsent, deleteAll, readDoc, replaceIfMatch } from './cosmos-ops';
import { allJobShards, docId, jobShard } from './cosmos-containers';
import { jobDoc, jobFromDoc, type JobDoc } from './cosmos-docs';
import { type CosmosConnection } from './cosmos-client';
import { type Retention } from './cosmos-ttl';

const leaseFree = (job: JobDoc, now: string) => job.leaseUntil === null || job.leaseUntil === undefined || job.leaseUntil <= now;

export class CosmosJobRepository implements JobRepository {
  constructor(
    private readonly connection: () => Promise<CosmosConnection>,
    private readonly retention: Retention,
  ) {}

  /**
   * Read-decide-replace with If-Match until `decide` declines (undefined) or the replace wins. `background` picks
   * the patient client (complete/fail: losing them to throttling would run a job twice).
   */
  private async change(id: string, decide: (job: Job) => Job | undefined, background = false): Promise<Job | undefined> {
    const c = await this.connection();
    const container = background ? c.background.jobs : c.interactive.jobs;
    const cosmosId = docId(id);
    const shard = jobShard(id);
    for (let round = 0; round < CAS_ROUNDS; round++) {
      const current = await readDoc<JobDoc>(container, cosmosId, shard);
      if (!current) return undefined;
      const next = decide(jobFromDoc(current));
      if (!next) return undefined;
      const stored = await replaceIfMatch(container, jobDoc(next, this.retention), shard, current._etag);
      if (stored) return jobFromDoc(stored);
    }
    throw new Error(`job ${id}: too many concurrent updates`);
  }

  async schedule(job: Pick<Job, 'id' | 'kind' | 'dueAt' | 'payload'>): Promise<'created' | 'exists'> {
    const c = await this.connection();
    const doc = jobDoc({ ...job, state: 'pending', attempts: 0, updatedAt: job.dueAt }, this.retention);
    return (await createIfAbsent(c.interactive.jobs, doc)) ? 'created' : 'exists';
  }

  async get(id: string): Promise<Job | undefined> {
    const c = await this.connection();
    const doc = await readDoc<JobDoc>(c.interactive.jobs, docId(id), jobShard(id));
    return doc ? jobFromDoc(doc) : undefined;
  }

  /**
   * Each shard's earliest `limit` candidates (single-partition TOP n … ORDER BY dueAt: no OFFSET/LIMIT, no
   * cross-partition ORDER BY), merged. Ties on dueAt are ordered by id within what was fetched.
   */
  async due(now: string, limit: number, kinds?: readonly string[]): Promise<Job[]> {
    if (!(limit >= 1)) return [];
    const c = await this.connection();
    const top = Math.floor(limit);
    const perShard = await Promise.all(
      allJobShards().map(async (shard) => {
        const { resources } = await c.background.jobs.items
          .query<JobDoc>(
            {
              query:
                'SELECT TOP @top * FROM c WHERE c.shard = @shard AND c.state = "pending" AND c.dueAt <= @now ' +
                'AND (NOT IS_DEFINED(c.leaseUntil) OR IS_NULL(c.leaseUntil) OR c.leaseUntil <= @now) ' +
                (kinds ? 'AND ARRAY_CONTAINS(@kinds, c.kind) ' : '') +
                'ORDER BY c.dueAt',
              parameters: [
                ...(kinds ? [{ name: '@kinds', value: [...kinds] }] : []),
                { name: '@top', value: top },
                { name: '@shard', value: shard },
                { name: '@now', value: now },
              ],
            },
            { partitionKey: shard },
          )
          .fetchAll();
        return resources;
      }),
    );
    return perShard
      .flat()
      .filter((d) => d.state === 'pending' && d.dueAt <= now && leaseFree(d, now) && (!kinds || kinds.includes(d.kind)))
      .sort((a, b) => compare(a.dueAt, b.dueAt) || compare(a.key, b.key))
      .slice(0, top)
      .map(jobFromDoc);
  }

  claim(id: string, owner: string, now: string, leaseUntil: string): Promise<Job | undefined> {
    return this.change(id, (job) => {
      if (job.state !== 'pending' || job.dueAt > now || !(job.leaseUntil === undefined || job.leaseUntil <= now)) return undefined;
      return { ...job, leaseOwner: owner, leaseUntil, attempts: job.attempts + 1, updatedAt: now };
    });
  }

  async renew(id: string, owner: string, attempts: number, leaseUntil: string): Promise<boolean> {
    const renewed = await this.change(id, (job) => {
      if (job.state !== 'pending' || job.leaseOwner !== owner || job.attempts !== attempts) return undefined;
      return { ...job, leaseUntil };
    });
    return renewed !== undefined;
  }

  async complete(id: string, owner: string, attempts: number): Promise<boolean> {
    const done = await this.change(
      id,
      (job) => {
        if (job.state !== 'pending' || job.leaseOwner !== owner || job.attempts !== attempts) return undefined;
        return { ...job, state: 'done', leaseOwner: undefined, leaseUntil: undefined };
      },
      true,
    );
    return done !== undefined;
  }

  async fail(id: string, owner: string, attempts: number, error: string, retryAt: string | undefined): Promise<boolean> {
    const failed = await this.change(
      id,
      (job) => {
        if (job.state !== 'pending' || job.leaseOwner !== owner || job.attempts !== attempts) return undefined;
        return {
          ...job,
          state: retryAt ? 'pending' : 'dead',
          dueAt: retryAt ?? job.dueAt,
          lastError: error,
          leaseOwner: undefined,
          leaseUntil: undefined,
        };
      },
      true,
    );
    return failed !== undefined;
  }

  async cancel(id: string): Promise<void> {
    await this.change(id, (job) => (job.state === 'pending' ? { ...job, state: 'done', lastError: 'cancelled' } : undefined));
  }

  /** Done and dead jobs due before the instant, shard by shard; finished jobs never change again, so a plain delete. */
  async purgeFinishedBefore(instant: string): Promise<number> {
    const c = await this.connection();
    const container = c.background.jobs;
    const counts = await Promise.all(
      allJobShards().map(async (shard) => {
        const { resources } = await container.items
          .query<{ id: string }>(
            {
              query: 'SELECT c.id FROM c WHERE c.shard = @shard AND (c.state = "done" OR c.state = "dead") AND c.dueAt < @instant',
              parameters: [
                { name: '@shard', value: shard },
                { name: '@instant', value: instant },
              ],
            },
            { partitionKey: shard },
          )
          .fetchAll();
        return deleteAll(container, resources.map(({ id }) => ({ id, partitionKey: shard })));
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  /** Per shard, the keys of jobs matching `where` (a single-partition query each). */
  private async keysWhere(where: string, parameters: { name: string; value: string }[]): Promise<string[]> {
    const c = await this.connection();
    const perShard = await Promise.all(
      allJobShards().map(async (shard) => {
        const { resources } = await c.background.jobs.items
          .query<{ key: string }>({ query: `SELECT c.key FROM c WHERE c.shard = @shard AND ${where}`, parameters: [{ name: '@shard', value: shard }, ...parameters] }, { partitionKey: shard })
          .fetchAll();
        return resources.map((r) => r.key);
      }),
    );
    return perShard.flat();
  }

  async counts(overdueBefore: string): Promise<{ overdue: number; dead: number }> {
    const [overdue, dead] = await Promise.all([
      this.keysWhere('c.state = "pending" AND c.dueAt < @before', [{ name: '@before', value: overdueBefore }]),
      this.keysWhere('c.state = "dead"', []),
    ]);
    return { overdue: overdue.length, dead: dead.length };
  }

  async list(filter: { state: 'pending' | 'dead'; limit: number }): Promise<Job[]> {
    if (!(filter.limit >= 1)) return [];
    const c = await this.connection();
    const top = Math.floor(filter.limit);
    const perShard = await Promise.all(
      allJobShards().map(async (shard) => {
        const { resources } = await c.background.jobs.items
          .query<JobDoc>(
            {
              query: 'SELECT TOP @top * FROM c WHERE c.shard = @shard AND c.state = @state ORDER BY c.dueAt',
              parameters: [
                { name: '@top', value: top },
                { name: '@shard', value: shard },
                { name: '@state', value: filter.state },
              ],
            },
            { partitionKey: shard },
          )
          .fetchAll();
        return resources;
      }),
    );
    return perShard
      .flat()
      .sort((a, b) => compare(a.dueAt, b.dueAt) || compare(a.key, b.key))
      .slice(0, top)
      .map(jobFromDoc);
  }

  async retry(id: string, now: string): Promise<boolean> {
    const retried = await this.change(id, (job) =>
      job.state === 'dead' ? { ...job, state: 'pending', attempts: 0, dueAt: now, updatedAt: now, leaseOwner: undefined, leaseUntil: undefined } : undefined,
    );
    return retried !== undefined;
  }

  async releaseLeases(owner: string): Promise<number> {
    const keys = await this.keysWhere('c.state = "pending" AND c.leaseOwner = @owner', [{ name: '@owner', value: owner }]);
    const released = await Promise.all(
      keys.map((key) =>
        this.change(
          key,
          (job) => (job.state === 'pending' && job.leaseOwner === owner ? { ...job, leaseOwner: undefined, leaseUntil: undefined } : undefined),
          true,
        ),
      ),
    );
    return released.filter((j) => j !== undefined).length;
  }
}
