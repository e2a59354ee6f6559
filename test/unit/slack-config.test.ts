/** Slack settings (DESIGN §6): off without a bot token; with one, a way in is required. */
import { ConfigError, loadAppConfig, loadSlackConfig } from '../../src/config';
import { EXAMPLE_CONFIG } from '../helpers/app';

test('Slack is off when SLACK_BOT_TOKEN is unset (or blank), whatever else is set', () => {
  expect(loadSlackConfig({})).toBeUndefined();
  expect(loadSlackConfig({ SLACK_BOT_TOKEN: '  ', SLACK_SIGNING_SECRET: 's' })).toBeUndefined();
  expect(loadAppConfig({ MELDEN_CONFIG: EXAMPLE_CONFIG }).slack).toBeUndefined();
});

test('a bot token with a signing secret (HTTP) or an app token (Socket Mode)', () => {
  expect(loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toEqual({ botToken: 'xoxb-1', signingSecret: 's' });
  expect(loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toMatchObject({ appToken: 'xapp-1', signingSecret: undefined });
});

test('a bot token without signing secret and without app token is a configuration error', () => {
  expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(ConfigError);
  expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
  expect(() => loadAppConfig({ MELDEN_CONFIG: EXAMPLE_CONFIG, SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(ConfigError);
});

test('tokens of the wrong kind and bad API URLs are caught at start', () => {
  expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_SIGNING_SECRET: 's' })).toThrow(/xoxb/);
  expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' })).toThrow(/xapp/);
  expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'nope' })).toThrow(/SLACK_API_URL/);
  expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'ftp://x/' })).toThrow(/http/);
});

test('SLACK_API_URL always ends in "/" (the client appends the method name)', () => {
  expect(loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'http://127.0.0.1:9/api' })!.apiUrl).toBe('http://127.0.0.1:9/api/');
});
