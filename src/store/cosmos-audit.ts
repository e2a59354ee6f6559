/**
 * The audit log in the Cosmos store: container `audit`, partitioned by /id (one document per entry; create = append,
 * 409 = already there, so appending is idempotent). Reads are rare (a coordinator or the privacy officer asks) and
 * cross-partition; the order is made here, as the test wire server has no cross-partition ORDER BY.
 */
import type { Container } from '@azure/cosmos';
import type { AuditEntry } from '../services/model';
import type { AuditQuery, AuditRepository } from '../services/ports';
import { compareText, createIfAbsent, deleteAll } from './cosmos-ops';
import { docId } from './cosmos-containers';
import { type CosmosConnection } from './cosmos-client';

export interface AuditDoc {
  id: string;
  /** The entry's own id (docId may have escaped it). */
  key: string;
  at: string;
  actorId: string;
  teamId?: string;
  action: string;
  incidentId?: string;
}

type Param = { name: string; value: string | string[] };

export function auditDoc(e: AuditEntry): AuditDoc {
  const doc: AuditDoc = { id: docId(e.id), key: e.id, at: e.at, actorId: e.actorId, action: e.action };
  if (e.teamId !== undefined) doc.teamId = e.teamId;
  if (e.incidentId !== undefined) doc.incidentId = e.incidentId;
  return doc;
}

export function auditFromDoc(d: AuditDoc): AuditEntry {
  const entry: AuditEntry = { id: d.key, at: d.at, actorId: d.actorId, action: d.action };
  if (d.teamId !== undefined && d.teamId !== null) entry.teamId = d.teamId;
  if (d.incidentId !== undefined && d.incidentId !== null) entry.incidentId = d.incidentId;
  return entry;
}

export class CosmosAuditRepository implements AuditRepository {
  constructor(private readonly connection: () => Promise<CosmosConnection>) {}

  private async container(background = false): Promise<Container> {
    const c = await this.connection();
    return background ? c.background.audit : c.interactive.audit;
  }

  async append(entry: AuditEntry): Promise<void> {
    await createIfAbsent(await this.container(), auditDoc(entry));
  }

  async find(q: AuditQuery): Promise<AuditEntry[]> {
    if (q.teamIds && q.teamIds.length === 0) return [];
    const where: string[] = [];
    const parameters: Param[] = [];
    if (q.teamIds) {
      where.push('ARRAY_CONTAINS(@teamIds, c.teamId)');
      parameters.push({ name: '@teamIds', value: q.teamIds });
    }
    const add = (clause: string, name: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      parameters.push({ name, value });
    };
    add('c.incidentId = @incidentId', '@incidentId', q.incidentId);
    add('c.actorId = @actorId', '@actorId', q.actorId);
    add('c.action = @action', '@action', q.action);
    add('c.at >= @from', '@from', q.from);
    add('c.at < @to', '@to', q.to);
    const container = await this.container();
    const { resources } = await container.items
      .query<AuditDoc>({ query: `SELECT * FROM c${where.length ? ' WHERE ' + where.join(' AND ') : ''}`, parameters })
      .fetchAll();
    return resources.map(auditFromDoc).sort((a, b) => compareText(a.at, b.at) || compareText(a.id, b.id));
  }

  async purgeBefore(instant: string): Promise<number> {
    const container = await this.container(true);
    const { resources } = await container.items
      .query<{ id: string }>({ query: 'SELECT c.id FROM c WHERE c.at < @instant', parameters: [{ name: '@instant', value: instant }] })
      .fetchAll();
    return deleteAll(container, resources.map(({ id }) => ({ id, partitionKey: id })));
  }
}
