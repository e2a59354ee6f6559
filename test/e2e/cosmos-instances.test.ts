/**
 * Several instances on one Cosmos database (the in-process wire server): two full bot servers started with
 * STORE=cosmos, each with its own Cosmos clients, scheduler and caches, as two App Service instances would be.
 * - 500 due jobs, both schedulers polling: every job runs exactly once.
 * - Teams requests land on either instance: report on one, acknowledge on the other; the acknowledged page is
 *   not escalated by either; an unanswered one is escalated exactly once; simultaneous acks have one winner.
 */
import type { Job } from '../../src/services/model';
import { startBot, type RunningBot } from '../helpers/app';
import { FakeClock } from '../helpers/clock';
import { LocalConnector } from '../helpers/connector';
import { CosmosWireServer } from '../helpers/cosmos-server';
import { cardAction, message, post } from '../helpers/teams';
import { until } from '../helpers/wait';

const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
const ANNA = { id: '29:anna', name: 'Anna de Vries' };
const BRAM = { id: '29:bram', name: 'Bram Jansen' };
const MINUTE = 60_000;

const cosmos = new CosmosWireServer();
let connector: LocalConnector;
let running: RunningBot[] = [];

beforeAll(() => cosmos.start());
afterAll(() => cosmos.stop());

beforeEach(async () => {
  connector = new LocalConnector();
  await connector.start();
});

afterEach(async () => {
  await Promise.all(running.map((bot) => bot.stop()));
  running = [];
  await connector.stop();
});

async function twoInstances(options: Parameters<typeof startBot>[0] = {}): Promise<[RunningBot, RunningBot]> {
  const env = cosmos.env(cosmos.newDatabase('instances'));
  const a = await startBot({ ...options, env: { ...env, ...options.env } });
  running.push(a);
  const b = await startBot({ ...options, env: { ...env, ...options.env } });
  running.push(b);
  return [a, b];
}

test('500 due jobs, two instances polling the same Cosmos database: 500 sends, no job twice', async () => {
  const [a, b] = await twoInstances({ scheduler: { pollMs: 20, batchSize: 50 } });
  expect(a.config.store).toBe('cosmos');
  const ranBy: Record<string, string[]> = { A: [], B: [] };
  const send = (instance: 'A' | 'B') => async (job: Job) => {
    ranBy[instance].push(job.id);
    const res = await fetch(`${connector.url}v3/conversations/load-test/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: job.id, instance }),
    });
    if (!res.ok) throw new Error(`send failed: ${res.status}`);
  };
  a.melden.scheduler.register('test.send', send('A'));
  b.melden.scheduler.register('test.send', send('B'));

  const dueAt = new Date(Date.now() - 1000);
  const ids = Array.from({ length: 500 }, (_, i) => `load:${String(i).padStart(3, '0')}`);
  const started = Date.now();
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(ids.slice(i, i + 50).map((id) => a.melden.scheduler.schedule({ id, kind: 'test.send', dueAt, payload: { n: id } })));
  }
  await connector.waitFor(() => connector.sent('load-test').length >= 500, 60_000);
  const elapsed = Date.now() - started;
  // Let both keep polling a while longer: nothing more may go out.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await Promise.all([a.melden.scheduler.runDue(), b.melden.scheduler.runDue()]);

  const sent = connector.sent('load-test').map((c) => c.body.text as string);
  expect(sent).toHaveLength(500);
  expect(new Set(sent).size).toBe(500);
  expect([...sent].sort()).toEqual(ids);
  expect(ranBy.A.length + ranBy.B.length).toBe(500);
  expect(ranBy.A.length).toBeGreaterThan(0);
  expect(ranBy.B.length).toBeGreaterThan(0);
  for (const id of ids.filter((_, i) => i % 25 === 0)) expect(await b.melden.store.jobs.get(id)).toMatchObject({ state: 'done', attempts: 1 });
  expect((await a.melden.store.jobs.due(new Date().toISOString(), 50)).filter((j) => j.kind === 'test.send')).toEqual([]);
  console.log(`two instances: 500 jobs → ${sent.length} sends, ${sent.length - new Set(sent).size} duplicates; A ran ${ranBy.A.length}, B ran ${ranBy.B.length}; ${elapsed} ms`);
}, 90_000);

describe('Teams requests on either instance (fake clock, polling by hand)', () => {
  const NOW = '2026-11-20T09:45:00.000Z'; // Friday 10:45 in Amsterdam
  let clock: FakeClock;
  let a: RunningBot;
  let b: RunningBot;
  let formCounter = 0;

  beforeEach(async () => {
    clock = new FakeClock(NOW);
    [a, b] = await twoInstances({ clock, scheduler: { pollMs: 3_600_000 } });
    // Fleur talked to instance A: B knows her chat and the service URL too (one store).
    await post(a.url, message(connector.url, FLEUR, 'help'));
    await connector.waitFor(() => connector.sentTo(FLEUR.id).length === 1);
    connector.calls.length = 0;
  });

  const textOf = (value: unknown) => JSON.stringify(value);
  const submit = (id: string) =>
    cardAction(connector.url, FLEUR, 'report.submit', {
      formId: id,
      date: '2026-11-20',
      time: '10:40',
      channel: 'desk',
      category: 'threat',
      description: 'Dreigde met geweld aan de balie.',
      citizenRef: 'Z-77',
      firstResponse: 'true',
    });

  async function reportThreatOn(bot: RunningBot) {
    formCounter += 1;
    const res = await post(bot.url, submit(`form-${formCounter}-0000-0000-000000000000`));
    expect(res.status).toBe(200);
    const [incident] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
    return incident;
  }

  /**
   * The connector sees a page before the sending instance has recorded it on the incident and scheduled its
   * escalation: wait for both before acting on the page or moving the clock.
   */
  async function paged(incidentId: string, personId: string, step: number) {
    await until(async () => !!(await a.melden.store.incidents.get(incidentId))?.paging?.pages.some((p) => p.personId === personId), { what: `${personId} to be recorded as paged` });
    await until(async () => (await b.melden.store.jobs.get(`escalate:${incidentId}:${step}`)) !== undefined, { what: `escalation ${step} to be scheduled` });
  }

  /** Both instances poll at the same moment, twice (as their loops would). */
  async function bothPoll() {
    for (let i = 0; i < 2; i++) await Promise.all([a.melden.scheduler.runDue(), b.melden.scheduler.runDue()]);
  }

  test('one submit delivered to both instances at once makes one incident and one page', async () => {
    const form = submit('form-dup-0000-0000-000000000000');
    const [ra, rb] = await Promise.all([post(a.url, form), post(b.url, form)]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    await connector.waitFor(() => connector.sentTo(ANNA.id).length === 1);
    await bothPoll();
    expect(await a.melden.store.incidents.find({ teamId: 'kcc-noord' })).toHaveLength(1);
    expect(connector.sentTo(ANNA.id)).toHaveLength(1);
  });

  test('reported on B, acknowledged through A: neither instance escalates', async () => {
    const incident = await reportThreatOn(b);
    await connector.waitFor(() => connector.sentTo(ANNA.id).length === 1);
    await paged(incident.id, 'anna', 0);
    clock.advance(MINUTE);
    const ack = await post(a.url, cardAction(connector.url, ANNA, 'page.ack', { incidentId: incident.id }));
    expect(textOf(ack.body.value)).toContain('Jij hebt dit opgepakt om 10:46');

    clock.advance(10 * MINUTE);
    await bothPoll();
    expect(connector.sentTo(BRAM.id)).toHaveLength(0);
    const stored = (await b.melden.store.incidents.get(incident.id))!;
    expect(stored.paging).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'anna', step: 0 });
    const paging = stored.timeline.map((e) => e.type).filter((t) => /^(paged|acknowledged|page-timeout|escalated|declined)$/.test(t));
    expect(paging).toEqual(['paged', 'acknowledged']);
    expect((await a.melden.store.jobs.get(`escalate:${incident.id}:0`))!).toMatchObject({ state: 'done', lastError: 'cancelled', attempts: 0 });
  });

  test('no answer: both instances poll at the timeout, the next colleague is paged exactly once', async () => {
    const incident = await reportThreatOn(a);
    await connector.waitFor(() => connector.sentTo(ANNA.id).length === 1);
    await paged(incident.id, 'anna', 0);
    clock.advance(2 * MINUTE);
    await bothPoll();
    await connector.waitFor(() => connector.sentTo(BRAM.id).length === 1);
    await bothPoll();
    expect(connector.sentTo(BRAM.id)).toHaveLength(1);
    const stored = (await a.melden.store.incidents.get(incident.id))!;
    expect(stored.timeline.filter((e) => e.type === 'page-timeout')).toHaveLength(1);
    expect(stored.paging).toMatchObject({ status: 'paging', step: 1 });
  });

  test('Anna acks through A while Bram acks through B, at the same moment: one winner, the other is told', async () => {
    const incident = await reportThreatOn(a);
    await connector.waitFor(() => connector.sentTo(ANNA.id).length === 1);
    await paged(incident.id, 'anna', 0);
    clock.advance(2 * MINUTE);
    await bothPoll();
    await connector.waitFor(() => connector.sentTo(BRAM.id).length === 1);
    await paged(incident.id, 'bram', 1);

    const [fromAnna, fromBram] = await Promise.all([
      post(a.url, cardAction(connector.url, ANNA, 'page.ack', { incidentId: incident.id })),
      post(b.url, cardAction(connector.url, BRAM, 'page.ack', { incidentId: incident.id })),
    ]);
    const won = [fromAnna, fromBram].map((r) => textOf(r.body.value).includes('Jij hebt dit opgepakt'));
    expect(won.filter(Boolean)).toHaveLength(1);
    const stored = (await b.melden.store.incidents.get(incident.id))!;
    expect(stored.paging!.acknowledgedBy).toBe(won[0] ? 'anna' : 'bram');
    expect(stored.timeline.filter((e) => e.type === 'acknowledged')).toHaveLength(1);
    const loser = won[0] ? fromBram : fromAnna;
    expect(textOf(loser.body.value)).toContain(won[0] ? 'Anna de Vries' : 'Bram Jansen');

    clock.advance(10 * MINUTE);
    await bothPoll();
    expect(connector.sentTo('29:eva')).toHaveLength(0);
  });
});
