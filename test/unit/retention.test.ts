/** Retention really deletes: old incidents, finished jobs and dedup keys go; recent ones and pending jobs stay. */
import { RetentionService, RETENTION_JOB } from '../../src/services/retention';
import { SqliteStore } from '../../src/store/sqlite';
import { Scheduler } from '../../src/scheduler/scheduler';
import { FakeClock } from '../helpers/clock';
import { sampleIncident } from '../helpers/card-samples';

const NOW = '2026-11-22T12:00:00.000Z';
let store: SqliteStore;
let clock: FakeClock;

beforeEach(() => {
  store = new SqliteStore(':memory:');
  clock = new FakeClock(NOW);
});
afterEach(() => store.close());

test('purge deletes only what is past its retention', async () => {
  await store.incidents.create({ ...sampleIncident, id: 'old', reportedAt: '2024-11-01T10:00:00.000Z' });
  await store.incidents.create({ ...sampleIncident, id: 'recent', reportedAt: '2025-12-01T10:00:00.000Z' });
  for (const [id, due] of [['old-done', '2026-09-01T00:00:00.000Z'], ['new-done', '2026-11-20T00:00:00.000Z'], ['old-pending', '2026-09-01T00:00:00.000Z']]) {
    await store.jobs.schedule({ id, kind: 'k', dueAt: due, payload: {} });
  }
  for (const id of ['old-done', 'new-done']) {
    const claimed = await store.jobs.claim(id, 'me', NOW, '2026-11-22T12:01:00.000Z');
    await store.jobs.complete(id, 'me', claimed!.attempts);
  }
  await store.claimOnce('slack:event:old', '2026-09-01T00:00:00.000Z');
  await store.claimOnce('slack:event:new', '2026-11-21T00:00:00.000Z');

  const service = new RetentionService(store, clock, new Scheduler(store, clock), { incidents: 'P2Y', operational: 'P30D', timezone: 'Europe/Amsterdam' });
  expect(await service.purge()).toEqual({ incidents: 1, jobs: 1, handledOnce: 1 });
  expect(await store.incidents.get('old')).toBeUndefined();
  expect(await store.incidents.get('recent')).toBeDefined();
  expect(await store.jobs.get('old-done')).toBeUndefined();
  expect(await store.jobs.get('new-done')).toBeDefined();
  expect(await store.jobs.get('old-pending')).toMatchObject({ state: 'pending' });
  // A purged dedup key can be claimed again; a kept one cannot.
  expect(await store.claimOnce('slack:event:new', NOW)).toBe(false);
  expect(await service.purge()).toEqual({ incidents: 0, jobs: 0, handledOnce: 0 });
});

test('the purge runs nightly at 03:30 local as a durable job and schedules the next night', async () => {
  const scheduler = new Scheduler(store, clock, { logger: { warn: () => {}, error: () => {} } });
  const service = new RetentionService(store, clock, scheduler, { incidents: 'P2Y', operational: 'P30D', timezone: 'Europe/Amsterdam' });
  scheduler.registerAll(service.handlers());
  await service.scheduleNext();
  await service.scheduleNext(); // idempotent
  expect(await store.jobs.get('retention:2026-11-23')).toMatchObject({ kind: RETENTION_JOB, dueAt: '2026-11-23T02:30:00.000Z', state: 'pending' });
  await store.incidents.create({ ...sampleIncident, id: 'old', reportedAt: '2024-01-01T10:00:00.000Z' });
  clock.set('2026-11-23T02:30:00.000Z');
  expect(await scheduler.runDue()).toBe(1);
  expect(await store.incidents.get('old')).toBeUndefined();
  expect(await store.jobs.get('retention:2026-11-24')).toMatchObject({ dueAt: '2026-11-24T02:30:00.000Z' });
});
