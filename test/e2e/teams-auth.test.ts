/** Bot Framework authentication with an app id, against a local OpenID document; malformed requests. */
import { generateKeyPairSync } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalConnector } from '../helpers/connector';
import { TeamsFixture } from '../helpers/fixture';
import { LocalOpenId } from '../helpers/openid';
import { startBot, EXAMPLE_CONFIG, type RunningBot } from '../helpers/app';
import { cardAction, post } from '../helpers/teams';

const APP_ID = '00000000-aaaa-bbbb-cccc-000000000001';
const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
const ROOT = join(__dirname, '../..');

function threat(formId: string) {
  const now = new Date();
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', dateStyle: 'short', timeStyle: 'short' }).format(now);
  const [date, time] = local.split(' ');
  return { formId, date, time, channel: 'desk', category: 'threat', description: 'Dreigde met geweld.' };
}

describe('with an app id', () => {
  let openid: LocalOpenId;
  let connector: LocalConnector;
  let bot: RunningBot;

  // The real clock and production polling: tokens are checked against the time now.
  const fixture = new TeamsFixture({ bot: { clock: undefined, scheduler: undefined } });
  beforeAll(async () => {
    openid = new LocalOpenId();
    await openid.start();
    ({ connector, bot } = await fixture.start({
      env: { NODE_ENV: 'production', MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-used', ToBotFromChannelOpenIdMetadataUrl: openid.url },
    }));
  });
  afterAll(async () => {
    await fixture.stop();
    await openid.stop();
  });

  const stored = () => bot.melden.store.incidents.find({ teamId: 'kcc-noord' });

  test('no Authorization header → 401, nothing stored, nothing sent', async () => {
    const res = await post(bot.url, cardAction(connector.url, FLEUR, 'report.submit', threat('aaaaaaaa-0000-0000-0000-000000000001')));
    expect(res.status).toBe(401);
    expect(await stored()).toHaveLength(0);
    expect(connector.calls).toHaveLength(0);
  });

  test.each([
    ['signed by an unknown key', () => openid.token({ appId: APP_ID, serviceUrl: connector.url, signWith: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey })],
    ['for another app id', () => openid.token({ appId: 'someone-else', serviceUrl: connector.url })],
    ['from another issuer', () => openid.token({ appId: APP_ID, serviceUrl: connector.url, issuer: 'https://evil.example' })],
    ['expired', () => openid.token({ appId: APP_ID, serviceUrl: connector.url, expiresIn: -600 })],
    ['for another serviceUrl', () => openid.token({ appId: APP_ID, serviceUrl: 'https://elsewhere.example/' })],
    ['that is not a JWT', () => 'not-a-token'],
  ])('a token %s → 401 and no handler runs', async (_name, token) => {
    const res = await post(bot.url, cardAction(connector.url, FLEUR, 'report.submit', threat('aaaaaaaa-0000-0000-0000-000000000002')), {
      authorization: `Bearer ${token()}`,
    });
    expect(res.status).toBe(401);
    expect(await stored()).toHaveLength(0);
    expect(connector.calls).toHaveLength(0);
  });

  test('a valid channel token → the handler runs and the report is stored', async () => {
    const token = openid.token({ appId: APP_ID, serviceUrl: connector.url });
    const res = await post(bot.url, cardAction(connector.url, FLEUR, 'report.submit', threat('aaaaaaaa-0000-0000-0000-000000000003')), {
      authorization: `Bearer ${token}`,
    });
    expect(res.status).toBe(200);
    expect(res.body.value.body[0].items[0].text).toMatch(/^Melding \d{4}-0001 is ontvangen$/);
    expect(await stored()).toHaveLength(1);
  });
});

describe('malformed requests get 4xx and the process keeps serving', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(() => bot.stop());

  test.each([
    ['{}', '{}', 400],
    ['{"type":5}', '{"type":5}', 400],
    ['not JSON', 'this is not json', 400],
    ['a JSON array', '[1,2,3]', 400],
    ['an activity without conversation', '{"type":"message","serviceUrl":"http://127.0.0.1:1/"}', 400],
    ['a 5 MB body', JSON.stringify({ type: 'message', text: 'x'.repeat(5 * 1024 * 1024) }), 413],
  ])('%s → %i', async (_name, body, status) => {
    const res = await post(bot.url, body);
    expect(res.status).toBe(status);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
  });
});

describe('the real entry point (npm start) refuses a bad start with a clear message', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--require', 'tsx/cjs', 'src/index.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: mkdtempSync(join(tmpdir(), 'melden-start-')), ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  test('NODE_ENV=production without MicrosoftAppId → exit 1, names the variable, no stack trace', () => {
    const result = run({ NODE_ENV: 'production', MELDEN_CONFIG: EXAMPLE_CONFIG });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('MicrosoftAppId');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('an invalid team config → exit 1 naming the field', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'melden-cfg-')), 'bad.yaml');
    writeFileSync(file, 'teams:\n  - { id: x, name: X, people: [{ id: a, name: A }], firstResponse: { ackTimeout: soon } }\n');
    const result = run({ MELDEN_CONFIG: file });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('teams.0.firstResponse.ackTimeout');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a Slack-only production deployment', () => {
  test('does not serve /api/messages at all', async () => {
    const bot = await startBot({ env: { NODE_ENV: 'production', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: 'http://127.0.0.1:9/api/' } });
    try {
      const res = await post(bot.url, { type: 'message', serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'x' }, from: { id: '29:fleur' } });
      expect(res.status).toBe(404);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    } finally {
      await bot.stop();
    }
  });
});
