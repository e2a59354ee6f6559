/** Intake's rules against the embedded store: incident ids, patterns and what counts for them, numbers (src/services/incidents.ts). */
import { parseTeamsConfig } from '../../src/config';
import { IncidentService, incidentIdFor, nextIncidentNumber } from '../../src/services/incidents';
import { SqliteStore } from '../../src/store/sqlite';
import { incident, at } from '../contract/store-contract';
import { FakeClock } from '../helpers/clock';

const team = parseTeamsConfig(`
teams:
  - id: team-a
    name: Team A
    people: [{ id: fleur, name: Fleur }, { id: gijs, name: Gijs }]
`).teams[0];

let store: SqliteStore;
let service: IncidentService;
beforeEach(() => {
  store = new SqliteStore(':memory:');
  service = new IncidentService(store, new FakeClock(at(60)));
});
afterEach(() => store.close());

test('an incident id: "inc-" and 24 hex digits, the same for the same team and form, different otherwise', () => {
  const id = incidentIdFor('team-a', 'form-1');
  expect(id).toMatch(/^inc-[0-9a-f]{24}$/);
  expect(incidentIdFor('team-a', 'form-1')).toBe(id);
  expect(incidentIdFor('team-b', 'form-1')).not.toBe(id);
  expect(incidentIdFor('team-a', 'form-2')).not.toBe(id);
});

test('the citizen pattern, and the same reporter and behaviour with other citizens: each earlier incident once, oldest first', async () => {
  await store.incidents.create(incident({ id: 'same-citizen', occurredAt: at(-30), reporterId: 'fleur', category: 'threat', citizenRef: 'Z-1' }));
  await store.incidents.create(incident({ id: 'other-citizen', occurredAt: at(-20), reporterId: 'fleur', category: 'threat', citizenRef: 'Z-2' }));
  await store.incidents.create(incident({ id: 'no-citizen', occurredAt: at(-40), reporterId: 'fleur', category: 'threat', citizenRef: undefined }));
  await store.incidents.create(incident({ id: 'colleague', occurredAt: at(-10), reporterId: 'gijs', category: 'verbal-aggression', citizenRef: 'Z-1' }));
  const data = { occurredAt: at(0), category: 'threat' as const, citizenRef: 'Z-1', stoppedAfterLimit: false };
  const found = await service.classify(team, 'fleur', data);
  expect(found.pattern.map((i) => i.id)).toEqual(['same-citizen', 'colleague']);
  expect(found.reporterPattern.map((i) => i.id)).toEqual(['no-citizen', 'other-citizen']);
  expect(found).toMatchObject({ status: 'required' });
});

test('only the earlier incidents the caller counts make a pattern (a correction never counts itself)', async () => {
  await store.incidents.create(incident({ id: 'itself', occurredAt: at(-5), reporterId: 'fleur', category: 'verbal-aggression', stoppedAfterLimit: true, citizenRef: 'Z-1' }));
  await store.incidents.create(incident({ id: 'earlier-other', occurredAt: at(-15), reporterId: 'fleur', category: 'verbal-aggression', citizenRef: 'Z-3' }));
  const data = { occurredAt: at(0), category: 'verbal-aggression' as const, citizenRef: 'Z-1', stoppedAfterLimit: true };
  const all = await service.classify(team, 'fleur', data);
  expect(all.pattern.map((i) => i.id)).toEqual(['itself']);
  expect(all.status).toBe('required');
  const notItself = await service.classify(team, 'fleur', data, (i) => i.id !== 'itself' && i.id !== 'earlier-other');
  expect(notItself.pattern).toEqual([]);
  expect(notItself.reporterPattern).toEqual([]);
  expect(notItself.status).toBe('not-required');
});

test('numbers count per team and per year, from 0001', async () => {
  const nov = new Date('2026-11-20T10:00:00Z');
  expect(await nextIncidentNumber(store, 'team-a', nov)).toBe('2026-0001');
  expect(await nextIncidentNumber(store, 'team-a', nov)).toBe('2026-0002');
  expect(await nextIncidentNumber(store, 'team-b', nov)).toBe('2026-0001');
  expect(await nextIncidentNumber(store, 'team-a', new Date('2027-01-01T00:00:00Z'))).toBe('2027-0001');
  expect(await nextIncidentNumber(store, 'team-a', nov)).toBe('2026-0003');
});
