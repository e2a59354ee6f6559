/**
 * Incidents in Cosmos DB (container `incidents`, partition key /teamId). Each document is the incident plus two
 * store-only fields: `statsFacts` (the numbers the statistics aggregate, derived exactly as the SQLite store's
 * columns and rewritten with every create/replace) and, with a retention configured, `ttl`.
 */
import type { ItemDefinition } from '@azure/cosmos';
import type { Incident } from '../services/model';
import type { IncidentQuery, IncidentRepository, IncidentStats } from '../services/ports';
import { CATEGORIES } from '../services/protocol';
import { CAS_ROUNDS, compareText, deleteAll, entityDoc, entityFromDoc, replaceIfMatch, type TeamDocs } from './cosmos-ops';
import { docId } from './cosmos-containers';
import { type Retention } from './cosmos-ttl';
import { statsColumns } from './incident-stats';

const FACTS = 'statsFacts';

interface StatsFacts {
  required: 0 | 1;
  pattern: number;
  consent: number;
  ackMs: number | null;
  /** registration 'required' without a sanction decision yet. */
  pending: 0 | 1;
  sent: number;
  answered: number;
  /** A help request whose report has not come. */
  helpOnly: 0 | 1;
}

function statsFacts(incident: Incident): StatsFacts {
  const columns = statsColumns(incident);
  const required = incident.registration === 'required' ? 1 : 0;
  return {
    required,
    pattern: columns.pattern as number,
    consent: columns.consent as number,
    ackMs: columns.ackMs as number | null,
    pending: required && columns.sanctionDecidedAt === null ? 1 : 0,
    sent: columns.checkinsSent as number,
    answered: columns.checkinsAnswered as number,
    helpOnly: incident.help?.reportPending ? 1 : 0,
  };
}

export function incidentDoc(incident: Incident, retention: Retention): ItemDefinition {
  const ttl = retention.incident(incident.reportedAt);
  return entityDoc(incident, ttl === undefined ? { [FACTS]: statsFacts(incident) } : { [FACTS]: statsFacts(incident), ttl });
}

export const incidentFromDoc = (doc: ItemDefinition): Incident => entityFromDoc<Incident>(doc, [FACTS]);

type Param = { name: string; value: string | number | string[] };

function windowFilter(q: Pick<IncidentQuery, 'teamId' | 'from' | 'to'>): { where: string[]; parameters: Param[] } {
  const where = ['c.teamId = @teamId'];
  const parameters: Param[] = [{ name: '@teamId', value: q.teamId }];
  if (q.from) {
    where.push('c.occurredAt >= @from');
    parameters.push({ name: '@from', value: q.from });
  }
  if (q.to) {
    where.push('c.occurredAt < @to');
    parameters.push({ name: '@to', value: q.to });
  }
  return { where, parameters };
}

export class CosmosIncidentRepository implements IncidentRepository {
  constructor(
    private readonly docs: TeamDocs,
    private readonly retention: Retention,
  ) {}

  async create(incident: Incident): Promise<'created' | 'exists'> {
    return (await this.docs.createUnique(incidentDoc(incident, this.retention))) ? 'created' : 'exists';
  }

  async get(id: string): Promise<Incident | undefined> {
    const doc = await this.docs.read(id);
    return doc ? incidentFromDoc(doc) : undefined;
  }

  /**
   * Replace with If-Match. The ETag of `expectedVersion` is usually known from the get() that preceded it, so an
   * uncontended update is a single write; otherwise (or after a 412) the current document is read first.
   */
  async replace(incident: Incident, expectedVersion: number): Promise<boolean> {
    const container = await this.docs.container();
    const id = docId(incident.id);
    const known = this.docs.known(id);
    if (known && known.teamId !== incident.teamId) throw new Error(`incident ${incident.id}: the team of an incident cannot change`);
    let etag = known?.version === expectedVersion ? known.etag : undefined;
    for (let round = 0; round < CAS_ROUNDS; round++) {
      if (!etag) {
        const current = await this.docs.read(incident.id);
        if (!current || current.version !== expectedVersion) return false;
        if (current.teamId !== incident.teamId) throw new Error(`incident ${incident.id}: the team of an incident cannot change`);
        etag = current._etag;
      }
      const next = { ...incident, version: expectedVersion + 1 };
      const stored = await replaceIfMatch(container, incidentDoc(next, this.retention), incident.teamId, etag);
      if (stored) {
        this.docs.remember(stored);
        incident.version = next.version;
        return true;
      }
      // 412: changed since that ETag; normally a newer version (false above), but a write that kept the version
      // (the migration) only means trying again with the fresh ETag.
      etag = undefined;
    }
    throw new Error(`incident ${incident.id}: too many concurrent updates`);
  }

  async find(q: IncidentQuery): Promise<Incident[]> {
    const { where, parameters } = windowFilter(q);
    const add = (condition: string, name: string, value: string) => {
      where.push(condition);
      parameters.push({ name, value });
    };
    if (q.citizenRef !== undefined) add('c.citizenRef = @citizenRef', '@citizenRef', q.citizenRef);
    if (q.reporterId !== undefined) add('c.reporterId = @reporterId', '@reporterId', q.reporterId);
    if (q.category !== undefined) add('c.category = @category', '@category', q.category);
    const container = await this.docs.container();
    const { resources } = await container.items
      .query<ItemDefinition>({ query: `SELECT * FROM c WHERE ${where.join(' AND ')}`, parameters }, { partitionKey: q.teamId })
      .fetchAll();
    for (const doc of resources) this.docs.remember(doc);
    // Sorted here as SQLite's ORDER BY occurred_at, id (binary order): in Cosmos a two-property ORDER BY needs a
    // composite index, and find() returns every match anyway.
    return resources.map(incidentFromDoc).sort((a, b) => compareText(a.occurredAt, b.occurredAt) || compareText(a.id, b.id));
  }

  /**
   * Aggregated in Cosmos within the team's partition, from the precomputed statsFacts: one aggregate query (with a
   * conditional SUM per known category, as the wire server has no GROUP BY), one for the acknowledgement times,
   * and only if some category is unknown, one for those. Not a snapshot across the queries (SQLite's is).
   */
  async stats(q: Pick<IncidentQuery, 'teamId' | 'from' | 'to'>): Promise<IncidentStats> {
    const container = await this.docs.container();
    const { where, parameters } = windowFilter(q);
    const filter = where.join(' AND ');
    const categorySums = CATEGORIES.map((category, i) => {
      parameters.push({ name: `@cat${i}`, value: category });
      return `SUM(c.category = @cat${i} ? 1 : 0) AS cat${i}`;
    });
    const f = `c.${FACTS}`;
    const aggregate = container.items
      .query<Record<string, number | undefined>>(
        {
          query:
            `SELECT COUNT(1) AS total, SUM(${f}.required) AS required, SUM(${f}.pattern) AS patterns, SUM(${f}.consent) AS consented, ` +
            `SUM(${f}.pending) AS pending, SUM(${f}.sent) AS sent, SUM(${f}.answered) AS answered, SUM(${f}.helpOnly) AS helpOnly, ` +
            `${categorySums.join(', ')} ` +
            `FROM c WHERE ${filter}`,
          parameters,
        },
        { partitionKey: q.teamId },
      )
      .fetchAll();
    const acks = container.items
      .query<number>({ query: `SELECT VALUE ${f}.ackMs FROM c WHERE ${filter} AND IS_NUMBER(${f}.ackMs)`, parameters }, { partitionKey: q.teamId })
      .fetchAll();
    const [{ resources: rows }, { resources: ackMillis }] = await Promise.all([aggregate, acks]);
    // One row; should the SDK hand back partial rows, COUNT and SUM add up.
    const sum = (key: string) => rows.reduce((total, row) => total + (Number(row[key]) || 0), 0);
    const byCategory: Record<string, number> = {};
    CATEGORIES.forEach((category, i) => {
      const n = sum(`cat${i}`);
      if (n > 0) byCategory[category] = n;
    });
    const total = sum('total');
    if (Object.values(byCategory).reduce((a, b) => a + b, 0) < total - sum('helpOnly')) {
      const { resources: others } = await container.items
        .query<string>(
          {
            query: `SELECT VALUE c.category FROM c WHERE ${filter} AND NOT ARRAY_CONTAINS(@known, c.category)`,
            parameters: [...parameters, { name: '@known', value: [...CATEGORIES] }],
          },
          { partitionKey: q.teamId },
        )
        .fetchAll();
      for (const category of others) byCategory[category] = (byCategory[category] ?? 0) + 1;
    }
    return {
      total,
      byCategory,
      registrationRequired: sum('required'),
      patterns: sum('patterns'),
      consented: sum('consented'),
      ackMillis: ackMillis.map(Number).sort((a, b) => a - b),
      sanctionsPending: sum('pending'),
      checkinsSent: sum('sent'),
      checkinsAnswered: sum('answered'),
      helpWithoutReport: sum('helpOnly'),
    };
  }

  /** A cross-partition query for what is past retention, then the deletes. */
  async purgeReportedBefore(instant: string): Promise<number> {
    const container = await this.docs.container(true);
    const { resources } = await container.items
      .query<{ id: string; teamId: string }>({
        query: 'SELECT c.id, c.teamId FROM c WHERE c.reportedAt < @instant',
        parameters: [{ name: '@instant', value: instant }],
      })
      .fetchAll();
    for (const { id } of resources) this.docs.forget(id);
    return deleteAll(container, resources.map(({ id, teamId }) => ({ id, partitionKey: teamId })));
  }
}
