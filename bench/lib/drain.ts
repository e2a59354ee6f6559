/**
 * Waits until a target on SQLite has no due job left (the follow-ups of a burst of reports: aftercare planned, the
 * coordinator told), by reading its store file read-only, so the next case meets a server at rest rather than one
 * still digesting the last case's thousands of reports.
 */
import Database from 'better-sqlite3';
import { sleep } from './pages';

export async function waitForDueJobs(file: string, clockOffsetMs: number, timeoutMs: number): Promise<{ waitedMs: number; left: number }> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const due = db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE state = 'pending' AND due_at <= ?");
  const started = Date.now();
  try {
    for (;;) {
      const { n } = due.get(new Date(Date.now() + clockOffsetMs).toISOString()) as { n: number };
      if (n === 0 || Date.now() - started > timeoutMs) return { waitedMs: Date.now() - started, left: n };
      await sleep(250);
    }
  } finally {
    db.close();
  }
}
