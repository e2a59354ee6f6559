/**
 * Benchmark (not a test): the quarterly review statistics for a team with 100,000 incidents in the embedded store.
 * Seeds a temp SQLite file in one transaction, then times `reviewStatistics` (3 windows + all-time pending
 * sanctions + actions, aggregated in SQL over the covering index of migration 3) and the whole quarterly review
 * card (view, chart PNG, Adaptive Card). Prints the median of several warm runs.
 *
 *   npm run bench:reviews [-- --incidents 100000 --runs 9]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type Database from 'better-sqlite3';
import { parseTeamsConfig } from '../src/config';
import { renderTeamsMessage } from '../src/cards/teams/messages';
import { Directory } from '../src/services/directory';
import type { Incident } from '../src/services/model';
import { CATEGORIES } from '../src/services/protocol';
import { parsePeriod } from '../src/services/review-calendar';
import { ReviewService } from '../src/services/reviews';
import { reviewStatistics } from '../src/services/statistics';
import { SqliteStore } from '../src/store/sqlite';

const { values } = parseArgs({ options: { incidents: { type: 'string', default: '100000' }, runs: { type: 'string', default: '9' } } });
const COUNT = Number(values.incidents);
const RUNS = Number(values.runs);

const config = parseTeamsConfig(`
teams:
  - id: kcc-noord
    name: KCC Noord
    channel: { teams: { conversationId: "19:x@thread.tacv2" } }
    people: [{ id: anna, name: Anna de Vries }, { id: eva, name: Eva Smit, roles: [lead] }]
  - id: kcc-zuid
    name: KCC Zuid
    people: [{ id: piet, name: Piet }]
`);
const team = config.teams[0];
const directory = new Directory(config.teams);

/** A small deterministic generator (mulberry32), so every run measures the same data. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeIncident(i: number, teamId: string, random: () => number): Incident {
  // Spread over 2025 and 2026.
  const occurred = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 730 * 86_400_000));
  const at = occurred.toISOString();
  const category = CATEGORIES[Math.floor(random() * CATEGORIES.length)];
  const required = category === 'threat' || random() < 0.2;
  const paged = random() < 0.5;
  const pagedAt = new Date(occurred.getTime() + 60_000).toISOString();
  return {
    id: `bench-${teamId}-${i}`,
    number: `${occurred.getUTCFullYear()}-${String(i).padStart(6, '0')}`,
    teamId,
    reporterId: 'anna',
    platform: 'teams',
    locale: 'nl',
    occurredAt: at,
    reportedAt: at,
    channel: 'phone',
    category,
    description: 'Benchmark incident',
    stoppedAfterLimit: false,
    conversationEnded: true,
    citizenRef: random() < 0.5 ? `Z-${Math.floor(random() * 5000)}` : undefined,
    firstResponseRequested: paged,
    supportRequested: false,
    firstResponse: paged,
    consentTeamMeeting: random() < 0.6,
    registration: required ? 'required' : 'not-required',
    registrationReason: required ? (category === 'threat' ? 'threat' : 'pattern') : 'emotion',
    patternIncidentIds: random() < 0.1 ? [`bench-${teamId}-${Math.max(0, i - 1)}`] : [],
    timeline: [],
    paging: paged
      ? { status: 'acknowledged', ladder: ['anna'], step: 0, pages: [{ personId: 'anna', at: pagedAt }], declined: [], acknowledgedBy: 'anna', acknowledgedAt: new Date(occurred.getTime() + 60_000 + Math.floor(random() * 600_000)).toISOString() }
      : undefined,
    sanction: required && random() < 0.7 ? { decidedAt: at, measure: 'warning-letter' } : undefined,
    aftercare:
      random() < 0.4
        ? {
            moments: [
              { id: 'checkin-72h:anna', kind: 'checkin-72h', subjectId: 'anna', dueAt: at, sentAt: at, answeredAt: random() < 0.7 ? at : undefined },
              { id: 'checkin-2w:anna', kind: 'checkin-2w', subjectId: 'anna', dueAt: at, sentAt: at },
            ],
            stoppedBy: [],
            witnesses: [],
          }
        : undefined,
    version: 1,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm: statement cache, page cache
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = process.hrtime.bigint();
    await fn();
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const m = median(runs);
  console.log(`${label.padEnd(58)} median ${m.toFixed(1).padStart(7)} ms  (min ${Math.min(...runs).toFixed(1)}, max ${Math.max(...runs).toFixed(1)}, ${RUNS} runs)`);
  return m;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'melden-bench-'));
  const store = new SqliteStore(join(dir, 'melden.sqlite'));
  try {
    // One transaction for the whole seed; the store's methods are synchronous inside, so awaiting them is fine.
    const db = (store as unknown as { db: Database.Database }).db;
    const random = rng(42);
    const seedStart = Date.now();
    db.exec('BEGIN');
    for (let i = 0; i < COUNT; i++) await store.incidents.create(makeIncident(i, team.id, random));
    for (let i = 0; i < COUNT / 10; i++) await store.incidents.create(makeIncident(i, 'kcc-zuid', random));
    db.exec('COMMIT');
    db.exec('ANALYZE');
    console.log(`seeded ${COUNT.toLocaleString('en')} incidents for ${team.id} (+${(COUNT / 10).toLocaleString('en')} for another team) in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

    const quarter = parsePeriod('2026-Q3', team.timezone)!.period;
    const now = new Date('2026-10-01T07:00:00.000Z');
    const stats = await reviewStatistics(store, team.id, 'quarter', quarter, team.timezone, now);
    console.log(
      `2026-Q3: ${stats.totals.current} incidents (prev ${stats.totals.previous}, a year ago ${stats.totals.yearAgo}), ` +
        `${stats.ack.count} acknowledged pages, ${stats.sanctionsPending} sanctions pending (all time)`,
    );
    const ms = await time('statistics (reviewStatistics, 2026-Q3 vs Q2 vs 2025-Q3)', () => reviewStatistics(store, team.id, 'quarter', quarter, team.timezone, now));
    const reviews = new ReviewService({ store, clock: { now: () => now }, directory, messenger: { sendToPerson: fail, update: fail, postToChannel: fail }, jobs: { schedule: fail, runNow: fail, cancel: fail } });
    const occurrence = { id: 'review:kcc-noord:quarter:2026-Q3', teamId: team.id, type: 'quarter' as const, dueAt: now.toISOString(), period: quarter };
    await time('whole quarterly review card (view + chart PNG + card)', async () =>
      renderTeamsMessage({ type: 'agenda', locale: 'nl', agenda: await reviews.view(team, occurrence, quarter, false) }),
    );
    console.log(ms < 1000 ? `OK: statistics for ${COUNT.toLocaleString('en')} incidents in ${ms.toFixed(1)} ms (< 1 s)` : `SLOW: ${ms.toFixed(1)} ms (>= 1 s)`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fail(): Promise<never> {
  throw new Error('not used in the benchmark');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
