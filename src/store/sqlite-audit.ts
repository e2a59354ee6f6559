/** The audit log in the embedded store: one row per entry, INSERT … ON CONFLICT DO NOTHING (append-only, idempotent). */
import type Database from 'better-sqlite3';
import type { AuditEntry } from '../services/model';
import type { AuditQuery, AuditRepository } from '../services/ports';

type Row = Record<string, unknown>;

export function sqliteAudit(db: Database.Database): AuditRepository {
  return {
    append: async (e: AuditEntry): Promise<void> => {
      db.prepare(
        `INSERT INTO audit_log (id, at, actor_id, team_id, action, incident_id)
         VALUES (@id, @at, @actorId, @teamId, @action, @incidentId) ON CONFLICT(id) DO NOTHING`,
      ).run({ id: e.id, at: e.at, actorId: e.actorId, teamId: e.teamId ?? null, action: e.action, incidentId: e.incidentId ?? null });
    },
    find: async (q: AuditQuery): Promise<AuditEntry[]> => {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      if (q.teamIds) {
        if (q.teamIds.length === 0) return [];
        where.push(`team_id IN (${q.teamIds.map((_, i) => `@team${i}`).join(', ')})`);
        q.teamIds.forEach((t, i) => (params[`team${i}`] = t));
      }
      const eq = (column: string, key: 'incidentId' | 'actorId' | 'action') => {
        if (q[key] === undefined) return;
        where.push(`${column} = @${key}`);
        params[key] = q[key];
      };
      eq('incident_id', 'incidentId');
      eq('actor_id', 'actorId');
      eq('action', 'action');
      if (q.from) (where.push('at >= @from'), (params.from = q.from));
      if (q.to) (where.push('at < @to'), (params.to = q.to));
      const rows = db
        .prepare(`SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY at, id`)
        .all(params) as Row[];
      return rows.map(auditFromRow);
    },
    purgeBefore: async (instant: string): Promise<number> => db.prepare('DELETE FROM audit_log WHERE at < ?').run(instant).changes,
  };
}

export function auditFromRow(row: Row): AuditEntry {
  const entry: AuditEntry = { id: row.id as string, at: row.at as string, actorId: row.actor_id as string, action: row.action as string };
  if (row.team_id !== null && row.team_id !== undefined) entry.teamId = row.team_id as string;
  if (row.incident_id !== null && row.incident_id !== undefined) entry.incidentId = row.incident_id as string;
  return entry;
}
