/** A team's own aftercare plan from the config: working hours, moments and a line of its own on every check-in. */
import { ConfigError, parseTeamsConfig } from '../../src/config';
import { AftercareService } from '../../src/services/aftercare';
import { Directory } from '../../src/services/directory';
import type { OutboundMessage } from '../../src/services/messages';
import type { JobQueue, Messenger } from '../../src/services/ports';
import { SqliteStore } from '../../src/store/sqlite';
import { FakeClock } from '../helpers/clock';
import { sampleIncident } from '../helpers/card-samples';

const TEAM = (aftercare: string) => `
teams:
  - id: kcc-noord
    name: KCC Noord
    people:
      - { id: fleur, name: Fleur Mulder, teamsUserId: "29:fleur", roles: [member] }
      - { id: carla, name: Carla Bos, teamsUserId: "29:carla", roles: [aftercare] }
    aftercare:
${aftercare}
`;

test('a team plan with its own working hours and moments is what gets planned', async () => {
  const config = parseTeamsConfig(
    TEAM(`      workingHours: { days: [1, 2, 3, 4], start: "08:00", end: "12:00" }
      moments: [{ kind: checkin-72h, after: PT72H }, { kind: checkin-2w, after: P14D }]
      checkinText: "Liever iemand buiten het team? Bel de vertrouwenspersoon."`),
  );
  const store = new SqliteStore(':memory:');
  const sent: OutboundMessage[] = [];
  const messenger: Messenger = {
    sendToPerson: async (_p, _pl, m) => {
      sent.push(m);
      return { platform: 'teams', conversationKey: 'k', conversationId: 'c', activityId: 'a' };
    },
    update: async () => {},
    postToChannel: async () => ({ platform: 'teams', conversationKey: 'k', conversationId: 'c', activityId: 'a' }),
  };
  const scheduled: string[] = [];
  const jobs: JobQueue = { schedule: async (j) => (scheduled.push(`${j.id}@${new Date(j.dueAt).toISOString()}`), 'created'), runNow: async () => false, cancel: async () => {} };
  const clock = new FakeClock('2026-11-20T09:45:00.000Z');
  const service = new AftercareService({ store, clock, directory: new Directory(config.teams), messenger, jobs });
  // Reported on Friday 20 November 10:45 — Friday is not a working day for this team.
  await store.incidents.create({ ...sampleIncident, id: 'inc-1', reporterId: 'fleur', category: 'threat', reportedAt: '2026-11-20T09:45:00.000Z' });
  await service.plan('inc-1');
  const moments = (await store.incidents.get('inc-1'))!.aftercare!.moments;
  expect(moments.map((m) => [m.kind, m.dueAt])).toEqual([
    // 72 h after Friday 10:45 is Monday 10:45: inside Monday 08:00-12:00.
    ['checkin-72h', '2026-11-23T09:45:00.000Z'],
    // Two weeks later is Friday 4 December: not a working day → Monday 7 December 08:00.
    ['checkin-2w', '2026-12-07T07:00:00.000Z'],
  ]);
  expect(scheduled).toHaveLength(2);
  const message = service.checkinMessage((await store.incidents.get('inc-1'))!, moments[0], 'fleur', false);
  expect(message.type === 'checkin' && message.checkin.teamText).toBe('Liever iemand buiten het team? Bel de vertrouwenspersoon.');
  await store.close();
});

test.each([
  ['      workingHours: { days: [1], start: "17:00", end: "09:00" }', 'aftercare: workingHours: start (17:00) must be earlier than end (09:00)'],
  ['      moments: [{ kind: checkin-72h, after: soon }]', 'aftercare: moments.0.after'],
  ['      moments: [{ kind: checkin-1y, after: P1Y }]', 'teams.0.aftercare.moments.0.kind'],
])('a bad team plan is refused naming the field: %s', (yaml, expected) => {
  expect(() => parseTeamsConfig(TEAM(yaml))).toThrow(ConfigError);
  expect(() => parseTeamsConfig(TEAM(yaml))).toThrow(expected);
});
