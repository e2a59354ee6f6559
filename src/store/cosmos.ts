/**
 * The production store: Azure Cosmos DB for NoSQL (@azure/cosmos), shared by any number of stateless instances.
 * Containers and partition keys: cosmos-containers.ts; retry budgets: cosmos-retry.ts; ttl: cosmos-ttl.ts (and infra/README.md). The semantics are the
 * SQLite store's, checked by one contract suite run against both (test/contract):
 * - creates are idempotent by deterministic id: 409 = already there (If-Match does not apply to creates);
 * - every read-modify-write is a replace (or delete) with If-Match on the ETag read; 412 = someone else was first;
 * - counters use Cosmos' atomic patch `incr`, so concurrent instances never hand out a number twice;
 * - nothing relies on OFFSET/LIMIT, GROUP BY, DISTINCT, transactional batches or TTL (retention is the purge
 *   job's; ttl is an extra), none of which the test wire server has.
 * The database and containers are created (or checked) on first use, or up front by ready() / CosmosStore.open().
 */
import { Duration } from 'luxon';
import type { ConversationRepository, Store } from '../services/ports';
import { CosmosAuditRepository } from './cosmos-audit';
import { CosmosMeasureRepository } from './cosmos-measures';
import { CosmosIncidentRepository } from './cosmos-incidents';
import { CosmosJobRepository } from './cosmos-jobs';
import { createIfAbsent, deleteAll, readDoc, TeamDocs } from './cosmos-ops';
import { CosmosActionRepository, CosmosReviewRepository } from './cosmos-reviews';
import { connectCosmos, statusOf, type CosmosConnection, type CosmosStoreOptions } from './cosmos-client';
import { conversationDoc, conversationFromDoc, type ConversationDoc, type HandledOnceDoc, type SequenceDoc } from './cosmos-docs';
import { docId } from './cosmos-containers';
import { Retention } from './cosmos-ttl';

export type { CosmosStoreOptions } from './cosmos-client';

export class CosmosStore implements Store {
  private connecting: Promise<CosmosConnection> | undefined;
  private closed = false;
  private readonly connect = () => this.connection();

  readonly actions = new CosmosActionRepository(new TeamDocs(this.connect, (c) => c.teamActions));
  readonly reviews = new CosmosReviewRepository(new TeamDocs(this.connect, (c) => c.reviewPosts));
  readonly audit = new CosmosAuditRepository(this.connect);
  readonly measures = new CosmosMeasureRepository(new TeamDocs(this.connect, (c) => c.measures));
  /** The two that set a ttl need the options (cosmos-ttl.ts), so the constructor makes them. */
  private readonly retention: Retention;
  readonly incidents: CosmosIncidentRepository;
  readonly jobs: CosmosJobRepository;
  readonly conversations: ConversationRepository;

  constructor(private readonly options: CosmosStoreOptions) {
    this.retention = new Retention(options);
    this.incidents = new CosmosIncidentRepository(new TeamDocs(this.connect, (c) => c.incidents), this.retention);
    this.jobs = new CosmosJobRepository(this.connect, this.retention);
    this.conversations = {
      // A blind overwrite, as in the SQLite store (the last save wins): there is no read-modify-write to lose.
      save: async (address) => {
        const c = await this.connection();
        await c.interactive.conversations.items.upsert(conversationDoc(address));
      },
      get: async (key) => {
        const c = await this.connection();
        const id = docId(key);
        const doc = await readDoc<ConversationDoc>(c.interactive.conversations, id, id);
        return doc ? conversationFromDoc(doc) : undefined;
      },
      list: async () => {
        const c = await this.connection();
        const { resources } = await c.background.conversations.items.query<ConversationDoc>('SELECT * FROM c').fetchAll();
        return resources.map(conversationFromDoc).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      },
      delete: async (key) => {
        const c = await this.connection();
        const id = docId(key);
        await deleteAll(c.background.conversations, [{ id, partitionKey: id }]);
      },
    };
  }

  /** Opens the store and creates or checks the database and containers; rejects when Cosmos is unreachable or misconfigured. */
  static async open(options: CosmosStoreOptions): Promise<CosmosStore> {
    const store = new CosmosStore(options);
    await store.ready();
    return store;
  }

  async ready(): Promise<void> {
    await this.connection();
  }

  /** The connection, set up once; a failed setup is tried again by the next call. */
  private connection(): Promise<CosmosConnection> {
    if (this.closed) return Promise.reject(new Error('the Cosmos store is closed'));
    this.connecting ??= connectCosmos(this.options).catch((err: unknown) => {
      this.connecting = undefined;
      throw err;
    });
    return this.connecting;
  }

  /** Create = claim: the first instance's create wins, every later one gets 409. */
  async claimOnce(key: string, at: string): Promise<boolean> {
    const c = await this.connection();
    const doc: HandledOnceDoc = { id: docId(key), key, at, ttl: this.retention.handledOnce() };
    return (await createIfAbsent(c.interactive.handledOnce, doc)) !== undefined;
  }

  /** Cross-partition query for the old keys, then the deletes (the keys' ttl usually got there first). */
  async purgeHandledOnceBefore(instant: string): Promise<number> {
    const c = await this.connection();
    const container = c.background.handledOnce;
    const { resources } = await container.items
      .query<{ id: string }>({ query: 'SELECT c.id FROM c WHERE c.at < @instant', parameters: [{ name: '@instant', value: instant }] })
      .fetchAll();
    return deleteAll(container, resources.map(({ id }) => ({ id, partitionKey: id })));
  }

  /** Atomic server-side increment (patch `incr`); the first call creates the counter at 1 (409: another instance did). */
  async nextSequence(name: string): Promise<number> {
    const c = await this.connection();
    const container = c.interactive.sequences;
    const id = docId(name);
    for (let round = 0; round < 10; round++) {
      try {
        const { resource } = await container.item(id, id).patch<SequenceDoc>([{ op: 'incr', path: '/value', value: 1 }]);
        if (resource) return resource.value;
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
      const doc: SequenceDoc = { id, key: name, value: 1 };
      if (await createIfAbsent(container, doc)) return 1;
    }
    throw new Error(`sequence ${name}: could not be incremented`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const connecting = this.connecting;
    this.connecting = undefined;
    if (connecting) await connecting.then((c) => c.close(), () => undefined);
  }
}

/**
 * The store options from the app configuration (COSMOS_* variables, see config.ts). Finished jobs and handled-once
 * keys get a ttl one day past the operational retention, so the purge job (exact) always comes first and ttl only
 * catches what it missed. Incidents get no ttl here: a ttl is fixed at the last write, so a retention lengthened
 * later would not save incidents written before; they are left to the purge job alone.
 */
export function cosmosStoreOptions(
  config: { endpoint: string; key?: string; database: string; createContainers: boolean },
  retention?: { operational: string },
): CosmosStoreOptions {
  const operationalDays = retention ? Duration.fromISO(retention.operational).as('days') + 1 : undefined;
  return {
    endpoint: config.endpoint,
    key: config.key,
    database: config.database,
    createContainers: config.createContainers,
    ttl: operationalDays ? { finishedJobDays: operationalDays, handledOnceDays: operationalDays } : undefined,
    logger: console,
  };
}
