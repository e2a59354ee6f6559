/** Rows that hold an entity as a JSON document beside the columns it is found by (measures, team actions). */
import type Database from 'better-sqlite3';

/** Inserts the row unless one with its id exists (creates are idempotent by id); `columns` by column name. */
export function insertDoc(db: Database.Database, table: string, columns: Record<string, unknown>, doc: unknown): 'created' | 'exists' {
  const names = [...Object.keys(columns), 'doc'];
  const sql = `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')}) ON CONFLICT(id) DO NOTHING`;
  return db.prepare(sql).run({ ...columns, doc: JSON.stringify(doc) }).changes === 1 ? 'created' : 'exists';
}

/** The entity of the row with this id, or undefined. */
export function docById<T>(db: Database.Database, table: string, id: string): T | undefined {
  const doc = db.prepare(`SELECT doc FROM ${table} WHERE id = ?`).pluck().get(id) as string | undefined;
  return doc ? (JSON.parse(doc) as T) : undefined;
}
