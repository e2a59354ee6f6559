/**
 * The real server for the benchmark, as a child process of bench/run.ts: the configuration from the environment
 * (loadAppConfig, as `npm start`), the default logger at LOG_LEVEL (warn), and two bench-only settings:
 * BENCH_CLOCK_AT (the clock starts at this instant and runs: a Monday morning, so the rota is on duty) and
 * BENCH_FANOUT (that many check-ins of the team `fan`, due now, seeded before the server listens).
 */
import { createMelden } from '../../src/app';
import { loadAppConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import type { Incident } from '../../src/services/model';
import type { Clock } from '../../src/services/ports';

async function main(): Promise<void> {
  const env = process.env;
  const config = loadAppConfig(env);
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'warn', pretty: false });
  const offset = env.BENCH_CLOCK_AT ? new Date(env.BENCH_CLOCK_AT).getTime() - Date.now() : 0;
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  const melden = createMelden({ config, logger, requestLog: logger.pino, clock });
  const fanout = Number(env.BENCH_FANOUT ?? 0);
  if (fanout > 0) await seedCheckins(melden.store, clock, fanout, env.BENCH_SERVICE_URL!);
  const port = await melden.listen(Number(env.PORT ?? 0), '127.0.0.1');
  process.stdout.write(`listening ${port}\n`);
  process.once('SIGTERM', () => void melden.close({ drainMs: 1000 }).then(() => process.exit(0)));
}

/** One incident per person of team `fan`, each with a 72-hour check-in due now, and its durable job. */
async function seedCheckins(store: ReturnType<typeof createMelden>['store'], clock: Clock, count: number, serviceUrl: string): Promise<void> {
  const now = clock.now().toISOString();
  // How to reach people who never wrote to the bot: the service URL and tenant, as one inbound message teaches.
  await store.conversations.save({
    key: 'teams:service',
    platform: 'teams',
    reference: { serviceUrl, channelId: 'msteams', bot: { id: '28:melden-bot', name: 'Melden' }, tenantId: 'tenant-1' },
    updatedAt: now,
  });
  for (let i = 0; i < count; i++) {
    const personId = `p${i}`;
    const incident: Incident = {
      id: `inc-fan-${i}`,
      number: `2026-${String(i).padStart(6, '0')}`,
      teamId: 'fan',
      reporterId: personId,
      platform: 'teams',
      locale: 'nl',
      occurredAt: now,
      reportedAt: now,
      channel: 'phone',
      category: 'verbal-aggression',
      description: 'Bench',
      stoppedAfterLimit: false,
      conversationEnded: true,
      firstResponseRequested: false,
      supportRequested: false,
      firstResponse: false,
      consentTeamMeeting: false,
      registration: 'not-required',
      registrationReason: 'emotion',
      patternIncidentIds: [],
      timeline: [],
      aftercare: { moments: [{ id: `checkin-72h:${personId}`, kind: 'checkin-72h', subjectId: personId, dueAt: now }], stoppedBy: [], witnesses: [] },
      version: 1,
    } as Incident;
    await store.incidents.create(incident);
    await store.jobs.schedule({ id: `aftercare.moment:${incident.id}:checkin-72h:${personId}`, kind: 'aftercare.moment', dueAt: now, payload: { incidentId: incident.id, momentId: `checkin-72h:${personId}` } });
  }
}

main().catch((err) => {
  process.stderr.write(`bench target failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
