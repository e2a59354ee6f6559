import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from '../../src/services/model';
import type { Clock, JobRepository } from '../../src/services/ports';
import { Scheduler, type SchedulerOptions } from '../../src/scheduler/scheduler';
import { RetryLaterError } from '../../src/services/ports';
import { SqliteStore } from '../../src/store/sqlite';
import { until } from '../helpers/wait';

const T0 = Date.parse('2026-03-02T08:00:00.000Z');

class FakeClock implements Clock {
  constructor(public ms = T0) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

function quietLogger() {
  return { warn: jest.fn(), error: jest.fn() };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Waits (real time) until the condition holds, asking every 2 ms: these jobs take milliseconds. */
const soon = (condition: () => boolean) => until(condition, { everyMs: 2 });

const iso = (ms: number) => new Date(ms).toISOString();

let dir: string;
const stores: SqliteStore[] = [];

function openStore(file = join(dir, 'melden.db')): SqliteStore {
  const store = new SqliteStore(file);
  stores.push(store);
  return store;
}

function make(store: SqliteStore, clock: Clock, options: SchedulerOptions = {}) {
  const logger = quietLogger();
  const scheduler = new Scheduler(store, clock, { logger, ...options });
  return { scheduler, logger };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'melden-scheduler-'));
});

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Scheduler', () => {
  test('scheduling the same id twice makes one job that runs once', async () => {
    const store = openStore(':memory:');
    const clock = new FakeClock();
    const { scheduler } = make(store, clock);
    const seen: Job[] = [];
    scheduler.register('escalate', async (job) => void seen.push(job));

    const job = { id: 'escalate:inc-1:1', kind: 'escalate', dueAt: new Date(T0), payload: { step: 1 } };
    expect(await scheduler.schedule(job)).toBe('created');
    expect(await scheduler.schedule({ ...job, payload: { step: 99 } })).toBe('exists');

    expect(await scheduler.runDue()).toBe(1);
    expect(await scheduler.runDue()).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0].payload).toEqual({ step: 1 }); // the second schedule did not overwrite
    expect((await store.jobs.get(job.id))?.state).toBe('done');
  });

  test('the path to a page runs ahead of a backlog of check-ins due earlier (its kinds are fetched first)', async () => {
    const store = openStore(':memory:');
    const clock = new FakeClock();
    const { scheduler } = make(store, clock, { batchSize: 10, shortLeases: { kinds: ['page.escalate'], leaseMs: 30_000 } });
    const ran: string[] = [];
    scheduler.register('aftercare.moment', async (job) => void ran.push(job.id));
    scheduler.register('page.escalate', async (job) => void ran.push(job.id));
    for (let i = 0; i < 100; i++) await scheduler.schedule({ id: `checkin:${String(i).padStart(3, '0')}`, kind: 'aftercare.moment', dueAt: new Date(T0 - 60_000 + i), payload: {} });
    await scheduler.schedule({ id: 'escalate:inc-1:1', kind: 'page.escalate', dueAt: new Date(T0), payload: {} });

    expect(await scheduler.runDue()).toBe(10);
    // The escalation is in the first batch, beside the nine earliest check-ins; without the priority it would be 11th.
    expect(ran).toContain('escalate:inc-1:1');
    expect(ran.filter((id) => id.startsWith('checkin:'))).toEqual(Array.from({ length: 9 }, (_, i) => `checkin:${String(i).padStart(3, '0')}`));
    while ((await scheduler.runDue()) > 0);
    expect(ran).toHaveLength(101);
    expect(new Set(ran).size).toBe(101);
  });

  test('stores dueAt in canonical UTC form and rejects invalid dates', async () => {
    const store = openStore(':memory:');
    const { scheduler } = make(store, new FakeClock());
    await scheduler.schedule({ id: 'a', kind: 'k', dueAt: '2026-03-02T10:00:00+01:00', payload: {} });
    expect((await store.jobs.get('a'))?.dueAt).toBe('2026-03-02T09:00:00.000Z');
    await expect(scheduler.schedule({ id: 'b', kind: 'k', dueAt: 'not a date', payload: {} })).rejects.toThrow(RangeError);
    expect(await store.jobs.get('b')).toBeUndefined();
    scheduler.register('k', async () => undefined);
    expect(() => scheduler.register('k', async () => undefined)).toThrow(/already registered/);
  });

  test('a job runs only once it is due, and only once', async () => {
    const store = openStore(':memory:');
    const clock = new FakeClock();
    const { scheduler } = make(store, clock);
    let runs = 0;
    scheduler.register('remind', async () => void runs++);
    await scheduler.schedule({ id: 'remind:1', kind: 'remind', dueAt: iso(T0 + 60_000), payload: {} });

    expect(await scheduler.runDue()).toBe(0);
    clock.advance(59_999);
    expect(await scheduler.runDue()).toBe(0);
    expect(runs).toBe(0);
    clock.advance(1);
    expect(await scheduler.runDue()).toBe(1);
    expect(runs).toBe(1);
    clock.advance(3_600_000);
    expect(await scheduler.runDue()).toBe(0);
    expect(runs).toBe(1);
    const job = await store.jobs.get('remind:1');
    expect(job).toMatchObject({ state: 'done', attempts: 1, leaseOwner: undefined, leaseUntil: undefined });
  });

  test('a failing handler retries with jittered exponential backoff, then ends dead with the error kept', async () => {
    const store = openStore(':memory:');
    const clock = new FakeClock();
    const randoms = [0, 0.999, 0.5];
    let r = 0;
    const { scheduler, logger } = make(store, clock, {
      maxAttempts: 4,
      baseBackoffMs: 1000,
      maxBackoffMs: 3000,
      random: () => randoms[r++ % randoms.length],
    });
    let calls = 0;
    scheduler.register('page', async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    });
    await scheduler.schedule({ id: 'page:1', kind: 'page', dueAt: new Date(T0), payload: {} });

    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await scheduler.runDue()).toBe(1);
      expect(calls).toBe(attempt);
      const job = (await store.jobs.get('page:1'))!;
      expect(job).toMatchObject({ state: 'pending', attempts: attempt, lastError: `boom ${attempt}`, leaseOwner: undefined });

      const cap = Math.min(3000, 1000 * 2 ** (attempt - 1)); // 1000, 2000, 3000 (4000 capped)
      const delay = Date.parse(job.dueAt) - clock.ms;
      expect(delay).toBeGreaterThanOrEqual(cap / 2);
      expect(delay).toBeLessThanOrEqual(cap);
      expect(delay).toBe(Math.round(cap * (0.5 + randoms[attempt - 1] / 2)));

      clock.advance(delay - 1);
      expect(await scheduler.runDue()).toBe(0);
      expect(calls).toBe(attempt);
      clock.advance(1);
    }
    expect(logger.warn).toHaveBeenCalledTimes(3);

    expect(await scheduler.runDue()).toBe(1);
    expect(calls).toBe(4);
    expect(await store.jobs.get('page:1')).toMatchObject({ state: 'dead', attempts: 4, lastError: 'boom 4' });
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(logger.error.mock.calls[0])).toContain('boom 4');

    clock.advance(24 * 3_600_000);
    expect(await scheduler.runDue()).toBe(0);
    expect(calls).toBe(4);
  });

  test('RetryLaterError retries exactly retryAfterMs later and still counts the attempt', async () => {
    const store = openStore(':memory:');
    const clock = new FakeClock();
    // random 0 would give a 2500 ms backoff: a different number, so the assertion below proves it is not used.
    const { scheduler, logger } = make(store, clock, { random: () => 0, maxAttempts: 2 });
    let calls = 0;
    scheduler.register('send', async (job) => {
      calls++;
      if (job.payload.always || calls === 1) throw new RetryLaterError('429 Too Many Requests', 2000);
    });
    await scheduler.schedule({ id: 'send:1', kind: 'send', dueAt: new Date(T0), payload: {} });

    expect(await scheduler.runDue()).toBe(1);
    expect((await store.jobs.get('send:1'))?.dueAt).toBe(iso(T0 + 2000));
    clock.advance(1999);
    expect(await scheduler.runDue()).toBe(0);
    expect(calls).toBe(1);
    clock.advance(1);
    expect(await scheduler.runDue()).toBe(1);
    expect(calls).toBe(2);
    expect(await store.jobs.get('send:1')).toMatchObject({ state: 'done', attempts: 2 });

    // The attempts count against maxAttempts (2 here).
    await scheduler.schedule({ id: 'send:2', kind: 'send', dueAt: clock.now(), payload: { always: true } });
    expect(await scheduler.runDue()).toBe(1);
    clock.advance(2000);
    expect(await scheduler.runDue()).toBe(1);
    expect(await store.jobs.get('send:2')).toMatchObject({ state: 'dead', attempts: 2, lastError: '429 Too Many Requests' });
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  test('after a restart, every overdue job runs exactly once', async () => {
    const file = join(dir, 'restart.db');
    const clock = new FakeClock();
    const first = openStore(file);
    const before = make(first, clock).scheduler;
    for (let i = 1; i <= 5; i++) {
      await before.schedule({ id: `escalate:inc-${i}:1`, kind: 'escalate', dueAt: new Date(T0 - i * 60_000), payload: { i } });
    }
    await before.schedule({ id: 'escalate:later:1', kind: 'escalate', dueAt: new Date(T0 + 60_000), payload: {} });
    await first.close(); // the process dies before anything ran

    const second = openStore(file);
    const { scheduler: after } = make(second, clock);
    const counts = new Map<string, number>();
    after.register('escalate', async (job) => void counts.set(job.id, (counts.get(job.id) ?? 0) + 1));

    expect(await after.runDue()).toBe(5);
    expect(await after.runDue()).toBe(0);
    expect([...counts.keys()].sort()).toEqual([1, 2, 3, 4, 5].map((i) => `escalate:inc-${i}:1`));
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect((await second.jobs.get('escalate:later:1'))?.state).toBe('pending');
  });

  test('start() catches up every overdue job at once, in full batches, without waiting for the poll interval', async () => {
    const store = openStore(':memory:');
    const clock = new FakeClock();
    // A poll interval far longer than the test: only the immediate re-poll after a full batch can finish in time.
    const { scheduler } = make(store, clock, { batchSize: 50, pollMs: 600_000 });
    const counts = new Map<string, number>();
    scheduler.register('k', async (job) => void counts.set(job.id, (counts.get(job.id) ?? 0) + 1));
    for (let i = 0; i < 120; i++) await scheduler.schedule({ id: `k:${i}`, kind: 'k', dueAt: new Date(T0 - 1000), payload: {} });

    scheduler.start();
    await soon(() => counts.size === 120);
    await scheduler.stop();
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await store.jobs.due(clock.now().toISOString(), 10)).toHaveLength(0);
  });

  test('the polling loop does not wait for the slowest job of a batch: it tops the batch up once half of it is done', async () => {
    const store = openStore(':memory:');
    const clock = new FakeClock();
    // Only the refill can start the later jobs in time: the poll interval is far longer than the test.
    const { scheduler } = make(store, clock, { batchSize: 4, pollMs: 600_000 });
    const slow = deferred();
    const ran = new Map<string, number>();
    scheduler.register('k', async (job) => {
      ran.set(job.id, (ran.get(job.id) ?? 0) + 1);
      if (job.id === 'k:0') await slow.promise; // a send stuck behind the rate limit
    });
    for (let i = 0; i < 12; i++) await scheduler.schedule({ id: `k:${i}`, kind: 'k', dueAt: new Date(T0 - 1000 + i), payload: {} });

    scheduler.start();
    await soon(() => ran.size === 12);
    expect((await store.jobs.get('k:0'))?.state).toBe('pending'); // still running
    slow.resolve();
    await scheduler.stop();
    expect([...ran.values()].every((n) => n === 1)).toBe(true);
    expect((await store.jobs.get('k:0'))?.state).toBe('done');
  });

  test('stop() waits for a running handler, and no poll happens after it', async () => {
    const store = openStore(':memory:');
    const clock = new FakeClock();
    const { scheduler } = make(store, clock, { pollMs: 5 });
    const entered = deferred();
    const release = deferred();
    let runs = 0;
    scheduler.register('slow', async () => {
      runs++;
      entered.resolve();
      await release.promise;
    });
    await scheduler.schedule({ id: 'slow:1', kind: 'slow', dueAt: new Date(T0), payload: {} });

    scheduler.start();
    await entered.promise;
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect(stopped).toBe(true);
    expect((await store.jobs.get('slow:1'))?.state).toBe('done');

    await scheduler.schedule({ id: 'slow:2', kind: 'slow', dueAt: new Date(T0), payload: {} });
    await new Promise((r) => setTimeout(r, 50)); // ten poll intervals
    expect(runs).toBe(1);
    expect((await store.jobs.get('slow:2'))?.state).toBe('pending');
  });

  test('two instances on one file run each of 1,000 jobs exactly once', async () => {
    const file = join(dir, 'shared.db');
    const clock = new FakeClock();
    const counts = new Map<string, number>();
    const perInstance = { A: 0, B: 0 };
    const instances = (['A', 'B'] as const).map((owner) => {
      const { scheduler } = make(openStore(file), clock, { owner, batchSize: 25 });
      scheduler.register('k', async (job) => {
        counts.set(job.id, (counts.get(job.id) ?? 0) + 1);
        perInstance[owner]++;
        await new Promise((r) => setImmediate(r)); // a handler that does I/O yields to the other instance
      });
      return scheduler;
    });
    for (let i = 0; i < 1000; i++) {
      await instances[i % 2].schedule({ id: `k:${i}`, kind: 'k', dueAt: new Date(T0 - i), payload: { i } });
    }

    const probe = stores[0];
    const drain = async (s: Scheduler): Promise<number> => {
      let total = 0;
      for (let pass = 0; pass < 1000; pass++) {
        const ran = await s.runDue();
        total += ran;
        if (ran === 0 && (await probe.jobs.due(clock.now().toISOString(), 1)).length === 0) return total;
      }
      throw new Error('did not drain');
    };
    const [ranA, ranB] = await Promise.all(instances.map(drain));

    expect(counts.size).toBe(1000);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    expect(ranA + ranB).toBe(1000);
    expect(perInstance).toEqual({ A: ranA, B: ranB });
    // Deterministic here: both loops share one thread and the handlers yield, so B takes the batches A has
    // not claimed yet.
    expect(ranA).toBeGreaterThan(0);
    expect(ranB).toBeGreaterThan(0);
    for (let i = 0; i < 1000; i++) expect((await probe.jobs.get(`k:${i}`))?.state).toBe('done');
  });

  test.each(['completes', 'fails'] as const)('fencing: an expired owner that then %s cannot touch the newer run', async (outcome) => {
    const file = join(dir, 'fence.db');
    const clock = new FakeClock();
    const a = make(openStore(file), clock, { owner: 'A', leaseMs: 1000 });
    const b = make(openStore(file), clock, { owner: 'B', leaseMs: 1000 });
    const probe = openStore(file); // a third connection, to read what the other two wrote
    const gates = { A: { entered: deferred(), release: deferred() }, B: { entered: deferred(), release: deferred() } };
    for (const [owner, inst] of [['A', a], ['B', b]] as const) {
      inst.scheduler.register('page', async () => {
        gates[owner].entered.resolve();
        await gates[owner].release.promise;
        if (owner === 'A' && outcome === 'fails') throw new Error('stale failure');
      });
    }
    await a.scheduler.schedule({ id: 'page:1', kind: 'page', dueAt: new Date(T0), payload: {} });

    const runA = a.scheduler.runDue();
    await gates.A.entered.promise;
    expect(await b.scheduler.runDue()).toBe(0); // A's lease is live: B may not take it
    clock.advance(1001); // A's handler outlives its lease
    const runB = b.scheduler.runDue();
    await gates.B.entered.promise;
    expect(await probe.jobs.get('page:1')).toMatchObject({ leaseOwner: 'B', attempts: 2 });

    gates.A.release.resolve();
    expect(await runA).toBe(1);
    expect(a.logger.warn).toHaveBeenCalledTimes(1);
    // Not done, not rescheduled, no error recorded: B's run is untouched.
    const during = await probe.jobs.get('page:1');
    expect(during).toMatchObject({ state: 'pending', leaseOwner: 'B', attempts: 2, dueAt: iso(T0) });
    expect(during?.lastError).toBeUndefined();
    expect(await probe.jobs.complete('page:1', 'A', 1)).toBe(false);
    expect(await probe.jobs.fail('page:1', 'A', 1, 'x', undefined)).toBe(false);

    gates.B.release.resolve();
    expect(await runB).toBe(1);
    expect(b.logger.warn).not.toHaveBeenCalled();
    expect(await probe.jobs.get('page:1')).toMatchObject({ state: 'done', leaseOwner: undefined });
  });

  // attempts is the fencing token: it also separates two runs of the same owner.
  test.each(['completes', 'fails'] as const)('fencing: a stale run of the same owner that %s is ignored', async (outcome) => {
    const store = openStore(':memory:');
    const clock = new FakeClock();
    const { scheduler, logger } = make(store, clock, { owner: 'A', leaseMs: 1000 });
    const runs = [deferred(), deferred()];
    let call = 0;
    scheduler.register('page', async () => {
      const mine = call++;
      await runs[mine].promise;
      if (mine === 0 && outcome === 'fails') throw new Error('stale failure');
    });
    await scheduler.schedule({ id: 'page:1', kind: 'page', dueAt: new Date(T0), payload: {} });

    const first = scheduler.runDue();
    await soon(() => call === 1);
    clock.advance(1000); // lease ends exactly now: free to claim again
    const second = scheduler.runDue();
    await soon(() => call === 2);

    runs[0].resolve();
    expect(await first).toBe(1);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const during = await store.jobs.get('page:1');
    expect(during).toMatchObject({ state: 'pending', leaseOwner: 'A', attempts: 2, dueAt: iso(T0) });
    expect(during?.lastError).toBeUndefined();
    runs[1].resolve();
    expect(await second).toBe(1);
    expect(await store.jobs.get('page:1')).toMatchObject({ state: 'done', attempts: 2 });
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  test('runNow runs a due job at once and another instance does not run it again', async () => {
    const file = join(dir, 'now.db');
    const clock = new FakeClock();
    const a = make(openStore(file), clock, { owner: 'A' }).scheduler;
    const b = make(openStore(file), clock, { owner: 'B' }).scheduler;
    const runs = { A: 0, B: 0 };
    const entered = deferred();
    const release = deferred();
    a.register('page', async () => {
      runs.A++;
      entered.resolve();
      await release.promise;
    });
    b.register('page', async () => void runs.B++);
    await a.schedule({ id: 'page:now', kind: 'page', dueAt: clock.now(), payload: {} });
    await a.schedule({ id: 'page:later', kind: 'page', dueAt: new Date(T0 + 1000), payload: {} });

    const now = a.runNow('page:now');
    await entered.promise;
    expect(runs.A).toBe(1);
    expect(await b.runDue()).toBe(0);
    expect(await b.runNow('page:now')).toBe(false);
    release.resolve();
    expect(await now).toBe(true);
    expect(await b.runDue()).toBe(0);
    expect(runs).toEqual({ A: 1, B: 0 });
    expect((await stores[1].jobs.get('page:now'))?.state).toBe('done');

    expect(await a.runNow('page:now')).toBe(false); // already done
    expect(await a.runNow('page:later')).toBe(false); // not due yet
    expect(await a.runNow('no-such-job')).toBe(false);
    expect(runs.A).toBe(1);
    expect(await stores[0].jobs.get('page:later')).toMatchObject({ state: 'pending', attempts: 0 });
  });

  test('a job of an unknown kind ends dead without throwing out of runDue and without spinning', async () => {
    const store = openStore(':memory:');
    const clock = new FakeClock();
    const { scheduler, logger } = make(store, clock);
    let known = 0;
    scheduler.register('known', async () => void known++);
    await scheduler.schedule({ id: 'x:1', kind: 'vanished', dueAt: new Date(T0), payload: {} });
    await scheduler.schedule({ id: 'k:1', kind: 'known', dueAt: new Date(T0), payload: {} });

    await expect(scheduler.runDue()).resolves.toBe(2);
    expect(known).toBe(1);
    const job = await store.jobs.get('x:1');
    expect(job).toMatchObject({ state: 'dead', attempts: 1 });
    expect(job?.lastError).toMatch(/no handler.*"vanished"/i);
    expect(logger.error).toHaveBeenCalledTimes(1);
    clock.advance(3_600_000);
    expect(await scheduler.runDue()).toBe(0);
  });

  test('store errors are logged: a failed claim does not abort the batch, a failed poll does not end the loop', async () => {
    const store = openStore(':memory:');
    const clock = new FakeClock();
    let failDue = 1;
    const jobs: JobRepository = {
      ...store.jobs,
      claim: async (id, ...rest) => {
        if (id === 'k:bad') throw new Error('SQLITE_BUSY');
        return store.jobs.claim(id, ...rest);
      },
      due: async (...args) => {
        if (failDue-- > 0) throw new Error('SQLITE_BUSY');
        return store.jobs.due(...args);
      },
    };
    const logger = quietLogger();
    const scheduler = new Scheduler(jobs, clock, { logger, pollMs: 5 });
    const ran: string[] = [];
    scheduler.register('k', async (job) => void ran.push(job.id));
    await scheduler.schedule({ id: 'k:bad', kind: 'k', dueAt: new Date(T0), payload: {} });
    await scheduler.schedule({ id: 'k:good', kind: 'k', dueAt: new Date(T0), payload: {} });

    await expect(scheduler.runDue()).rejects.toThrow('SQLITE_BUSY'); // a direct call sees the poll failure
    expect(await scheduler.runDue()).toBe(1);
    expect(ran).toEqual(['k:good']);
    expect(await store.jobs.get('k:bad')).toMatchObject({ state: 'pending', attempts: 0 });
    expect(JSON.stringify(logger.error.mock.calls)).toContain('claim failed');

    failDue = 1;
    await scheduler.schedule({ id: 'k:next', kind: 'k', dueAt: new Date(T0), payload: {} });
    scheduler.start();
    await soon(() => ran.includes('k:next'));
    await scheduler.stop();
    expect(JSON.stringify(logger.error.mock.calls)).toContain('poll failed');
  });

  test('cancel ends a pending job without running it', async () => {
    const store = openStore(':memory:');
    const clock = new FakeClock();
    const { scheduler } = make(store, clock);
    let runs = 0;
    scheduler.register('escalate', async () => void runs++);
    await scheduler.schedule({ id: 'escalate:inc-1:2', kind: 'escalate', dueAt: new Date(T0 + 1000), payload: {} });
    await scheduler.cancel('escalate:inc-1:2');
    clock.advance(2000);
    expect(await scheduler.runDue()).toBe(0);
    expect(runs).toBe(0);
    expect((await store.jobs.get('escalate:inc-1:2'))?.state).not.toBe('pending');
  });
});
