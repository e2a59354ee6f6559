/** The one access policy (src/services/access.ts, docs/roles.md) and the directory it asks (src/services/directory.ts). */
import { parseTeamsConfig } from '../../src/config';
import { DATA_KINDS, INCIDENT_ROLES, ON_REQUEST, coordinatedTeams, isCoordinator, mayAct, mayLookUpMeasures, mayManageMeasure, maySee, memberFor, rolesOn, type DataKind, type IncidentAction } from '../../src/services/access';
import { Directory, type PersonInTeam } from '../../src/services/directory';
import type { AftercareMoment, Incident } from '../../src/services/model';

const config = parseTeamsConfig(`
teams:
  - id: noord
    name: KCC Noord
    people:
      - { id: anna,  name: Anna,  teamsUserId: "29:anna",  slackUserId: U0ANNA,  aadObjectId: aad-anna, roles: [member, first-responder] }
      - { id: eva,   name: Eva,   teamsUserId: "29:eva",   slackUserId: U0EVA,   roles: [lead] }
      - { id: carla, name: Carla, teamsUserId: "29:carla", slackUserId: U0CARLA, roles: [aftercare] }
      - { id: dirk,  name: Dirk,  teamsUserId: "29:dirk",  slackUserId: U0DIRK,  roles: [coordinator] }
      - { id: fleur, name: Fleur, teamsUserId: "29:fleur", slackUserId: U0FLEUR, roles: [member] }
      - { id: gijs,  name: Gijs,  teamsUserId: "29:gijs",  slackUserId: U0GIJS,  roles: [member] }
  - id: zuid
    name: KCC Zuid
    people:
      - { id: dirk,  name: Dirk Zuid, teamsUserId: "29:dirk-zuid", slackUserId: U0DIRKZ, roles: [coordinator] }
      - { id: eva,   name: Eva (both), teamsUserId: "29:eva-zuid", slackUserId: U0EVAZ, roles: [lead, coordinator] }
`);
const directory = new Directory(config.teams);
const noord = (id: string): PersonInTeam => ({ person: directory.person('noord', id)!, team: directory.team('noord')! });
const zuid = (id: string): PersonInTeam => ({ person: directory.person('zuid', id)!, team: directory.team('zuid')! });

const moment = (kind: AftercareMoment['kind'], subjectId: string): AftercareMoment => ({ id: `${kind}:${subjectId}`, kind, subjectId, dueAt: '2026-11-23T08:00:00.000Z' });
function incident(extra: Partial<Incident> = {}): Incident {
  return {
    id: 'i1',
    number: '2026-0001',
    teamId: 'noord',
    reporterId: 'fleur',
    platform: 'teams',
    locale: 'nl',
    occurredAt: '2026-11-20T09:40:00.000Z',
    reportedAt: '2026-11-20T09:45:00.000Z',
    channel: 'desk',
    category: 'threat',
    description: 'x',
    stoppedAfterLimit: false,
    conversationEnded: true,
    firstResponseRequested: false,
    supportRequested: false,
    firstResponse: true,
    consentTeamMeeting: false,
    registration: 'required',
    registrationReason: 'threat',
    patternIncidentIds: [],
    timeline: [],
    paging: { status: 'paging', ladder: ['anna'], step: 0, pages: [{ personId: 'anna', at: '2026-11-20T09:45:00.000Z' }], declined: [] },
    aftercare: { moments: [], stoppedBy: [], witnesses: [{ personId: 'gijs', addedBy: 'fleur', at: '2026-11-20T10:00:00.000Z' }] },
    version: 1,
    ...extra,
  };
}

test('the matrix of docs/roles.md, kind by kind', () => {
  const seen = (role: (typeof INCIDENT_ROLES)[number]) => DATA_KINDS.filter((kind) => maySee(role, kind));
  expect(seen('reporter')).toEqual([...DATA_KINDS]);
  expect(seen('paged')).toEqual(['when-category', 'who-where']);
  expect(seen('witness')).toEqual(['when-category', 'checkin-answers']);
  expect(seen('lead')).toEqual(['when-category', 'who-where', 'description', 'citizen-ref', 'checkin-status', 'sanction', 'team-summary']);
  expect(seen('aftercare')).toEqual(['when-category', 'who-where', 'description', 'checkin-answers', 'checkin-status']);
  expect(seen('coordinator')).toEqual(['when-category', 'who-where', 'description', 'citizen-ref', 'sanction', 'team-summary']);
  expect(seen('team-channel')).toEqual(['when-category', 'team-summary']);
  expect(ON_REQUEST).toEqual({ lead: ['description', 'citizen-ref'] });
});

test('the team channel sees nothing of an incident without consent, its summary with consent', () => {
  const kinds: DataKind[] = ['when-category', 'team-summary'];
  for (const kind of kinds) {
    expect(maySee('team-channel', kind, incident({ consentTeamMeeting: false }))).toBe(false);
    expect(maySee('team-channel', kind, incident({ consentTeamMeeting: true }))).toBe(true);
  }
  expect(maySee('team-channel', 'description', incident({ consentTeamMeeting: true }))).toBe(false);
  // Consent is the team channel's rule only.
  expect(maySee('lead', 'team-summary', incident({ consentTeamMeeting: false }))).toBe(true);
});

test('roles per incident: reporter, paged, witness, and the team roles; none for anyone of another team', () => {
  const i = incident();
  expect(rolesOn(i, noord('fleur'))).toEqual(['reporter']);
  expect(rolesOn(i, noord('anna'))).toEqual(['paged']);
  expect(rolesOn(i, noord('gijs'))).toEqual(['witness']);
  expect(rolesOn(i, noord('eva'))).toEqual(['lead']);
  expect(rolesOn(i, noord('carla'))).toEqual(['aftercare']);
  expect(rolesOn(i, noord('dirk'))).toEqual(['coordinator']);
  expect(rolesOn(i, zuid('dirk'))).toEqual([]);
  expect(rolesOn(i, zuid('eva'))).toEqual([]);
  expect(rolesOn(incident({ paging: undefined, aftercare: undefined }), noord('anna'))).toEqual([]);
  expect(rolesOn(incident({ paging: undefined, aftercare: undefined }), noord('gijs'))).toEqual([]);
  expect(rolesOn(incident({ reporterId: 'eva' }), noord('eva'))).toEqual(['reporter', 'lead']);
});

test('who may act: the paged respond, the coordinator decides, the subject answers a check-in', () => {
  const i = incident();
  const can = (who: PersonInTeam, action: IncidentAction, on = i) => mayAct(on, who, action);
  expect(can(noord('anna'), { type: 'page.respond' })).toBe(true);
  expect(can(noord('fleur'), { type: 'page.respond' })).toBe(false);
  expect(can(noord('dirk'), { type: 'sanction.decide' })).toBe(true);
  expect(can(noord('eva'), { type: 'sanction.decide' })).toBe(false);
  expect(can(zuid('dirk'), { type: 'sanction.decide' })).toBe(false);
  expect(can(noord('fleur'), { type: 'checkin.answer', moment: moment('checkin-72h', 'fleur') })).toBe(true);
  expect(can(noord('fleur'), { type: 'checkin.answer', moment: moment('checkin-6w', 'fleur') })).toBe(true);
  expect(can(noord('gijs'), { type: 'checkin.answer', moment: moment('checkin-2w', 'gijs') })).toBe(true);
  expect(can(noord('gijs'), { type: 'checkin.answer', moment: moment('checkin-2w', 'fleur') })).toBe(false);
  expect(can(noord('fleur'), { type: 'checkin.answer', moment: moment('lead-contact', 'fleur') })).toBe(false);
});

test("who may act: a check-in's talk request is the aftercare person's, the lead's moments the lead's", () => {
  const i = incident();
  expect(mayAct(i, noord('carla'), { type: 'task.complete', moment: moment('checkin-2w', 'fleur') })).toBe(true);
  expect(mayAct(i, noord('eva'), { type: 'task.complete', moment: moment('checkin-2w', 'fleur') })).toBe(false);
  expect(mayAct(i, noord('eva'), { type: 'task.complete', moment: moment('lead-contact', 'fleur') })).toBe(true);
  expect(mayAct(i, noord('eva'), { type: 'task.complete', moment: moment('lead-support-talk', 'fleur') })).toBe(true);
  expect(mayAct(i, noord('carla'), { type: 'task.complete', moment: moment('lead-contact', 'fleur') })).toBe(false);
});

test('who may act: witnesses added by reporter or lead, details opened by lead, coordinator or reporter', () => {
  const i = incident();
  const act = (who: PersonInTeam, type: 'witness.add' | 'details.open') => mayAct(i, who, { type });
  expect(['fleur', 'eva', 'dirk', 'carla', 'anna'].map((id) => act(noord(id), 'witness.add'))).toEqual([true, true, false, false, false]);
  expect(['fleur', 'eva', 'dirk', 'carla', 'anna'].map((id) => act(noord(id), 'details.open'))).toEqual([true, true, true, false, false]);
});

test('who may act: only the reporter of a help request acts on it as their own', () => {
  const help = incident({ help: { requestedAt: '2026-11-20T09:45:00.000Z', reportPending: true } });
  expect(mayAct(help, noord('fleur'), { type: 'help.own' })).toBe(true);
  expect(mayAct(help, noord('eva'), { type: 'help.own' })).toBe(false);
  expect(mayAct(incident(), noord('fleur'), { type: 'help.own' })).toBe(false);
});

test('someone without a role on the incident may do nothing', () => {
  const actions: IncidentAction[] = [{ type: 'page.respond' }, { type: 'sanction.decide' }, { type: 'witness.add' }, { type: 'details.open' }, { type: 'help.own' }, { type: 'checkin.answer', moment: moment('checkin-72h', 'fleur') }];
  const i = incident({ paging: undefined, aftercare: undefined, help: { requestedAt: '2026-11-20T09:45:00.000Z', reportPending: true } });
  for (const action of actions) expect(mayAct(i, noord('gijs'), action)).toBe(false);
  // Another team's Fleur is not the reporter, though the person id is the same.
  expect(mayAct(i, { person: { ...noord('fleur').person }, team: directory.team('zuid')! }, { type: 'checkin.answer', moment: moment('checkin-72h', 'fleur') })).toBe(false);
});

test("memberFor: the membership in the incident's team, else the first", () => {
  const both = directory.teamsMemberships('29:eva').concat(directory.teamsMemberships('29:eva-zuid'));
  expect(memberFor({ teamId: 'zuid' }, both)!.team.id).toBe('zuid');
  expect(memberFor({ teamId: 'noord' }, both)!.team.id).toBe('noord');
  expect(memberFor({ teamId: 'west' }, both)!.team.id).toBe('noord');
  expect(memberFor(undefined, [zuid('dirk'), noord('dirk')])!.team.id).toBe('zuid');
  expect(memberFor({ teamId: 'noord' }, [])).toBeUndefined();
});

test('coordinators: the teams a person coordinates', () => {
  expect(coordinatedTeams([noord('eva'), zuid('eva')])).toEqual(['zuid']);
  expect(coordinatedTeams([noord('dirk'), zuid('dirk')])).toEqual(['noord', 'zuid']);
  expect(coordinatedTeams([noord('fleur')])).toEqual([]);
  expect(isCoordinator(noord('dirk').person)).toBe(true);
  expect(isCoordinator(noord('eva').person)).toBe(false);
});

describe('the directory', () => {
  test('teams and people by id; an incident of a removed team is an error', () => {
    expect(directory.team('zuid')!.name).toBe('KCC Zuid');
    expect(directory.team('west')).toBeUndefined();
    expect(directory.person('noord', 'dirk')!.name).toBe('Dirk');
    expect(directory.person('zuid', 'dirk')!.name).toBe('Dirk Zuid');
    expect(directory.person('noord', 'nobody')).toBeUndefined();
    expect(directory.person('west', 'dirk')).toBeUndefined();
    expect(directory.teamOf({ id: 'i1', teamId: 'noord' }).id).toBe('noord');
    expect(() => directory.teamOf({ id: 'i9', teamId: 'west' })).toThrow('incident i9: team west is no longer configured');
  });
  test('chat identities: Teams by user id or Entra object id, Slack by user id; nobody for none', () => {
    expect(directory.byTeamsUser('29:anna')!.person.id).toBe('anna');
    expect(directory.byTeamsUser(undefined, 'aad-anna')!.person.id).toBe('anna');
    expect(directory.byTeamsUser('29:nobody', 'aad-anna')!.person.id).toBe('anna');
    expect(directory.byTeamsUser('29:nobody')).toBeUndefined();
    expect(directory.byTeamsUser(undefined)).toBeUndefined();
    expect(directory.byTeamsUser('', '')).toBeUndefined();
    expect(directory.bySlackUser('U0DIRKZ')).toMatchObject({ person: { name: 'Dirk Zuid' }, team: { id: 'zuid' } });
    expect(directory.bySlackUser(undefined)).toBeUndefined();
    expect(directory.bySlackUser('')).toBeUndefined();
    expect(directory.slackMemberships('U0EVA').map((m) => m.team.id)).toEqual(['noord']);
    expect(directory.teamsMemberships('29:eva-zuid').map((m) => m.team.id)).toEqual(['zuid']);
  });
  test('people with a role in a team', () => {
    expect(directory.withRole('noord', 'first-responder').map((p) => p.id)).toEqual(['anna']);
    expect(directory.withRole('zuid', 'coordinator').map((p) => p.id)).toEqual(['dirk', 'eva']);
    expect(directory.withRole('west', 'lead')).toEqual([]);
  });
});

test('paged and witness are roles of everyone paged and every witness, not only when they are the only one', () => {
  const shared = incident({
    paging: { status: 'paging', ladder: ['anna', 'gijs'], step: 1, pages: [{ personId: 'anna', at: '2026-11-20T09:45:00.000Z' }, { personId: 'gijs', at: '2026-11-20T09:47:00.000Z' }], declined: [] },
    aftercare: { moments: [], stoppedBy: [], witnesses: [{ personId: 'gijs', addedBy: 'fleur', at: '2026-11-20T10:00:00.000Z' }, { personId: 'anna', addedBy: 'fleur', at: '2026-11-20T10:01:00.000Z' }] },
  });
  expect(rolesOn(shared, noord('anna'))).toEqual(['paged', 'witness']);
  expect(rolesOn(shared, noord('gijs'))).toEqual(['paged', 'witness']);
});

test('correcting the report is the reporter’s, and not while a help request still waits for its report', () => {
  const pending = incident({ help: { requestedAt: '2026-11-20T09:45:00.000Z', reportPending: true } });
  const reported = incident({ help: { requestedAt: '2026-11-20T09:45:00.000Z', reportPending: false } });
  const edit = (on: Incident, id: string) => mayAct(on, noord(id), { type: 'report.edit' });
  expect([edit(incident(), 'fleur'), edit(reported, 'fleur'), edit(pending, 'fleur'), edit(incident(), 'eva'), edit(incident(), 'dirk')]).toEqual([true, true, false, false, false]);
});

test('preparing a police report: the reporter and the lead, once there is a report', () => {
  const pending = incident({ help: { requestedAt: '2026-11-20T09:45:00.000Z', reportPending: true } });
  const prepare = (on: Incident, id: string) => mayAct(on, noord(id), { type: 'police-report.prepare' });
  expect(['fleur', 'eva', 'dirk', 'carla', 'anna'].map((id) => prepare(incident(), id))).toEqual([true, true, false, false, false]);
  expect([prepare(pending, 'fleur'), prepare(pending, 'eva')]).toEqual([false, false]);
  expect(mayAct(incident(), zuid('eva'), { type: 'police-report.prepare' })).toBe(false);
});

test('measures: any configured member may look one up; only a coordinator of its own team manages it', () => {
  expect(mayLookUpMeasures([noord('fleur')])).toBe(true);
  expect(mayLookUpMeasures([])).toBe(false);
  expect(mayManageMeasure({ teamId: 'noord' }, noord('dirk'))).toBe(true);
  expect(mayManageMeasure({ teamId: 'zuid' }, noord('dirk'))).toBe(false);
  expect(mayManageMeasure({ teamId: 'noord' }, noord('eva'))).toBe(false);
  expect(mayManageMeasure({ teamId: 'zuid' }, zuid('eva'))).toBe(true);
});

test('a Teams user is found by chat id or by directory object id, never by two missing ids', () => {
  expect(directory.teamsMemberships('29:unknown').map((m) => m.person.id)).toEqual([]);
  expect(directory.teamsMemberships(undefined, undefined)).toEqual([]);
  expect(directory.teamsMemberships(undefined, 'aad-anna').map((m) => m.person.id)).toEqual(['anna']);
  expect(directory.teamsMemberships('29:eva').map((m) => `${m.team.id}:${m.person.id}`)).toEqual(['noord:eva']);
});
