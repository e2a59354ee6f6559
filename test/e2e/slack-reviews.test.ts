/** Agendas and reviews in Slack: when the fake clock reaches them, they are posted to the team's Slack channel, once. */
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { SlackFixture } from '../helpers/fixture';
import type { LocalSlackApi } from '../helpers/slack-api';
import { sampleIncident } from '../helpers/card-samples';

const SLACK_CHANNEL = 'C0KCCNOORD'; // config/melden.yaml: channel.slack.channelId
// Wednesday 30 September 2026; Thursday 1 October 09:00 is the quarterly review of Q3; Tuesday 6 October 09:00 the agenda.
const START = '2026-09-30T10:00:00.000Z';

let slackApi: LocalSlackApi;
let clock: FakeClock;
let bot: RunningBot;

const fixture = new SlackFixture({ now: START });
beforeEach(async () => ({ slackApi, clock, bot } = await fixture.start()));
afterEach(() => fixture.stop());

const channelPosts = () => slackApi.of('chat.postMessage').filter((c) => c.args.channel === SLACK_CHANNEL && c.status === 200);
const text = (value: unknown) => JSON.stringify(value);

async function at(instant: string) {
  clock.set(instant);
  await bot.melden.scheduler.runDue();
  await bot.melden.scheduler.runDue();
}

// The bot was never added to the team's Teams channel here: that platform fails and is retried, Slack must not wait.
test('the quarterly review and the meeting agenda reach the Slack channel when their time comes, once each', async () => {
  // Three incidents in Q3: one consented (listed), two not (counts only).
  for (const [n, consent] of [[1, true], [2, false], [3, false]] as const) {
    await bot.melden.store.incidents.create({
      ...sampleIncident,
      id: `inc-q3-${n}`,
      number: `2026-000${n}`,
      occurredAt: `2026-08-1${n}T09:00:00.000Z`,
      reportedAt: `2026-08-1${n}T09:05:00.000Z`,
      consentTeamMeeting: consent,
      description: n === 1 ? 'Besproken beschrijving' : 'Niet voor het team',
    });
  }
  await at('2026-10-01T06:59:00.000Z');
  expect(channelPosts()).toHaveLength(0);
  await at('2026-10-01T07:00:00.000Z');
  await slackApi.waitFor(() => channelPosts().length === 1);
  const review = channelPosts()[0];
  expect(text(review.args)).toContain('Kwartaalevaluatie 3e kwartaal 2026');
  expect(text(review.args)).toContain('Bedreiging');

  await at('2026-10-06T07:00:00.000Z');
  await slackApi.waitFor(() => channelPosts().length === 2);
  const agenda = text(channelPosts()[1].args);
  expect(agenda).toContain('Agenda teamoverleg');
  expect(agenda).not.toContain('Niet voor het team');

  // Running the scheduler again, or restarting, posts nothing more.
  await at('2026-10-06T08:00:00.000Z');
  expect(channelPosts()).toHaveLength(2);
});

test('a Slack agenda with 30 incidents says "en nog" and keeps every section, the deviations too, within 50 blocks', async () => {
  for (let n = 1; n <= 30; n++) {
    await bot.melden.store.incidents.create({
      ...sampleIncident,
      id: `inc-many-${n}`,
      number: `2026-${String(n).padStart(4, '0')}`,
      occurredAt: new Date(Date.parse('2026-10-01T08:00:00.000Z') + n * 600_000).toISOString(),
      reportedAt: new Date(Date.parse('2026-10-01T08:05:00.000Z') + n * 600_000).toISOString(),
      consentTeamMeeting: true,
      description: `Voorval ${n}`,
    });
  }
  await at('2026-10-01T07:00:00.000Z'); // the quarterly review first
  await slackApi.waitFor(() => channelPosts().length === 1);
  await at('2026-10-06T07:00:00.000Z');
  await slackApi.waitFor(() => channelPosts().length === 2);
  const agenda = channelPosts()[1].args;
  const blocks = agenda.blocks as unknown[];
  expect(blocks.length).toBeLessThanOrEqual(50);
  expect(text(blocks)).toContain('En nog 26 meldingen met toestemming');
  expect(text(blocks)).toContain('4. Afwijkingen van de afspraken');
  expect(text(blocks)).toContain('2. Dilemma om te bespreken');
  expect(text(blocks)).toContain('3. Open verbeteracties');
});
