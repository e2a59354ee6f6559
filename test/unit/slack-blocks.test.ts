/** Block Kit text safety and limits: user text shows literally, nothing exceeds what Slack accepts. */
import { LIMITS, escapeMrkdwn, factsSection, message, safeMrkdwn, textSection, truncate } from '../../src/cards/slack/blocks';
import { slackPage } from '../../src/cards/slack/messages';
import { slackConfirmation, slackSaveFailed } from '../../src/cards/slack/report';
import { slackCheckin, slackSanction, slackTask } from '../../src/cards/slack/aftercare';
import { sampleIncident } from '../helpers/card-samples';

const HOSTILE = '<!channel> <@U0EVA> <https://evil.example|klik> & <#C0KCC>';

test('mrkdwn escaping turns &, < and > into entities, so mentions and links cannot form', () => {
  expect(escapeMrkdwn(HOSTILE)).toBe('&lt;!channel&gt; &lt;@U0EVA&gt; &lt;https://evil.example|klik&gt; &amp; &lt;#C0KCC&gt;');
});

test('truncation keeps within the limit, never splits an emoji or leaves half an entity', () => {
  expect(truncate('abcdef', 4)).toBe('abc…');
  expect(Array.from(truncate('😀'.repeat(10), 5))).toHaveLength(5);
  const cut = safeMrkdwn('a'.repeat(8) + '&&&', 12);
  expect(cut.length).toBeLessThanOrEqual(12);
  expect(cut).toMatch(/^a{8}(&amp;)?…$/);
});

test('long user text stays within 3,000 characters per text object; messages within 50 blocks', () => {
  const long = 'x'.repeat(5000);
  expect((textSection(long) as any).text.text.length).toBe(LIMITS.text);
  const section: any = factsSection([{ label: 'Wie', value: long }]);
  expect(section.fields[0].text.length).toBeLessThanOrEqual(LIMITS.field);
  const big = message(long, Array.from({ length: 80 }, () => textSection('b')));
  expect(big.blocks).toHaveLength(50);
  expect(big.text.length).toBeLessThanOrEqual(LIMITS.fallback);
});

test('names and config text in a page or confirmation are escaped; mrkdwn is verbatim (no auto-links)', () => {
  const page = slackPage('nl', {
    incidentId: 'inc-1',
    incidentNumber: '2026-0001',
    reporterName: HOSTILE,
    channel: 'desk',
    category: 'threat',
    help: false,
    urgent: true,
    occurredAt: '2026-11-20T09:41:00.000Z',
    timezone: 'Europe/Amsterdam',
    wantsSupport: true,
    state: 'open',
    viewerIds: [],
  });
  const confirmation = slackConfirmation({ locale: 'nl', incident: sampleIncident, timezone: 'Europe/Amsterdam', teamNorm: HOSTILE, duplicate: true });
  for (const msg of [page, confirmation]) {
    const mrkdwn = JSON.stringify(msg.blocks).match(/"type":"mrkdwn","text":"[^"]*"/g) ?? [];
    for (const m of mrkdwn) expect(m).not.toMatch(/<[!@#h]/);
    expect(JSON.stringify(msg.blocks)).not.toMatch(/"type":"mrkdwn"(?![^}]*"verbatim":true)/);
    expect(msg.text).not.toMatch(/<[!@#h]/);
  }
  expect(JSON.stringify(page)).toContain('&lt;!channel&gt;');
});

test('the save-failed DM gives the description back as plain_text, whatever it holds', () => {
  const msg = slackSaveFailed('nl', { description: HOSTILE });
  expect(msg.blocks.at(-1)).toEqual({ type: 'section', text: { type: 'plain_text', text: HOSTILE, emoji: true } });
});

test('check-ins, tasks and sanction requests render for Slack; free text (note, description) only as plain_text', () => {
  const base = { incidentId: 'inc-1', momentId: 'checkin-72h:fleur', incidentNumber: '2026-0001', occurredAt: '2026-11-20T09:41:00.000Z', timezone: 'Europe/Amsterdam' };
  const checkin = slackCheckin('nl', { ...base, kind: 'checkin-72h' as const, subjectName: 'Fleur', aftercareName: 'Carla Bos', state: 'answered' as const, answer: { feeling: 'bad' as const, wantsTalk: true }, offerAgain: false, reminder: false });
  expect(checkin.text).toBe('Hoe gaat het nu met je?');
  expect(JSON.stringify(checkin.blocks)).toContain('Carla Bos neemt contact met je op');
  const task = slackTask('nl', { ...base, kind: 'note' as const, subjectName: 'Fleur', note: HOSTILE });
  expect(task.blocks).toContainEqual({ type: 'section', text: { type: 'plain_text', text: HOSTILE, emoji: true } });
  const sanction = slackSanction('nl', { ...base, reporterName: 'Fleur', category: 'threat' as const, channel: 'desk' as const, description: HOSTILE, registrationReason: 'threat', patternCount: 0 });
  expect(sanction.blocks).toContainEqual({ type: 'section', text: { type: 'plain_text', text: HOSTILE, emoji: true } });
  expect(JSON.stringify(sanction.blocks)).not.toMatch(/"type":"mrkdwn","text":"[^"]*<!channel/);
});
