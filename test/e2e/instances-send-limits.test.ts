/**
 * Two instances divide Teams' send budget (MELDEN_INSTANCES=2, docs/operations.md "Send limits"): two full bot
 * servers on one Cosmos database (the wire server) fan out due check-ins against a connector that enforces Teams'
 * limits and answers 429 past them. Together they stay under the limits at the wire: no 429, every colleague gets
 * their check-in once, and a page asked for meanwhile is at the connector within a second.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Incident } from '../../src/services/model';
import type { Store } from '../../src/services/ports';
import { defaultFormValues } from '../../src/services/report-form';
import type { JobHandler } from '../../src/scheduler/scheduler';
import { startBot, type RunningBot } from '../helpers/app';
import { LocalConnector } from '../helpers/connector';
import { CosmosWireServer } from '../helpers/cosmos-server';
import { BOT, cardAction, TENANT } from '../helpers/teams';
import { TEAMS_PER_CONVERSATION, TEAMS_PER_TENANT } from '../helpers/teams-limits';

const COLLEAGUES = 90;
const MONDAY_MORNING = Date.parse('2026-11-23T09:00:00.000Z'); // every rota on duty
const person = (id: string, roles: string[]) => `      - { id: ${id}, name: Collega ${id}, teamsUserId: "29:${id}", roles: [${roles.join(', ')}] }`;
const CONFIG = `timezone: Europe/Amsterdam
locale: nl
teams:
  - id: fan
    name: Team Noord
    people:
${[person('lead', ['lead']), person('care', ['aftercare']), person('opvang', ['member', 'first-responder']), person('melder', ['member']), ...Array.from({ length: COLLEAGUES }, (_, i) => person(`p${i}`, ['member']))].join('\n')}
    firstResponse:
      rota: [opvang]
`;

jest.setTimeout(60_000);

const cosmos = new CosmosWireServer();
const connector = new LocalConnector();
let dir: string;
const running: RunningBot[] = [];

beforeAll(async () => {
  await cosmos.start();
  await connector.start();
  dir = mkdtempSync(join(tmpdir(), 'melden-instances-'));
  writeFileSync(join(dir, 'melden.yaml'), CONFIG);
});
afterAll(async () => {
  await Promise.all(running.map((bot) => bot.stop()));
  await connector.stop();
  await cosmos.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** One incident per colleague with its 72-hour check-in due now, and the durable job that sends it. */
async function seedCheckins(store: Store, now: string): Promise<void> {
  await store.conversations.save({
    key: 'teams:service',
    platform: 'teams',
    reference: { serviceUrl: connector.url, channelId: 'msteams', bot: BOT, tenantId: TENANT },
    updatedAt: now,
  });
  for (let i = 0; i < COLLEAGUES; i++) {
    const personId = `p${i}`;
    const momentId = `checkin-72h:${personId}`;
    await store.incidents.create({
      id: `inc-fan-${i}`, number: `2026-${String(i).padStart(4, '0')}`, teamId: 'fan', reporterId: personId, platform: 'teams', locale: 'nl',
      occurredAt: now, reportedAt: now, channel: 'phone', category: 'verbal-aggression', description: 'Schold mij uit.',
      stoppedAfterLimit: false, conversationEnded: true, firstResponseRequested: false, supportRequested: false, firstResponse: false,
      consentTeamMeeting: false, registration: 'not-required', registrationReason: 'emotion', patternIncidentIds: [], timeline: [],
      aftercare: { moments: [{ id: momentId, kind: 'checkin-72h', subjectId: personId, dueAt: now }], stoppedBy: [], witnesses: [] },
      version: 1,
    } as Incident);
    await store.jobs.schedule({ id: `aftercare.moment:inc-fan-${i}:${momentId}`, kind: 'aftercare.moment', dueAt: now, payload: { incidentId: `inc-fan-${i}`, momentId } });
  }
}

/** Check-ins sent per instance: the handler wrapped, as a test may (the scheduler offers no hook for it). */
const ran = { a: 0, b: 0 };
function countRuns(bot: RunningBot, name: 'a' | 'b'): void {
  const handlers = (bot.melden.scheduler as unknown as { handlers: Map<string, JobHandler> }).handlers;
  const send = handlers.get('aftercare.moment')!;
  handlers.set('aftercare.moment', async (job) => {
    await send(job);
    ran[name] += 1;
  });
}

/** The most calls in any window of `ms` starting at one of them. */
const mostIn = (stamps: number[], ms: number) => Math.max(0, ...stamps.map((start) => stamps.filter((t) => t >= start && t < start + ms).length));

test(`two instances with MELDEN_INSTANCES=2 fan out ${COLLEAGUES} check-ins under Teams' limits: no 429, each once, a page meanwhile within 1 s`, async () => {
  const offset = MONDAY_MORNING - Date.now();
  const clock = { now: () => new Date(Date.now() + offset) };
  const env = { ...cosmos.env(cosmos.newDatabase('instances-limits')), MELDEN_CONFIG: join(dir, 'melden.yaml'), MELDEN_INSTANCES: '2' };
  const a = await startBot({ clock, env, scheduler: { pollMs: 20, batchSize: 50 } });
  running.push(a);
  countRuns(a, 'a');
  await seedCheckins(a.melden.store, clock.now().toISOString());
  connector.enforceTeamsLimits = true;
  const fanStart = Date.now();
  const b = await startBot({ clock, env, scheduler: { pollMs: 20, batchSize: 50 } });
  running.push(b);
  countRuns(b, 'b');
  expect(a.config.instances).toBe(2);

  // A report with "eerste opvang" on instance b while both fan out.
  await connector.waitFor(() => connector.created().length >= 20, 20_000);
  const asked = Date.now();
  const submit = cardAction(connector.url, { id: '29:melder', name: 'Collega melder' }, 'report.submit', {
    ...defaultFormValues(clock.now(), 'Europe/Amsterdam'),
    formId: 'instances-limits-1', incidentId: '', category: 'verbal-aggression', description: 'Schold mij uit aan de balie.', firstResponse: 'true',
  });
  const answer = await fetch(`${b.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(submit) });
  expect(answer.status).toBe(200);
  const page = () => connector.calls.find((c) => c.at >= asked && c.status === 200 && /\/activities/.test(c.path) && c.conversationId === 'a:dm-29:opvang');
  await connector.waitFor(() => page() !== undefined, 10_000);
  expect(page()!.at - asked).toBeLessThan(1000);

  // Every colleague's check-in arrives, once.
  const checkinsTo = (i: number) => connector.sentTo(`29:p${i}`).length;
  await connector.waitFor(() => Array.from({ length: COLLEAGUES }, (_, i) => checkinsTo(i)).every((n) => n >= 1), 40_000);
  await new Promise((r) => setTimeout(r, 1000)); // late duplicates would arrive now
  expect(Array.from({ length: COLLEAGUES }, (_, i) => checkinsTo(i))).toEqual(Array(COLLEAGUES).fill(1));

  // Nothing refused, and the wire never saw more than the limits.
  const calls = connector.calls.filter((c) => c.at >= fanStart);
  expect(calls.filter((c) => c.status === 429)).toEqual([]);
  expect(mostIn(calls.map((c) => c.at), 1000)).toBeLessThanOrEqual(TEAMS_PER_TENANT[0].max);
  const byConversation = new Map<string, number[]>();
  for (const c of calls) if (c.conversationId) byConversation.set(c.conversationId, [...(byConversation.get(c.conversationId) ?? []), c.at]);
  for (const stamps of byConversation.values()) {
    for (const w of TEAMS_PER_CONVERSATION) expect(mostIn(stamps, w.ms)).toBeLessThanOrEqual(w.max);
  }
  // The two really shared the work: each instance sent some of the check-ins.
  expect(ran.a).toBeGreaterThan(0);
  expect(ran.b).toBeGreaterThan(0);
  expect(ran.a + ran.b).toBe(COLLEAGUES);
});
