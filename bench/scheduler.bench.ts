/**
 * Benchmark (not a test): how fast the durable scheduler drains due jobs on the embedded store, with two
 * instances (two store connections, two owners) racing for the same jobs as two processes would. Prints
 * jobs per second and checks that every job ran exactly once.
 *
 *   npm run bench:scheduler [-- --jobs 10000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Scheduler } from '../src/scheduler/scheduler';
import { SqliteStore } from '../src/store/sqlite';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '10000' } } });
const JOBS = Number(values.jobs);
const clock = { now: () => new Date('2026-11-22T12:00:00.000Z') };
const quiet = { warn: () => {}, error: (...a: unknown[]) => console.error(...a) };

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'melden-bench-'));
  const file = join(dir, 'melden.sqlite');
  const stores = [new SqliteStore(file), new SqliteStore(file)];
  const runs = new Map<string, number>();
  const schedulers = stores.map((store, i) => {
    const s = new Scheduler(store, clock, { owner: `instance-${i}`, batchSize: 100, logger: quiet });
    s.register('bench', async (job) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
    });
    return s;
  });

  let started = performance.now();
  for (let i = 0; i < JOBS; i++) await schedulers[0].schedule({ id: `bench:${i}`, kind: 'bench', dueAt: '2026-11-22T11:00:00.000Z', payload: { i } });
  const scheduleMs = performance.now() - started;

  started = performance.now();
  const perInstance = [0, 0];
  let ran: number[];
  do {
    ran = await Promise.all(schedulers.map((s) => s.runDue()));
    ran.forEach((n, i) => (perInstance[i] += n));
  } while (ran.some((n) => n > 0));
  const drainMs = performance.now() - started;

  const duplicates = [...runs.values()].filter((n) => n > 1).length;
  console.log(`scheduled ${JOBS} jobs in ${scheduleMs.toFixed(0)} ms (${((JOBS / scheduleMs) * 1000).toFixed(0)}/s)`);
  console.log(`drained by two instances in ${drainMs.toFixed(0)} ms: ${((JOBS / drainMs) * 1000).toFixed(0)} jobs/s (claim + run + complete)`);
  console.log(`runs: ${runs.size} distinct, ${duplicates} duplicates; instance split ${perInstance.join(' / ')}`);
  for (const s of stores) await s.close();
  rmSync(dir, { recursive: true, force: true });
  if (runs.size !== JOBS || duplicates > 0) {
    console.error('FAIL: not every job ran exactly once');
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
