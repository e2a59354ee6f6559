/**
 * Readiness (docs/operations.md, "Health"): ready means the store answers, the scheduler's polling loop ran
 * recently, and the process is not shutting down. Overdue and dead job counts are reported for the operator;
 * they do not make an instance unready (another instance would not do better).
 */
import type { JobRepository } from './services/ports';

export interface Readiness {
  ready: boolean;
  store?: 'ok' | 'unreachable';
  scheduler?: 'ok' | 'stale' | 'stopped';
  /** Pending jobs due more than OVERDUE_GRACE_MS ago. */
  overdueJobs?: number;
  /** Jobs that used all their attempts (`npm run jobs -- list --dead`). */
  deadJobs?: number;
  shuttingDown?: boolean;
}

/** A job due this long ago and still pending is late, not merely waiting for the next poll. */
export const OVERDUE_GRACE_MS = 60_000;
/** The store's answer must come within this, else it counts as unreachable. */
const STORE_TIMEOUT_MS = 3_000;

export interface ReadinessDeps {
  jobs: JobRepository;
  /** Wall-clock time of the scheduler loop's last finished pass, or undefined before the first / after stop. */
  lastPollAt: () => number | undefined;
  pollMs: number;
  /** Instant (ISO) used for "overdue": the application clock. */
  now: () => Date;
  shuttingDown: () => boolean;
}

export function readinessCheck(deps: ReadinessDeps): () => Promise<Readiness> {
  return async () => {
    const overdueBefore = new Date(deps.now().getTime() - OVERDUE_GRACE_MS).toISOString();
    let counts: { overdue: number; dead: number } | undefined;
    try {
      counts = await withTimeout(deps.jobs.counts(overdueBefore), STORE_TIMEOUT_MS);
    } catch {
      counts = undefined;
    }
    const last = deps.lastPollAt();
    // A pass can take a while under load; three intervals (at least 10 s) without one means the loop is stuck.
    const staleAfter = Math.max(3 * deps.pollMs, 10_000);
    const scheduler = last === undefined ? 'stopped' : Date.now() - last > staleAfter ? 'stale' : 'ok';
    const shuttingDown = deps.shuttingDown();
    return {
      ready: counts !== undefined && scheduler === 'ok' && !shuttingDown,
      store: counts ? 'ok' : 'unreachable',
      scheduler,
      overdueJobs: counts?.overdue,
      deadJobs: counts?.dead,
      shuttingDown,
    };
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
