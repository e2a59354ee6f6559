/**
 * The production store: Azure Cosmos DB for NoSQL (@azure/cosmos), shared by any number of stateless instances.
 * Containers, partition keys, retry budgets and ttl are described in cosmos-setup.ts (and infra/README.md); jobs
 * in cosmos-jobs.ts. The semantics are the SQLite store's, checked by one contract suite (test/contract):
 * - creates are idempotent by deterministic id: 409 = already there (If-Match does not apply to creates);
 * - every read-modify-write is a replace with If-Match on the ETag read (412 = someone else was first);
 * - counters use Cosmos' atomic patch `incr`, so concurrent instances never hand out a number twice;
 * - nothing relies on OFFSET/LIMIT, transactional batches or TTL (retention is the purge job's; ttl is an extra).
 * The database and containers are created (or checked) lazily on first use, or up front by ready().
 */
import type { Container, ItemDefinition } from '@azure/cosmos';
import type { Incident } from '../services/model';
import type { ConversationRepository, IncidentQuery, IncidentRepository, JobRepository, Store } from '../services/ports';
import { CosmosJobRepository, createIfAbsent, readDoc, replaceIfMatch } from './cosmos-jobs';
import {
  conversationDoc,
  conversationFromDoc,
  connectCosmos,
  docId,
  incidentDoc,
  Retention,
  statusOf,
  stripSystem,
  type ConversationDoc,
  type CosmosConnection,
  type CosmosStoreOptions,
  type HandledOnceDoc,
  type SequenceDoc,
} from './cosmos-setup';

export { type CosmosStoreOptions } from './cosmos-setup';

/** Where an incident lives: its team never changes, so this is safe to remember across instances. */
interface Located {
  teamId: string;
  /** The ETag of `version`, as last seen by this instance: lets replace() skip a read when nothing changed. */
  version?: number;
  etag?: string;
}

const LOCATION_CACHE_SIZE = 10_000;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class CosmosStore implements Store {
  private connecting: Promise<CosmosConnection> | undefined;
  private closed = false;
  private readonly retention: Retention;
  /** Incident id → team (and last seen ETag), so get(id) is a point read instead of a cross-partition query. */
  private readonly located = new Map<string, Located>();

  readonly incidents: IncidentRepository;
  readonly conversations: ConversationRepository;
  readonly jobs: JobRepository;

  constructor(private readonly options: CosmosStoreOptions) {
    this.retention = new Retention(options);
    this.jobs = new CosmosJobRepository(() => this.connection(), this.retention);
    this.incidents = {
      create: (incident) => this.createIncident(incident),
      get: (id) => this.getIncident(id),
      replace: (incident, expectedVersion) => this.replaceIncident(incident, expectedVersion),
      find: (query) => this.findIncidents(query),
      purgeReportedBefore: (instant) => this.purgeIncidents(instant),
    };
    this.conversations = {
      save: async (address) => {
        // A blind overwrite, as in the SQLite store (last save wins); there is no read-modify-write to lose.
        const c = await this.connection();
        await c.interactive.conversations.items.upsert(conversationDoc(address));
      },
      get: async (key) => {
        const c = await this.connection();
        const doc = await readDoc<ConversationDoc>(c.interactive.conversations, docId(key), docId(key));
        return doc ? conversationFromDoc(doc) : undefined;
      },
    };
  }

  /** Opens the store and creates or checks the database and containers; fails when Cosmos is unreachable or misconfigured. */
  static async open(options: CosmosStoreOptions): Promise<CosmosStore> {
    const store = new CosmosStore(options);
    await store.ready();
    return store;
  }

  async ready(): Promise<void> {
    await this.connection();
  }

  /** The connection, set up once; a failed setup is retried by the next call. */
  private connection(): Promise<CosmosConnection> {
    if (this.closed) return Promise.reject(new Error('the Cosmos store is closed'));
    this.connecting ??= connectCosmos(this.options).catch((err: unknown) => {
      this.connecting = undefined;
      throw err;
    });
    return this.connecting;
  }

  // ---------------------------------------------------------------- incidents

  private remember(doc: ItemDefinition): void {
    const id = doc.id as string;
    this.located.delete(id); // re-insert: the Map's order makes this a small LRU
    this.located.set(id, { teamId: doc.teamId as string, version: doc.version as number, etag: doc._etag as string | undefined });
    if (this.located.size > LOCATION_CACHE_SIZE) this.located.delete(this.located.keys().next().value as string);
  }

  /** The stored document, by point read when the team is known, else by a cross-partition query on id. */
  private async readIncident(container: Container, id: string): Promise<(ItemDefinition & { _etag: string }) | undefined> {
    const known = this.located.get(id);
    if (known) {
      const doc = await readDoc<ItemDefinition>(container, id, known.teamId);
      if (doc) this.remember(doc);
      else this.located.delete(id);
      return doc;
    }
    const { resources } = await container.items
      .query<ItemDefinition & { _etag: string }>({ query: 'SELECT * FROM c WHERE c.id = @id', parameters: [{ name: '@id', value: id }] })
      .fetchAll();
    const doc = resources[0];
    if (doc) this.remember(doc);
    return doc;
  }

  private async createIncident(incident: Incident): Promise<'created' | 'exists'> {
    const c = await this.connection();
    const container = c.interactive.incidents;
    // Ids are unique per partition in Cosmos; the port wants them unique, so look across teams first.
    if (await this.readIncident(container, incident.id)) return 'exists';
    const doc = incidentDoc(incident, this.retention);
    try {
      const { resource } = await container.items.create(doc);
      if (resource) this.remember(resource);
      return 'created';
    } catch (err) {
      if (statusOf(err) === 409) return 'exists';
      throw err;
    }
  }

  private async getIncident(id: string): Promise<Incident | undefined> {
    const c = await this.connection();
    const doc = await this.readIncident(c.interactive.incidents, id);
    return doc ? stripSystem<Incident>(doc) : undefined;
  }

  private async replaceIncident(incident: Incident, expectedVersion: number): Promise<boolean> {
    const c = await this.connection();
    const container = c.interactive.incidents;
    const known = this.located.get(incident.id);
    if (known && known.teamId !== incident.teamId) throw new Error(`incident ${incident.id}: the team of an incident cannot change`);
    let etag = known?.version === expectedVersion ? known.etag : undefined;
    for (let round = 0; round < 25; round++) {
      if (!etag) {
        const current = await this.readIncident(container, incident.id);
        if (!current || current.version !== expectedVersion) return false;
        if (current.teamId !== incident.teamId) throw new Error(`incident ${incident.id}: the team of an incident cannot change`);
        etag = current._etag;
      }
      const next = { ...incident, version: expectedVersion + 1 };
      const stored = await replaceIfMatch(container, incidentDoc(next, this.retention), incident.teamId, etag);
      if (stored) {
        this.remember(stored);
        incident.version = next.version;
        return true;
      }
      // 412: changed since that ETag. Usually a newer version (false above); a write that kept the version
      // (e.g. the migration) only means trying again with the fresh ETag.
      etag = undefined;
    }
    throw new Error(`incident ${incident.id}: too many concurrent updates`);
  }

  private async findIncidents(q: IncidentQuery): Promise<Incident[]> {
    const c = await this.connection();
    const where = ['c.teamId = @teamId'];
    const parameters: { name: string; value: string }[] = [{ name: '@teamId', value: q.teamId }];
    const add = (condition: string, name: string, value: string) => {
      where.push(condition);
      parameters.push({ name, value });
    };
    if (q.from) add('c.occurredAt >= @from', '@from', q.from);
    if (q.to) add('c.occurredAt < @to', '@to', q.to);
    if (q.citizenRef !== undefined) add('c.citizenRef = @citizenRef', '@citizenRef', q.citizenRef);
    if (q.reporterId !== undefined) add('c.reporterId = @reporterId', '@reporterId', q.reporterId);
    if (q.category !== undefined) add('c.category = @category', '@category', q.category);
    const { resources } = await c.interactive.incidents.items
      .query<ItemDefinition>({ query: `SELECT * FROM c WHERE ${where.join(' AND ')}`, parameters }, { partitionKey: q.teamId })
      .fetchAll();
    for (const doc of resources) this.remember(doc);
    // Sorted here, as SQLite's ORDER BY occurred_at, id (binary): a two-property ORDER BY would need a composite index.
    return resources
      .map((doc) => stripSystem<Incident>(doc))
      .sort((a, b) => compare(a.occurredAt, b.occurredAt) || compare(a.id, b.id));
  }

  private async purgeIncidents(instant: string): Promise<number> {
    const c = await this.connection();
    const container = c.background.incidents;
    const { resources } = await container.items
      .query<{ id: string; teamId: string }>({
        query: 'SELECT c.id, c.teamId FROM c WHERE c.reportedAt < @instant',
        parameters: [{ name: '@instant', value: instant }],
      })
      .fetchAll();
    let deleted = 0;
    // A few deletes at a time: serverless accounts throttle bursts.
    for (let i = 0; i < resources.length; i += 10) {
      const results = await Promise.all(
        resources.slice(i, i + 10).map(async ({ id, teamId }) => {
          this.located.delete(id);
          try {
            await container.item(id, teamId).delete();
            return 1;
          } catch (err) {
            if (statusOf(err) === 404) return 0; // another instance purged it first
            throw err;
          }
        }),
      );
      deleted += results.reduce<number>((a, b) => a + b, 0);
    }
    return deleted;
  }

  // ---------------------------------------------------------------- once, sequences

  async claimOnce(key: string, at: string): Promise<boolean> {
    const c = await this.connection();
    const doc: HandledOnceDoc = { id: docId(key), key, at, ttl: this.retention.handledOnce() };
    return createIfAbsent(c.interactive.handledOnce, doc);
  }

  /** Atomic server-side increment (patch `incr`); the first call creates the counter at 1 (409: someone else did). */
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

/** Stores accepted by openStore from the app configuration (COSMOS_* variables). */
export function cosmosStoreOptions(config: { endpoint: string; key?: string; database: string; createContainers: boolean }): CosmosStoreOptions {
  return { endpoint: config.endpoint, key: config.key, database: config.database, createContainers: config.createContainers, logger: console };
}
