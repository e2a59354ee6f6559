/**
 * What only the Cosmos store has: containers and partition keys, setup with and without creating containers,
 * the documents' ttl and partition fields, and the two 429 budgets (interactive gives up fast, background waits).
 */
import { CosmosClient, type Container } from '@azure/cosmos';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CosmosStore } from '../../src/store/cosmos';
import { CONTAINERS, docId, jobShard, JOB_SHARDS } from '../../src/store/cosmos-containers';
import { COSMOS_TEST_KEY, CosmosWireServer } from '../helpers/cosmos-server';
import { at, incident } from './store-contract';

const server = new CosmosWireServer();
let raw: CosmosClient;
const stores: CosmosStore[] = [];

beforeAll(async () => {
  await server.start();
  raw = new CosmosClient({ endpoint: server.endpoint, key: COSMOS_TEST_KEY, connectionPolicy: { enableEndpointDiscovery: false } });
});
afterEach(async () => {
  while (stores.length) await stores.pop()!.close();
});
afterAll(async () => {
  raw.dispose();
  await server.stop();
});

async function open(database: string, extra: Parameters<CosmosWireServer['options']>[1] = {}): Promise<CosmosStore> {
  const store = await server.open(database, extra);
  stores.push(store);
  return store;
}

const container = (database: string, name: keyof typeof CONTAINERS): Container => raw.database(database).container(CONTAINERS[name].id);
const DAY = 86_400;

test('creates the database and every container with its partition key and TTL on (defaultTtl -1)', async () => {
  const database = server.newDatabase();
  await open(database);
  const { resources } = await raw.database(database).containers.readAll().fetchAll();
  const found = Object.fromEntries(resources.map((c) => [c.id, { partitionKey: c.partitionKey?.paths, defaultTtl: c.defaultTtl }]));
  expect(found).toEqual({
    incidents: { partitionKey: ['/teamId'], defaultTtl: -1 },
    jobs: { partitionKey: ['/shard'], defaultTtl: -1 },
    conversations: { partitionKey: ['/id'], defaultTtl: -1 },
    sequences: { partitionKey: ['/id'], defaultTtl: -1 },
    'handled-once': { partitionKey: ['/id'], defaultTtl: -1 },
    'team-actions': { partitionKey: ['/teamId'], defaultTtl: -1 },
    'review-posts': { partitionKey: ['/teamId'], defaultTtl: -1 },
    audit: { partitionKey: ['/id'], defaultTtl: -1 },
    measures: { partitionKey: ['/teamId'], defaultTtl: -1 },
  });
  // Opening again (a second instance, a restart) leaves them as they are.
  await open(database);
});

test('COSMOS_CREATE_CONTAINERS=false: a missing container is a clear error; existing ones are used as they are', async () => {
  const database = server.newDatabase();
  await expect(server.open(database, { createContainers: false })).rejects.toThrow(/container "incidents" \(partition key \/teamId\) is missing/);
  await raw.databases.create({ id: database });
  for (const def of Object.values(CONTAINERS)) {
    if (def.id !== 'review-posts') await raw.database(database).containers.create({ id: def.id, partitionKey: { paths: [def.partitionKeyPath] } });
  }
  await expect(server.open(database, { createContainers: false })).rejects.toThrow(/"review-posts"/);
  await raw.database(database).containers.create({ id: 'review-posts', partitionKey: { paths: ['/id'] } });
  await expect(server.open(database, { createContainers: false })).rejects.toThrow(/"review-posts" is partitioned by \/id; the store needs \/teamId/);
  await raw.database(database).container('review-posts').delete();
  await raw.database(database).containers.create({ id: 'review-posts', partitionKey: { paths: ['/teamId'] } });
  const warnings: unknown[] = [];
  const store = await open(database, { createContainers: false, logger: { warn: (m: unknown) => warnings.push(m) } });
  expect(await store.nextSequence('x')).toBe(1);
  // Created without defaultTtl: ttl would be ignored, which the store reports.
  expect(warnings).toHaveLength(Object.keys(CONTAINERS).length);
});

test('documents carry their partition keys; store-only fields never leak into what get() returns', async () => {
  const database = server.newDatabase();
  const store = await open(database);
  await store.incidents.create(incident());
  const doc = (await container(database, 'incidents').item('inc-1', 'team-a').read()).resource!;
  expect(doc.teamId).toBe('team-a');
  expect(doc.statsFacts).toEqual({ required: 1, pattern: 0, consent: 0, ackMs: null, pending: 1, sent: 0, answered: 0, helpOnly: 0 });
  expect(await store.incidents.get('inc-1')).toEqual(incident());

  await store.jobs.schedule({ id: 'page:inc/1:0', kind: 'k', dueAt: at(0), payload: {} });
  const jobDoc = (await container(database, 'jobs').item(docId('page:inc/1:0'), jobShard('page:inc/1:0')).read()).resource!;
  expect(jobDoc).toMatchObject({ id: 'page:inc%2f1:0', key: 'page:inc/1:0', shard: jobShard('page:inc/1:0'), leaseOwner: null, leaseUntil: null });
  // Jobs spread over every shard.
  const shards = new Set(Array.from({ length: 200 }, (_, i) => jobShard(`escalate:inc-${i}:0`)));
  expect(shards.size).toBe(JOB_SHARDS);
});

test('ttl: finished jobs and handled-once keys expire (ttl counts from the last write); pending jobs never do', async () => {
  const database = server.newDatabase();
  const store = await open(database, { ttl: { finishedJobDays: 7, handledOnceDays: 2 } });
  const jobs = container(database, 'jobs');
  const jobTtl = async (id: string) => (await jobs.item(docId(id), jobShard(id)).read()).resource!.ttl;
  for (const id of ['a', 'b', 'c']) await store.jobs.schedule({ id, kind: 'k', dueAt: at(0), payload: {} });
  expect(await jobTtl('a')).toBeUndefined();
  await store.jobs.claim('a', 'w', at(1), at(2));
  expect(await jobTtl('a')).toBeUndefined();
  await store.jobs.fail('a', 'w', 1, 'retry', at(3));
  expect(await jobTtl('a')).toBeUndefined();
  await store.jobs.claim('a', 'w', at(3), at(4));
  await store.jobs.complete('a', 'w', 2);
  expect(await jobTtl('a')).toBe(7 * DAY);
  await store.jobs.claim('b', 'w', at(1), at(2));
  await store.jobs.fail('b', 'w', 1, 'dead', undefined);
  expect(await jobTtl('b')).toBe(7 * DAY);
  await store.jobs.cancel('c');
  expect(await jobTtl('c')).toBe(7 * DAY);

  await store.claimOnce('ev/1', at(0));
  expect((await container(database, 'handledOnce').item(docId('ev/1'), docId('ev/1')).read()).resource!.ttl).toBe(2 * DAY);
});

test('ttl: with an incident retention, recomputed on every write to end at reportedAt + retention', async () => {
  const database = server.newDatabase();
  let now = new Date(at(1));
  const store = await open(database, { ttl: { incidentAfterReportDays: 10 }, now: () => now });
  const ttl = async () => (await container(database, 'incidents').item('inc-1', 'team-a').read()).resource!.ttl;
  await store.incidents.create(incident({ reportedAt: at(1) }));
  expect(await ttl()).toBe(10 * DAY);
  now = new Date(Date.parse(at(1)) + 3 * DAY * 1000);
  const read = (await store.incidents.get('inc-1'))!;
  read.description = 'later';
  expect(await store.incidents.replace(read, 1)).toBe(true);
  expect(await ttl()).toBe(7 * DAY);
  expect(await store.incidents.get('inc-1')).toEqual({ ...incident({ reportedAt: at(1) }), description: 'later', version: 2 });
  // Past the retention: expires at once (ttl 1), and the purge job deletes it in any case.
  now = new Date(Date.parse(at(1)) + 11 * DAY * 1000);
  const again = (await store.incidents.get('inc-1'))!;
  expect(await store.incidents.replace(again, 2)).toBe(true);
  expect(await ttl()).toBe(1);
});

describe('429 budgets', () => {
  let proxy: Server;
  let throttleUntil = 0;
  let throttled = 0;

  beforeAll(async () => {
    const upstream = new URL(server.endpoint);
    // Between the store and the wire server: answers 429 (Retry-After 400 ms) to document requests while throttling.
    proxy = createServer((req, res) => {
      if (Date.now() < throttleUntil && req.url?.includes('/docs')) {
        throttled += 1;
        req.resume();
        res.writeHead(429, { 'content-type': 'application/json', 'x-ms-retry-after-ms': '400', 'x-ms-substatus': '3200' });
        res.end(JSON.stringify({ code: 'TooManyRequests', message: 'Request rate is large' }));
        return;
      }
      const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  test('interactive calls give up after ≤ 3 × 250 ms of throttling; background calls follow Retry-After until it passes', async () => {
    // Throttled for 3 s: the interactive call must give up long before, the background call must outlast it.
    const database = server.newDatabase();
    const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const store = await CosmosStore.open({ ...server.options(database), endpoint });
    stores.push(store);
    await store.jobs.schedule({ id: 'j', kind: 'k', dueAt: at(0), payload: {} });

    throttleUntil = Date.now() + 3000;
    throttled = 0;
    const started = Date.now();
    const interactive = store.jobs.get('j').then(
      () => ({ ok: true, ms: Date.now() - started }),
      (err: { code?: number }) => ({ ok: false, code: err.code, ms: Date.now() - started }),
    );
    const background = store.jobs.due(at(1), 10).then((jobs) => ({ jobs: jobs.map((j) => j.id), ms: Date.now() - started }));

    const fast = await interactive;
    expect(fast).toMatchObject({ ok: false, code: 429 });
    expect(fast.ms).toBeGreaterThanOrEqual(700);
    expect(fast.ms).toBeLessThan(2500); // 750 ms of waits plus four round trips, with room for a loaded test machine
    const slow = await background;
    expect(slow.jobs).toEqual(['j']);
    expect(slow.ms).toBeGreaterThanOrEqual(3000);
    expect(throttled).toBeGreaterThan(4);
    // Once the throttling is over, interactive calls work again.
    expect((await store.jobs.get('j'))!.id).toBe('j');
  }, 20_000);
});
