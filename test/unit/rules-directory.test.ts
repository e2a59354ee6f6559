/** Who is who (src/services/directory.ts): lookups by chat identity, in the order of the configuration. */
import { Directory } from '../../src/services/directory';
import type { PersonConfig, TeamConfig } from '../../src/services/people';

const person = (id: string, ids: Partial<PersonConfig> = {}): PersonConfig => ({ id, name: id, roles: ['member'], absent: false, shifts: [], ...ids }) as PersonConfig;
const team = (id: string, people: PersonConfig[]): TeamConfig => ({ id, name: id, people }) as unknown as TeamConfig;

const noord = team('noord', [person('anna', { teamsUserId: '29:anna', aadObjectId: 'aad-anna', slackUserId: 'UANNA' }), person('bram', { teamsUserId: '29:bram' })]);
const zuid = team('zuid', [person('cor', { aadObjectId: 'aad-anna-2' }), person('anna', { teamsUserId: '29:anna', slackUserId: 'UANNA' })]);
const west = team('west', [person('dirk', { aadObjectId: 'aad-dirk' }), person('eva', { teamsUserId: '29:eva' })]);
const directory = new Directory([noord, zuid, west]);

test('a person in two teams: both memberships, in the order of the teams', () => {
  expect(directory.teamsMemberships('29:anna').map((m) => `${m.team.id}/${m.person.id}`)).toEqual(['noord/anna', 'zuid/anna']);
  expect(directory.byTeamsUser('29:anna')?.team.id).toBe('noord');
  expect(directory.slackMemberships('UANNA').map((m) => m.team.id)).toEqual(['noord', 'zuid']);
});

test('found by the Entra object id when the chat user id is unknown, and nobody for nobody', () => {
  expect(directory.byTeamsUser('29:nieuw', 'aad-dirk')?.person.id).toBe('dirk');
  expect(directory.byTeamsUser(undefined, 'aad-dirk')?.person.id).toBe('dirk');
  expect(directory.teamsMemberships(undefined, undefined)).toEqual([]);
  expect(directory.teamsMemberships('', '')).toEqual([]);
  expect(directory.slackMemberships(undefined)).toEqual([]);
  expect(directory.byTeamsUser('29:niemand', 'aad-niemand')).toBeUndefined();
});

test('user id and object id naming two people of one team: the one listed first, as a search of the list finds', () => {
  // In team west, dirk (listed first) has the object id, eva the user id.
  expect(directory.teamsMemberships('29:eva', 'aad-dirk').map((m) => m.person.id)).toEqual(['dirk']);
  expect(directory.teamsMemberships('29:eva').map((m) => m.person.id)).toEqual(['eva']);
});

test('teams and people by id', () => {
  expect(directory.team('zuid')).toBe(zuid);
  expect(directory.team('oost')).toBeUndefined();
  expect(directory.person('zuid', 'cor')?.aadObjectId).toBe('aad-anna-2');
  expect(directory.person('noord', 'cor')).toBeUndefined();
  expect(directory.withRole('noord', 'member').map((p) => p.id)).toEqual(['anna', 'bram']);
});
