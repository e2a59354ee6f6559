/**
 * Socket Mode (SLACK_APP_TOKEN, local development without a public URL): the bot opens the connection through
 * apps.connections.open on the local Slack API and serves envelopes with the same listeners as HTTP.
 * The WebSocket server is `ws`, already in node_modules (botbuilder and jsdom bring it).
 */
import type { AddressInfo } from 'node:net';
import { FakeClock } from '../helpers/clock';
import { startBot, type RunningBot } from '../helpers/app';
import { LocalSlackApi } from '../helpers/slack-api';
import { FLEUR } from '../helpers/slack';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const WebSocket = require('ws');

let slackApi: LocalSlackApi;
let server: any;
let socket: any;
const received: any[] = [];
let bot: RunningBot | undefined;

beforeEach(async () => {
  received.length = 0;
  slackApi = new LocalSlackApi();
  await slackApi.start();
  server = new WebSocket.Server({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (ws: any) => {
    socket = ws;
    ws.on('message', (data: Buffer) => received.push(JSON.parse(String(data))));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0MELDEN' }, debug_info: { host: 'local' } }));
  });
  slackApi.socketUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  // Let the client finish its close handshake (its 30 s handshake timer would otherwise keep Jest waiting).
  if (socket && socket.readyState !== WebSocket.CLOSED) await new Promise((resolve) => socket.once('close', resolve));
  socket = undefined;
  for (const client of server.clients) client.terminate();
  await new Promise((resolve) => server.close(resolve));
  await slackApi.stop();
});

test('with SLACK_APP_TOKEN the bot connects over Socket Mode and answers /melden with the modal', async () => {
  bot = await startBot({
    clock: new FakeClock('2026-11-20T09:45:00.000Z'),
    env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: slackApi.url },
    scheduler: { pollMs: 3_600_000 },
  });
  await slackApi.waitFor(() => !!socket);
  expect(slackApi.of('apps.connections.open')[0].authorization).toBe('Bearer xapp-test');

  socket.send(
    JSON.stringify({
      envelope_id: 'env-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: { command: '/melden', text: '', user_id: FLEUR, channel_id: 'DU0FLEUR', team_id: 'T0KCC', trigger_id: 'trigger-socket', api_app_id: 'A0MELDEN' },
    }),
  );
  await slackApi.waitFor(() => received.some((m) => m.envelope_id === 'env-1') && slackApi.of('views.open').length === 1);
  expect(slackApi.of('views.open')[0].args.trigger_id).toBe('trigger-socket');
  // Without a signing secret there is no HTTP endpoint to forge requests against.
  expect((await fetch(`${bot.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
});

test('if Socket Mode cannot connect, the error is logged and the rest of the bot keeps running', async () => {
  slackApi.socketUrl = undefined; // apps.connections.open answers invalid_auth
  const errors: string[] = [];
  bot = await startBot({
    env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-wrong', SLACK_API_URL: slackApi.url },
    logger: { info: () => {}, warn: () => {}, error: (...args: unknown[]) => errors.push(args.join(' ')) },
  });
  await slackApi.waitFor(() => errors.some((e) => e.includes('Socket Mode could not connect')));
  expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
});
