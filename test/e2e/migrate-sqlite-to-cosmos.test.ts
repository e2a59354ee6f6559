/**
 * npm run migrate:sqlite-to-cosmos: a seeded SQLite store copied into Cosmos (the wire server) answers the same
 * queries identically; a second run changes nothing (same ETags); a later run brings SQLite's changes over but
 * never overwrites what the Cosmos store changed since.
 */
import { CosmosClient } from '@azure/cosmos';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { Incident } from '../../src/services/model';
import type { Store } from '../../src/services/ports';
import { CosmosStore } from '../../src/store/cosmos';
import { CONTAINERS } from '../../src/store/cosmos-containers';
import { SqliteStore } from '../../src/store/sqlite';
import { MIGRATIONS } from '../../src/store/sqlite-migrations';
import { KNOWN_SCHEMA_VERSION, migrateSqliteToCosmos, type MigrationReport } from '../../scripts/migrate-sqlite-to-cosmos';
import { at, incident } from '../contract/store-contract';
import { COSMOS_TEST_KEY, CosmosWireServer } from '../helpers/cosmos-server';

const cosmos = new CosmosWireServer();
let dir: string;
let file: string;
const closing: Store[] = [];

beforeAll(() => cosmos.start());
afterAll(() => cosmos.stop());
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'melden-migrate-'));
  file = join(dir, 'melden.sqlite');
  const seeded = new SqliteStore(file);
  await seed(seeded);
  await seeded.close();
});
afterEach(async () => {
  while (closing.length) await closing.pop()!.close();
  rmSync(dir, { recursive: true, force: true });
});

const INCIDENTS = ['i1', 'i2', 'i3', 'i4', 'i5'];
const CONVERSATIONS = ['teams:user:29:anna', 'teams:service', 'slack:conversation:C0/X?y#z'];
const JOBS = ['escalate:i1:0', 'page:i2:0', 'notify:i1:reporter.coming', 'page:i3:1', 'escalate:i2:0', 'page-cards:i4:3', 'aftercare:i3/x:checkin-72h:fleur'];
const ACTIONS = ['act-1', 'act-2', 'dev-1', 'act-b'];
const POSTS = ['review:team-a:quarter:2026-Q3', 'review:team-a:meeting:2026-11-20', 'review:team-b:quarter:2026-Q3'];

async function seed(store: Store): Promise<void> {
  const paged = { status: 'acknowledged' as const, ladder: ['anna', 'bram'], step: 0, pages: [{ personId: 'anna', at: at(2) }], declined: [], acknowledgedBy: 'anna', acknowledgedAt: at(4) };
  await store.incidents.create(incident({ id: 'i1', occurredAt: at(0), consentTeamMeeting: true }));
  const i1 = (await store.incidents.get('i1'))!;
  i1.paging = paged;
  await store.incidents.replace(i1, 1);
  await store.incidents.create(
    incident({ id: 'i2', occurredAt: at(10), category: 'verbal-aggression', citizenRef: 'Z-2', patternIncidentIds: ['i1'], sanction: { decidedAt: at(20), measure: 'warning-letter' } }),
  );
  await store.incidents.create(
    incident({
      id: 'i3',
      occurredAt: at(20),
      category: 'emotion-self',
      registration: 'not-required',
      registrationReason: 'emotion',
      citizenRef: undefined,
      aftercare: {
        moments: [
          { id: 'checkin-72h:fleur', kind: 'checkin-72h', subjectId: 'fleur', dueAt: at(30), sentAt: at(30), answeredAt: at(31), answer: { feeling: 'okay', wantsTalk: true } },
          { id: 'checkin-2w:fleur', kind: 'checkin-2w', subjectId: 'fleur', dueAt: at(40) },
        ],
        stoppedBy: [],
        witnesses: [],
      } as unknown as Incident['aftercare'],
    }),
  );
  await store.incidents.create(incident({ id: 'i4', teamId: 'team-b', occurredAt: at(5) }));
  await store.incidents.create(incident({ id: 'i5', occurredAt: at(-60), reportedAt: at(-59), reporterId: 'anna' }));

  await store.conversations.save({ key: CONVERSATIONS[0], platform: 'teams', reference: { serviceUrl: 'https://smba/', conversation: { id: 'a:1' } }, updatedAt: at(0) });
  await store.conversations.save({ key: CONVERSATIONS[1], platform: 'teams', reference: { serviceUrl: 'https://smba/', tenantId: 't' }, updatedAt: at(1) });
  await store.conversations.save({ key: CONVERSATIONS[2], platform: 'slack', reference: { channel: 'C0/X?y#z' }, updatedAt: at(2) });

  const job = (id: string, dueAt: string) => store.jobs.schedule({ id, kind: id.split(':')[0], dueAt, payload: { incidentId: id.split(':')[1] } });
  await job('escalate:i1:0', at(10)); // pending, due later
  await job('page:i2:0', at(0)); // leased
  await store.jobs.claim('page:i2:0', 'w1', at(1), at(30));
  await job('notify:i1:reporter.coming', at(0)); // done
  await store.jobs.claim('notify:i1:reporter.coming', 'w1', at(1), at(2));
  await store.jobs.complete('notify:i1:reporter.coming', 'w1', 1);
  await job('page:i3:1', at(0)); // dead
  await store.jobs.claim('page:i3:1', 'w1', at(1), at(2));
  await store.jobs.fail('page:i3:1', 'w1', 1, 'HTTP 403', undefined);
  await job('escalate:i2:0', at(3)); // cancelled
  await store.jobs.cancel('escalate:i2:0');
  await job('page-cards:i4:3', at(0)); // retrying
  await store.jobs.claim('page-cards:i4:3', 'w1', at(1), at(2));
  await store.jobs.fail('page-cards:i4:3', 'w1', 1, 'HTTP 503', at(20));
  await job('aftercare:i3/x:checkin-72h:fleur', at(5));

  for (let i = 0; i < 3; i++) await store.nextSequence('incident:team-a:2026');
  await store.nextSequence('incident:team-b:2026');
  await store.claimOnce('slack:event:Ev1', at(0));
  await store.claimOnce('interaction:7/8', at(1));

  await store.actions.create({ id: 'act-1', teamId: 'team-a', kind: 'action', number: 'A-1', text: 'Balie ophogen', ownerId: 'eva', createdBy: 'eva', createdAt: at(0), dueDate: '2026-12-01' });
  await store.actions.create({ id: 'act-2', teamId: 'team-a', kind: 'action', number: 'A-2', text: 'Alarmknop testen', ownerId: 'dirk', createdBy: 'eva', createdAt: at(1) });
  await store.actions.complete('act-2', at(15), 'dirk');
  await store.actions.create({ id: 'dev-1', teamId: 'team-a', kind: 'deviation', number: 'D-1', text: 'Geen melding gedaan', ownerId: 'anna', createdBy: 'anna', createdAt: at(2) });
  await store.actions.create({ id: 'act-b', teamId: 'team-b', kind: 'action', number: 'A-1', text: 'x', ownerId: 'eva', createdBy: 'eva', createdAt: at(0) });

  const post = (id: string, teamId: string, type: 'quarter' | 'meeting') => ({
    id,
    teamId,
    type,
    periodStart: '2026-07-01T00:00:00.000Z',
    periodEnd: '2026-10-01T00:00:00.000Z',
    claimedAt: at(0),
    late: type === 'meeting',
  });
  await store.reviews.claim(post(POSTS[0], 'team-a', 'quarter'));
  await store.reviews.markPosted(POSTS[0], at(1), { platform: 'teams', conversationId: '19:x', activityId: 'a-9' });
  await store.reviews.claim(post(POSTS[1], 'team-a', 'meeting'));
  await store.reviews.claim(post(POSTS[2], 'team-b', 'quarter'));
  await store.audit.append({ id: 'audit-1', at: at(3), actorId: 'eva', teamId: 'team-a', action: 'sanction.decided', incidentId: 'i2' });
  await store.audit.append({ id: 'audit/2', at: at(4), actorId: 'operator', action: 'privacy.export' });
  const measure = (id: string, teamId: string, citizenRef: string) => ({
    id, teamId, citizenRef, kind: 'contact-ban', startDate: '2026-07-02', endDate: '2026-10-01', instruction: 'Verbind niet door.',
    incidentId: 'i2', decidedBy: 'eva', decidedAt: at(3),
  });
  await store.measures.create(measure('msr-i2', 'team-a', 'Z-2'));
  await store.measures.create(measure('msr-i4', 'team-b', 'Z-4'));
  await store.measures.end('msr-i4', at(6), 'eva');
}

/** Everything the app can ask a store, without changing it. */
async function answers(store: Store) {
  const each = <T>(ids: string[], get: (id: string) => Promise<T>) => Promise.all([...ids, 'unknown'].map(get));
  return {
    incidents: await each(INCIDENTS, (id) => store.incidents.get(id)),
    find: await Promise.all([
      store.incidents.find({ teamId: 'team-a' }),
      store.incidents.find({ teamId: 'team-b' }),
      store.incidents.find({ teamId: 'team-a', from: at(0), to: at(20) }),
      store.incidents.find({ teamId: 'team-a', citizenRef: 'Z-2' }),
      store.incidents.find({ teamId: 'team-a', reporterId: 'fleur', category: 'threat' }),
    ]),
    stats: await Promise.all([
      store.incidents.stats({ teamId: 'team-a' }),
      store.incidents.stats({ teamId: 'team-a', from: at(0), to: at(20) }),
      store.incidents.stats({ teamId: 'team-b' }),
    ]),
    conversations: await each(CONVERSATIONS, (key) => store.conversations.get(key)),
    jobs: await each(JOBS, (id) => store.jobs.get(id)),
    due: await Promise.all([store.jobs.due(at(0), 50), store.jobs.due(at(10), 50), store.jobs.due(at(30), 50), store.jobs.due(at(30), 2)]),
    actions: await each(ACTIONS, (id) => store.actions.get(id)),
    findActions: await Promise.all([
      store.actions.find({ teamId: 'team-a' }),
      store.actions.find({ teamId: 'team-a', state: 'open' }),
      store.actions.find({ teamId: 'team-a', kind: 'deviation' }),
      store.actions.find({ teamId: 'team-a', doneFrom: at(10), doneTo: at(20) }),
      store.actions.find({ teamId: 'team-b' }),
    ]),
    posts: await each(POSTS, (id) => store.reviews.get(id)),
    latest: await Promise.all([store.reviews.latest('team-a', 'quarter'), store.reviews.latest('team-a', 'meeting'), store.reviews.latest('team-b', 'year')]),
    audit: await Promise.all([store.audit.find({}), store.audit.find({ teamIds: ['team-a'] })]),
    measures: await Promise.all([
      store.measures.get('msr-i2'),
      store.measures.get('msr-i4'),
      store.measures.find({ teamIds: ['team-a', 'team-b'] }),
      store.measures.find({ teamIds: ['team-a'], citizenRef: 'Z-2' }),
    ]),
  };
}

/** Every document's ETag, per container: equal snapshots mean nothing was written. */
async function etags(database: string): Promise<Record<string, string>> {
  const client = new CosmosClient({ endpoint: cosmos.endpoint, key: COSMOS_TEST_KEY, connectionPolicy: { enableEndpointDiscovery: false } });
  try {
    const result: Record<string, string> = {};
    for (const def of Object.values(CONTAINERS)) {
      const { resources } = await client.database(database).container(def.id).items.readAll().fetchAll();
      for (const doc of resources) result[`${def.id}/${doc.id}`] = doc._etag as string;
    }
    return result;
  } finally {
    client.dispose();
  }
}

const total = (report: MigrationReport, outcome: keyof MigrationReport['jobs']) => Object.values(report).reduce((n, c) => n + c[outcome], 0);

async function stores(database: string): Promise<{ sqlite: SqliteStore; cosmosStore: CosmosStore }> {
  const sqlite = new SqliteStore(file);
  const cosmosStore = await cosmos.open(database);
  closing.push(sqlite, cosmosStore);
  return { sqlite, cosmosStore };
}

test('the copy answers every query as the SQLite store does; a second run writes nothing', async () => {
  const database = cosmos.newDatabase('migrate');
  const first = await migrateSqliteToCosmos(file, cosmos.options(database));
  expect(first).toEqual({
    incidents: { created: 5, updated: 0, unchanged: 0, cosmosAhead: 0 },
    conversations: { created: 3, updated: 0, unchanged: 0, cosmosAhead: 0 },
    jobs: { created: 7, updated: 0, unchanged: 0, cosmosAhead: 0 },
    sequences: { created: 2, updated: 0, unchanged: 0, cosmosAhead: 0 },
    handledOnce: { created: 2, updated: 0, unchanged: 0, cosmosAhead: 0 },
    teamActions: { created: 4, updated: 0, unchanged: 0, cosmosAhead: 0 },
    reviewPosts: { created: 3, updated: 0, unchanged: 0, cosmosAhead: 0 },
    audit: { created: 2, updated: 0, unchanged: 0, cosmosAhead: 0 },
    measures: { created: 2, updated: 0, unchanged: 0, cosmosAhead: 0 },
  });

  const { sqlite, cosmosStore } = await stores(database);
  const expected = await answers(sqlite);
  expect(expected.find[0]).toHaveLength(4); // the seed is what it claims to be
  expect(expected.due[2].map((j) => j.id)).toEqual(['page:i2:0', 'aftercare:i3/x:checkin-72h:fleur', 'escalate:i1:0', 'page-cards:i4:3']);
  expect(await answers(cosmosStore)).toEqual(expected);

  const before = await etags(database);
  expect(Object.keys(before)).toHaveLength(30);
  const second = await migrateSqliteToCosmos(file, cosmos.options(database));
  expect(total(second, 'created') + total(second, 'updated') + total(second, 'cosmosAhead')).toBe(0);
  expect(total(second, 'unchanged')).toBe(30);
  expect(await etags(database)).toEqual(before);
  expect(await answers(cosmosStore)).toEqual(expected);

  // What changes state does so identically on both sides from here on.
  expect(await cosmosStore.nextSequence('incident:team-a:2026')).toBe(await sqlite.nextSequence('incident:team-a:2026'));
  expect(await cosmosStore.claimOnce('interaction:7/8', at(9))).toBe(await sqlite.claimOnce('interaction:7/8', at(9)));
  expect(await cosmosStore.claimOnce('interaction:new', at(9))).toBe(await sqlite.claimOnce('interaction:new', at(9)));
  expect(await cosmosStore.jobs.claim('escalate:i1:0', 'w2', at(10), at(11))).toEqual(await sqlite.jobs.claim('escalate:i1:0', 'w2', at(10), at(11)));
});

test('a later run brings SQLite changes over and leaves what the Cosmos store changed since', async () => {
  const database = cosmos.newDatabase('migrate');
  await migrateSqliteToCosmos(file, cosmos.options(database));
  const { sqlite, cosmosStore } = await stores(database);

  // The old bot kept working: an incident changed, a new one came in, a leased job finished, the counter moved.
  const i3 = (await sqlite.incidents.get('i3'))!;
  i3.description = 'aangevuld';
  await sqlite.incidents.replace(i3, 1);
  await sqlite.incidents.create(incident({ id: 'i6', occurredAt: at(50) }));
  await sqlite.jobs.complete('page:i2:0', 'w1', 1);
  await sqlite.nextSequence('incident:team-a:2026');
  await sqlite.measures.end('msr-i2', at(51), 'eva');
  // Meanwhile an instance on Cosmos cancelled a job (SQLite still has it pending).
  await cosmosStore.jobs.cancel('escalate:i1:0');

  const report = await migrateSqliteToCosmos(file, cosmos.options(database));
  expect(report.incidents).toEqual({ created: 1, updated: 1, unchanged: 4, cosmosAhead: 0 });
  expect(report.jobs).toEqual({ created: 0, updated: 1, unchanged: 5, cosmosAhead: 1 });
  expect(report.sequences).toEqual({ created: 0, updated: 1, unchanged: 1, cosmosAhead: 0 });
  expect(report.measures).toEqual({ created: 0, updated: 1, unchanged: 1, cosmosAhead: 0 });
  expect(await cosmosStore.measures.get('msr-i2')).toEqual(await sqlite.measures.get('msr-i2'));

  expect(await cosmosStore.incidents.get('i3')).toEqual(await sqlite.incidents.get('i3'));
  expect(await cosmosStore.incidents.get('i6')).toEqual(await sqlite.incidents.get('i6'));
  expect(await cosmosStore.incidents.find({ teamId: 'team-a' })).toEqual(await sqlite.incidents.find({ teamId: 'team-a' }));
  expect(await cosmosStore.jobs.get('page:i2:0')).toEqual(await sqlite.jobs.get('page:i2:0'));
  expect(await cosmosStore.jobs.get('escalate:i1:0')).toMatchObject({ state: 'done', lastError: 'cancelled' });
  expect(await cosmosStore.nextSequence('incident:team-a:2026')).toBe(5);

  // The incident the Cosmos store then updates is Cosmos's from now on.
  const i6 = (await cosmosStore.incidents.get('i6'))!;
  i6.description = 'op Cosmos gewijzigd';
  expect(await cosmosStore.incidents.replace(i6, 1)).toBe(true);
  expect((await migrateSqliteToCosmos(file, cosmos.options(database))).incidents).toEqual({ created: 0, updated: 0, unchanged: 5, cosmosAhead: 1 });
  expect((await cosmosStore.incidents.get('i6'))!.description).toBe('op Cosmos gewijzigd');
});

test('--dry-run writes nothing; an unknown SQLite schema version is refused', async () => {
  const database = cosmos.newDatabase('migrate');
  const dry = await migrateSqliteToCosmos(file, cosmos.options(database), { dryRun: true });
  expect(total(dry, 'created')).toBe(30);
  expect(await etags(database)).toEqual({});

  expect(KNOWN_SCHEMA_VERSION).toBe(MIGRATIONS.length); // a new SQLite migration needs this script updated
  const db = new Database(file);
  db.pragma(`user_version = ${KNOWN_SCHEMA_VERSION + 1}`);
  db.close();
  await expect(migrateSqliteToCosmos(file, cosmos.options(database))).rejects.toThrow(/newer than this migration knows/);
});

test('npm run migrate:sqlite-to-cosmos copies, and run again changes nothing', async () => {
  const database = cosmos.newDatabase('migrate-cli');
  const env = { ...process.env, ...cosmos.env(database), MELDEN_CONFIG: join(__dirname, '../../config/melden.yaml') };
  // Asynchronously: the wire server answers from this process.
  const run = () => promisify(execFile)('npm', ['run', '--silent', 'migrate:sqlite-to-cosmos', '--', '--from', file], { cwd: join(__dirname, '../..'), env });
  const first = await run();
  expect(first.stdout).toContain('incidents      created 5, updated 0, unchanged 0');
  expect(first.stdout).toContain('jobs           created 7, updated 0, unchanged 0');
  const second = await run();
  expect(second.stdout).toContain('incidents      created 0, updated 0, unchanged 5, left alone (Cosmos ahead) 0');
  expect(second.stdout).toMatch(/Done\./);
  const { sqlite, cosmosStore } = await stores(database);
  expect(await answers(cosmosStore)).toEqual(await answers(sqlite));
}, 60_000);
