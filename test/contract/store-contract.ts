/**
 * The Store contract: every behaviour of the Store port (src/services/ports.ts), run against each implementation
 * (sqlite.test.ts, cosmos.test.ts). A harness opens a store on fresh data and, for the multi-instance cases,
 * a second store on the same data (another connection / client, as a second process would have).
 */
import type { AuditEntry, CitizenMeasure, Incident, ReviewPost, TeamAction } from '../../src/services/model';
import type { Store } from '../../src/services/ports';
import { reviewStatistics } from '../../src/services/statistics';

export interface StoreHarness {
  /** A store on fresh, empty data. */
  open(): Promise<Store>;
  /** Another instance on the same data. */
  another(): Promise<Store>;
  /** Closes every store it opened and removes the data. */
  dispose(): Promise<void>;
}

const BASE = Date.UTC(2026, 10, 20, 9, 0, 0);
/** An instant `minutes` after a fixed base, in the canonical form the app stores. */
export const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();

export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    number: '2026-0001',
    teamId: 'team-a',
    reporterId: 'fleur',
    platform: 'teams',
    locale: 'nl',
    occurredAt: at(0),
    reportedAt: at(1),
    channel: 'desk',
    category: 'threat',
    description: 'Dreigde aan de balie.',
    stoppedAfterLimit: false,
    conversationEnded: true,
    citizenRef: 'Z-1',
    firstResponseRequested: true,
    supportRequested: false,
    firstResponse: true,
    consentTeamMeeting: false,
    registration: 'required',
    registrationReason: 'threat',
    patternIncidentIds: [],
    timeline: [{ at: at(1), type: 'reported', personId: 'fleur' }],
    version: 1,
    ...overrides,
  };
}

function action(overrides: Partial<TeamAction> = {}): TeamAction {
  return {
    id: 'act-1',
    teamId: 'team-a',
    kind: 'action',
    number: 'A-1',
    text: 'Balie ophogen',
    ownerId: 'eva',
    createdBy: 'eva',
    createdAt: at(0),
    ...overrides,
  };
}

function post(overrides: Partial<Omit<ReviewPost, 'state' | 'postedAt' | 'ref'>> = {}): Omit<ReviewPost, 'state' | 'postedAt' | 'ref'> {
  return {
    id: 'review:team-a:quarter:2026-Q4',
    teamId: 'team-a',
    type: 'quarter',
    periodStart: '2026-07-01T00:00:00.000Z',
    periodEnd: '2026-10-01T00:00:00.000Z',
    claimedAt: at(0),
    late: false,
    ...overrides,
  };
}

function measure(overrides: Partial<CitizenMeasure> = {}): CitizenMeasure {
  return {
    id: 'msr-inc-1',
    teamId: 'team-a',
    citizenRef: 'Z-1',
    kind: 'contact-ban',
    startDate: '2026-11-20',
    endDate: '2027-05-20',
    instruction: 'Verbind niet door.',
    incidentId: 'inc-1',
    decidedBy: 'dirk',
    decidedAt: at(0),
    ...overrides,
  };
}

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return { id: 'audit-1', at: at(0), actorId: 'eva', teamId: 'team-a', action: 'sanction.decided', incidentId: 'inc-1', ...overrides };
}

const ids = (items: { id: string }[]) => items.map((i) => i.id);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function storeContract(label: string, newHarness: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${label}`, () => {
    let harness: StoreHarness;
    let store: Store;

    beforeEach(async () => {
      harness = await newHarness();
      store = await harness.open();
    });

    afterEach(async () => {
      await harness.dispose();
    });

    describe('incidents', () => {
      test('create stores the incident; a second create with the same id is "exists" and never overwrites', async () => {
        const original = incident({ paging: { status: 'paging', ladder: ['anna', 'bram'], step: 0, pages: [], declined: [] } });
        expect(await store.incidents.create(original)).toBe('created');
        expect(await store.incidents.get('inc-1')).toEqual(original);
        expect(await store.incidents.create(incident({ description: 'other' }))).toBe('exists');
        expect((await store.incidents.get('inc-1'))!.description).toBe('Dreigde aan de balie.');
        const other = await harness.another();
        expect(await other.incidents.create(incident({ teamId: 'team-b' }))).toBe('exists');
        expect(await other.incidents.get('inc-1')).toEqual(original);
      });

      test('get of an unknown id is undefined; optional fields stay absent', async () => {
        expect(await store.incidents.get('nope')).toBeUndefined();
        const { citizenRef: _omit, ...withoutRef } = incident({ id: 'inc-2' });
        await store.incidents.create(withoutRef as Incident);
        const stored = await store.incidents.get('inc-2');
        expect(stored).toEqual(withoutRef);
        expect('citizenRef' in stored!).toBe(false);
      });

      test('replace with the version read stores version + 1; a stale version is a conflict (false), nothing changes', async () => {
        await store.incidents.create(incident());
        const read = (await store.incidents.get('inc-1'))!;
        read.description = 'changed';
        expect(await store.incidents.replace(read, 1)).toBe(true);
        expect(read.version).toBe(2);
        expect(await store.incidents.get('inc-1')).toEqual({ ...incident(), description: 'changed', version: 2 });

        const stale = incident({ description: 'stale write' });
        expect(await store.incidents.replace(stale, 1)).toBe(false);
        expect(stale.version).toBe(1);
        expect((await store.incidents.get('inc-1'))!.description).toBe('changed');
        expect(await store.incidents.replace(incident({ id: 'unknown' }), 1)).toBe(false);
      });

      test('two instances replacing from the same version: exactly one wins, the other sees the conflict', async () => {
        await store.incidents.create(incident());
        const other = await harness.another();
        for (let round = 1; round <= 5; round++) {
          const a = (await store.incidents.get('inc-1'))!;
          const b = (await other.incidents.get('inc-1'))!;
          a.description = `a${round}`;
          b.description = `b${round}`;
          const results = await Promise.all([store.incidents.replace(a, round), other.incidents.replace(b, round)]);
          expect(results.filter(Boolean)).toHaveLength(1);
          const winner = results[0] ? 'a' : 'b';
          expect(await other.incidents.get('inc-1')).toMatchObject({ description: `${winner}${round}`, version: round + 1 });
        }
      });

      test('an instance that read an older version cannot overwrite a newer one written by another instance', async () => {
        await store.incidents.create(incident());
        const other = await harness.another();
        const old = (await other.incidents.get('inc-1'))!;
        const fresh = (await store.incidents.get('inc-1'))!;
        fresh.description = 'fresh';
        expect(await store.incidents.replace(fresh, 1)).toBe(true);
        old.description = 'old';
        expect(await other.incidents.replace(old, 1)).toBe(false);
        expect((await other.incidents.get('inc-1'))!.description).toBe('fresh');
      });

      test('concurrent creates of one id from two instances: exactly one "created"', async () => {
        const other = await harness.another();
        const results = await Promise.all(range(10).map((i) => (i % 2 ? store : other).incidents.create(incident({ id: 'inc-race', description: `d${i}` }))));
        expect(results.filter((r) => r === 'created')).toHaveLength(1);
      });

      test('find: one team only, oldest occurredAt first (then id), from inclusive, to exclusive, filters combine', async () => {
        const data = [
          incident({ id: 'i-c', occurredAt: at(30), reporterId: 'anna', category: 'verbal-aggression', citizenRef: 'Z-2' }),
          incident({ id: 'i-a', occurredAt: at(10) }),
          incident({ id: 'i-b', occurredAt: at(10), citizenRef: undefined }),
          incident({ id: 'i-d', occurredAt: at(20), category: 'verbal-aggression' }),
          incident({ id: 'i-e', occurredAt: at(40), reporterId: 'anna', citizenRef: 'Z-2' }),
          incident({ id: 'i-x', occurredAt: at(15), teamId: 'team-b' }),
        ];
        for (const i of data) await store.incidents.create(i);
        expect(ids(await store.incidents.find({ teamId: 'team-a' }))).toEqual(['i-a', 'i-b', 'i-d', 'i-c', 'i-e']);
        expect(ids(await store.incidents.find({ teamId: 'team-b' }))).toEqual(['i-x']);
        expect(ids(await store.incidents.find({ teamId: 'team-c' }))).toEqual([]);
        expect(ids(await store.incidents.find({ teamId: 'team-a', from: at(20) }))).toEqual(['i-d', 'i-c', 'i-e']);
        expect(ids(await store.incidents.find({ teamId: 'team-a', to: at(30) }))).toEqual(['i-a', 'i-b', 'i-d']);
        expect(ids(await store.incidents.find({ teamId: 'team-a', from: at(10), to: at(20) }))).toEqual(['i-a', 'i-b']);
        expect(ids(await store.incidents.find({ teamId: 'team-a', citizenRef: 'Z-2' }))).toEqual(['i-c', 'i-e']);
        expect(ids(await store.incidents.find({ teamId: 'team-a', reporterId: 'anna' }))).toEqual(['i-c', 'i-e']);
        expect(ids(await store.incidents.find({ teamId: 'team-a', category: 'verbal-aggression' }))).toEqual(['i-d', 'i-c']);
        expect(ids(await store.incidents.find({ teamId: 'team-a', reporterId: 'fleur', category: 'threat', from: at(0) }))).toEqual(['i-a', 'i-b']);
        expect(ids(await store.incidents.find({ teamId: 'team-a', reporterId: 'anna', category: 'threat', citizenRef: 'Z-2' }))).toEqual(['i-e']);
        const [full] = await store.incidents.find({ teamId: 'team-b' });
        expect(full).toEqual(data[5]);
      });

      test('purgeReportedBefore really deletes (strictly before), counts, and the id can be used again', async () => {
        await store.incidents.create(incident({ id: 'old-1', reportedAt: at(0) }));
        await store.incidents.create(incident({ id: 'old-2', reportedAt: at(5), teamId: 'team-b' }));
        await store.incidents.create(incident({ id: 'edge', reportedAt: at(10) }));
        await store.incidents.create(incident({ id: 'new', reportedAt: at(20) }));
        const other = await harness.another();
        expect(await other.incidents.get('old-1')).toBeDefined(); // the other instance knows where it lives
        expect(await store.incidents.purgeReportedBefore(at(10))).toBe(2);
        expect(await store.incidents.get('old-1')).toBeUndefined();
        expect(await other.incidents.get('old-1')).toBeUndefined();
        expect(await other.incidents.get('old-2')).toBeUndefined();
        expect(ids(await other.incidents.find({ teamId: 'team-a' }))).toEqual(['edge', 'new']);
        expect(await store.incidents.purgeReportedBefore(at(10))).toBe(0);
        expect(await store.incidents.create(incident({ id: 'old-1' }))).toBe('created');
      });

      test('stats aggregates the team window: counts, categories, patterns, consent, ack times, sanctions, check-ins', async () => {
        const paged = (first: number, ack?: number) => ({
          status: (ack === undefined ? 'paging' : 'acknowledged') as 'paging' | 'acknowledged',
          ladder: ['anna'],
          step: 0,
          pages: [{ personId: 'anna', at: at(first) }, { personId: 'bram', at: at(first + 1) }],
          declined: [],
          ...(ack === undefined ? {} : { acknowledgedBy: 'anna', acknowledgedAt: at(ack) }),
        });
        const moment = (kind: string, sent: boolean, answered: boolean) => ({
          id: `${kind}:fleur`,
          kind,
          subjectId: 'fleur',
          dueAt: at(0),
          ...(sent ? { sentAt: at(1) } : {}),
          ...(answered ? { answeredAt: at(2), answer: { feeling: 'okay', wantsTalk: false } } : {}),
        });
        const aftercare = (moments: unknown[]) => ({ moments, stoppedBy: [], witnesses: [] }) as unknown as Incident['aftercare'];
        const data = [
          incident({ id: 's1', occurredAt: at(0), paging: paged(1, 4), consentTeamMeeting: true }),
          incident({ id: 's2', occurredAt: at(10), sanction: { decidedAt: at(20), measure: 'warning-letter' }, paging: paged(11, 12) }),
          incident({ id: 's3', occurredAt: at(20), category: 'verbal-aggression', registration: 'not-required', registrationReason: 'corrected', patternIncidentIds: ['s1'], paging: paged(21) }),
          incident({
            id: 's4',
            occurredAt: at(30),
            category: 'emotion-self',
            registration: 'not-required',
            registrationReason: 'emotion',
            consentTeamMeeting: true,
            aftercare: aftercare([moment('lead-contact', true, false), moment('checkin-72h', true, true), moment('checkin-2w', true, false), moment('checkin-6w', false, false)]),
          }),
          incident({ id: 's5', occurredAt: at(40), registration: 'required', registrationReason: 'pattern', patternIncidentIds: ['s1', 's2'], sanction: { requestedAt: at(41) } }),
          incident({ id: 's6', occurredAt: at(50), category: 'unlisted' as Incident['category'] }),
          incident({ id: 'x1', occurredAt: at(10), teamId: 'team-b', paging: paged(0, 1) }),
        ];
        for (const i of data) await store.incidents.create(i);

        expect(await store.incidents.stats({ teamId: 'team-a' })).toEqual({
          total: 6,
          byCategory: { threat: 3, 'verbal-aggression': 1, 'emotion-self': 1, unlisted: 1 },
          registrationRequired: 4,
          patterns: 2,
          consented: 2,
          ackMillis: [60_000, 180_000],
          sanctionsPending: 3,
          checkinsSent: 2,
          checkinsAnswered: 1,
          helpWithoutReport: 0,
        });
        expect(await store.incidents.stats({ teamId: 'team-a', from: at(10), to: at(40) })).toEqual({
          total: 3,
          byCategory: { threat: 1, 'verbal-aggression': 1, 'emotion-self': 1 },
          registrationRequired: 1,
          patterns: 1,
          consented: 1,
          ackMillis: [60_000],
          sanctionsPending: 0,
          checkinsSent: 2,
          checkinsAnswered: 1,
          helpWithoutReport: 0,
        });
        expect(await store.incidents.stats({ teamId: 'team-c' })).toEqual({
          total: 0,
          byCategory: {},
          registrationRequired: 0,
          patterns: 0,
          consented: 0,
          ackMillis: [],
          sanctionsPending: 0,
          checkinsSent: 0,
          checkinsAnswered: 0,
          helpWithoutReport: 0,
        });

        // The figures follow every replace.
        const s5 = (await store.incidents.get('s5'))!;
        s5.sanction = { ...s5.sanction, decidedAt: at(45), measure: 'contact-ban' };
        s5.paging = paged(40, 42);
        expect(await store.incidents.replace(s5, 1)).toBe(true);
        const after = await store.incidents.stats({ teamId: 'team-a', from: at(40) });
        expect(after).toMatchObject({ total: 2, sanctionsPending: 1, ackMillis: [120_000], byCategory: { threat: 1, unlisted: 1 } });
      });
    });

    test('stats: a help request whose report never came counts as "hulpvraag zonder melding", in no category', async () => {
      const help = incident({ id: 'h1', teamId: 'team-h', occurredAt: at(5), registration: 'not-required', registrationReason: 'help-request', help: { requestedAt: at(5), reportPending: true } });
      delete (help as Partial<Incident>).category;
      await store.incidents.create(help);
      await store.incidents.create(incident({ id: 'h2', teamId: 'team-h', occurredAt: at(6) }));
      expect(await store.incidents.stats({ teamId: 'team-h' })).toMatchObject({ total: 2, byCategory: { threat: 1 }, helpWithoutReport: 1 });
      // The report comes: it is an ordinary incident now.
      const completed = { ...(await store.incidents.get('h1'))!, category: 'verbal-aggression' as const, help: { requestedAt: at(5), reportPending: false } };
      expect(await store.incidents.replace(completed, 1)).toBe(true);
      expect(await store.incidents.stats({ teamId: 'team-h' })).toMatchObject({ total: 2, byCategory: { threat: 1, 'verbal-aggression': 1 }, helpWithoutReport: 0 });
    });

    describe('conversations', () => {
      test('save then get; a second save overwrites; unknown keys are undefined', async () => {
        const address = { key: 'teams:user:29:anna', platform: 'teams' as const, reference: { serviceUrl: 'https://x/', conversation: { id: 'a:1' }, nested: [1, { b: true }] }, updatedAt: at(0) };
        await store.conversations.save(address);
        expect(await store.conversations.get(address.key)).toEqual(address);
        const newer = { ...address, reference: { serviceUrl: 'https://y/' }, updatedAt: at(5) };
        const other = await harness.another();
        await other.conversations.save(newer);
        expect(await store.conversations.get(address.key)).toEqual(newer);
        expect(await store.conversations.get('teams:user:29:nobody')).toBeUndefined();
      });

      test('keys with characters Cosmos ids cannot hold, and very long keys, are kept apart', async () => {
        const keys = ['slack:C0/X?y#z', 'slack:C0%2FX%3Fy%23z', 'a\\b', 'x'.repeat(300), 'x'.repeat(299) + 'y', '%h' + 'x'.repeat(10)];
        for (const [i, key] of keys.entries()) await store.conversations.save({ key, platform: 'slack', reference: { i }, updatedAt: at(i) });
        for (const [i, key] of keys.entries()) expect(await store.conversations.get(key)).toEqual({ key, platform: 'slack', reference: { i }, updatedAt: at(i) });
      });
    });

    describe('jobs', () => {
      const job = (id: string, dueAt: string, payload: Record<string, unknown> = { n: 1 }) => ({ id, kind: 'test.kind', dueAt, payload });

      test('schedule creates a pending job once; scheduling the id again leaves it untouched', async () => {
        expect(await store.jobs.schedule(job('j1', at(5), { incidentId: 'inc-1', nested: { step: 2, list: [1, 2] } }))).toBe('created');
        expect(await store.jobs.get('j1')).toEqual({
          id: 'j1',
          kind: 'test.kind',
          dueAt: at(5),
          payload: { incidentId: 'inc-1', nested: { step: 2, list: [1, 2] } },
          state: 'pending',
          attempts: 0,
          updatedAt: at(5),
        });
        expect(await store.jobs.schedule({ ...job('j1', at(9), { other: true }), kind: 'other.kind' })).toBe('exists');
        expect(await store.jobs.get('j1')).toMatchObject({ kind: 'test.kind', dueAt: at(5), payload: { incidentId: 'inc-1' } });
        expect(await store.jobs.get('nope')).toBeUndefined();
        const other = await harness.another();
        const results = await Promise.all(range(10).map((i) => (i % 2 ? store : other).jobs.schedule(job('j-race', at(1)))));
        expect(results.filter((r) => r === 'created')).toHaveLength(1);
      });

      test('due with kinds: only jobs of those kinds, earliest first, limited', async () => {
        await store.jobs.schedule(job('bulk-1', at(1)));
        await store.jobs.schedule({ ...job('page-2', at(2)), kind: 'page.escalate' });
        await store.jobs.schedule({ ...job('help-3', at(3)), kind: 'help.start' });
        await store.jobs.schedule({ ...job('page-later', at(20)), kind: 'page.escalate' });
        expect(ids(await store.jobs.due(at(10), 10, ['page.escalate', 'help.start']))).toEqual(['page-2', 'help-3']);
        expect(ids(await store.jobs.due(at(10), 1, ['page.escalate', 'help.start']))).toEqual(['page-2']);
        expect(ids(await store.jobs.due(at(10), 10, ['none.such']))).toEqual([]);
        expect(ids(await store.jobs.due(at(10), 10))).toEqual(['bulk-1', 'page-2', 'help-3']);
      });

      test('due: pending and due (inclusive) only, earliest first with ties by id, limited', async () => {
        for (const [id, minute] of [['e', 5], ['c', 1], ['a', 3], ['b', 3], ['d', 2], ['later', 11], ['f', 10]] as const) await store.jobs.schedule(job(id, at(minute)));
        expect(ids(await store.jobs.due(at(10), 50))).toEqual(['c', 'd', 'a', 'b', 'e', 'f']);
        expect(ids(await store.jobs.due(at(10), 3))).toEqual(['c', 'd', 'a']);
        expect(ids(await store.jobs.due(at(3), 10))).toEqual(['c', 'd', 'a', 'b']);
        expect(ids(await store.jobs.due(at(0), 10))).toEqual([]);
        expect(await store.jobs.due(at(10), 1)).toEqual([await store.jobs.get('c')]);
        // Finished, dead and cancelled jobs are never due.
        const claimed = (await store.jobs.claim('c', 'w1', at(10), at(11)))!;
        await store.jobs.complete('c', 'w1', claimed.attempts);
        await store.jobs.claim('d', 'w1', at(10), at(11));
        await store.jobs.fail('d', 'w1', 1, 'boom', undefined);
        await store.jobs.cancel('a');
        expect(ids(await store.jobs.due(at(20), 50))).toEqual(['b', 'e', 'f', 'later']);
      });

      test('many jobs over time: due() returns the earliest `limit` of all of them', async () => {
        for (const i of range(40)) await store.jobs.schedule(job(`job-${String(i).padStart(2, '0')}`, at(40 - i)));
        expect(ids(await store.jobs.due(at(100), 5))).toEqual(['job-39', 'job-38', 'job-37', 'job-36', 'job-35']);
        expect(await store.jobs.due(at(100), 50)).toHaveLength(40);
      });

      test('claim takes the lease (owner, leaseUntil, attempts + 1); others cannot until it expires', async () => {
        await store.jobs.schedule(job('j1', at(0)));
        const claimed = await store.jobs.claim('j1', 'w1', at(1), at(3));
        const expected = { id: 'j1', kind: 'test.kind', dueAt: at(0), payload: { n: 1 }, state: 'pending', attempts: 1, leaseOwner: 'w1', leaseUntil: at(3), updatedAt: at(1) };
        expect(claimed).toEqual(expected);
        expect(await store.jobs.get('j1')).toEqual(expected);
        expect(await store.jobs.claim('j1', 'w2', at(2), at(4))).toBeUndefined();
        expect(await store.jobs.due(at(2), 10)).toEqual([]);
        // Expiry is inclusive: at leaseUntil the job is due and free again.
        expect(ids(await store.jobs.due(at(3), 10))).toEqual(['j1']);
        const again = await store.jobs.claim('j1', 'w2', at(3), at(5));
        expect(again).toMatchObject({ leaseOwner: 'w2', leaseUntil: at(5), attempts: 2 });
        // Not yet due, unknown, finished: no claim.
        await store.jobs.schedule(job('future', at(10)));
        expect(await store.jobs.claim('future', 'w1', at(9), at(11))).toBeUndefined();
        expect(await store.jobs.claim('unknown', 'w1', at(9), at(11))).toBeUndefined();
        await store.jobs.complete('j1', 'w2', 2);
        expect(await store.jobs.claim('j1', 'w1', at(20), at(21))).toBeUndefined();
      });

      test('two owners on two instances claiming the same jobs at once: exactly one wins each', async () => {
        const other = await harness.another();
        for (const i of range(20)) await store.jobs.schedule(job(`race-${i}`, at(0)));
        const results = await Promise.all(
          range(20).flatMap((i) => [store.jobs.claim(`race-${i}`, 'w1', at(1), at(2)), other.jobs.claim(`race-${i}`, 'w2', at(1), at(2))]),
        );
        for (const i of range(20)) {
          const pair = results.slice(2 * i, 2 * i + 2).filter(Boolean);
          expect(pair).toHaveLength(1);
          expect((await store.jobs.get(`race-${i}`))!.leaseOwner).toBe(pair[0]!.leaseOwner);
          expect(pair[0]!.attempts).toBe(1);
        }
      });

      test('renew extends only the current holder\'s lease; a lost lease cannot be renewed', async () => {
        await store.jobs.schedule(job('r1', at(0)));
        await store.jobs.claim('r1', 'w1', at(1), at(2));
        expect(await store.jobs.renew('r1', 'w2', 1, at(5))).toBe(false);
        expect(await store.jobs.renew('r1', 'w1', 2, at(5))).toBe(false);
        expect(await store.jobs.renew('r1', 'w1', 1, at(5))).toBe(true);
        expect((await store.jobs.get('r1'))!.leaseUntil).toBe(at(5));
        // Renewed: not free at at(3) any more.
        expect(await store.jobs.claim('r1', 'w2', at(3), at(6))).toBeUndefined();
        // Expired at at(5): w2 takes over; w1 can no longer renew.
        expect(await store.jobs.claim('r1', 'w2', at(5), at(8))).toBeDefined();
        expect(await store.jobs.renew('r1', 'w1', 1, at(9))).toBe(false);
        expect(await store.jobs.renew('unknown', 'w1', 1, at(9))).toBe(false);
      });

      test('complete is fenced by owner and attempts; only the current lease holder can finish', async () => {
        await store.jobs.schedule(job('j1', at(0)));
        await store.jobs.claim('j1', 'w1', at(1), at(2));
        expect(await store.jobs.complete('j1', 'w2', 1)).toBe(false);
        expect(await store.jobs.complete('j1', 'w1', 2)).toBe(false);
        // w1's lease runs out; w2 takes over; w1's late completion must not count.
        await store.jobs.claim('j1', 'w2', at(2), at(4));
        const other = await harness.another();
        expect(await store.jobs.complete('j1', 'w1', 1)).toBe(false);
        expect(await other.jobs.complete('j1', 'w2', 2)).toBe(true);
        expect(await store.jobs.get('j1')).toMatchObject({ state: 'done', attempts: 2 });
        const done = (await store.jobs.get('j1'))!;
        expect(done.leaseOwner).toBeUndefined();
        expect(done.leaseUntil).toBeUndefined();
        expect(await store.jobs.complete('j1', 'w2', 2)).toBe(false);
        expect(await store.jobs.complete('unknown', 'w1', 1)).toBe(false);
      });

      test('fail with retryAt releases the lease and moves dueAt; without retryAt the job is dead; both fenced', async () => {
        await store.jobs.schedule(job('j1', at(0)));
        await store.jobs.claim('j1', 'w1', at(1), at(5));
        expect(await store.jobs.fail('j1', 'w2', 1, 'not mine', at(3))).toBe(false);
        expect(await store.jobs.fail('j1', 'w1', 7, 'wrong attempt', at(3))).toBe(false);
        expect(await store.jobs.fail('j1', 'w1', 1, 'HTTP 503', at(3))).toBe(true);
        const retried = (await store.jobs.get('j1'))!;
        expect(retried).toMatchObject({ state: 'pending', dueAt: at(3), lastError: 'HTTP 503', attempts: 1 });
        expect(retried.leaseOwner).toBeUndefined();
        expect(retried.leaseUntil).toBeUndefined();
        expect(await store.jobs.due(at(2), 10)).toEqual([]);
        expect(ids(await store.jobs.due(at(3), 10))).toEqual(['j1']);
        expect(await store.jobs.claim('j1', 'w1', at(2), at(6))).toBeUndefined();
        expect(await store.jobs.claim('j1', 'w2', at(3), at(6))).toMatchObject({ attempts: 2 });
        expect(await store.jobs.fail('j1', 'w2', 2, 'gave up', undefined)).toBe(true);
        expect(await store.jobs.get('j1')).toMatchObject({ state: 'dead', lastError: 'gave up', dueAt: at(3), attempts: 2 });
        expect(await store.jobs.fail('j1', 'w2', 2, 'again', at(9))).toBe(false);
        expect(await store.jobs.due(at(100), 10)).toEqual([]);
      });

      test('cancel ends a pending job without running it; later claims and completions fail', async () => {
        await store.jobs.schedule(job('j1', at(0)));
        await store.jobs.schedule(job('j2', at(0)));
        await store.jobs.claim('j2', 'w1', at(1), at(5));
        const other = await harness.another();
        await other.jobs.cancel('j1');
        await other.jobs.cancel('j2');
        expect(await store.jobs.get('j1')).toMatchObject({ state: 'done', lastError: 'cancelled', attempts: 0 });
        expect(await store.jobs.claim('j1', 'w1', at(1), at(2))).toBeUndefined();
        expect(await store.jobs.complete('j2', 'w1', 1)).toBe(false);
        expect(await store.jobs.due(at(10), 10)).toEqual([]);
        // Cancelling a finished or unknown job changes nothing.
        await store.jobs.schedule(job('j3', at(0)));
        await store.jobs.claim('j3', 'w1', at(1), at(2));
        await store.jobs.complete('j3', 'w1', 1);
        await store.jobs.cancel('j3');
        expect((await store.jobs.get('j3'))!.lastError).toBeUndefined();
        await expect(store.jobs.cancel('unknown')).resolves.toBeUndefined();
      });

      test('job ids with characters Cosmos ids cannot hold work end to end', async () => {
        const id = 'aftercare:inc/1?x#y:checkin-72h:j%2Fdoe';
        await store.jobs.schedule(job(id, at(0)));
        expect(ids(await store.jobs.due(at(1), 10))).toEqual([id]);
        expect(await store.jobs.claim(id, 'w1', at(1), at(2))).toMatchObject({ id, attempts: 1 });
        expect(await store.jobs.complete(id, 'w1', 1)).toBe(true);
        expect((await store.jobs.get(id))!.state).toBe('done');
      });

      test('purgeFinishedBefore really deletes done and dead jobs due before the instant, nothing else', async () => {
        for (const [id, minute] of [['done-old', 0], ['dead-old', 1], ['cancelled-old', 2], ['pending-old', 3], ['done-new', 10]] as const) {
          await store.jobs.schedule(job(id, at(minute)));
        }
        for (const id of ['done-old', 'done-new']) {
          await store.jobs.claim(id, 'w', at(10), at(11));
          await store.jobs.complete(id, 'w', 1);
        }
        await store.jobs.claim('dead-old', 'w', at(10), at(11));
        await store.jobs.fail('dead-old', 'w', 1, 'x', undefined);
        await store.jobs.cancel('cancelled-old');
        expect(await store.jobs.purgeFinishedBefore(at(10))).toBe(3);
        for (const id of ['done-old', 'dead-old', 'cancelled-old']) expect(await store.jobs.get(id)).toBeUndefined();
        expect((await store.jobs.get('pending-old'))!.state).toBe('pending');
        expect((await store.jobs.get('done-new'))!.state).toBe('done');
        expect(await store.jobs.purgeFinishedBefore(at(10))).toBe(0);
        expect(await store.jobs.schedule(job('done-old', at(0)))).toBe('created');
      });

      test('operations: counts, list, retry of a dead job, releaseLeases frees only the owner\'s pending leases', async () => {
        for (const [id, minute] of [['p1', 1], ['p2', 2], ['p3', 20], ['d1', 3], ['d2', 4], ['ok', 5]] as const) await store.jobs.schedule(job(id, at(minute)));
        for (const id of ['d1', 'd2']) {
          const claimed = await store.jobs.claim(id, 'w1', at(6), at(7));
          expect(await store.jobs.fail(id, 'w1', claimed!.attempts, 'gave up', undefined)).toBe(true);
        }
        await store.jobs.claim('ok', 'w1', at(6), at(7));
        await store.jobs.complete('ok', 'w1', 1);
        expect(await store.jobs.counts(at(10))).toEqual({ overdue: 2, dead: 2 });
        expect(ids(await store.jobs.list({ state: 'dead', limit: 10 }))).toEqual(['d1', 'd2']);
        expect(ids(await store.jobs.list({ state: 'pending', limit: 2 }))).toEqual(['p1', 'p2']);
        expect((await store.jobs.list({ state: 'dead', limit: 10 }))[0]).toMatchObject({ state: 'dead', attempts: 1, lastError: 'gave up' });

        expect(await store.jobs.retry('d1', at(30))).toBe(true);
        expect(await store.jobs.get('d1')).toMatchObject({ state: 'pending', attempts: 0, dueAt: at(30) });
        expect(await store.jobs.retry('d1', at(30))).toBe(false); // pending now, not dead
        expect(await store.jobs.retry('p1', at(30))).toBe(false);
        expect(await store.jobs.retry('nope', at(30))).toBe(false);
        expect(await store.jobs.counts(at(10))).toEqual({ overdue: 2, dead: 1 });

        // w1 holds p1 and p2, w2 holds d1: shutting w1 down frees p1 and p2 at once (attempts stay counted).
        await store.jobs.claim('p1', 'w1', at(31), at(90));
        await store.jobs.claim('p2', 'w1', at(31), at(90));
        await store.jobs.claim('d1', 'w2', at(31), at(90));
        expect(await store.jobs.releaseLeases('w1')).toBe(2);
        expect(await store.jobs.get('p1')).toMatchObject({ state: 'pending', attempts: 1 });
        expect((await store.jobs.get('p1'))!.leaseOwner).toBeUndefined();
        expect(ids(await store.jobs.due(at(32), 10))).toEqual(['p1', 'p2', 'p3']);
        expect(await store.jobs.complete('p1', 'w1', 1)).toBe(false); // the old owner's late result is fenced off
        expect(await store.jobs.releaseLeases('w1')).toBe(0);
        expect((await store.jobs.get('d1'))!.leaseOwner).toBe('w2');
      });
    });

    describe('team actions', () => {
      test('create once, get, find by kind/state/created/done windows, oldest createdAt first (then id)', async () => {
        expect(await store.actions.create(action())).toBe('created');
        expect(await store.actions.create(action({ text: 'other' }))).toBe('exists');
        expect(await store.actions.get('act-1')).toEqual(action());
        expect(await store.actions.get('nope')).toBeUndefined();
        await store.actions.create(action({ id: 'act-0', createdAt: at(0), dueDate: '2026-12-01' }));
        await store.actions.create(action({ id: 'act-2', createdAt: at(10), doneAt: at(12), doneBy: 'eva' }));
        await store.actions.create(action({ id: 'dev-1', kind: 'deviation', number: 'D-1', createdAt: at(5) }));
        await store.actions.create(action({ id: 'act-b', teamId: 'team-b', createdAt: at(1) }));

        expect(ids(await store.actions.find({ teamId: 'team-a' }))).toEqual(['act-0', 'act-1', 'dev-1', 'act-2']);
        expect(ids(await store.actions.find({ teamId: 'team-a', kind: 'action' }))).toEqual(['act-0', 'act-1', 'act-2']);
        expect(ids(await store.actions.find({ teamId: 'team-a', kind: 'deviation' }))).toEqual(['dev-1']);
        expect(ids(await store.actions.find({ teamId: 'team-a', state: 'open' }))).toEqual(['act-0', 'act-1', 'dev-1']);
        expect(ids(await store.actions.find({ teamId: 'team-a', state: 'done' }))).toEqual(['act-2']);
        expect(ids(await store.actions.find({ teamId: 'team-a', createdFrom: at(5) }))).toEqual(['dev-1', 'act-2']);
        expect(ids(await store.actions.find({ teamId: 'team-a', createdTo: at(5) }))).toEqual(['act-0', 'act-1']);
        expect(ids(await store.actions.find({ teamId: 'team-a', doneFrom: at(12), doneTo: at(13) }))).toEqual(['act-2']);
        expect(ids(await store.actions.find({ teamId: 'team-a', doneTo: at(12) }))).toEqual([]);
        expect(ids(await store.actions.find({ teamId: 'team-b' }))).toEqual(['act-b']);
        expect((await store.actions.find({ teamId: 'team-a', kind: 'action', createdFrom: at(0), createdTo: at(1) }))[0]).toEqual(
          action({ id: 'act-0', createdAt: at(0), dueDate: '2026-12-01' }),
        );
      });

      test('complete marks done once; a second (or concurrent) completion is false', async () => {
        await store.actions.create(action());
        expect(await store.actions.complete('act-1', at(3), 'eva')).toBe(true);
        expect(await store.actions.get('act-1')).toEqual(action({ doneAt: at(3), doneBy: 'eva' }));
        expect(await store.actions.complete('act-1', at(4), 'dirk')).toBe(false);
        expect((await store.actions.get('act-1'))!.doneBy).toBe('eva');
        expect(await store.actions.complete('nope', at(4), 'dirk')).toBe(false);

        const other = await harness.another();
        await store.actions.create(action({ id: 'act-race' }));
        const results = await Promise.all(range(6).map((i) => (i % 2 ? store : other).actions.complete('act-race', at(i), `p${i}`)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('review posts', () => {
      test('claim once; markPosted; release removes only a claim still posting', async () => {
        expect(await store.reviews.claim(post())).toBe('claimed');
        expect(await store.reviews.claim(post({ claimedAt: at(9) }))).toBe('exists');
        expect(await store.reviews.get(post().id)).toEqual({ ...post(), state: 'posting' });
        const ref = { platform: 'teams', conversationId: '19:x', activityId: 'a-1' };
        await store.reviews.markPosted(post().id, at(2), ref);
        expect(await store.reviews.get(post().id)).toEqual({ ...post(), state: 'posted', postedAt: at(2), ref });
        await store.reviews.release(post().id);
        expect((await store.reviews.get(post().id))!.state).toBe('posted');
        await store.reviews.markPosted(post().id, at(3));
        expect(await store.reviews.get(post().id)).toEqual({ ...post(), state: 'posted', postedAt: at(3) });

        const second = post({ id: 'review:team-a:meeting:2026-11-20', type: 'meeting', late: true });
        await store.reviews.claim(second);
        await store.reviews.release(second.id);
        expect(await store.reviews.get(second.id)).toBeUndefined();
        expect(await store.reviews.claim(second)).toBe('claimed');
        expect(await store.reviews.get('nope')).toBeUndefined();
        await expect(store.reviews.release('nope')).resolves.toBeUndefined();
        await expect(store.reviews.markPosted('nope', at(1))).resolves.toBeUndefined();
        expect(await store.reviews.get('nope')).toBeUndefined();
      });

      test('two instances claiming one post: exactly one "claimed"', async () => {
        const other = await harness.another();
        const results = await Promise.all(range(10).map((i) => (i % 2 ? store : other).reviews.claim(post({ claimedAt: at(i) }))));
        expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
      });

      test('latest: the team and type with the latest periodEnd (ties: highest id), posted or posting', async () => {
        expect(await store.reviews.latest('team-a', 'quarter')).toBeUndefined();
        await store.reviews.claim(post({ id: 'q3', periodEnd: '2026-10-01T00:00:00.000Z' }));
        await store.reviews.claim(post({ id: 'q2', periodEnd: '2026-07-01T00:00:00.000Z' }));
        await store.reviews.markPosted('q3', at(1));
        expect((await store.reviews.latest('team-a', 'quarter'))!).toMatchObject({ id: 'q3', state: 'posted' });
        await store.reviews.claim(post({ id: 'q4-b', periodEnd: '2027-01-01T00:00:00.000Z' }));
        await store.reviews.claim(post({ id: 'q4-a', periodEnd: '2027-01-01T00:00:00.000Z' }));
        await store.reviews.claim(post({ id: 'm1', type: 'meeting', periodEnd: '2027-06-01T00:00:00.000Z' }));
        await store.reviews.claim(post({ id: 'other-team', teamId: 'team-b', periodEnd: '2028-01-01T00:00:00.000Z' }));
        expect(await store.reviews.latest('team-a', 'quarter')).toEqual({ ...post({ id: 'q4-b', periodEnd: '2027-01-01T00:00:00.000Z' }), state: 'posting' });
        expect((await store.reviews.latest('team-a', 'meeting'))!.id).toBe('m1');
        expect((await store.reviews.latest('team-b', 'quarter'))!.id).toBe('other-team');
        expect(await store.reviews.latest('team-b', 'year')).toBeUndefined();
      });
    });

    describe('audit log', () => {
      test('append is idempotent on id and never overwrites; optional fields stay absent', async () => {
        await store.audit.append(entry());
        await store.audit.append(entry({ actorId: 'mallory', action: 'privacy.erase' }));
        await store.audit.append(entry({ id: 'op/1?#%', actorId: 'operator', teamId: undefined, incidentId: undefined, action: 'privacy.export', at: at(1) }));
        expect(await store.audit.find({})).toEqual([entry(), { id: 'op/1?#%', at: at(1), actorId: 'operator', action: 'privacy.export' }]);
      });

      test('find filters by teams, period [from, to), incident, actor and action; oldest first (ties by id)', async () => {
        const other = await harness.another();
        await store.audit.append(entry({ id: 'e3', at: at(3), teamId: 'team-b', incidentId: 'inc-2' }));
        await other.audit.append(entry({ id: 'e1b', at: at(1), action: 'citizen.lookup' }));
        await store.audit.append(entry({ id: 'e1a', at: at(1), actorId: 'dirk' }));
        await store.audit.append(entry({ id: 'e2', at: at(2), teamId: undefined, actorId: 'operator', action: 'privacy.export', incidentId: undefined }));
        await other.audit.append(entry({ id: 'e4', at: at(4), teamId: 'team-c', incidentId: 'inc-3', action: 'sanction.changed' }));
        expect(ids(await other.audit.find({}))).toEqual(['e1a', 'e1b', 'e2', 'e3', 'e4']);
        expect(ids(await store.audit.find({ teamIds: ['team-a', 'team-b'] }))).toEqual(['e1a', 'e1b', 'e3']);
        expect(ids(await store.audit.find({ teamIds: ['team-c'] }))).toEqual(['e4']);
        expect(await store.audit.find({ teamIds: [] })).toEqual([]);
        expect(ids(await store.audit.find({ from: at(2), to: at(4) }))).toEqual(['e2', 'e3']);
        expect(ids(await store.audit.find({ incidentId: 'inc-1' }))).toEqual(['e1a', 'e1b']);
        expect(ids(await store.audit.find({ actorId: 'dirk' }))).toEqual(['e1a']);
        expect(ids(await store.audit.find({ action: 'privacy.export' }))).toEqual(['e2']);
        expect(ids(await store.audit.find({ teamIds: ['team-a'], action: 'citizen.lookup', from: at(0), to: at(9) }))).toEqual(['e1b']);
      });

      test('purgeBefore deletes entries recorded before the instant, on every instance', async () => {
        const other = await harness.another();
        for (const i of range(4)) await store.audit.append(entry({ id: `p${i}`, at: at(i) }));
        expect(await other.audit.purgeBefore(at(2))).toBe(2);
        expect(await store.audit.purgeBefore(at(2))).toBe(0);
        expect(ids(await store.audit.find({}))).toEqual(['p2', 'p3']);
      });
    });

    describe('measures', () => {
      test('create stores the measure; a second create with the same id is "exists" and never overwrites', async () => {
        expect(await store.measures.create(measure())).toBe('created');
        expect(await store.measures.create(measure({ kind: 'none', instruction: 'overwritten?' }))).toBe('exists');
        expect(await store.measures.get('msr-inc-1')).toEqual(measure());
        expect(await store.measures.get('msr-unknown')).toBeUndefined();
        const oneOff = measure({ id: 'msr/2?#', endDate: undefined, kind: 'warning-letter' });
        await store.measures.create(oneOff);
        expect(await store.measures.get('msr/2?#')).toEqual(oneOff);
      });

      test('find by teams and citizen reference, oldest start first (ties by id), on every instance', async () => {
        const other = await harness.another();
        await store.measures.create(measure({ id: 'm3', startDate: '2026-12-01' }));
        await other.measures.create(measure({ id: 'm1b', startDate: '2026-11-01' }));
        await store.measures.create(measure({ id: 'm1a', startDate: '2026-11-01' }));
        await store.measures.create(measure({ id: 'm2', startDate: '2026-11-15', citizenRef: 'Z-2' }));
        await other.measures.create(measure({ id: 'm4', teamId: 'team-b', startDate: '2026-10-01' }));
        expect(ids(await other.measures.find({ teamIds: ['team-a'], citizenRef: 'Z-1' }))).toEqual(['m1a', 'm1b', 'm3']);
        expect(ids(await store.measures.find({ teamIds: ['team-a', 'team-b'], citizenRef: 'Z-1' }))).toEqual(['m4', 'm1a', 'm1b', 'm3']);
        expect(ids(await store.measures.find({ teamIds: ['team-a'] }))).toEqual(['m1a', 'm1b', 'm2', 'm3']);
        expect(ids(await store.measures.find({ teamIds: ['team-b'], citizenRef: 'Z-2' }))).toEqual([]);
        expect(await store.measures.find({ teamIds: [] })).toEqual([]);
      });

      test('end marks it ended once, across instances; the second end is false and changes nothing', async () => {
        const other = await harness.another();
        await store.measures.create(measure());
        expect(await other.measures.end('msr-inc-1', at(5), 'dirk')).toBe(true);
        expect(await store.measures.end('msr-inc-1', at(6), 'eva')).toBe(false);
        expect(await store.measures.end('msr-unknown', at(6), 'eva')).toBe(false);
        expect(await store.measures.get('msr-inc-1')).toEqual(measure({ endedAt: at(5), endedBy: 'dirk' }));
        expect(await other.measures.find({ teamIds: ['team-a'], citizenRef: 'Z-1' })).toEqual([measure({ endedAt: at(5), endedBy: 'dirk' })]);
      });

      test('the quarterly review counts measures started, running and ended in the quarter (counts only)', async () => {
        await store.measures.create(measure({ id: 'q1', startDate: '2026-06-01', endDate: '2026-08-31' })); // ended in Q3
        await store.measures.create(measure({ id: 'q2', startDate: '2026-07-15', endDate: '2026-12-31' })); // started, running
        await store.measures.create(measure({ id: 'q3', startDate: '2026-08-01', endDate: '2027-01-31' })); // started, ended early
        await store.measures.end('q3', '2026-09-10T10:00:00.000Z', 'dirk');
        await store.measures.create(measure({ id: 'q4', startDate: '2026-09-01', endDate: undefined, kind: 'warning-letter' })); // a one-off: started
        await store.measures.create(measure({ id: 'q5', startDate: '2026-10-02', endDate: '2026-12-31' })); // next quarter
        await store.measures.create(measure({ id: 'q6', teamId: 'team-b', startDate: '2026-07-01', endDate: '2026-12-31' })); // another team
        const q3 = { label: '2026-Q3', from: '2026-06-30T22:00:00.000Z', to: '2026-09-30T22:00:00.000Z' };
        const stats = await reviewStatistics(store, 'team-a', 'quarter', q3, 'Europe/Amsterdam', new Date('2026-10-01T08:00:00.000Z'));
        expect(stats.measures).toEqual({ started: 3, running: 1, ended: 2 });
      });
    });

    describe('claimOnce', () => {
      test('true the first time, false ever after, on every instance; purge makes a key new again', async () => {
        const other = await harness.another();
        expect(await store.claimOnce('slack:event:Ev1', at(0))).toBe(true);
        expect(await store.claimOnce('slack:event:Ev1', at(1))).toBe(false);
        expect(await other.claimOnce('slack:event:Ev1', at(2))).toBe(false);
        expect(await other.claimOnce('slack:event:Ev2/with?odd#chars%', at(5))).toBe(true);
        expect(await store.claimOnce('slack:event:Ev2/with?odd#chars%', at(6))).toBe(false);

        expect(await store.purgeHandledOnceBefore(at(5))).toBe(1);
        expect(await store.purgeHandledOnceBefore(at(5))).toBe(0);
        expect(await other.claimOnce('slack:event:Ev2/with?odd#chars%', at(7))).toBe(false);
        expect(await other.claimOnce('slack:event:Ev1', at(8))).toBe(true);
      });

      test('20 concurrent claims of one key over two instances: exactly one true', async () => {
        const other = await harness.another();
        const results = await Promise.all(range(20).map((i) => (i % 2 ? store : other).claimOnce('interaction:42', at(i))));
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('nextSequence', () => {
      test('starts at 1 and counts up, per name', async () => {
        expect(await store.nextSequence('incident:team-a:2026')).toBe(1);
        expect(await store.nextSequence('incident:team-a:2026')).toBe(2);
        expect(await store.nextSequence('incident:team-b:2026')).toBe(1);
        expect(await store.nextSequence('incident:team-a:2026')).toBe(3);
      });

      test('atomic under concurrency: 50 calls over two instances give 1..50, each once', async () => {
        const other = await harness.another();
        const values = await Promise.all(range(50).map((i) => (i % 2 ? store : other).nextSequence('incident:team-a:2027')));
        expect([...values].sort((a, b) => a - b)).toEqual(range(50).map((i) => i + 1));
        expect(await other.nextSequence('incident:team-a:2027')).toBe(51);
      });
    });

    test('close resolves, also twice', async () => {
      const other = await harness.another();
      await other.nextSequence('x');
      await expect(other.close()).resolves.toBeUndefined();
      await expect(other.close()).resolves.toBeUndefined();
    });
  });
}
