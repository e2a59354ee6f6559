/**
 * A process killed (SIGKILL) on the way to a page, and started again on the same data: the page arrives within
 * 10 s of the restart, and at most twice when the kill fell inside the HTTP call itself (docs/first-response.md).
 * Real processes, real clock, the real SQLite file, the local connector.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalConnector, type ConnectorCall } from '../helpers/connector';
import { EXAMPLE_CONFIG } from '../helpers/app';
import { cardAction, message, post } from '../helpers/teams';

const ROOT = join(__dirname, '../..');
const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
const ANNA = '29:anna';
jest.setTimeout(90_000);

let connector: LocalConnector;
let dataDir: string;
let child: ChildProcess | undefined;

beforeEach(async () => {
  connector = new LocalConnector();
  await connector.start();
  dataDir = mkdtempSync(join(tmpdir(), 'melden-crash-'));
});

afterEach(async () => {
  child?.kill('SIGKILL');
  connector.releaseHeld();
  await connector.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** Starts `src/index.ts` as its own process and resolves once it answers /healthz. */
async function startProcess(port: number): Promise<{ url: string; readyAt: number }> {
  child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/index.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', MELDEN_CONFIG: EXAMPLE_CONFIG, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) return { url, readyAt: Date.now() };
    if (Date.now() > deadline) throw new Error('the bot did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function killHard(): Promise<void> {
  const c = child!;
  child = undefined;
  await new Promise<void>((resolve) => {
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  });
}

const isPage = (c: ConnectorCall) => c.body?.attachments?.[0]?.content?.body?.[0]?.items?.[0]?.text === 'Eerste opvang gevraagd';
const toAnna = (c: ConnectorCall) => c.conversationId === `a:dm-${ANNA}` && isPage(c);

async function reportThreat(url: string) {
  await post(url, message(connector.url, FLEUR, 'help'));
  const now = new Date();
  const local = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hour12: false }).format(now);
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(now);
  const res = await post(
    url,
    cardAction(connector.url, FLEUR, 'report.submit', {
      formId: 'crash-0000-0000-0000-000000000000',
      date,
      time: local,
      channel: 'desk',
      category: 'threat',
      description: 'Dreigde met geweld.',
      firstResponse: 'true',
    }),
  );
  expect(res.status).toBe(200);
}

test('killed before the page was sent (the chat was still being created) → after the restart the page arrives within 10 s, once', async () => {
  const port = await freePort();
  connector.holdNext((c) => c.path === '/v3/conversations' && c.body?.members?.[0]?.id === ANNA, 1);
  const first = await startProcess(port);
  await reportThreat(first.url);
  await connector.waitFor(() => connector.held() === 1, 10_000);
  await killHard();
  connector.releaseHeld(); // the dead process never hears the answer

  const second = await startProcess(port);
  await connector.waitFor(() => connector.sent().filter(toAnna).length >= 1, 10_000);
  const page = connector.sent().find(toAnna)!;
  expect(page.at - second.readyAt).toBeLessThanOrEqual(10_000);
  await new Promise((r) => setTimeout(r, 2000));
  expect(connector.sent().filter(toAnna)).toHaveLength(1);
});

test('killed while the connector holds the page request open → the page is sent again within 10 s of the restart, at most 2 copies', async () => {
  const port = await freePort();
  connector.holdNext(toAnna, 1);
  const first = await startProcess(port);
  await reportThreat(first.url);
  await connector.waitFor(() => connector.held() === 1, 10_000);
  await killHard();
  connector.releaseHeld();

  const second = await startProcess(port);
  await connector.waitFor(() => connector.sent().filter(toAnna).length >= 2, 10_000);
  const resent = connector.sent().filter(toAnna)[1];
  expect(resent.at - second.readyAt).toBeLessThanOrEqual(10_000);
  await new Promise((r) => setTimeout(r, 3000));
  expect(connector.sent().filter(toAnna).length).toBeLessThanOrEqual(2);
});
