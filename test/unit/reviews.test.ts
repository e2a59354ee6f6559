/** Review posts as the team channel sees them: consent, caps that keep a post within Teams' size, literal user text. */
import { parseTeamsConfig } from '../../src/config';
import { renderTeamsMessage } from '../../src/cards/teams/messages';
import { Directory } from '../../src/services/directory';
import type { Incident } from '../../src/services/model';
import { occurrenceFor } from '../../src/services/review-calendar';
import { AGENDA_MAX_INCIDENTS, ReviewService } from '../../src/services/reviews';
import { TeamActionService } from '../../src/services/team-actions';
import { SqliteStore } from '../../src/store/sqlite';
import { FakeClock } from '../helpers/clock';
import { reviewSampleCards } from '../helpers/review-samples';

const config = parseTeamsConfig(`
teams:
  - id: kcc
    name: KCC
    channel: { teams: { conversationId: "19:kcc@thread.tacv2" } }
    people: [{ id: eva, name: Eva Smit, roles: [lead] }, { id: fleur, name: Fleur Mulder }]
`);
const team = config.teams[0];
const directory = new Directory(config.teams);
const unused = async (): Promise<never> => {
  throw new Error('unused');
};

function incident(i: number, overrides: Partial<Incident> = {}): Incident {
  const at = new Date(Date.UTC(2026, 10, 18, 9) + i * 60_000).toISOString();
  return {
    id: `inc-${i}`, number: `2026-${String(i).padStart(4, '0')}`, teamId: 'kcc', reporterId: 'fleur', platform: 'teams', locale: 'nl',
    occurredAt: at, reportedAt: at, channel: 'phone', category: 'threat', description: `Beschrijving ${i} ${'x'.repeat(2000)}`, teamSummary: `Voor het team ${i} ${'t'.repeat(270)}`,
    stoppedAfterLimit: false, conversationEnded: true, citizenRef: `Z-${i}`, firstResponseRequested: false, supportRequested: false,
    firstResponse: false, consentTeamMeeting: true, registration: 'required', registrationReason: 'threat', patternIncidentIds: [],
    timeline: [], version: 1, ...overrides,
  };
}

test('a full week stays within Teams\' message size: incidents, descriptions and lists are capped and counted', async () => {
  const store = new SqliteStore(':memory:');
  const clock = new FakeClock('2026-11-20T09:00:00.000Z');
  for (let i = 1; i <= 30; i++) await store.incidents.create(incident(i, { consentTeamMeeting: i % 3 !== 0 }));
  const actions = new TeamActionService(store, clock, directory);
  const eva = team.people[0];
  for (let i = 0; i < 40; i++) await actions.add(team, eva, i % 2 ? 'action' : 'deviation', { text: `Punt ${i} ${'y'.repeat(480)}` }, `k${i}`);
  const reviews = new ReviewService({ store, clock, directory, messenger: { sendToPerson: unused, update: unused, postToChannel: unused }, jobs: { schedule: unused, runNow: unused, cancel: unused } });
  const occurrence = occurrenceFor(team, 'meeting', '2026-11-24')!;
  const view = await reviews.view(team, occurrence, { label: '2026-11-24', from: '2026-11-17T08:00:00.000Z', to: occurrence.dueAt }, false);
  expect(view.kind).toBe('meeting');
  if (view.kind !== 'meeting') return;
  expect(view.total).toBe(30);
  expect(view.withheld.total).toBe(10);
  expect(view.incidents).toHaveLength(AGENDA_MAX_INCIDENTS);
  expect(view.moreConsented).toBe(10);
  expect(view.incidents[0].teamSummary!.length).toBeLessThanOrEqual(300);
  expect(view.more).toEqual({ actions: 10, deviations: 10 });
  expect(view.openActions[0].text.length).toBeLessThanOrEqual(200);
  const card = JSON.stringify(renderTeamsMessage({ type: 'agenda', locale: 'nl', agenda: view }));
  expect(card.length).toBeLessThan(24_000); // Teams takes about 28 KB per message, envelope included
  expect(card).toContain('En nog 10; typ **acties** voor de volledige lijst.');
  expect(card).not.toMatch(/Z-\d/);
  expect(card).not.toContain('Beschrijving'); // the description never reaches the team channel (docs/roles.md)

  // The quarterly review, chart included, with long lists of done and open actions and deviations.
  for (let i = 1; i < 24; i += 2) await actions.complete(team, `A-${Math.ceil(i / 2)}`, eva);
  const quarter = occurrenceFor(team, 'quarter', '2026-Q4')!;
  const review = await reviews.view(team, quarter, quarter.period, false);
  expect(review.kind === 'quarter' && review.more).toEqual({ actions: 0, deviations: 10, done: 2 });
  const reviewCard = JSON.stringify(renderTeamsMessage({ type: 'agenda', locale: 'nl', agenda: review }));
  expect(reviewCard.length).toBeLessThan(24_000);
  await store.close();
});

test('user text shows literally in review cards: ${…} is not evaluated', () => {
  const card = JSON.stringify(reviewSampleCards()['agenda-meeting.nl']);
  expect(card).toContain('${$root.secret}');
  // In TextRuns (no Markdown), so [klik](…) is not a link.
  expect(card).toMatch(/"type":"TextRun","text":"Oefenen met grens stellen/);
});
