/** Improvement actions and deviations: the command grammar, defaults, validation, completing, idempotency. */
import { DateTime } from 'luxon';
import { parseTeamsConfig } from '../../src/config';
import { Directory } from '../../src/services/directory';
import { median, percentile } from '../../src/services/statistics';
import { parseActionText, parseDueDate, TeamActionService } from '../../src/services/team-actions';
import { SqliteStore } from '../../src/store/sqlite';
import { FakeClock } from '../helpers/clock';

const config = parseTeamsConfig(`
teams:
  - id: kcc
    name: KCC
    people:
      - { id: eva, name: Eva Smit, roles: [lead] }
      - { id: anna, name: Anna de Vries }
      - { id: bram, name: Bram Jansen }
      - { id: bram2, name: Bram Visser }
`);
const team = config.teams[0];
const [eva, anna, bram] = team.people;

test.each([
  ['balie ophogen', { text: 'balie ophogen', owner: undefined, due: undefined }],
  ['balie ophogen @voor anna @uiterlijk 2026-12-31', { text: 'balie ophogen', owner: 'anna', due: '2026-12-31' }],
  ['balie voor: anna ophogen uiterlijk: 31-12', { text: 'balie ophogen', owner: 'anna', due: '31-12' }],
  ['check @owner bram @due 1-2-2027', { text: 'check', owner: 'bram', due: '1-2-2027' }],
  ['wie is voor ons de baas', { text: 'wie is voor ons de baas', owner: undefined, due: undefined }],
])('parseActionText(%j)', (input, expected) => {
  expect(parseActionText(input)).toEqual(expected);
});

test('due dates: ISO, Dutch day-month(-year), nonsense', () => {
  const today = DateTime.fromISO('2026-11-20', { zone: 'Europe/Amsterdam' });
  expect(parseDueDate('2026-12-31', today)).toBe('2026-12-31');
  expect(parseDueDate('31-12-2026', today)).toBe('2026-12-31');
  expect(parseDueDate('5/1', today)).toBe('2026-01-05');
  expect(parseDueDate('31-02-2027', today)).toBeUndefined();
  expect(parseDueDate('morgen', today)).toBeUndefined();
});

describe('TeamActionService', () => {
  let store: SqliteStore;
  let service: TeamActionService;
  const clock = new FakeClock('2026-11-20T09:00:00.000Z');
  beforeEach(() => {
    store = new SqliteStore(':memory:');
    service = new TeamActionService(store, clock, new Directory(config.teams));
  });
  afterEach(() => store.close());

  test('defaults: owner = the sender, due in four weeks; numbered per team; the same key twice is one action', async () => {
    const first = await service.add(team, anna, 'action', { text: '  balie   ophogen ' }, 'k1');
    expect(first).toMatchObject({ ok: true, created: true, action: { number: 'A-1', text: 'balie ophogen', ownerId: 'anna', dueDate: '2026-12-18', createdBy: 'anna' } });
    expect(await service.add(team, anna, 'action', { text: 'balie ophogen' }, 'k1')).toMatchObject({ ok: true, created: false, action: { number: 'A-1' } });
    expect(await service.add(team, eva, 'action', { text: 'x', owner: 'Anna', due: '31-12-2026' }, 'k2')).toMatchObject({ action: { number: 'A-2', ownerId: 'anna', dueDate: '2026-12-31' } });
    expect(await service.add(team, eva, 'deviation', { text: 'afgeweken' }, 'k3')).toMatchObject({ action: { number: 'D-1', kind: 'deviation', ownerId: 'eva', dueDate: undefined } });
  });

  test('validation: empty, too long, unknown owner, bad or past date', async () => {
    expect(await service.add(team, anna, 'action', { text: ' ' }, 'a')).toEqual({ ok: false, error: 'empty' });
    expect(await service.add(team, anna, 'action', { text: 'x'.repeat(501) }, 'b')).toEqual({ ok: false, error: 'too-long' });
    expect(await service.add(team, anna, 'action', { text: 'x', owner: 'kees' }, 'c')).toEqual({ ok: false, error: 'unknown-owner' });
    expect(await service.add(team, anna, 'action', { text: 'x', owner: 'bram' }, 'd')).toMatchObject({ ok: true, action: { ownerId: 'bram' } }); // the id wins
    expect(await service.add(team, anna, 'action', { text: 'x', owner: 'Bram' }, 'e')).toMatchObject({ ok: true }); // id, case-insensitive
    expect(await service.add(team, anna, 'action', { text: 'x', due: 'morgen' }, 'f')).toEqual({ ok: false, error: 'invalid-date' });
    expect(await service.add(team, anna, 'action', { text: 'x', due: '2026-11-19' }, 'g')).toEqual({ ok: false, error: 'past-date' });
  });

  test('complete: by number, once; only the owner, the creator, a lead or the coordinator', async () => {
    await service.add(team, anna, 'action', { text: 'x', owner: 'anna' }, 'k1');
    expect((await service.complete(team, 'A-1', bram)).result).toBe('not-allowed');
    expect((await service.complete(team, '1', eva)).result).toBe('completed');
    expect((await service.complete(team, 'a-1', anna)).result).toBe('already');
    expect((await service.complete(team, 'A-9', anna)).result).toBe('unknown');
    const view = await service.listView(team);
    expect(view.open).toEqual([]);
  });
});

test('median and nearest-rank percentile', () => {
  expect(median([])).toBeUndefined();
  expect(median([5])).toBe(5);
  expect(median([1, 3])).toBe(2);
  expect(median([1, 2, 9])).toBe(2);
  expect(percentile([], 90)).toBeUndefined();
  expect(percentile([1, 2, 3], 90)).toBe(3);
  expect(percentile(Array.from({ length: 10 }, (_, i) => i + 1), 90)).toBe(9);
  expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 90)).toBe(90);
});
