/**
 * Conditional Cosmos DB operations shared by the Cosmos store's repositories: point reads, If-Match replace and
 * delete, create-if-absent, and TeamDocs — documents partitioned by /teamId that are also addressed by id alone.
 */
import type { Container, ItemDefinition } from '@azure/cosmos';
import { docId } from './cosmos-containers';
import { statusOf, type CosmosConnection, type CosmosContainers } from './cosmos-client';
import { stripSystem } from './cosmos-docs';

export type Stored<T> = T & { _etag: string };

/** Compare-and-set rounds before giving up; each lost round means another writer made progress. */
export const CAS_ROUNDS = 25;

/** A point read; undefined when the document does not exist. */
export async function readDoc<T>(container: Container, id: string, partitionKey: string): Promise<Stored<T> | undefined> {
  try {
    const { resource } = await container.item(id, partitionKey).read<Stored<T>>();
    return resource ?? undefined;
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

/** Replaces only while the document still has `etag`: the stored document, or undefined on 412 (or 404). */
export async function replaceIfMatch<T extends { id?: string }>(container: Container, doc: T, partitionKey: string, etag: string): Promise<Stored<T> | undefined> {
  try {
    const { resource } = await container.item(doc.id as string, partitionKey).replace<T>(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
    return resource as Stored<T>;
  } catch (err) {
    const status = statusOf(err);
    if (status === 412 || status === 404) return undefined;
    throw err;
  }
}

/** Deletes only while the document still has `etag`; false on 412 or 404. */
export async function deleteIfMatch(container: Container, id: string, partitionKey: string, etag: string): Promise<boolean> {
  try {
    await container.item(id, partitionKey).delete({ accessCondition: { type: 'IfMatch', condition: etag } });
    return true;
  } catch (err) {
    const status = statusOf(err);
    if (status === 412 || status === 404) return false;
    throw err;
  }
}

/** Creates unless a document with the id exists in its partition: false on 409. */
export async function createIfAbsent<T extends { id?: string }>(container: Container, doc: T): Promise<Stored<T> | undefined> {
  try {
    const { resource } = await container.items.create(doc);
    return resource as Stored<T>;
  } catch (err) {
    if (statusOf(err) === 409) return undefined;
    throw err;
  }
}

/**
 * Deletes the documents a few at a time (serverless accounts throttle bursts); a 404 means another instance
 * deleted it first and is not counted. Returns how many this call deleted.
 */
export async function deleteAll(container: Container, docs: { id: string; partitionKey: string }[]): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < docs.length; i += 10) {
    const results = await Promise.all(
      docs.slice(i, i + 10).map(async ({ id, partitionKey }) => {
        try {
          await container.item(id, partitionKey).delete();
          return 1;
        } catch (err) {
          if (statusOf(err) === 404) return 0;
          throw err;
        }
      }),
    );
    deleted += results.reduce<number>((a, b) => a + b, 0);
  }
  return deleted;
}

export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Set on a document whose entity id had to be escaped for Cosmos (docId): the entity's own id. */
const LOGICAL_ID = 'logicalId';

/** An entity as a document: the Cosmos id is docId(entity.id); the original id is kept when they differ. */
export function entityDoc<T extends { id: string }>(entity: T, extra: Record<string, unknown> = {}): ItemDefinition {
  const id = docId(entity.id);
  return id === entity.id ? { ...entity, ...extra } : { ...entity, ...extra, id, [LOGICAL_ID]: entity.id };
}

/** The entity of a document written by entityDoc (system properties, ttl and store-only fields removed). */
export function entityFromDoc<T>(doc: ItemDefinition, storeFields: readonly string[] = []): T {
  const entity = stripSystem<Record<string, unknown>>(doc);
  if (typeof entity[LOGICAL_ID] === 'string') entity.id = entity[LOGICAL_ID];
  delete entity[LOGICAL_ID];
  for (const field of storeFields) delete entity[field];
  return entity as T;
}

interface Located {
  teamId: string;
  etag?: string;
  version?: unknown;
}

const LOCATION_CACHE_SIZE = 10_000;

/**
 * Documents partitioned by /teamId that callers also address by id alone (incidents, team actions, review
 * posts). The team of an id never changes, so each instance remembers it (a small LRU): get(id) is then a point
 * read, and only the first access to an id costs a cross-partition query.
 */
export class TeamDocs {
  private readonly located = new Map<string, Located>();

  constructor(
    private readonly connection: () => Promise<CosmosConnection>,
    private readonly pick: (containers: CosmosContainers) => Container,
  ) {}

  async container(background = false): Promise<Container> {
    const c = await this.connection();
    return this.pick(background ? c.background : c.interactive);
  }

  /** Remembers where a document lives and the ETag of the version seen. */
  remember(doc: ItemDefinition): void {
    const id = doc.id as string;
    this.located.delete(id); // re-insert: the Map's order makes this an LRU
    this.located.set(id, { teamId: doc.teamId as string, etag: doc._etag as string | undefined, version: doc.version });
    if (this.located.size > LOCATION_CACHE_SIZE) this.located.delete(this.located.keys().next().value as string);
  }

  forget(cosmosId: string): void {
    this.located.delete(cosmosId);
  }

  known(cosmosId: string): Located | undefined {
    return this.located.get(cosmosId);
  }

  /** The stored document for an entity id: point read when its team is known, else a cross-partition query. */
  async read(entityId: string, background = false): Promise<Stored<ItemDefinition> | undefined> {
    const container = await this.container(background);
    const id = docId(entityId);
    const known = this.located.get(id);
    if (known) {
      const doc = await readDoc<ItemDefinition>(container, id, known.teamId);
      if (doc) this.remember(doc);
      else this.forget(id);
      return doc;
    }
    const { resources } = await container.items
      .query<Stored<ItemDefinition>>({ query: 'SELECT * FROM c WHERE c.id = @id', parameters: [{ name: '@id', value: id }] })
      .fetchAll();
    const doc = resources[0];
    if (doc) this.remember(doc);
    return doc;
  }

  /**
   * Creates unless a document with the id exists in any team (Cosmos ids are unique only per partition, the
   * ports' ids are unique). Between the look-up and the create another team could take the id: ids are derived
   * from the team (or carry it), so that cannot happen in practice.
   */
  /** Creates the entity's document (entityDoc) unless one with its id exists. */
  async createEntity(entity: { id: string }): Promise<'created' | 'exists'> {
    return (await this.createUnique(entityDoc(entity))) ? 'created' : 'exists';
  }

  /** The entity with this id (entityFromDoc), or undefined. */
  async getEntity<T>(id: string, background = false): Promise<T | undefined> {
    const doc = await this.read(id, background);
    return doc ? entityFromDoc<T>(doc) : undefined;
  }

  async createUnique(doc: ItemDefinition): Promise<boolean> {
    if (await this.read((doc.logicalId as string | undefined) ?? (doc.id as string))) return false;
    const stored = await createIfAbsent(await this.container(), doc);
    if (stored) this.remember(stored);
    return stored !== undefined;
  }

  /**
   * Read-decide-write with If-Match until `decide` declines (undefined) or the write wins: a replacement
   * document, or 'delete'. Returns the document written (or {} for a delete), undefined when nothing was written.
   */
  async change(
    entityId: string,
    decide: (doc: Stored<ItemDefinition>) => ItemDefinition | 'delete' | undefined,
  ): Promise<ItemDefinition | undefined> {
    const container = await this.container();
    for (let round = 0; round < CAS_ROUNDS; round++) {
      const current = await this.read(entityId);
      if (!current) return undefined;
      const next = decide(current);
      if (next === undefined) return undefined;
      if (next === 'delete') {
        if (await deleteIfMatch(container, current.id as string, current.teamId as string, current._etag)) {
          this.forget(current.id as string);
          return {};
        }
        continue;
      }
      const stored = await replaceIfMatch(container, next, current.teamId as string, current._etag);
      if (stored) {
        this.remember(stored);
        return stored;
      }
    }
    throw new Error(`${entityId}: too many concurrent updates`);
  }
}

/** A repository of one kind of entity in a /teamId container: created once by id, read by id (TeamDocs). */
export abstract class TeamEntities<T extends { id: string }> {
  constructor(protected readonly docs: TeamDocs) {}

  create(entity: T): Promise<'created' | 'exists'> {
    return this.docs.createEntity(entity);
  }

  get(id: string): Promise<T | undefined> {
    return this.docs.getEntity<T>(id);
  }
}
