/** Handlers by job kind as the scheduler registers them (src/services/job-kinds.ts). */
import { asJobHandler, jobHandlerEntries, type JobHandlers } from '../../src/services/job-kinds';
import type { Job } from '../../src/services/model';

const job = (kind: string, payload: Record<string, unknown>): Job => ({
  id: `${kind}:1`,
  kind,
  payload,
  dueAt: '2026-11-20T10:00:00.000Z',
  state: 'pending',
  attempts: 0,
  updatedAt: '2026-11-20T09:00:00.000Z',
});

test('each handler with its kind; each called with the stored job, its outcome passed on', async () => {
  const seen: string[] = [];
  const handlers: JobHandlers = {
    'help.start': async (j) => {
      seen.push(`help:${j.payload.incidentId}`);
    },
    'review.post': async (j) => {
      seen.push(`review:${j.payload.teamId}:${j.payload.label}`);
    },
    'retention.purge': async () => {
      throw new Error('store down');
    },
  };
  const entries = jobHandlerEntries(handlers);
  expect(entries.map(([kind]) => kind)).toEqual(['help.start', 'review.post', 'retention.purge']);
  const byKind = new Map(entries);
  await byKind.get('help.start')!(job('help.start', { incidentId: 'inc-1' }));
  await byKind.get('review.post')!(job('review.post', { teamId: 'noord', type: 'quarter', label: '2026-Q4' }));
  await expect(byKind.get('retention.purge')!(job('retention.purge', {}))).rejects.toThrow('store down');
  expect(seen).toEqual(['help:inc-1', 'review:noord:2026-Q4']);
  expect(jobHandlerEntries({})).toEqual([]);
});

test('asJobHandler hands the job itself to the handler and returns its promise', async () => {
  const stored = job('help.start', { incidentId: 'inc-2' });
  let got: unknown;
  const run = asJobHandler<'help.start'>(async (j) => {
    got = j;
  });
  await expect(run(stored)).resolves.toBeUndefined();
  expect(got).toBe(stored);
});
