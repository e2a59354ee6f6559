/**
 * The embedded store: better-sqlite3 on one file under DATA_DIR, WAL journal, versioned migrations.
 * better-sqlite3 is synchronous, so each method is one short transaction; conditional UPDATEs give the
 * compare-and-set semantics the scheduler and the optimistic incident updates rely on, also across processes
 * sharing the file.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ConversationAddress, Incident, Job } from '../services/model';
import type { ActionRepository, AuditRepository, IncidentQuery, MeasureRepository, IncidentStats, ReviewRepository, Store } from '../services/ports';
import { sqliteAudit } from './sqlite-audit';
import { sqliteMeasures } from './sqlite-measures';
import { MIGRATIONS } from './sqlite-migrations';
import { incidentStats, sqliteActions, sqliteReviews } from './sqlite-reviews';
import { statsColumns } from './incident-stats';

type Row = Record<string, unknown>;

/**
 * Every statement is prepared once per connection and reused: better-sqlite3's prepare() compiles the SQL each
 * time it is called, which was a large part of a request's CPU. Statements are keyed by their SQL text (the few
 * built with a dynamic WHERE have a handful of shapes). A statement that was given .pluck() keeps it, so one SQL
 * text is always read the same way.
 */
function preparedOnce(db: Database.Database): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  }) as typeof db.prepare;
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Several processes may share the file (restart overlap, tests): wait for a lock instead of failing.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    // Deleted content is overwritten with zeros, so purged and erased data cannot be read back from the file
    // (docs/privacy.md); compact() also empties the WAL, which holds old page images.
    this.db.pragma('secure_delete = ON');
    this.migrate();
    preparedOnce(this.db);
    this.actions = sqliteActions(this.db);
    this.reviews = sqliteReviews(this.db);
    this.audit = sqliteAudit(this.db);
    this.measures = sqliteMeasures(this.db);
  }

  /** Applies every migration above the file's user_version, each in its own transaction. */
  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    for (const [index, sql] of MIGRATIONS.entries()) {
      const version = index + 1;
      if (version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.pragma(`user_version = ${version}`);
      }).immediate();
    }
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  readonly incidents = {
    create: async (incident: Incident): Promise<'created' | 'exists'> => {
      const info = this.db
        .prepare(
          `INSERT INTO incidents (id, team_id, number, reporter_id, category, occurred_at, reported_at, citizen_ref, registration, version, doc,
             pattern, consent, ack_ms, sanction_decided_at, checkins_sent, checkins_answered)
           VALUES (@id, @teamId, @number, @reporterId, @category, @occurredAt, @reportedAt, @citizenRef, @registration, @version, @doc,
             @pattern, @consent, @ackMs, @sanctionDecidedAt, @checkinsSent, @checkinsAnswered)
           ON CONFLICT(id) DO NOTHING`,
        )
        .run(incidentRow(incident));
      return info.changes === 1 ? 'created' : 'exists';
    },
    get: async (id: string): Promise<Incident | undefined> => {
      const row = this.db.prepare('SELECT doc FROM incidents WHERE id = ?').get(id) as Row | undefined;
      return row ? (JSON.parse(row.doc as string) as Incident) : undefined;
    },
    replace: async (incident: Incident, expectedVersion: number): Promise<boolean> => {
      const next = { ...incident, version: expectedVersion + 1 };
      const info = this.db
        .prepare(
          `UPDATE incidents SET category = @category, occurred_at = @occurredAt, citizen_ref = @citizenRef,
             registration = @registration, version = @version, doc = @doc, pattern = @pattern, consent = @consent, ack_ms = @ackMs,
             sanction_decided_at = @sanctionDecidedAt, checkins_sent = @checkinsSent, checkins_answered = @checkinsAnswered
           WHERE id = @id AND version = @expected`,
        )
        .run({ ...incidentRow(next), expected: expectedVersion });
      if (info.changes === 1) incident.version = next.version;
      return info.changes === 1;
    },
    find: async (q: IncidentQuery): Promise<Incident[]> => {
      const where = ['team_id = @teamId'];
      if (q.from) where.push('occurred_at >= @from');
      if (q.to) where.push('occurred_at < @to');
      if (q.citizenRef !== undefined) where.push('citizen_ref = @citizenRef');
      if (q.reporterId !== undefined) where.push('reporter_id = @reporterId');
      if (q.category !== undefined) where.push('category = @category');
      const rows = this.db
        .prepare(`SELECT doc FROM incidents WHERE ${where.join(' AND ')} ORDER BY occurred_at, id`)
        .all(q) as Row[];
      return rows.map((r) => JSON.parse(r.doc as string) as Incident);
    },
    purgeReportedBefore: async (instant: string): Promise<number> =>
      this.db.prepare('DELETE FROM incidents WHERE reported_at < ?').run(instant).changes,
    stats: async (q: Pick<IncidentQuery, 'teamId' | 'from' | 'to'>): Promise<IncidentStats> => incidentStats(this.db, q),
  };

  readonly actions: ActionRepository;
  readonly reviews: ReviewRepository;
  readonly audit: AuditRepository;
  readonly measures: MeasureRepository;

  readonly conversations = {
    save: async (a: ConversationAddress): Promise<void> => {
      this.db
        .prepare(
          `INSERT INTO conversations (key, platform, reference, updated_at) VALUES (@key, @platform, @reference, @updatedAt)
           ON CONFLICT(key) DO UPDATE SET platform = excluded.platform, reference = excluded.reference, updated_at = excluded.updated_at`,
        )
        .run({ ...a, reference: JSON.stringify(a.reference) });
    },
    get: async (key: string): Promise<ConversationAddress | undefined> => {
      const row = this.db.prepare('SELECT * FROM conversations WHERE key = ?').get(key) as Row | undefined;
      return row
        ? { key, platform: row.platform as ConversationAddress['platform'], reference: JSON.parse(row.reference as string), updatedAt: row.updated_at as string }
        : undefined;
    },
    list: async (): Promise<ConversationAddress[]> =>
      (this.db.prepare('SELECT * FROM conversations ORDER BY key').all() as Row[]).map((row) => ({
        key: row.key as string,
        platform: row.platform as ConversationAddress['platform'],
        reference: JSON.parse(row.reference as string),
        updatedAt: row.updated_at as string,
      })),
    delete: async (key: string): Promise<void> => {
      this.db.prepare('DELETE FROM conversations WHERE key = ?').run(key);
    },
  };

  readonly jobs = {
    schedule: async (job: Pick<Job, 'id' | 'kind' | 'dueAt' | 'payload'>): Promise<'created' | 'exists'> => {
      const info = this.db
        .prepare(
          `INSERT INTO jobs (id, kind, due_at, payload, state, attempts, updated_at)
           VALUES (@id, @kind, @dueAt, @payload, 'pending', 0, @dueAt) ON CONFLICT(id) DO NOTHING`,
        )
        .run({ ...job, payload: JSON.stringify(job.payload) });
      return info.changes === 1 ? 'created' : 'exists';
    },
    get: async (id: string): Promise<Job | undefined> => {
      const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
      return row ? jobFromRow(row) : undefined;
    },
    due: async (now: string, limit: number, kinds?: readonly string[]): Promise<Job[]> => {
      const ofKinds = kinds ? 'AND kind IN (SELECT value FROM json_each(@kinds))' : '';
      const rows = this.db
        .prepare(
          `SELECT * FROM jobs WHERE state = 'pending' AND due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
           ${ofKinds} ORDER BY due_at, id LIMIT @limit`,
        )
        .all({ now, limit, ...(kinds ? { kinds: JSON.stringify(kinds) } : {}) }) as Row[];
      return rows.map(jobFromRow);
    },
    claim: async (id: string, owner: string, now: string, leaseUntil: string): Promise<Job | undefined> => {
      const row = this.db
        .prepare(
          `UPDATE jobs SET lease_owner = @owner, lease_until = @leaseUntil, attempts = attempts + 1, updated_at = @now
           WHERE id = @id AND state = 'pending' AND due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
           RETURNING *`,
        )
        .get({ id, owner, now, leaseUntil }) as Row | undefined;
      return row ? jobFromRow(row) : undefined;
    },
    renew: async (id: string, owner: string, attempts: number, leaseUntil: string): Promise<boolean> =>
      this.db
        .prepare(`UPDATE jobs SET lease_until = ? WHERE id = ? AND state = 'pending' AND lease_owner = ? AND attempts = ?`)
        .run(leaseUntil, id, owner, attempts).changes === 1,
    complete: async (id: string, owner: string, attempts: number): Promise<boolean> =>
      this.db
        .prepare(
          `UPDATE jobs SET state = 'done', lease_owner = NULL, lease_until = NULL
           WHERE id = ? AND state = 'pending' AND lease_owner = ? AND attempts = ?`,
        )
        .run(id, owner, attempts).changes === 1,
    fail: async (id: string, owner: string, attempts: number, error: string, retryAt: string | undefined): Promise<boolean> =>
      this.db
        .prepare(
          `UPDATE jobs SET state = @state, due_at = COALESCE(@retryAt, due_at), last_error = @error,
             lease_owner = NULL, lease_until = NULL
           WHERE id = @id AND state = 'pending' AND lease_owner = @owner AND attempts = @attempts`,
        )
        .run({ id, owner, attempts, error, retryAt: retryAt ?? null, state: retryAt ? 'pending' : 'dead' }).changes === 1,
    purgeFinishedBefore: async (instant: string): Promise<number> =>
      this.db.prepare(`DELETE FROM jobs WHERE state IN ('done', 'dead') AND due_at < ?`).run(instant).changes,
    cancel: async (id: string): Promise<void> => {
      this.db.prepare(`UPDATE jobs SET state = 'done', last_error = 'cancelled' WHERE id = ? AND state = 'pending'`).run(id);
    },
    counts: async (overdueBefore: string): Promise<{ overdue: number; dead: number }> => {
      const row = this.db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND due_at < ?) AS overdue,
                  (SELECT COUNT(*) FROM jobs WHERE state = 'dead') AS dead`,
        )
        .get(overdueBefore) as { overdue: number; dead: number };
      return { overdue: row.overdue, dead: row.dead };
    },
    list: async (filter: { state: 'pending' | 'dead'; limit: number }): Promise<Job[]> =>
      (this.db.prepare('SELECT * FROM jobs WHERE state = ? ORDER BY due_at, id LIMIT ?').all(filter.state, filter.limit) as Row[]).map(jobFromRow),
    retry: async (id: string, now: string): Promise<boolean> =>
      this.db
        .prepare(
          `UPDATE jobs SET state = 'pending', attempts = 0, due_at = @now, updated_at = @now, lease_owner = NULL, lease_until = NULL
           WHERE id = @id AND state = 'dead'`,
        )
        .run({ id, now }).changes === 1,
    releaseLeases: async (owner: string): Promise<number> =>
      this.db.prepare(`UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE state = 'pending' AND lease_owner = ?`).run(owner).changes,
  };

  async claimOnce(key: string, at: string): Promise<boolean> {
    return this.db.prepare('INSERT INTO handled_once (key, at) VALUES (?, ?) ON CONFLICT(key) DO NOTHING').run(key, at).changes === 1;
  }

  async purgeHandledOnceBefore(instant: string): Promise<number> {
    return this.db.prepare('DELETE FROM handled_once WHERE at < ?').run(instant).changes;
  }

  async compact(): Promise<void> {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async nextSequence(name: string): Promise<number> {
    const row = this.db
      .prepare(
        `INSERT INTO sequences (name, value) VALUES (?, 1)
         ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
      )
      .get(name) as Row;
    return row.value as number;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function incidentRow(i: Incident): Row {
  return {
    id: i.id,
    teamId: i.teamId,
    number: i.number,
    reporterId: i.reporterId,
    // '' while a help request waits for its report (the column predates help requests; the doc omits it).
    category: i.category ?? '',
    occurredAt: i.occurredAt,
    reportedAt: i.reportedAt,
    citizenRef: i.citizenRef ?? null,
    registration: i.registration,
    version: i.version,
    doc: JSON.stringify(i),
    ...statsColumns(i),
  };
}

/** A jobs row as a Job (also used by the SQLite → Cosmos migration). */
export function jobFromRow(row: Row): Job {
  return {
    id: row.id as string,
    kind: row.kind as string,
    dueAt: row.due_at as string,
    payload: JSON.parse(row.payload as string),
    state: row.state as Job['state'],
    attempts: row.attempts as number,
    leaseOwner: (row.lease_owner as string | null) ?? undefined,
    leaseUntil: (row.lease_until as string | null) ?? undefined,
    lastError: (row.last_error as string | null) ?? undefined,
    updatedAt: row.updated_at as string,
  };
}
