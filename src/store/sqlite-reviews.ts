/**
 * The embedded store's review parts: the incident statistics aggregate (in SQL, over the covering index of
 * migration 3), improvement actions and deviations, and the posted agendas of the review calendar.
 */
import type Database from 'better-sqlite3';
import type { ReviewPost, TeamAction } from '../services/model';
import { ACTION_BOUNDS } from './action-query';
import { docById, insertDoc } from './sqlite-docs';
import type { ActionQuery, ActionRepository, IncidentQuery, IncidentStats, ReviewRepository } from '../services/ports';

type Row = Record<string, unknown>;

export function incidentStats(db: Database.Database, q: Pick<IncidentQuery, 'teamId' | 'from' | 'to'>): IncidentStats {
  const where = ['team_id = @teamId'];
  if (q.from) where.push('occurred_at >= @from');
  if (q.to) where.push('occurred_at < @to');
  const params: Row = { teamId: q.teamId };
  if (q.from) params.from = q.from;
  if (q.to) params.to = q.to;
  const filter = where.join(' AND ');
  // One read transaction: the three queries see the same snapshot.
  return db.transaction(() => {
    const totals = db
      .prepare(
        `SELECT count(*) AS total, coalesce(sum(registration = 'required'), 0) AS required, coalesce(sum(pattern), 0) AS patterns,
           coalesce(sum(consent), 0) AS consented, coalesce(sum(registration = 'required' AND sanction_decided_at IS NULL), 0) AS pending,
           coalesce(sum(checkins_sent), 0) AS sent, coalesce(sum(checkins_answered), 0) AS answered
         FROM incidents WHERE ${filter}`,
      )
      .get(params) as Row;
    const byCategory: Record<string, number> = {};
    let helpWithoutReport = 0;
    for (const r of db.prepare(`SELECT category, count(*) AS n FROM incidents WHERE ${filter} GROUP BY category`).all(params) as Row[]) {
      // '' is a help request whose report has not come (the incident has no category yet).
      if (r.category) byCategory[r.category as string] = r.n as number;
      else helpWithoutReport = r.n as number;
    }
    const ackMillis = (
      db.prepare(`SELECT ack_ms FROM incidents WHERE ${filter} AND ack_ms IS NOT NULL ORDER BY ack_ms`).pluck().all(params) as number[]
    ).map(Number);
    return {
      total: totals.total as number,
      byCategory,
      registrationRequired: totals.required as number,
      patterns: totals.patterns as number,
      consented: totals.consented as number,
      ackMillis,
      sanctionsPending: totals.pending as number,
      checkinsSent: totals.sent as number,
      checkinsAnswered: totals.answered as number,
      helpWithoutReport,
    };
  })();
}

export function sqliteActions(db: Database.Database): ActionRepository {
  return {
    create: async (a: TeamAction) =>
      insertDoc(db, 'team_actions', { id: a.id, team_id: a.teamId, kind: a.kind, created_at: a.createdAt, done_at: a.doneAt ?? null }, a),
    get: async (id: string) => docById<TeamAction>(db, 'team_actions', id),
    find: async (q: ActionQuery) => {
      const where = ['team_id = @teamId'];
      const params: Row = { teamId: q.teamId };
      const columns = { kind: 'kind', createdAt: 'created_at', doneAt: 'done_at' } as const;
      for (const { field, op, key } of ACTION_BOUNDS) {
        if (q[key] === undefined) continue;
        where.push(`${columns[field]} ${op} @${key}`);
        params[key] = q[key];
      }
      if (q.state === 'open') where.push('done_at IS NULL');
      if (q.state === 'done') where.push('done_at IS NOT NULL');
      const docs = db
        .prepare(`SELECT doc FROM team_actions WHERE ${where.join(' AND ')} ORDER BY created_at, id`)
        .pluck()
        .all(params) as string[];
      return docs.map((d) => JSON.parse(d) as TeamAction);
    },
    complete: async (id: string, doneAt: string, doneBy: string) =>
      db
        .prepare(
          `UPDATE team_actions SET done_at = @doneAt, doc = json_set(doc, '$.doneAt', @doneAt, '$.doneBy', @doneBy)
           WHERE id = @id AND done_at IS NULL`,
        )
        .run({ id, doneAt, doneBy }).changes === 1,
    purgeBefore: async (kind, instant) =>
      db
        .prepare(
          kind === 'deviation'
            ? `DELETE FROM team_actions WHERE kind = 'deviation' AND created_at < ?`
            : `DELETE FROM team_actions WHERE kind = 'action' AND done_at IS NOT NULL AND done_at < ?`,
        )
        .run(instant).changes,
    delete: async (id) => {
      db.prepare('DELETE FROM team_actions WHERE id = ?').run(id);
    },
  };
}

/** A review_posts row as a ReviewPost (also used by the SQLite → Cosmos migration). */
export function postFromRow(r: Row): ReviewPost {
  return {
    id: r.id as string,
    teamId: r.team_id as string,
    type: r.type as ReviewPost['type'],
    periodStart: r.period_start as string,
    periodEnd: r.period_end as string,
    state: r.state as ReviewPost['state'],
    claimedAt: r.claimed_at as string,
    postedAt: (r.posted_at as string | null) ?? undefined,
    late: r.late === 1,
    ref: r.ref ? (JSON.parse(r.ref as string) as ReviewPost['ref']) : undefined,
  };
}

export function sqliteReviews(db: Database.Database): ReviewRepository {
  return {
    claim: async (p) =>
      db
        .prepare(
          `INSERT INTO review_posts (id, team_id, type, period_start, period_end, state, claimed_at, late)
           VALUES (@id, @teamId, @type, @periodStart, @periodEnd, 'posting', @claimedAt, @late) ON CONFLICT(id) DO NOTHING`,
        )
        .run({ ...p, late: p.late ? 1 : 0 }).changes === 1
        ? 'claimed'
        : 'exists',
    markPosted: async (id, postedAt, ref) => {
      db.prepare(`UPDATE review_posts SET state = 'posted', posted_at = ?, ref = ? WHERE id = ?`).run(postedAt, ref ? JSON.stringify(ref) : null, id);
    },
    release: async (id) => {
      db.prepare(`DELETE FROM review_posts WHERE id = ? AND state = 'posting'`).run(id);
    },
    get: async (id) => {
      const row = db.prepare('SELECT * FROM review_posts WHERE id = ?').get(id) as Row | undefined;
      return row ? postFromRow(row) : undefined;
    },
    latest: async (teamId, type) => {
      const row = db
        .prepare('SELECT * FROM review_posts WHERE team_id = ? AND type = ? ORDER BY period_end DESC, id DESC LIMIT 1')
        .get(teamId, type) as Row | undefined;
      return row ? postFromRow(row) : undefined;
    },
    purgeBefore: async (instant) => db.prepare('DELETE FROM review_posts WHERE period_end < ?').run(instant).changes,
  };
}
