/** The Slack app manifest matches what the bot serves and calls. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SLASH_COMMAND } from '../../src/bots/slack/commands';
import { SLACK_EVENTS_PATH } from '../../src/bots/slack';

const manifest = parse(readFileSync(join(__dirname, '..', '..', 'manifest', 'slack.yaml'), 'utf8'));

test('/melden, interactivity and events all point at POST /slack/events', () => {
  const command = manifest.features.slash_commands.find((c: any) => c.command === SLASH_COMMAND);
  expect(command).toBeDefined();
  for (const url of [command.url, manifest.settings.interactivity.request_url, manifest.settings.event_subscriptions.request_url]) {
    expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(new URL(url).protocol).toBe('https:');
  }
  expect(manifest.settings.interactivity.is_enabled).toBe(true);
  expect(manifest.settings.event_subscriptions.bot_events).toEqual(['message.im']);
});

test('bot scopes cover the Web API methods the bot calls, and nothing more', () => {
  expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'commands', 'im:history', 'im:write']);
  expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
});
