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
  // 3: reviews. The facts the quarterly statistics aggregate, as plain columns written with every create/replace
  // (parsing 100k documents, in JS or with json_extract, is too slow), backfilled from the documents, with one
  // covering index so the statistics never read the table itself. Improvement actions and deviations. Posted
  // agendas of the review calendar.
  `
  ALTER TABLE incidents ADD COLUMN pattern INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE incidents ADD COLUMN consent INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE incidents ADD COLUMN ack_ms INTEGER;
  ALTER TABLE incidents ADD COLUMN sanction_decided_at TEXT;
  ALTER TABLE incidents ADD COLUMN checkins_sent INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE incidents ADD COLUMN checkins_answered INTEGER NOT NULL DEFAULT 0;
  UPDATE incidents SET
    pattern = coalesce(json_array_length(doc, '$.patternIncidentIds'), 0) > 0,
    consent = coalesce(json_extract(doc, '$.consentTeamMeeting'), 0),
    ack_ms = CAST(round((julianday(json_extract(doc, '$.paging.acknowledgedAt')) - julianday(json_extract(doc, '$.paging.pages[0].at'))) * 86400000) AS INTEGER),
    sanction_decided_at = json_extract(doc, '$.sanction.decidedAt'),
    checkins_sent = (SELECT count(*) FROM json_each(doc, '$.aftercare.moments')
      WHERE json_extract(value, '$.kind') LIKE 'checkin-%' AND json_extract(value, '$.sentAt') IS NOT NULL),
    checkins_answered = (SELECT count(*) FROM json_each(doc, '$.aftercare.moments')
      WHERE json_extract(value, '$.kind') LIKE 'checkin-%' AND json_extract(value, '$.sentAt') IS NOT NULL
        AND json_extract(value, '$.answeredAt') IS NOT NULL);
  CREATE INDEX incidents_team_stats ON incidents
    (team_id, occurred_at, category, registration, pattern, consent, ack_ms, sanction_decided_at, checkins_sent, checkins_answered);

  CREATE TABLE team_actions (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    done_at TEXT,
    doc TEXT NOT NULL
  );
  CREATE INDEX team_actions_team ON team_actions (team_id, kind, created_at);

  CREATE TABLE review_posts (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL,
    type TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('posting', 'posted')),
    claimed_at TEXT NOT NULL,
    posted_at TEXT,
    late INTEGER NOT NULL,
    ref TEXT
  );
  CREATE INDEX review_posts_latest ON review_posts (team_id, type, period_end);
  `,
  // 4: the audit log (append-only; who, what, when, which incident; never content).
  `
  CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    team_id TEXT,
    action TEXT NOT NULL,
    incident_id TEXT
  );
  CREATE INDEX audit_log_at ON audit_log (at);
  CREATE INDEX audit_log_team ON audit_log (team_id, at);
  CREATE INDEX audit_log_incident ON audit_log (incident_id, at) WHERE incident_id IS NOT NULL;
  `,
];
