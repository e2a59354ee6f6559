/** Intake and the pattern rule against the real embedded store. */
import { parseTeamsConfig } from '../../src/config';
import { IncidentService } from '../../src/services/incidents';
import { SqliteStore } from '../../src/store/sqlite';
import { FakeClock } from '../helpers/clock';

const team = parseTeamsConfig(`
teams:
  - id: t1
    name: Team 1
    people:
      - { id: anna, name: Anna, roles: [member] }
      - { id: bram, name: Bram, roles: [member] }
`).teams[0];

let store: SqliteStore;
let clock: FakeClock;
let service: IncidentService;
let n = 0;

beforeEach(() => {
  store = new SqliteStore(':memory:');
  clock = new FakeClock('2026-06-01T10:00:00Z');
  service = new IncidentService(store, clock);
});
afterEach(() => store.close());

/** Reports "now" (the fake clock) with the given fields. */
async function report(personId: string, fields: Record<string, string>) {
  const local = clock.now().toISOString();
  const values = {
    date: local.slice(0, 10),
    time: '09:00',
    channel: 'phone',
    category: 'emotion-self',
    description: 'Klaagde over de wachttijd.',
    stoppedAfterLimit: 'true',
    ...fields,
  };
  n += 1;
  const outcome = await service.report({ team, personId, platform: 'teams', locale: 'nl' }, `form-${n}-xxxxxxxx`, values);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.incident;
}

const DAY = 86_400_000;

test('a first emotional report is not registered; the same reporter and category within 90 days is a reporter pattern, not a registration (docs/measures.md)', async () => {
  const first = await report('anna', {});
  expect(first.registration).toBe('not-required');
  clock.advance(30 * DAY);
  const second = await report('anna', {});
  expect(second).toMatchObject({ registration: 'not-required', patternIncidentIds: [], reporterPatternIds: [first.id] });
});

test('the same reporter with another category is no pattern; another reporter with the same category neither', async () => {
  await report('anna', { category: 'emotion-self' });
  clock.advance(DAY);
  expect((await report('anna', { category: 'emotion-criticism' })).registration).toBe('not-required');
  expect((await report('bram', { category: 'emotion-self' })).registration).toBe('not-required');
});

test('the same citizen reference within the window makes a pattern across reporters and categories', async () => {
  const first = await report('anna', { category: 'emotion-criticism', citizenRef: 'Z-1' });
  clock.advance(10 * DAY);
  const second = await report('bram', { category: 'verbal-aggression', stoppedAfterLimit: 'true', citizenRef: 'z-1' });
  expect(second).toMatchObject({ registration: 'required', registrationReason: 'pattern', patternIncidentIds: [first.id] });
});

test('bedreiging van drie uur geleden: geregistreerd, maar alleen opvang als de melder erom vraagt', async () => {
  const notAsked = await report('anna', { category: 'threat', firstResponse: 'false' }); // 09:00, three hours ago
  expect(notAsked).toMatchObject({ registration: 'required', firstResponse: false });
  const asked = await report('bram', { category: 'threat', firstResponse: 'true' });
  expect(asked).toMatchObject({ registration: 'required', firstResponse: true, firstResponseRequested: true });
});

test('a recurrence after the 90-day window is no pattern', async () => {
  await report('anna', { citizenRef: 'Z-9' });
  clock.advance(91 * DAY);
  expect((await report('anna', { citizenRef: 'Z-9' })).registration).toBe('not-required');
});

test('a threat is always required and paged; numbers count up per team and year', async () => {
  // 11:45 local, a quarter of an hour ago: happening now, so the protocol pages without being asked.
  const a = await report('anna', { category: 'threat', firstResponse: 'false', time: '11:45' });
  const b = await report('bram', { category: 'threat' });
  expect(a).toMatchObject({ registration: 'required', registrationReason: 'threat', firstResponse: true, firstResponseRequested: false });
  expect([a.number, b.number]).toEqual(['2026-0001', '2026-0002']);
});

test('the same submission key twice gives the same incident, stored once', async () => {
  const values = { date: '2026-06-01', time: '11:00', channel: 'desk', category: 'threat', description: 'Dreigde.' };
  const reporter = { team, personId: 'anna', platform: 'teams' as const, locale: 'nl' as const };
  const one = await service.report(reporter, 'same-key-123', values);
  const two = await service.report(reporter, 'same-key-123', { ...values, description: 'anders' });
  expect(one.ok && two.ok).toBe(true);
  if (one.ok && two.ok) {
    expect(two.incident.id).toBe(one.incident.id);
    expect(two.created).toBe(false);
    expect(two.incident.description).toBe('Dreigde.');
  }
  expect(await store.incidents.find({ teamId: 't1' })).toHaveLength(1);
});
