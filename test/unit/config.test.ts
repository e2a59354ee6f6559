import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadAppConfig, parseTeamsConfig } from '../../src/config';
import { Directory } from '../../src/services/directory';

const example = join(__dirname, '../../config/melden.yaml');

test('the shipped example loads as is, with defaults applied', () => {
  const file = parseTeamsConfig(readFileSync(example, 'utf8'));
  expect(file.timezone).toBe('Europe/Amsterdam');
  expect(file.teams[0]).toMatchObject({ id: 'kcc-noord', timezone: 'Europe/Amsterdam', locale: 'nl', patternWindow: 'P90D' });
  expect(file.teams[0].firstResponse).toEqual({
    rota: ['anna', 'bram'],
    ackTimeout: 'PT5M',
    threatAckTimeout: 'PT2M',
    urgentWindow: 'PT1H',
    places: ['Balie 1', 'Balie 2', 'Balie 3', 'Spreekkamer 2', 'Thuiswerk'],
  });
});

test('the minimal form of DESIGN §6 loads (no norms, no patternWindow)', () => {
  const file = parseTeamsConfig(`
teams:
  - id: kcc-noord
    name: KCC Noord
    channel:
      teams: { conversationId: "19:kcc-noord@thread.tacv2", tenantId: "tenant-1" }
    people:
      - { id: anna, name: Anna de Vries, teamsUserId: "29:anna", roles: [member, first-responder] }
    firstResponse:
      rota: [anna]
      ackTimeout: PT5M
      threatAckTimeout: PT2M
`);
  expect(file.teams[0].norms).toEqual({});
  expect(file.locale).toBe('nl');
});

test.each([
  ['teams: []', 'teams'],
  ['teams:\n  - { id: x, name: X, people: [{ id: a, name: A }], firstResponse: { rota: [nobody] } }', 'teams.0.firstResponse.rota.0: unknown person "nobody"'],
  ['teams:\n  - { id: x, name: X, people: [{ id: a, name: A }], firstResponse: { ackTimeout: 5min } }', 'teams.0.firstResponse.ackTimeout'],
  ['timezone: Mars/Olympus\nteams:\n  - { id: x, name: X, people: [{ id: a, name: A }] }', 'timezone'],
  ['teams:\n  - { id: x, name: X, people: [{ id: a, name: A, roles: [boss] }] }', 'teams.0.people.0.roles.0'],
  ['teams: [ {', 'not valid YAML'],
])('invalid config %j names the field', (yaml, expected) => {
  expect(() => parseTeamsConfig(yaml)).toThrow(ConfigError);
  expect(() => parseTeamsConfig(yaml)).toThrow(expected);
});

test('production without an app id refuses to start', () => {
  expect(() => loadAppConfig({ NODE_ENV: 'production', MELDEN_CONFIG: example })).toThrow(/MicrosoftAppId is not set/);
});

test('production without an app id but with Slack serves Slack only: Teams is off, not unauthenticated', () => {
  const config = loadAppConfig({ NODE_ENV: 'production', MELDEN_CONFIG: example, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
  expect(config).toMatchObject({ teamsEnabled: false, localDevelopment: false, host: '0.0.0.0' });
  expect(loadAppConfig({ MELDEN_CONFIG: example })).toMatchObject({ teamsEnabled: true, localDevelopment: true });
});

test('local development binds to 127.0.0.1; with an app id all interfaces', () => {
  expect(loadAppConfig({ MELDEN_CONFIG: example }).host).toBe('127.0.0.1');
  const prod = loadAppConfig({ MELDEN_CONFIG: example, NODE_ENV: 'production', MicrosoftAppId: 'app', MicrosoftAppPassword: 'x' });
  expect(prod).toMatchObject({ host: '0.0.0.0', localDevelopment: false });
});

test('a missing config file is a clear error', () => {
  expect(() => loadAppConfig({ MELDEN_CONFIG: '/nonexistent/melden.yaml' })).toThrow(/MELDEN_CONFIG: cannot read .* ENOENT/);
});

describe('one chat identity is one person (docs/roles.md)', () => {
  const twoTeams = (zuidPerson: string) => `
teams:
  - id: kcc-noord
    name: KCC Noord
    people:
      - { id: eva, name: Eva Smit, teamsUserId: "29:eva", slackUserId: U0EVA, roles: [lead] }
  - id: kcc-zuid
    name: KCC Zuid
    people:
      - ${zuidPerson}
`;

  test('the same person (same id) in two teams, e.g. a lead of both, loads; the directory answers per team', () => {
    const file = parseTeamsConfig(twoTeams('{ id: eva, name: Eva Smit, teamsUserId: "29:eva", slackUserId: U0EVA, roles: [lead] }'));
    const directory = new Directory(file.teams);
    expect(directory.teamsMemberships('29:eva').map((m) => m.team.id)).toEqual(['kcc-noord', 'kcc-zuid']);
    expect(directory.slackMemberships('U0EVA').map((m) => m.team.id)).toEqual(['kcc-noord', 'kcc-zuid']);
  });

  test.each([
    ['teamsUserId', '{ id: sam, name: Sam, teamsUserId: "29:eva", roles: [member] }'],
    ['slackUserId', '{ id: sam, name: Sam, slackUserId: U0EVA, roles: [member] }'],
  ])('two different people with one %s are refused, naming both', (field, zuid) => {
    expect(() => parseTeamsConfig(twoTeams(zuid))).toThrow(new RegExp(`teams\\.1\\.people\\.0\\.${field}: ${field} "[^"]+" is already used by person "eva"`));
  });
});

test('MELDEN_INSTANCES: how many instances divide the send limits, 1 by default; anything but a count is refused', () => {
  expect(loadAppConfig({ MELDEN_CONFIG: example }).instances).toBe(1);
  expect(loadAppConfig({ MELDEN_CONFIG: example, MELDEN_INSTANCES: '3' }).instances).toBe(3);
  for (const bad of ['0', '-1', '1.5', 'two']) {
    expect(() => loadAppConfig({ MELDEN_CONFIG: example, MELDEN_INSTANCES: bad })).toThrow(/MELDEN_INSTANCES: expected the number of instances/);
  }
});
