/**
 * The real entry point as an operator runs it: `npm start` (prestart builds, start execs node). A report whose
 * page hangs on a slow connector, then SIGTERM while a chat request is in flight: the request completes, node
 * exits 0 within the drain timeout, no lease is left held in the store. Every stdout line is a JSON log entry,
 * and none carries the report's description, citizen reference or people's names.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import { EXAMPLE_CONFIG } from '../helpers/app';
import { cardAction, message, post } from '../helpers/teams';

const ROOT = join(__dirname, '../..');
const DRAIN_MS = 4_000;
const REPLY_DELAY_MS = 1_500;
const DESCRIPTION = 'Beller zei: ik weet waar je woont, Kalverstraat 12';
const CITIZEN_REF = 'z-2026-778899';

/** A connector whose replies take REPLY_DELAY_MS and whose 1:1 conversation creation (the page) hangs for 30 s. */
async function slowConnector(): Promise<{ url: string; server: Server; calls: string[] }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    req.resume();
    const hang = req.method === 'POST' && req.url === '/v3/conversations';
    const t = setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `id-${calls.length}` }));
    }, hang ? 30_000 : REPLY_DELAY_MS);
    res.on('close', () => clearTimeout(t));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server, calls };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const until = async (check: () => boolean | Promise<boolean>, ms: number) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};

test('npm start → SIGTERM during a slow request: it completes, node exits 0 in the drain timeout, leases released, logs are JSON without personal data', async () => {
  const connector = await slowConnector();
  const dataDir = mkdtempSync(join(tmpdir(), 'melden-process-'));
  const port = await freePort();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MELDEN_CONFIG: EXAMPLE_CONFIG, DATA_DIR: dataDir, PORT: String(port), DRAIN_TIMEOUT_MS: String(DRAIN_MS), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));
  const url = `http://127.0.0.1:${port}`;
  try {
    // The build runs first (prestart); then node listens.
    await until(() => /"msg":"Melden listening/.test(stdout), 110_000);
    const nodePid = Number(/"pid":(\d+)/.exec(stdout)![1]);
    expect(nodePid).not.toBe(child.pid);

    // A threat report: its page hangs on the connector, so the page job holds a lease.
    const local = DateTime.now().setZone('Europe/Amsterdam').minus({ minutes: 5 });
    const fleur = { id: '29:fleur', name: 'Fleur Mulder' };
    const report = await post(url, cardAction(connector.url, fleur, 'report.submit', {
      formId: 'form-process-0001', date: local.toFormat('yyyy-MM-dd'), time: local.toFormat('HH:mm'), channel: 'phone', category: 'threat',
      description: DESCRIPTION, stoppedAfterLimit: 'false', conversationEnded: 'true', citizenRef: CITIZEN_REF, firstResponse: 'true', consentTeamMeeting: 'false',
    }));
    expect(report.status).toBe(200);
    const db = new Database(join(dataDir, 'melden.sqlite'), { readonly: true });
    const leased = () => (db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE lease_owner IS NOT NULL AND state = 'pending'").get() as { n: number }).n;
    await until(() => leased() > 0, 10_000);

    // A chat request whose reply takes REPLY_DELAY_MS; SIGTERM to npm while it is in flight.
    const inFlight = post(url, message(connector.url, fleur, 'help'));
    await until(() => connector.calls.some((c) => c.includes('/activities')), 5_000);
    const signalled = Date.now();
    child.kill('SIGTERM');
    const answer = await inFlight;
    expect(answer.status).toBe(200);

    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(DRAIN_MS + 2_000);
    expect(() => process.kill(nodePid, 0)).toThrow(); // node itself is gone, not only npm
    expect(leased()).toBe(0);
    db.close();

    const lines = stdout.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      const entry = JSON.parse(line);
      expect(entry).toEqual(expect.objectContaining({ level: expect.any(Number), time: expect.any(String), msg: expect.any(String) }));
    }
    expect(lines.some((l) => /"msg":"request"/.test(l) && /"path":"\/api\/messages"/.test(l) && /"durationMs"/.test(l))).toBe(true);
    expect(lines.some((l) => /SIGTERM: shutting down/.test(l))).toBe(true);
    for (const secret of [DESCRIPTION, 'Kalverstraat', CITIZEN_REF, 'Fleur Mulder', 'Anna de Vries', 'Bram Jansen', 'Eva Smit', 'Dirk Visser']) {
      expect(stdout + stderr).not.toContain(secret);
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    connector.server.closeAllConnections();
    connector.server.close();
  }
}, 150_000);
