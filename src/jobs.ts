/**
 * Operator CLI for durable jobs (docs/operations.md, "Jobs"), on the configured store (STORE, DATA_DIR, COSMOS_*):
 *   npm run jobs -- list [--dead] [--limit N]   pending (or dead) jobs, earliest due first
 *   npm run jobs -- retry <id>                  a dead job back to pending, due now, attempts reset
 * In the container: node dist/src/jobs.js list --dead
 */
import { ConfigError, loadAppConfig } from './config';
import { openStore } from './app';
import type { Job } from './services/model';

const USAGE = 'usage: jobs list [--dead] [--limit N] | jobs retry <id>';

function formatJobs(jobs: Job[]): string {
  if (jobs.length === 0) return 'no jobs';
  const rows = jobs.map((j) => [j.id, j.kind, j.state, String(j.attempts), j.dueAt, (j.lastError ?? '').replace(/\s+/g, ' ').slice(0, 120)]);
  const header = ['id', 'kind', 'state', 'attempts', 'due', 'last error'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'list' && command !== 'retry') {
    console.error(USAGE);
    return 2;
  }
  const store = openStore(loadAppConfig());
  try {
    const ready = (store as Partial<{ ready(): Promise<void> }>).ready;
    if (typeof ready === 'function') await ready.call(store);
    if (command === 'list') {
      const limitAt = rest.indexOf('--limit');
      const limit = limitAt >= 0 ? Number(rest[limitAt + 1]) : 100;
      if (!(Number.isInteger(limit) && limit > 0)) {
        console.error(USAGE);
        return 2;
      }
      const jobs = await store.jobs.list({ state: rest.includes('--dead') ? 'dead' : 'pending', limit });
      console.log(formatJobs(jobs));
      return 0;
    }
    const id = rest[0];
    if (!id) {
      console.error(USAGE);
      return 2;
    }
    if (await store.jobs.retry(id, new Date().toISOString())) {
      console.log(`${id}: pending again, due now (a running bot picks it up at its next poll)`);
      return 0;
    }
    const job = await store.jobs.get(id);
    console.error(job ? `${id} is ${job.state}, not dead: nothing to retry` : `${id}: no such job`);
    return 1;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err instanceof ConfigError ? `jobs: ${err.message}` : `jobs failed: ${err.message}`);
    process.exit(1);
  },
);
