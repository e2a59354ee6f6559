/**
 * Schema migrations of the embedded store, applied in order; index + 1 is the schema version kept in
 * PRAGMA user_version. Never edit a released migration: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: incidents (indexed columns + the whole document), conversation references, durable jobs, counters.
  `
  CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL,
    number TEXT NOT NULL,
    reporter_id TEXT NOT NULL,
    category TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    reported_at TEXT NOT NULL,
    citizen_ref TEXT,
    registration TEXT NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX incidents_team_time ON incidents (team_id, occurred_at);
  CREATE INDEX incidents_team_citizen ON incidents (team_id, citizen_ref, occurred_at) WHERE citizen_ref IS NOT NULL;
  CREATE INDEX incidents_team_reporter ON incidents (team_id, reporter_id, category, occurred_at);
  CREATE INDEX incidents_reported ON incidents (reported_at);

  CREATE TABLE conversations (
    key TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    reference TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    due_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until TEXT,
    last_error TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX jobs_due ON jobs (state, due_at);

  CREATE TABLE sequences (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  );
  `,
  // 2: keys of things handled once (deduplication of redelivered events and interactions).
  `
  CREATE TABLE handled_once (
    key TEXT PRIMARY KEY,
    at TEXT NOT NULL
  );
  CREATE INDEX handled_once_at ON handled_once (at);
  `,
];
