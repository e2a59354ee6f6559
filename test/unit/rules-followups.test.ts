/**
 * What a submit waits for (src/services/followups.ts): the follow-up's first step (the page), never the steps after
 * it (aftercare, the coordinator's message), and never longer than its budget; the job finishes either way.
 * A real Scheduler on the embedded store.
 */
import { FOLLOW_UP_JOB, ReportFollowUps } from '../../src/services/followups';
import type { Incident } from '../../src/services/model';
import { Scheduler } from '../../src/scheduler/scheduler';
import { SqliteStore } from '../../src/store/sqlite';

const clock = { now: () => new Date('2026-03-02T09:00:00.000Z') };
const incident = (id: string) => ({ id, reportedAt: clock.now().toISOString() }) as unknown as Incident;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

let store: SqliteStore;
let scheduler: Scheduler;
beforeEach(() => {
  store = new SqliteStore(':memory:');
  scheduler = new Scheduler(store, clock, { logger: { warn: () => {}, error: () => {} } });
});
afterEach(async () => {
  await scheduler.stop();
  await store.close();
});

function followUps(steps: Array<(id: string) => Promise<void>>, errors: Error[] = []) {
  const f = new ReportFollowUps(scheduler, steps, (err) => errors.push(err));
  scheduler.registerAll(f.handlers());
  return f;
}

test('the submit answers once the page is out; the slower steps after it go on and finish the job', async () => {
  const later = deferred();
  const done: string[] = [];
  const f = followUps([
    async (id) => void done.push(`page ${id}`),
    async (id) => {
      await later.promise;
      done.push(`aftercare ${id}`);
    },
  ]);
  await f.reported(incident('inc-1'), 60_000);
  expect(done).toEqual(['page inc-1']);
  expect((await store.jobs.get('reported:inc-1'))?.state).not.toBe('done');

  later.resolve();
  for (let i = 0; i < 100 && (await store.jobs.get('reported:inc-1'))?.state !== 'done'; i++) await new Promise((r) => setTimeout(r, 5));
  expect(done).toEqual(['page inc-1', 'aftercare inc-1']);
  expect((await store.jobs.get('reported:inc-1'))?.state).toBe('done');
});

test('a page that hangs: the submit answers when the budget is spent, and the job stays to be finished', async () => {
  const hang = deferred();
  const f = followUps([() => hang.promise]);
  const started = Date.now();
  await f.reported(incident('inc-2'), 50);
  expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  expect((await store.jobs.get('reported:inc-2'))?.kind).toBe(FOLLOW_UP_JOB);
  expect((await store.jobs.get('reported:inc-2'))?.state).not.toBe('done');
  hang.resolve();
});

test('a failing page: the submit is answered at once, the error is reported, the job is kept for a retry', async () => {
  const errors: Error[] = [];
  const later = deferred();
  let reached = false;
  const f = followUps([
    async () => {
      throw new Error('connector 500');
    },
    async () => {
      reached = true;
      await later.promise;
    },
  ], errors);
  const started = Date.now();
  await f.reported(incident('inc-3'), 60_000);
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(reached).toBe(false);
  const job = await store.jobs.get('reported:inc-3');
  expect(job?.state).toBe('pending');
  expect(job?.attempts).toBe(1);
  later.resolve();
});

test('without a budget the submit does not wait at all, and the job still runs', async () => {
  const page = deferred();
  let paged = false;
  const f = followUps([
    async () => {
      await page.promise;
      paged = true;
    },
  ]);
  await f.reported(incident('inc-4'), 0);
  expect(paged).toBe(false);
  page.resolve();
  for (let i = 0; i < 100 && !paged; i++) await new Promise((r) => setTimeout(r, 5));
  expect(paged).toBe(true);
});
