/**
 * Retention really deletes, on both stores (docs/privacy.md): after each data kind's period the nightly purge has
 * removed it — description, citizen reference and team text (earlier than the incident), check-in answers, whole
 * incidents, done improvement actions, deviations, review posts, the audit log, conversation references of people
 * no longer configured — the quarterly statistics of the redacted period are unchanged, and the SQLite files
 * (the database and its -wal) no longer contain any purged text.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Incident } from '../../src/services/model';
import type { Store } from '../../src/services/ports';
import { RetentionService } from '../../src/services/retention';
import { DEFAULT_RETENTION } from '../../src/config';
import { SqliteStore } from '../../src/store/sqlite';
import { FakeClock } from '../helpers/clock';
import { CosmosWireServer } from '../helpers/cosmos-server';
import { incident } from './store-contract';

const NOW = '2026-11-22T12:00:00.000Z';
const noJobs = { schedule: async () => 'created' as const, runNow: async () => false, cancel: async () => {} };
const TEXTS = {
  oldDescription: 'Meneer Oud Jansen (Dorpsstraat 1) schold',
  detailsDescription: 'Meneer Jan de Vries (Kerkstraat 5) dreigde',
  detailsRef: 'Z-98765',
  teamText: 'Korte tekst voor het team XYZ',
  action: 'Verbeteractie balieglas ABC',
  deviation: 'Afwijking geen melding QRS',
  stranger: 'teams-user-of-someone-who-left',
};

async function seed(store: Store): Promise<void> {
  const answered = (at: string): Incident['aftercare'] => ({
    moments: [{ id: 'checkin-72h:fleur', kind: 'checkin-72h', subjectId: 'fleur', dueAt: at, sentAt: at, answeredAt: at, answer: { feeling: 'bad', wantsTalk: true } }],
    stoppedBy: [],
    witnesses: [],
  });
  // Past every period: gone entirely.
  await store.incidents.create(incident({ id: 'old', occurredAt: '2024-06-01T09:00:00.000Z', reportedAt: '2024-06-01T10:00:00.000Z', description: TEXTS.oldDescription, citizenRef: 'Z-11111' }));
  // Q3 2025: past the details (P1Y) and answers (P6M) periods, within the incident's two years.
  await store.incidents.create(
    incident({ id: 'details', occurredAt: '2025-08-01T09:00:00.000Z', reportedAt: '2025-08-01T10:00:00.000Z', description: TEXTS.detailsDescription, citizenRef: TEXTS.detailsRef, teamSummary: TEXTS.teamText, consentTeamMeeting: true, aftercare: answered('2025-08-04T10:00:00.000Z') }),
  );
  // A measure that still runs keeps its citizen reference.
  await store.incidents.create(
    incident({ id: 'measure', number: '2025-0002', occurredAt: '2025-08-02T09:00:00.000Z', reportedAt: '2025-08-02T10:00:00.000Z', citizenRef: 'Z-55555', sanction: { decidedAt: '2025-08-03T10:00:00.000Z', measure: 'contact-ban', until: '2027-01-01' } }),
  );
  await store.incidents.create(incident({ id: 'recent', number: '2026-0009', occurredAt: '2026-11-01T09:00:00.000Z', reportedAt: '2026-11-01T10:00:00.000Z', aftercare: answered('2026-11-04T10:00:00.000Z') }));
  await store.actions.create({ id: 'act-old', teamId: 'team-a', kind: 'action', number: 'A-1', text: TEXTS.action, ownerId: 'eva', createdBy: 'eva', createdAt: '2024-01-01T10:00:00.000Z' });
  await store.actions.complete('act-old', '2024-02-01T10:00:00.000Z', 'eva');
  await store.actions.create({ id: 'act-open', teamId: 'team-a', kind: 'action', number: 'A-2', text: 'Open actie', ownerId: 'eva', createdBy: 'eva', createdAt: '2024-01-01T10:00:00.000Z' });
  await store.actions.create({ id: 'dev-old', teamId: 'team-a', kind: 'deviation', number: 'D-1', text: TEXTS.deviation, ownerId: 'anna', createdBy: 'anna', createdAt: '2024-01-01T10:00:00.000Z' });
  await store.reviews.claim({ id: 'review:team-a:quarter:2024-Q1', teamId: 'team-a', type: 'quarter', periodStart: '2024-01-01T00:00:00.000Z', periodEnd: '2024-04-01T00:00:00.000Z', claimedAt: '2024-04-01T08:00:00.000Z', late: false });
  await store.reviews.claim({ id: 'review:team-a:quarter:2026-Q3', teamId: 'team-a', type: 'quarter', periodStart: '2026-07-01T00:00:00.000Z', periodEnd: '2026-10-01T00:00:00.000Z', claimedAt: '2026-10-01T08:00:00.000Z', late: false });
  await store.audit.append({ id: 'audit-old', at: '2024-01-01T10:00:00.000Z', actorId: 'dirk', teamId: 'team-a', action: 'sanction.decided', incidentId: 'old' });
  await store.audit.append({ id: 'audit-new', at: '2026-11-01T10:00:00.000Z', actorId: 'dirk', teamId: 'team-a', action: 'sanction.decided', incidentId: 'recent' });
  await store.conversations.save({ key: `teams:user:29:${TEXTS.stranger}`, platform: 'teams', reference: { user: { id: `29:${TEXTS.stranger}` } }, updatedAt: '2026-09-01T10:00:00.000Z' });
  await store.conversations.save({ key: 'teams:user:29:eva', platform: 'teams', reference: { user: { id: '29:eva' } }, updatedAt: '2026-09-01T10:00:00.000Z' });
}

async function purgeAndCheck(store: Store): Promise<void> {
  await seed(store);
  const quarter = { teamId: 'team-a', from: '2025-07-01T00:00:00.000Z', to: '2025-10-01T00:00:00.000Z' };
  const statsBefore = await store.incidents.stats(quarter);
  const retention = new RetentionService(store, new FakeClock(NOW), noJobs, { ...DEFAULT_RETENTION, timezone: 'Europe/Amsterdam' }, () => {}, {
    teamIds: () => ['team-a'],
    isOrphan: (a) => a.key !== 'teams:user:29:eva',
  });
  expect(await retention.purge()).toEqual({
    incidents: 1, jobs: 0, handledOnce: 0, details: 1, checkinAnswers: 1, actions: 1, deviations: 1, reviewPosts: 1, conversations: 1, audit: 1,
  });
  expect(await store.incidents.get('old')).toBeUndefined();
  const details = (await store.incidents.get('details'))!;
  expect(details).toMatchObject({ description: '', category: 'threat', consentTeamMeeting: true });
  expect(details.citizenRef).toBeUndefined();
  expect(details.teamSummary).toBeUndefined();
  expect(details.aftercare!.moments[0]).toMatchObject({ answeredAt: '2025-08-04T10:00:00.000Z' });
  expect(details.aftercare!.moments[0].answer).toBeUndefined();
  expect((await store.incidents.get('measure'))!.citizenRef).toBe('Z-55555');
  expect((await store.incidents.get('recent'))!.aftercare!.moments[0].answer).toEqual({ feeling: 'bad', wantsTalk: true });
  expect(await store.incidents.find({ teamId: 'team-a', citizenRef: TEXTS.detailsRef })).toEqual([]);
  expect(await store.incidents.stats(quarter)).toEqual(statsBefore);
  expect(await store.actions.get('act-old')).toBeUndefined();
  expect(await store.actions.get('dev-old')).toBeUndefined();
  expect(await store.actions.get('act-open')).toBeDefined();
  expect(await store.reviews.get('review:team-a:quarter:2024-Q1')).toBeUndefined();
  expect(await store.reviews.get('review:team-a:quarter:2026-Q3')).toBeDefined();
  expect((await store.audit.find({})).map((e) => e.id)).toEqual(['audit-new']);
  expect((await store.conversations.list()).map((a) => a.key)).toEqual(['teams:user:29:eva']);
  // A second night finds nothing more.
  expect(Object.values(await retention.purge()).every((n) => n === 0)).toBe(true);
}

test('SQLite: every data kind is purged after its period, statistics unchanged, and the files hold none of the purged text', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'melden-purge-'));
  const store = new SqliteStore(join(dir, 'melden.sqlite'));
  try {
    await purgeAndCheck(store);
    const files = readdirSync(dir);
    expect(files.some((f) => f.endsWith('-wal'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(join(dir, file));
      for (const text of Object.values(TEXTS)) expect({ file, text, found: bytes.includes(Buffer.from(text)) }).toEqual({ file, text, found: false });
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('Cosmos', () => {
  const server = new CosmosWireServer();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  test('every data kind is purged after its period, statistics unchanged', async () => {
    const store = await server.open(server.newDatabase('purge'));
    try {
      await purgeAndCheck(store);
    } finally {
      await store.close();
    }
  });
});
