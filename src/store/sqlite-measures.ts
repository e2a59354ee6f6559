/** Measures on citizen references in the embedded store (docs/measures.md): indexed columns plus the document. */
import type Database from 'better-sqlite3';
import type { CitizenMeasure } from '../services/model';
import type { MeasureQuery, MeasureRepository } from '../services/ports';
import { docById, insertDoc } from './sqlite-docs';

type Row = Record<string, unknown>;

export function sqliteMeasures(db: Database.Database): MeasureRepository {
  const get = (id: string) => docById<CitizenMeasure>(db, 'measures', id);
  return {
    create: async (m: CitizenMeasure) =>
      insertDoc(db, 'measures', { id: m.id, team_id: m.teamId, citizen_ref: m.citizenRef, start_date: m.startDate, ended_at: m.endedAt ?? null }, m),
    get: async (id: string) => get(id),
    find: async (q: MeasureQuery): Promise<CitizenMeasure[]> => {
      if (q.teamIds.length === 0) return [];
      const params: Record<string, unknown> = {};
      q.teamIds.forEach((t, i) => (params[`team${i}`] = t));
      const where = [`team_id IN (${q.teamIds.map((_, i) => `@team${i}`).join(', ')})`];
      if (q.citizenRef !== undefined) (where.push('citizen_ref = @citizenRef'), (params.citizenRef = q.citizenRef));
      const rows = db.prepare(`SELECT doc FROM measures WHERE ${where.join(' AND ')} ORDER BY start_date, id`).all(params) as Row[];
      return rows.map((r) => JSON.parse(r.doc as string) as CitizenMeasure);
    },
    end: async (id: string, endedAt: string, endedBy: string): Promise<boolean> =>
      db.transaction(() => {
        const m = get(id);
        if (!m || m.endedAt) return false;
        const doc = JSON.stringify({ ...m, endedAt, endedBy });
        return db.prepare('UPDATE measures SET ended_at = ?, doc = ? WHERE id = ? AND ended_at IS NULL').run(endedAt, doc, id).changes === 1;
      }).immediate(),
  };
}
