/**
 * Measures on citizen references (container `measures`, partitioned by /teamId; docs/measures.md). Look-ups are
 * per team (one query per team the asker serves); ending early is an If-Match replace through TeamDocs.
 */
import type { ItemDefinition } from '@azure/cosmos';
import type { CitizenMeasure } from '../services/model';
import type { MeasureQuery, MeasureRepository } from '../services/ports';
import { compareText, entityDoc, entityFromDoc, TeamEntities } from './cosmos-ops';

export class CosmosMeasureRepository extends TeamEntities<CitizenMeasure> implements MeasureRepository {
  async find(q: MeasureQuery): Promise<CitizenMeasure[]> {
    const container = await this.docs.container();
    const found: CitizenMeasure[] = [];
    for (const teamId of new Set(q.teamIds)) {
      const where = ['c.teamId = @teamId'];
      const parameters = [{ name: '@teamId', value: teamId }];
      if (q.citizenRef !== undefined) (where.push('c.citizenRef = @citizenRef'), parameters.push({ name: '@citizenRef', value: q.citizenRef }));
      const { resources } = await container.items
        .query<ItemDefinition>({ query: `SELECT * FROM c WHERE ${where.join(' AND ')}`, parameters }, { partitionKey: teamId })
        .fetchAll();
      for (const doc of resources) this.docs.remember(doc);
      found.push(...resources.map((d) => entityFromDoc<CitizenMeasure>(d)));
    }
    return found.sort((a, b) => compareText(a.startDate, b.startDate) || compareText(a.id, b.id));
  }

  async end(id: string, endedAt: string, endedBy: string): Promise<boolean> {
    const written = await this.docs.change(id, (doc) => {
      const m = entityFromDoc<CitizenMeasure>(doc);
      return m.endedAt ? undefined : entityDoc({ ...m, endedAt, endedBy });
    });
    return written !== undefined;
  }
}
