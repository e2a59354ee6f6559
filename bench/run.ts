/**
 * `npm run bench`: the real server side by side with bare-framework floors on one machine, interleaved, on
 * loopback. Prints a table and writes bench/results.json (each figure, its floor, the ratio, the target).
 *
 *   npm run bench [-- --quick] [-- --no-build] [-- --only fanout,slack]
 *
 * The targets run as child processes compiled by tsc (bench/tsconfig.json → .build/bench), so no loader sits in
 * the way; autocannon drives them from this process. See README, "Performance", for what each case means.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { confirmationCard, reportFormCard } from '../src/cards/teams/report';
import { slackReportModal } from '../src/cards/slack/report';
import { defaultFormValues } from '../src/services/report-form';
import { CosmosWireServer } from '../test/helpers/cosmos-server';
import { cardAction, message } from '../test/helpers/teams';
import { benchConfig, CLOCK_AT, DESK_PEOPLE, deskTenant, incidentSample } from './lib/config';
import { freePort, startTarget, type Target } from './lib/procs';
import { BenchConnector, BenchSlackApi } from './lib/wire';
import { fanout } from './lib/fanout';
import { helpToPages, isPage, sleep, waitFor } from './lib/pages';
import { waitForDueJobs } from './lib/drain';

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, 'no-build': { type: 'boolean', default: false }, only: { type: 'string' } },
});
/** `--only fanout,slack`: just those cases (cold, teams, slack, page, fanout, stats). */
const CASES = ['cold', 'teams', 'slack', 'page', 'fanout', 'stats'] as const;
const only = args.only?.split(',').map((c) => c.trim());
for (const c of only ?? []) if (!(CASES as readonly string[]).includes(c)) throw new Error(`--only: no case "${c}" (${CASES.join(', ')})`);
const want = (c: (typeof CASES)[number]) => !only || only.includes(c);
const QUICK = args.quick;
const ROUNDS = QUICK ? 2 : 3;
const SECONDS = QUICK ? 3 : 8;
const CONNECTIONS = 50;
const FANOUT = QUICK ? 400 : 2000;
/** Interleaved starts of each (a start takes under a second): with five, the ratio of the medians moved by up to 0.3 between runs on two cores. */
const COLD_RUNS = 9;
const IDLE_MS = 30_000;
const ROOT = resolve(__dirname, '..');
const BUILD = join(ROOT, '.build/bench');
const SECRET = 'bench-signing-secret-0123456789abcdef';

interface Row {
  case: string;
  value: number;
  unit: string;
  floor?: number;
  ratio?: number;
  target?: string;
  met?: boolean;
  runs?: number[];
}
const rows: Row[] = [];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
function add(row: Row): void {
  const r = { ...row, value: round(row.value), ...(row.floor !== undefined ? { floor: round(row.floor), ratio: round(row.value / row.floor) } : {}) };
  rows.push(r);
  console.log(`  ${r.case}: ${r.value} ${r.unit}${r.floor !== undefined ? ` (floor ${r.floor}, ×${r.ratio})` : ''}${r.target ? ` target ${r.target}: ${r.met ? 'met' : 'NOT met'}` : ''}`);
}
async function cannon(url: string, opts: Partial<autocannon.Options>): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...opts } as autocannon.Options);
}

/** One autocannon run per target per round, the order alternating, so both see the same load from the others. */
async function interleaved(label: string, pairs: { real: () => Promise<autocannon.Result>; floor: () => Promise<autocannon.Result> }) {
  const real: autocannon.Result[] = [];
  const floor: autocannon.Result[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? (['floor', 'real'] as const) : (['real', 'floor'] as const);
    for (const which of order) {
      const result = await pairs[which]();
      (which === 'real' ? real : floor).push(result);
      if (result.non2xx || result.errors || result.timeouts) console.log(`  (${label} ${which}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)`);
    }
  }
  return { real, floor };
}

function signedCommand(userId: string, offsetMs: number): { body: string; headers: Record<string, string> } {
  const sent = Date.now();
  const body = new URLSearchParams({
    token: 'x', team_id: 'T1', channel_id: `D${userId}`, channel_name: 'directmessage', user_id: userId, user_name: userId,
    command: '/melden', text: '', api_app_id: 'A1', response_url: 'https://hooks.slack.invalid/commands/1', trigger_id: `t${sent}-${randomUUID().slice(0, 8)}`,
  }).toString();
  const ts = String(Math.floor((sent + offsetMs) / 1000));
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': signature } };
}

function reportData(formId: string, firstResponse: boolean, category = 'verbal-aggression') {
  const local = defaultFormValues(new Date(Date.now() + (new Date(CLOCK_AT).getTime() - START)), 'Europe/Amsterdam');
  return { formId, incidentId: '', ...local, category, description: 'Schold mij uit aan de balie.', firstResponse: String(firstResponse) };
}
const START = Date.now();
const clockOffset = () => new Date(CLOCK_AT).getTime() - START;

async function main(): Promise<void> {
  if (!args['no-build']) {
    console.log('building (tsc -p bench/tsconfig.json) …');
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'bench/tsconfig.json')], { stdio: 'inherit' });
  }
  const dir = mkdtempSync(join(tmpdir(), 'melden-bench-'));
  const configFile = join(dir, 'melden.yaml');
  writeFileSync(configFile, benchConfig(FANOUT));
  const cardsFile = join(dir, 'cards.json');
  const values = defaultFormValues(new Date(), 'Europe/Amsterdam');
  writeFileSync(cardsFile, JSON.stringify({
    form: reportFormCard({ locale: 'nl', formId: randomUUID(), mode: 'execute', values }),
    confirmation: confirmationCard({ locale: 'nl', incident: incidentSample(), timezone: 'Europe/Amsterdam', duplicate: false }),
    modal: slackReportModal({ locale: 'nl', formId: randomUUID(), values }),
  }));

  const connector = new BenchConnector();
  const slackApi = new BenchSlackApi();
  await connector.start();
  await slackApi.start();
  const cosmos = new CosmosWireServer();
  await cosmos.start();
  const teamsEnv = { MELDEN_CONFIG: configFile, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApi.url };
  const script = (p: string) => join(BUILD, p);
  const targets: Target[] = [];
  const start = async (name: string, path: string, env: Record<string, string>, port?: number) => {
    const t = await startTarget(name, script(path), env, port, name === 'bare-slack');
    targets.push(t);
    return t;
  };
  try {
    if (want('cold')) {
      // ---- cold start and idle memory: `npm start`'s entry with Teams only on SQLite, against the bare bot.
      console.log('cold start to /readyz, idle RSS …');
      const cold: number[] = [];
      const coldFloor: number[] = [];
      const idle: number[] = [];
      const idleFloor: number[] = [];
      for (let r = 0; r < (QUICK ? 3 : COLD_RUNS); r++) {
        for (const which of r % 2 ? ['real', 'floor'] : ['floor', 'real']) {
          const t = which === 'real'
            ? await startTarget('melden', script('src/index.js'), { ...teamsEnv, DATA_DIR: join(dir, `cold-${r}`) }, await freePort())
            : await startTarget('bare-teams', script('bench/floors/bare-teams.js'), { BENCH_CARDS: cardsFile }, await freePort());
          (which === 'real' ? cold : coldFloor).push(t.readyMs);
          await sleep(1000);
          (which === 'real' ? idle : idleFloor).push(t.rssMb());
          await t.stop();
        }
      }
      add({ case: 'cold start to /readyz', value: median(cold), unit: 'ms', floor: median(coldFloor), target: '≤ 1.5× floor', met: median(cold) <= 1.5 * median(coldFloor), runs: cold });
      add({ case: 'RSS 1 s after ready', value: median(idle), unit: 'MB', floor: median(idleFloor) });
      // Idle: both processes left alone until V8's memory reducer has collected what the start-up left (it runs
      // some seconds after the last allocation burst; README "Performance"). Started one after the other, idle together.
      const idleReal = await startTarget('melden', script('src/index.js'), { ...teamsEnv, DATA_DIR: join(dir, 'idle') }, await freePort());
      const idleBare = await startTarget('bare-teams', script('bench/floors/bare-teams.js'), { BENCH_CARDS: cardsFile }, await freePort());
      await sleep(IDLE_MS);
      const settled = idleReal.rssMb();
      add({ case: `RSS idle (${IDLE_MS / 1000} s without requests)`, value: settled, unit: 'MB', floor: idleBare.rssMb(), target: '≤ 120 MB', met: settled <= 120 });
      await idleReal.stop();
      await idleBare.stop();
    }

    // ---- throughput: the real server (Teams + Slack, SQLite) against the bare botbuilder bot and the bare Bolt app.
    const real = want('teams') || want('slack') || want('page')
      ? await start('melden', 'bench/targets/melden.js', { ...teamsEnv, ...slackEnv, DATA_DIR: join(dir, 'sqlite'), BENCH_CLOCK_AT: CLOCK_AT })
      : undefined;
    connector.record = false;
    if (real && want('teams')) {
      const bareTeams = await start('bare-teams', 'bench/floors/bare-teams.js', { BENCH_CARDS: cardsFile });
      // `melden` from the desk staff in turn, each in their own chat in their municipality's tenant (lib/config.ts).
      const formBodies = Array.from({ length: DESK_PEOPLE }, (_, i) => {
        const activity = message(connector.url, { id: `29:d${i}`, name: `Baliemedewerker ${i}` }, 'melden') as Record<string, any>;
        const tenantId = deskTenant(i);
        return JSON.stringify({ ...activity, conversation: { ...activity.conversation, tenantId }, channelData: { tenant: { id: tenantId } } });
      });
      let sentForms = 0;
      const form = (t: Target) => () =>
        cannon(`${t.url}/api/messages`, {
          requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req: any) => ({ ...req, body: formBodies[sentForms++ % DESK_PEOPLE] }) }],
        });
      console.log('Teams message → form …');
      await form(real)();
      await form(bareTeams)();
      const f = await interleaved('form', { real: form(real), floor: form(bareTeams) });
      const rps = median(f.real.map((r) => r.requests.average));
      const rpsFloor = median(f.floor.map((r) => r.requests.average));
      const p99 = median(f.real.map((r) => r.latency.p99));
      const p99Floor = median(f.floor.map((r) => r.latency.p99));
      add({ case: 'Teams message → form, req/s', value: rps, unit: 'req/s', floor: rpsFloor, target: '≥ 0.5× floor', met: rps >= 0.5 * rpsFloor });
      add({ case: 'Teams message → form, p50', value: median(f.real.map((r) => r.latency.p50)), unit: 'ms', floor: median(f.floor.map((r) => r.latency.p50)) });
      add({ case: 'Teams message → form, p99', value: p99, unit: 'ms', floor: p99Floor, target: '≤ 3× floor', met: p99 <= 3 * p99Floor });
      add({ case: 'RSS after load', value: real.rssMb(), unit: 'MB', floor: bareTeams.rssMb() });

      // Reports that page nobody (emotion aimed at the organisation, no first response) from the desk staff: the cost of
      // taking a report. A page waits for its first responder's chat limits (2 / s sustained) on purpose, and is
      // measured on its own below (report → page).
      console.log('Teams report submit (invoke) …');
      let n = 0;
      const submitFor = (t: Target) => () =>
        cannon(`${t.url}/api/messages`, {
          requests: [{
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupRequest: (req: any) => {
              const i = n % DESK_PEOPLE;
              const activity = cardAction(connector.url, { id: `29:d${i}`, name: `Baliemedewerker ${i}` }, 'report.submit', reportData(`bench-form-${++n}-${START}`, false, 'emotion-criticism')) as Record<string, any>;
              return { ...req, body: JSON.stringify({ ...activity, conversation: { ...activity.conversation, tenantId: deskTenant(i) }, channelData: { tenant: { id: deskTenant(i) } } }) };
            },
          }],
        });
      const s = await interleaved('submit', { real: submitFor(real), floor: submitFor(bareTeams) });
      add({ case: 'Teams report submit, req/s', value: median(s.real.map((r) => r.requests.average)), unit: 'req/s', floor: median(s.floor.map((r) => r.requests.average)) });
      add({ case: 'Teams report submit, p99', value: median(s.real.map((r) => r.latency.p99)), unit: 'ms', floor: median(s.floor.map((r) => r.latency.p99)) });
      // The submits' follow-ups (aftercare planned, the coordinator told) run after the answer: the next cases
      // start once they are done, and how long that took is a figure of its own.
      const drained = await waitForDueJobs(join(dir, 'sqlite', 'melden.sqlite'), clockOffset(), 300_000);
      add({ case: 'Teams report submit: its follow-ups done, after the case', value: Math.round(drained.waitedMs / 100) / 10, unit: drained.left ? `s (${drained.left} still due)` : 's' });
      await bareTeams.stop();
    }


    if (real && want('slack')) {
      const slackPort = await freePort();
      const bareSlack = await start('bare-slack', 'bench/floors/bare-slack.js', { ...slackEnv, BENCH_CARDS: cardsFile, PORT: String(slackPort) }, slackPort);
      console.log('Slack /melden → ack, → views.open …');
      const slackRun = (t: Target, offsetMs: number) => async () => {
        const from = slackApi.viewsOpened.length;
        const sentAt: number[] = [];
        const result = await cannon(`${t.url}/slack/events`, {
          requests: [{
            method: 'POST',
            setupRequest: (req: any) => {
              const c = signedCommand(`UR${sentAt.length % 10}`, offsetMs);
              sentAt.push(Date.now());
              return { ...req, ...c };
            },
          }],
        });
        await sleep(3000);
        const opened = slackApi.viewsOpened.slice(from).map((v) => v.at - Number(/^t(\d+)-/.exec(v.triggerId)?.[1] ?? v.at));
        return Object.assign(result, { opened, sent: sentAt.length });
      };
      const sl = await interleaved('slack', { real: slackRun(real, clockOffset()), floor: slackRun(bareSlack, 0) });
      const openStats = (rs: any[]) => ({
        late: median(rs.map((r) => r.opened.filter((ms: number) => ms > 2500).length + Math.max(0, r.requests.total - r.opened.length))),
        p99: median(rs.map((r) => pct(r.opened, 99))),
        p50: median(rs.map((r) => pct(r.opened, 50))),
      });
      const ackP99 = median(sl.real.map((r) => r.latency.p99));
      const ackP99Floor = median(sl.floor.map((r) => r.latency.p99));
      add({ case: 'Slack command → ack, req/s', value: median(sl.real.map((r) => r.requests.average)), unit: 'req/s', floor: median(sl.floor.map((r) => r.requests.average)) });
      add({ case: 'Slack command → ack, p99', value: ackP99, unit: 'ms', floor: ackP99Floor, target: '≤ 2× floor', met: ackP99 <= 2 * ackP99Floor });
      const so = openStats(sl.real);
      const sf = openStats(sl.floor);
      add({ case: 'Slack command → views.open, p50', value: so.p50, unit: 'ms', floor: sf.p50 });
      add({ case: 'Slack command → views.open, p99', value: so.p99, unit: 'ms', floor: sf.p99 });
      add({ case: 'Slack modals later than 2.5 s (or never)', value: so.late, unit: `modals (floor: ${sf.late}; of ${median(sl.real.map((r: any) => r.sent))} / ${median(sl.floor.map((r: any) => r.sent))} sent)`, target: '0', met: so.late === 0 });
      await bareSlack.stop();
    }

    if (real && want('page')) {
      // ---- report → page at the connector, 1 and 10 reporters at once; SQLite and the Cosmos wire server.
      connector.record = true;
      const cosmosDb = cosmos.newDatabase('melden-bench');
      const realCosmos = await start('melden-cosmos', 'bench/targets/melden.js', { ...teamsEnv, ...cosmos.env(cosmosDb), COSMOS_CREATE_CONTAINERS: 'true', BENCH_CLOCK_AT: CLOCK_AT });
      for (const [store, t] of [['SQLite', real], ['Cosmos', realCosmos]] as const) {
        for (const concurrent of [1, 10]) {
          console.log(`report → page (${store}, ${concurrent} at once) …`);
          const latencies = await reportToPage(t, connector, concurrent, QUICK ? 6 : 15);
          const p = pct(latencies, 99);
          add({
            case: `report → page, ${concurrent} at once, ${store}, p99`, value: p, unit: 'ms',
            ...(concurrent === 10 && store === 'SQLite' ? { target: '< 1000 ms', met: p < 1000 } : {}),
          });
          add({ case: `report → page, ${concurrent} at once, ${store}, p50`, value: pct(latencies, 50), unit: 'ms' });
        }
      }
      await realCosmos.stop();

      console.log('hulp → all pages …');
      const help = await helpToPages(real, connector, QUICK ? 8 : 20, 550);
      add({ case: 'hulp → all 5 pages, p50', value: pct(help, 50), unit: 'ms' });
      add({ case: 'hulp → all 5 pages, p99', value: pct(help, 99), unit: 'ms' });
    }
    await real?.stop();

    // ---- fan-out of due check-ins against a connector that enforces Teams' limits; pages meanwhile (bench/lib/fanout.ts).
    if (want('fanout')) {
      console.log(`fan-out of ${FANOUT} check-ins (enforcing connector) …`);
      connector.reset();
      connector.record = true;
      connector.enforce = true;
      const fan = await start('melden-fanout', 'bench/targets/melden.js', { ...teamsEnv, DATA_DIR: join(dir, 'fanout'), BENCH_CLOCK_AT: CLOCK_AT, BENCH_FANOUT: String(FANOUT), BENCH_SERVICE_URL: connector.url });
      const f = await fanout(fan, connector, FANOUT, QUICK ? 3 : 6);
      const pagesMax = Math.max(...f.pagesDuring);
      add({ case: `fan-out ${FANOUT} check-ins, sustained rate`, value: f.rate, unit: `req/s (peak ${f.peak} in 1 s)`, floor: 50, target: '≥ 0.9× tenant limit', met: f.rate >= 45 });
      add({ case: 'fan-out: time to deliver all', value: f.drainMs, unit: `ms (${f.delivered} delivered)` });
      add({ case: 'fan-out: 429 answers from the connector', value: f.rejected, unit: Object.entries(f.rejectedBy).map(([k, n]) => `${n} ${k}`).join(', '), target: '0', met: f.rejected === 0 });
      add({ case: 'fan-out: check-ins lost / duplicated', value: f.lost + f.duplicated, unit: `(${f.lost} lost, ${f.duplicated} dup)`, target: '0', met: f.lost === 0 && f.duplicated === 0 });
      add({ case: 'fan-out: hulp → all pages during it, max', value: pagesMax, unit: `ms (${f.pagesDuring.join(', ')})`, target: '< 1000 ms', met: pagesMax < 1000 });
      await fan.stop();
      connector.enforce = false;
    }

    if (want('stats')) {
      // ---- statistics over 100k incidents (bench/reviews.bench.ts in its own process).
      console.log('statistics over 100k incidents …');
      const out = spawnSync(process.execPath, [script('bench/reviews.bench.js'), '--incidents', QUICK ? '20000' : '100000', '--runs', '3'], { encoding: 'utf8' }).stdout;
      const stats = /reviewStatistics[^\n]*median\s+([\d.]+) ms/.exec(out) ?? /median\s+([\d.]+) ms/.exec(out);
      add({ case: `statistics over ${QUICK ? '20k' : '100k'} incidents`, value: Number(stats?.[1] ?? NaN), unit: 'ms', target: '< 1000 ms', met: Number(stats?.[1]) < 1000 });
    }
  } finally {
    for (const t of targets) await t.stop();
    await connector.stop();
    await slackApi.stop();
    await cosmos.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, quick: QUICK, at: new Date().toISOString() };
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify({ machine, rows }, null, 2)}\n`);
  console.log(`\n${table(rows)}\n\n${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}${QUICK ? ' (--quick)' : ''}; written to bench/results.json`);
}

function table(rs: Row[]): string {
  const lines = ['| Case | Melden | Floor | Ratio | Target |', '|---|---:|---:|---:|---|'];
  for (const r of rs) lines.push(`| ${r.case} | ${r.value} ${r.unit} | ${r.floor ?? ''} | ${r.ratio !== undefined ? `${r.ratio}×` : ''} | ${r.target ? `${r.target} ${r.met ? '✓' : '✗'}` : ''} |`);
  return lines.join('\n');
}

/** `concurrent` reporters of teams t0…, each submitting `rounds` reports with "eerste opvang" at the same moment. */
async function reportToPage(t: Target, connector: BenchConnector, concurrent: number, rounds: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = Date.now();
    await Promise.all(
      Array.from({ length: concurrent }, async (_, i) => {
        const activity = cardAction(connector.url, { id: `29:r${i}`, name: `Medewerker ${i}` }, 'report.submit', reportData(randomUUID(), true));
        const answered = fetch(`${t.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) }).then((res) => res.text());
        const team = new Set([`a:dm-29:fr${i}`, `a:dm-29:l${i}`]);
        const paged = () => connector.calls.find((c) => c.at >= started && c.status === 200 && isPage(c) && team.has(c.conversationId ?? ''));
        await waitFor(() => !!paged(), 30_000);
        latencies.push((paged()?.at ?? Date.now() + 30_000) - started);
        await answered;
      }),
    );
    // Under the per-conversation limits (60 / 30 s) of each responder's chat.
    await sleep(700);
  }
  return latencies;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
