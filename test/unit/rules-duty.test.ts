/** Who is on first-response duty, the paging ladder and its waves (src/services/duty.ts, paging-rules.ts). */
import { parseTeamsConfig, type TeamConfig } from '../../src/config';
import { helpLadder, isOnShift, lastStep, onDuty, pagingLadder, waveAt } from '../../src/services/duty';
import type { PagingState } from '../../src/services/model';
import { SendTimeout, pageState, responsible, waveDone, withTimeout } from '../../src/services/paging-rules';

const team: TeamConfig = parseTeamsConfig(`
teams:
  - id: noord
    name: KCC Noord
    people:
      - { id: anna,  name: Anna,  roles: [member, first-responder] }
      - { id: bram,  name: Bram,  roles: [member, first-responder], shifts: [{ days: [1, 2, 3], from: "08:00", to: "12:30" }, { days: [5], from: "13:00", to: "17:00" }] }
      - { id: cees,  name: Cees,  roles: [member, first-responder], absent: true }
      - { id: eva,   name: Eva,   roles: [lead] }
      - { id: erik,  name: Erik,  roles: [lead], absent: true }
      - { id: dirk,  name: Dirk,  roles: [coordinator] }
      - { id: dora,  name: Dora,  roles: [coordinator], absent: true }
      - { id: fleur, name: Fleur, roles: [member] }
    firstResponse:
      rota: [bram, anna, cees]
`).teams[0];
const person = (id: string) => team.people.find((p) => p.id === id)!;
const MONDAY_0800 = new Date('2026-11-23T07:00:00Z'); // 08:00 in Amsterdam
const MONDAY_1230 = new Date('2026-11-23T11:30:00Z');
const FRIDAY_1045 = new Date('2026-11-20T09:45:00Z');
const FRIDAY_1300 = new Date('2026-11-20T12:00:00Z');

test('on shift: from inclusive, to exclusive, on the shift days, in the team zone; no shifts is always', () => {
  expect(isOnShift(person('bram'), team, MONDAY_0800)).toBe(true);
  expect(isOnShift(person('bram'), team, new Date('2026-11-23T06:59:00Z'))).toBe(false);
  expect(isOnShift(person('bram'), team, new Date('2026-11-23T11:29:00Z'))).toBe(true);
  expect(isOnShift(person('bram'), team, MONDAY_1230)).toBe(false);
  expect(isOnShift(person('bram'), team, FRIDAY_1045)).toBe(false);
  expect(isOnShift(person('bram'), team, FRIDAY_1300)).toBe(true);
  expect(isOnShift(person('bram'), team, new Date('2026-11-26T08:00:00Z'))).toBe(false); // Thursday
  expect(isOnShift(person('anna'), team, new Date('2026-11-22T03:00:00Z'))).toBe(true);
});

test('on duty: the rota in order, without the absent, the unknown and those off shift', () => {
  expect(onDuty(team, MONDAY_0800).map((p) => p.id)).toEqual(['bram', 'anna']);
  expect(onDuty(team, FRIDAY_1045).map((p) => p.id)).toEqual(['anna']);
  // A rota id nobody in the team has (a person removed from the file) is skipped.
  const ghost = { ...team, firstResponse: { ...team.firstResponse, rota: ['nobody', ...team.firstResponse.rota] } };
  expect(onDuty(ghost, MONDAY_0800).map((p) => p.id)).toEqual(['bram', 'anna']);
});

test('paging ladder: on duty, then the leads, then for a threat the coordinators; never the reporter, nobody twice', () => {
  expect(pagingLadder(team, 'verbal-aggression', 'fleur', MONDAY_0800)).toEqual(['bram', 'anna', 'eva']);
  expect(pagingLadder(team, 'threat', 'fleur', MONDAY_0800)).toEqual(['bram', 'anna', 'eva', 'dirk']);
  expect(pagingLadder(team, 'threat', 'anna', FRIDAY_1045)).toEqual(['eva', 'dirk']);
  expect(pagingLadder(team, 'emotion-self', 'eva', FRIDAY_1045)).toEqual(['anna']);
  const leadOnRota = { ...team, firstResponse: { ...team.firstResponse, rota: ['eva', 'anna'] } };
  expect(pagingLadder(leadOnRota, 'threat', 'fleur', FRIDAY_1045)).toEqual(['eva', 'anna', 'dirk']);
});

test('waves: step 0 pages `parallel` people at once, each later step one more', () => {
  const paging = { ladder: ['a', 'b', 'c', 'd'], parallel: 2 };
  expect(waveAt(paging, 0)).toEqual(['a', 'b']);
  expect(waveAt(paging, 1)).toEqual(['c']);
  expect(waveAt(paging, 2)).toEqual(['d']);
  expect(waveAt(paging, 3)).toStrictEqual([]); // no one past the end of the ladder (toEqual would pass [undefined])
  expect(waveAt({ ladder: ['a', 'b'] }, 0)).toEqual(['a']);
  expect(waveAt({ ladder: ['a', 'b'] }, 1)).toEqual(['b']);
  expect(lastStep(paging)).toBe(2);
  expect(lastStep({ ladder: ['a', 'b', 'c'] })).toBe(2);
  expect(lastStep({ ladder: [] })).toBe(-1);
  expect(lastStep({ ladder: [], parallel: 2 })).toBe(-1);
});

test('a help request pages everyone on duty at once, then the leads and coordinators one by one', () => {
  expect(helpLadder(team, 'fleur', MONDAY_0800)).toEqual({ ladder: ['bram', 'anna', 'eva', 'dirk'], parallel: 2 });
  expect(helpLadder(team, 'anna', FRIDAY_1045)).toEqual({ ladder: ['eva', 'dirk'], parallel: 1 });
  const nobody = { ...team, people: team.people.filter((p) => p.id === 'fleur'), firstResponse: { ...team.firstResponse, rota: [] } };
  expect(helpLadder(nobody, 'fleur', MONDAY_0800)).toEqual({ ladder: [], parallel: 1 });
});

const paging = (extra: Partial<PagingState> = {}): PagingState => ({ status: 'paging', ladder: ['a', 'b', 'c'], parallel: 2, step: 0, pages: [], declined: [], ...extra });

test('a wave is done when everyone in it declined or could not be reached', () => {
  expect(waveDone(paging())).toBe(false);
  expect(waveDone(paging({ declined: ['a'] }))).toBe(false);
  expect(waveDone(paging({ declined: ['a', 'b'] }))).toBe(true);
  expect(waveDone(paging({ declined: ['a'], unreachable: ['b'] }))).toBe(true);
  expect(waveDone(paging({ unreachable: ['a', 'b'] }))).toBe(true);
  expect(waveDone(paging({ step: 1, declined: ['a', 'b'] }))).toBe(false);
  expect(waveDone(paging({ step: 1, declined: ['c'] }))).toBe(true);
});

test("a page's state for its viewer", () => {
  expect(pageState(paging({ status: 'acknowledged', declined: ['a'] }), 'a')).toBe('acknowledged');
  expect(pageState(paging({ status: 'exhausted', declined: ['a'] }), 'a')).toBe('exhausted');
  expect(pageState(paging({ status: 'stood-down', declined: ['a'] }), 'a')).toBe('stood-down');
  expect(pageState(paging({ declined: ['a'] }), 'a')).toBe('declined');
  expect(pageState(paging({ declined: ['a'] }), 'b')).toBe('open');
  expect(pageState(undefined, 'a')).toBe('open');
});

test('who hears that first response failed: leads and coordinators who are not absent', () => {
  expect(responsible(team).map((p) => p.id)).toEqual(['eva', 'dirk']);
});

test('withTimeout: the work when in time, a SendTimeout when not', async () => {
  await expect(withTimeout(Promise.resolve(7), 1000)).resolves.toBe(7);
  await expect(withTimeout(Promise.reject(new Error('boom')), 1000)).rejects.toThrow('boom');
  const never = new Promise<number>(() => {});
  const late = withTimeout(never, 20);
  await expect(late).rejects.toBeInstanceOf(SendTimeout);
  await expect(withTimeout(never, 20)).rejects.toThrow('no answer within 20 ms');
});

test('withTimeout leaves no timer running once the work is done, in time or not', async () => {
  jest.useFakeTimers();
  try {
    await expect(withTimeout(Promise.resolve(7), 60_000)).resolves.toBe(7);
    expect(jest.getTimerCount()).toBe(0);
    const failing = Promise.reject(new Error('boom'));
    failing.catch(() => {}); // handled here too: a mutant that drops the work fails the test instead of crashing the run
    await expect(withTimeout(failing, 60_000)).rejects.toThrow('boom');
    expect(jest.getTimerCount()).toBe(0);
  } finally {
    jest.useRealTimers();
  }
});
