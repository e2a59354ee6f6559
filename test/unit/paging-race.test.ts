/**
 * Two instances (two store connections on one SQLite file) acknowledging the same page at the same moment:
 * exactly one wins, 100 rounds in a row; the loser is told who did.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTeamsConfig } from '../../src/config';
import { Directory } from '../../src/services/directory';
import type { Incident } from '../../src/services/model';
import { PagingService } from '../../src/services/paging';
import type { JobQueue, Messenger } from '../../src/services/ports';
import { SqliteStore } from '../../src/store/sqlite';
import { FakeClock } from '../helpers/clock';
import { EXAMPLE_CONFIG } from '../helpers/app';

const directory = new Directory(loadTeamsConfig(EXAMPLE_CONFIG).teams);
const clock = new FakeClock('2026-11-20T09:45:00Z');
/** Records what would be sent; delivery itself is covered by the e2e tests. */
const messenger: Messenger = {
  sendToPerson: async () => ({ platform: 'teams', conversationKey: 'k', conversationId: 'c', activityId: 'a' }),
  update: async () => {},
  postToChannel: async () => ({ platform: 'teams', conversationKey: 'k', conversationId: 'c', activityId: 'a' }),
};
const jobs: JobQueue = { schedule: async () => 'created', runNow: async () => false, cancel: async () => {} };

function pagedIncident(n: number): Incident {
  const at = clock.now().toISOString();
  return {
    id: `inc-race-${n}`,
    number: `2026-${n}`,
    teamId: 'kcc-noord',
    reporterId: 'fleur',
    platform: 'teams',
    locale: 'nl',
    occurredAt: at,
    reportedAt: at,
    channel: 'desk',
    category: 'threat',
    description: 'x',
    stoppedAfterLimit: false,
    conversationEnded: true,
    firstResponseRequested: true,
    supportRequested: false,
  firstResponse: true,
    consentTeamMeeting: false,
    registration: 'required',
    registrationReason: 'threat',
    patternIncidentIds: [],
    timeline: [],
    paging: {
      status: 'paging',
      ladder: ['anna', 'bram'],
      step: 1,
      pages: [
        { personId: 'anna', at },
        { personId: 'bram', at },
      ],
      declined: [],
    },
    version: 1,
  };
}

test('two simultaneous acks, 100 rounds → exactly one winner each round', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'melden-race-')), 'melden.sqlite');
  const storeA = new SqliteStore(file);
  const storeB = new SqliteStore(file);
  const instanceA = new PagingService({ store: storeA, clock, directory, messenger, jobs });
  const instanceB = new PagingService({ store: storeB, clock, directory, messenger, jobs });
  const winners = { anna: 0, bram: 0 };
  for (let round = 0; round < 100; round++) {
    await storeA.incidents.create(pagedIncident(round));
    const [a, b] = await Promise.all([instanceA.acknowledge(`inc-race-${round}`, 'anna'), instanceB.acknowledge(`inc-race-${round}`, 'bram')]);
    const results = [a.result, b.result].sort();
    expect(results).toEqual(['acknowledged', 'already']);
    const winner = a.result === 'acknowledged' ? 'anna' : 'bram';
    winners[winner] += 1;
    const loser = a.result === 'already' ? a : b;
    if (loser.result === 'already') expect(loser.byName).toBe(winner === 'anna' ? 'Anna de Vries' : 'Bram Jansen');
    const stored = await storeB.incidents.get(`inc-race-${round}`);
    expect(stored!.paging!.acknowledgedBy).toBe(winner);
    expect(stored!.timeline.filter((e) => e.type === 'acknowledged')).toHaveLength(1);
  }
  expect(winners.anna + winners.bram).toBe(100);
  await storeA.close();
  await storeB.close();
});
