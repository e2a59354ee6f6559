/** POST /slack/events refuses what is not from Slack before any handler runs; repeats have one effect; bodies are capped. */
import { request as httpRequest } from 'node:http';
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { SlackFixture } from '../helpers/fixture';
import type { LocalSlackApi } from '../helpers/slack-api';
import { FLEUR, SIGNING_SECRET, STRANGER, dmMessage, eventCallback, sign, slackPost, slashCommand, type PostOptions, type SlackRequest } from '../helpers/slack';

const NOW = '2026-11-20T09:45:00.000Z';

let slackApi: LocalSlackApi;
let clock: FakeClock;
let bot: RunningBot;

const fixture = new SlackFixture({ now: NOW });
beforeEach(async () => ({ slackApi, clock, bot } = await fixture.start()));
afterEach(() => fixture.stop());

const post = (request: SlackRequest, opts: Partial<PostOptions> = {}) => slackPost(bot.url, request, { clock, ...opts });

/** Nothing ran: no Web API call and no dedup key recorded. */
async function expectNoEffect() {
  await new Promise((r) => setTimeout(r, 100));
  expect(slackApi.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  expect(await bot.melden.store.claimOnce('probe', clock.now().toISOString())).toBe(true);
}

describe('refused with 401 before any handler runs', () => {
  test.each([
    ['a wrong signature', { secret: 'not-the-secret' }],
    ['a timestamp 6 minutes old', { skewSeconds: -360 }],
    ['a timestamp 6 minutes in the future', { skewSeconds: 360 }],
    ['no signature header', { omit: ['x-slack-signature'] }],
    ['no timestamp header', { omit: ['x-slack-request-timestamp'] }],
    ['a malformed timestamp', { headers: { 'x-slack-request-timestamp': 'yesterday' } }],
  ])('%s', async (_name, opts) => {
    const res = await post(slashCommand(FLEUR), opts as Partial<PostOptions>);
    expect(res.status).toBe(401);
    await expectNoEffect();
  });

  test('a body changed after signing', async () => {
    const request = slashCommand(FLEUR);
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    const res = await fetch(`${bot.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': request.contentType, 'x-slack-request-timestamp': timestamp, 'x-slack-signature': sign(SIGNING_SECRET, timestamp, request.body) },
      body: request.body.replace('U0FLEUR', 'U0ANNA'),
    });
    expect(res.status).toBe(401);
    await expectNoEffect();
  });
});

test('timestamps 4 minutes off either way are accepted (the window is ±5 minutes on our clock)', async () => {
  expect((await post(slashCommand(FLEUR), { skewSeconds: -240 })).status).toBe(200);
  expect((await post(slashCommand(FLEUR), { skewSeconds: 240 })).status).toBe(200);
});

/** Posts headers and the first part of a big body, and resolves with the status as soon as the bot answers. */
function postBig(opts: { declaredLength?: number; sendBytes: number }): Promise<{ status: number; sentBeforeAnswer: number }> {
  const timestamp = String(Math.floor(clock.now().getTime() / 1000));
  const url = new URL(`${bot.url}/slack/events`);
  return new Promise((resolve, reject) => {
    let sent = 0;
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': 'v0=' + '0'.repeat(64),
    };
    if (opts.declaredLength !== undefined) headers['content-length'] = opts.declaredLength;
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
      resolve({ status: res.statusCode ?? 0, sentBeforeAnswer: sent });
      res.resume();
      req.destroy();
    });
    req.on('error', (err) => (sent >= opts.sendBytes ? undefined : reject(err)));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (sent < opts.sendBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once('drain', pump);
      }
      // Deliberately never end(): the bot must answer without waiting for (or buffering) the whole body.
    };
    pump();
  });
}

test('a 1 MB body declared in Content-Length → 413 before the body is read', async () => {
  const res = await postBig({ declaredLength: 1024 * 1024, sendBytes: 64 * 1024 });
  expect(res.status).toBe(413);
  await expectNoEffect();
});

test('a chunked 1 MB body → 413 once past the limit, without waiting for (or buffering) the rest', async () => {
  const res = await postBig({ sendBytes: 1024 * 1024 });
  expect(res.status).toBe(413);
  expect(res.sentBeforeAnswer).toBeLessThanOrEqual(1024 * 1024);
  // The bot still serves afterwards.
  expect((await post(slashCommand(FLEUR, 'help'))).status).toBe(200);
});

test('url_verification (signed) echoes the challenge', async () => {
  const res = await post({ body: JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'c-123' }), contentType: 'application/json' });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ challenge: 'c-123' });
});

test('an unsigned url_verification is refused too', async () => {
  const res = await post({ body: JSON.stringify({ type: 'url_verification', challenge: 'c-123' }), contentType: 'application/json' }, { omit: ['x-slack-signature'] });
  expect(res.status).toBe(401);
});

test('the same event delivered 4 times (Slack retries) → one reply', async () => {
  const event = dmMessage(FLEUR, 'hallo', 'Ev0REPEATED');
  const first = await post(event);
  expect(first.status).toBe(200);
  for (let retry = 1; retry <= 3; retry++) {
    const res = await post(event, { headers: { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } });
    expect(res.status).toBe(200);
  }
  await slackApi.waitFor(() => slackApi.of('chat.postMessage').length >= 1);
  await new Promise((r) => setTimeout(r, 200));
  const replies = slackApi.of('chat.postMessage');
  expect(replies).toHaveLength(1);
  expect(replies[0].args.text).toContain('/melden');
  expect(replies[0].args.blocks.find((b: any) => b.type === 'actions').elements.map((e: any) => e.action_id)).toEqual(['help.request', 'report.open']);
});

test('a DM from an unknown Slack user gets a clear message, and "dienst" lists who is on duty', async () => {
  await post(dmMessage(STRANGER, 'melden'));
  await post(dmMessage(FLEUR, 'wie heeft dienst?'));
  await slackApi.waitFor(() => slackApi.of('chat.postMessage').length === 2);
  const [stranger, duty] = slackApi.of('chat.postMessage');
  expect(stranger.args.text).toContain('Ik ken je nog niet');
  expect(duty.args.text).toBe('Eerste opvang nu: Anna de Vries, Bram Jansen. Daarna: Eva Smit.');
});

test('the bot’s own messages and other event types are ignored', async () => {
  await post(eventCallback({ type: 'message', channel: 'D0BOT', channel_type: 'im', user: 'UMELDEN', bot_id: 'BMELDEN', text: 'echo' }));
  await post(eventCallback({ type: 'app_home_opened', user: FLEUR, channel: 'D0X' }));
  await new Promise((r) => setTimeout(r, 100));
  expect(slackApi.of('chat.postMessage')).toHaveLength(0);
});

test('unparseable or unsupported bodies (signed) → 4xx, no crash', async () => {
  expect((await post({ body: '{not json', contentType: 'application/json' })).status).toBe(400);
  expect((await post({ body: '[1,2]', contentType: 'application/json' })).status).toBe(400);
  expect((await post({ body: 'hello', contentType: 'text/plain' })).status).toBe(415);
  expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
});

test('auth.test is called once at start with the bot token', async () => {
  await slackApi.waitFor(() => slackApi.of('auth.test').length === 1);
  expect(slackApi.of('auth.test')[0].authorization).toBe('Bearer xoxb-test');
});

test('Slack is off when SLACK_BOT_TOKEN is unset: /slack/events is not served', async () => {
  await bot.stop();
  bot = await fixture.startBot({ clock, scheduler: { pollMs: 3_600_000 } });
  expect((await post(slashCommand(FLEUR))).status).toBe(404);
});
