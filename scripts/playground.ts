/**
 * `npm run playground`: Melden and Microsoft's own local Teams client, with no tenant and no credentials.
 *
 * Starts the bot (src/index.ts, local development mode: no app id, 127.0.0.1 only, a fresh SQLite store in a temp
 * folder, team config/playground.yaml) and two Microsoft 365 Agents Playground servers (npm
 * @microsoft/m365agentsplayground, telemetry off) pointed at it: one window is Fleur Mulder (reports), the other
 * Anna de Vries (first responder on duty, so a report's page is seen there). Prints the URLs to open; Ctrl-C
 * stops all three. The Bot Framework Emulator cannot run the cards' Action.Execute buttons; the playground can.
 *
 * Environment: PORT (bot, default 3978), PLAYGROUND_PORT (Fleur's window, default 56150; Anna's is the next port),
 * LOG_LEVEL (the bot's, default warn). README, "Try it locally".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const PLAYGROUND_CLI = require.resolve('@microsoft/m365agentsplayground/cli.js');
const STARTUP_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 15_000;

/** The two playground windows; ids and chat ids as in config/playground/<file>.yml and config/playground.yaml. */
const WINDOWS = [
  { file: 'fleur', name: 'Fleur Mulder', role: 'team member: type melden here', chatId: 'playground-chat-fleur' },
  { file: 'anna', name: 'Anna de Vries', role: 'first responder on duty: the page arrives here', chatId: 'playground-chat-anna' },
] as const;

const children: { name: string; child: ChildProcess }[] = [];
let stopping = false;

function prefixed(name: string, child: ChildProcess, onLine?: (line: string) => void): void {
  const relay = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) => {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        onLine?.(line);
        if (line.trim()) out.write(`[${name}] ${line}\n`);
      }
    });
  };
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
}

function start(name: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push({ name, child });
  prefixed(name, child, onLine);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the rest.\n`);
    void stop(1);
  });
  return child;
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + STARTUP_TIMEOUT_MS;
  while (!stopping) {
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const running = children.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  await Promise.all(
    running.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          const kill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  process.exit(exitCode);
}

let dataDir = '';

async function main(): Promise<void> {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  dataDir = mkdtempSync(join(tmpdir(), 'melden-playground-'));
  const botPort = Number(process.env.PORT ?? 3978);
  const firstPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
  const endpoint = `http://127.0.0.1:${botPort}/api/messages`;

  // Local development mode on purpose: no Bot Framework credentials (the playground sends unauthenticated
  // requests), never production, Slack and telemetry off, whatever the calling shell has set.
  const botEnv: NodeJS.ProcessEnv = { ...process.env, MELDEN_CONFIG: join(ROOT, 'config/playground.yaml'), DATA_DIR: dataDir, PORT: String(botPort), HOST: '127.0.0.1', NODE_ENV: 'development', STORE: 'sqlite', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  for (const key of ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'APPLICATIONINSIGHTS_CONNECTION_STRING']) delete botEnv[key];
  start('bot', ['--import', 'tsx', 'src/index.ts'], botEnv);

  const ports: number[] = [];
  WINDOWS.forEach((w, i) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: join(ROOT, 'config/playground', `${w.file}.yml`),
      M365_AGENTS_PLAYGROUND_LOGFILE: join(dataDir, `playground-${w.file}.log`),
      TEAMSAPPTESTER_BROWSER: 'none', // print the URL; do not open a browser
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true', // with --dt: no telemetry, nothing leaves the machine
    };
    // The playground takes another port when this one is taken, and says which: "Listening on <port>".
    start(`playground ${w.file}`, [PLAYGROUND_CLI, '--port', String(firstPort + i), '--app-endpoint', endpoint, '--channel-id', 'msteams', '--disable-telemetry'], env, (line) => {
      const m = /Listening on (\d+)/.exec(line);
      if (m) ports[i] = Number(m[1]);
    });
  });

  await until('the bot', async () => (await fetch(`http://127.0.0.1:${botPort}/healthz`)).ok);
  for (let i = 0; i < WINDOWS.length; i++) {
    await until(`playground ${WINDOWS[i].file}`, async () => !!ports[i] && (await (await fetch(`http://127.0.0.1:${ports[i]}/_debug/ping`)).text()) === 'pong');
  }
  // Anna's window tells the bot now that the app is installed for her (an installationUpdate, through the
  // playground's own "Mock an Activity" API), so the bot learns her 1:1 chat and a page reaches her window (held
  // there until her tab is opened) instead of a chat no window shows. Her welcome card comes when she opens it.
  const anna = WINDOWS.findIndex((w) => w.file === 'anna');
  const annaUrl = `http://127.0.0.1:${ports[anna]}`;
  const template = await fetch(`${annaUrl}/_internal/v1/customActivities/template?conversationId=${WINDOWS[anna].chatId}`);
  if (!template.ok) throw new Error(`the playground gave no activity template: HTTP ${template.status}`);
  const installation = { ...((await template.json()) as object), type: 'installationUpdate', action: 'add' };
  const installed = await fetch(`${annaUrl}/_internal/v1/customActivities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(installation) });
  if (!installed.ok) throw new Error(`the playground refused the installation: HTTP ${installed.status}`);

  const lines = WINDOWS.map((w, i) => `  ${`${w.name} (${w.role})`.padEnd(62)} http://localhost:${ports[i]}`);
  process.stdout.write(
    [
      '',
      'Melden playground is ready. Open in a browser:',
      ...lines,
      `Bot: ${endpoint} (local development mode, store in ${dataDir}, removed on stop)`,
      'Type "melden" in Fleur\'s window; the page arrives in Anna\'s. Ctrl-C stops everything.',
      '',
    ].join('\n') + '\n',
  );
}

main().catch((err: Error) => {
  process.stderr.write(`npm run playground failed: ${err.message}\n`);
  void stop(1);
});
