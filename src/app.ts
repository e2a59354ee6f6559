/**
 * Composition: config → store → scheduler → the Core of domain services (built once) → one platform adapter per
 * platform, each registered with it (messenger, job handlers, routes) → HTTP server. index.ts runs it; the e2e
 * tests too. The Azure SDK is reached only through src/store (openStore) and src/telemetry.ts.
 */
import type { Server } from 'node:http';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger as PinoLogger } from 'pino';
import { ConfigError, type AppConfig, type PersonConfig, type TeamConfig } from './config';
import { createLogger, type Logger } from './logger';
import { readinessCheck } from './health';
import { reportDeadSafetyJob } from './services/dead-jobs';
import { createTeamsPlatform } from './bots/teams';
import { isOrphanTeamsAddress } from './bots/teams/references';
import type { SlackPlatform } from './bots/slack';
import type { SlackTiming } from './bots/slack/deps';
import type { PlatformAdapter } from './platform';
import type { Core } from './services/core';
import type { ServicePorts } from './services/domain-service';
import { Directory } from './services/directory';
import { ReportFollowUps } from './services/followups';
import { EditService } from './services/edits';
import { IncidentService } from './services/incidents';
import type { OutboundMessage } from './services/messages';
import type { Job, Platform } from './services/model';
import { PagingService, SAFETY_JOB_KINDS } from './services/paging';
import { HelpService, HELP_JOBS } from './services/help';
import { FOLLOW_UP_JOB } from './services/followups';
import { AftercareService } from './services/aftercare';
import { RetentionService } from './services/retention';
import { SanctionService } from './services/sanctions';
import { MeasureService } from './services/measures';
import { ReviewService } from './services/reviews';
import { TeamActionService } from './services/team-actions';
import { systemClock, type Clock, type MessageRef, type Messenger, type Store } from './services/ports';
import { Scheduler, type SchedulerOptions } from './scheduler/scheduler';
import { SqliteStore } from './store/sqlite';
import { createHttpApp } from './server';

/** Lease of the safety jobs, renewed every third of it while they run. */
const SAFETY_LEASE_MS = 6_000;

export interface MeldenOptions {
  config: AppConfig;
  clock?: Clock;
  /** A store to use instead of the configured one (tests share one between instances). */
  store?: Store;
  logger?: Logger;
  /** The HTTP request log; default: the pino behind the default logger, none with a custom logger. */
  requestLog?: PinoLogger;
  scheduler?: SchedulerOptions;
  /** Slack timing overrides (tests). */
  slack?: Partial<SlackTiming>;
}

export interface Melden {
  readonly store: Store;
  readonly directory: Directory;
  readonly scheduler: Scheduler;
  readonly paging: PagingService;
  readonly reviews: ReviewService;
  readonly aftercare: AftercareService;
  /** Serves HTTP and starts the scheduler's polling loop (which first catches up on overdue jobs). */
  listen(port?: number, host?: string): Promise<number>;
  /**
   * Graceful stop (docs/operations.md, "Signals"): /readyz turns 503, no new jobs are claimed, requests and
   * jobs in flight get up to `drainMs` (default: no limit) to finish, leases still held are released.
   */
  close(options?: { drainMs?: number }): Promise<void>;
}

export function openStore(config: AppConfig): Store {
  if (config.store === 'cosmos') {
    if (!config.cosmos) throw new Error('STORE=cosmos needs the COSMOS_* settings (loadAppConfig reads them)');
    // Connects (and creates or checks the containers) on first use; listen() waits for that via ready().
    // Loaded only here: @azure/cosmos costs start-up time and memory a SQLite deployment does not need.
    const { CosmosStore, cosmosStoreOptions } = require('./store/cosmos') as typeof import('./store/cosmos');
    return new CosmosStore(cosmosStoreOptions(config.cosmos, config.teams.retention));
  }
  return new SqliteStore(sqlitePath(config.dataDir));
}

/** The SQLite file in DATA_DIR; a folder that cannot be created or written is named in the error. */
function sqlitePath(dataDir: string): string {
  const dir = resolve(dataDir);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new ConfigError(`DATA_DIR=${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return join(dir, 'melden.sqlite');
}

/** Stores that set up asynchronously (Cosmos: database and containers) are ready before traffic is taken. */
function storeReady(store: Store): Promise<void> {
  const ready = (store as Partial<{ ready(): Promise<void> }>).ready;
  return typeof ready === 'function' ? ready.call(store) : Promise.resolve();
}

/** Routes each message to the platform the conversation started on; each adapter adds its messenger when registered. */
class PlatformMessenger implements Messenger {
  private readonly byPlatform: Partial<Record<Platform, Messenger>> = {};
  add(platform: Platform, messenger: Messenger): void {
    this.byPlatform[platform] = messenger;
  }
  private for(platform: Platform): Messenger {
    const messenger = this.byPlatform[platform];
    if (!messenger) throw new Error(`no messenger for ${platform}`);
    return messenger;
  }
  sendToPerson(person: PersonConfig, platform: Platform, message: OutboundMessage): Promise<MessageRef> {
    return this.for(platform).sendToPerson(person, platform, message);
  }
  update(ref: MessageRef, message: OutboundMessage): Promise<void> {
    return this.for(ref.platform).update(ref, message);
  }
  postToChannel(team: TeamConfig, platform: Platform, message: OutboundMessage): Promise<MessageRef> {
    return this.for(platform).postToChannel(team, platform, message);
  }
}

export function createMelden(options: MeldenOptions): Melden {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const defaultLogger = options.logger ? undefined : createLogger();
  const logger: Logger = options.logger ?? defaultLogger!;
  const requestLog = options.requestLog ?? defaultLogger?.pino;
  const store = options.store ?? openStore(config);
  const directory = new Directory(config.teams.teams);
  // Jobs on the way to a page run on short, renewed leases: after a crash they are free again within seconds
  // (docs/first-response.md). A dead paging job is never silent: the ladder moves on (PagingService.jobDied) and
  // the coordinators hear of it (reportDeadSafetyJob). Both exist only below: late binding.
  let onDead: (job: Job) => Promise<void> = async () => {};
  const scheduler = new Scheduler(store, clock, {
    logger,
    shortLeases: { kinds: [...SAFETY_JOB_KINDS, FOLLOW_UP_JOB, HELP_JOBS.start], leaseMs: SAFETY_LEASE_MS },
    onDead: (job) => onDead(job),
    ...options.scheduler,
  });

  const messenger = new PlatformMessenger();
  const reportDead = reportDeadSafetyJob(store, directory, messenger);

  // The ports every domain service runs on, one set for all of them.
  const ports: ServicePorts = { store, clock, directory, messenger, jobs: scheduler };
  const paging = new PagingService(ports);
  const help = new HelpService(ports, paging);
  onDead = async (job) => {
    await paging.jobDied(job).catch((err: Error) => logger.error(`a dead paging job could not move the ladder on: ${err.message}`));
    await reportDead(job);
  };
  const aftercare = new AftercareService(ports);
  const measures = new MeasureService(ports);
  const sanctions = new SanctionService(ports, measures);
  const followUps = new ReportFollowUps(
    scheduler,
    [(id) => paging.start(id), (id) => aftercare.plan(id), (id) => sanctions.route(id), (id) => measures.routePattern(id)],
    (err) => logger.error(`follow-up failed: ${err.message}`),
  );
  const incidents = new IncidentService(store, clock, (incident, waitMs) => followUps.reported(incident, waitMs), (team, ref) => measures.inForceAtIntake(team, ref));
  const retention = new RetentionService(store, clock, scheduler, { ...config.teams.retention, timezone: config.teams.timezone }, (m) => logger.info(m), {
    teamIds: () => directory.teams.map((t) => t.id),
    isOrphan: (address) => isOrphanTeamsAddress(directory, address),
  });
  const reviews = new ReviewService(ports, config.slack ? ['teams', 'slack'] : ['teams']);
  const actions = new TeamActionService(store, clock, directory);
  // Wijzigen: a correction reaches the follow-ups that must hear of it (aftercare asked for now, a registration that
  // became required goes to the coordinator), never a new page. Both steps are idempotent (docs/first-week.md).
  const edits = new EditService(store, clock, incidents, async (incident) => {
    await aftercare.plan(incident.id);
    await sanctions.route(incident.id);
  });
  for (const handlers of [paging.handlers(), help.handlers(), aftercare.handlers(), sanctions.handlers(), measures.handlers(), followUps.handlers(), retention.handlers(), reviews.handlers()]) {
    scheduler.registerAll(handlers);
  }
  const core: Core = { store, clock, directory, logger, defaultLocale: config.teams.locale, incidents, paging, aftercare, sanctions, measures, help, edits, actions, jobs: scheduler };

  // One adapter per platform, each built once from the Core and registered with it.
  const platforms: PlatformAdapter[] = [createTeamsPlatform(core, { credentials: config.bot, serve: config.teamsEnabled !== false, instances: config.instances })];
  // @slack/bolt is loaded only when Slack is configured (start-up time and memory).
  if (config.slack) {
    const { SlackPlatform: Slack } = require('./bots/slack') as { SlackPlatform: typeof SlackPlatform };
    platforms.push(new Slack(core, { ...config.slack, instances: config.slack.instances ?? config.instances }, options.slack));
  }
  for (const platform of platforms) {
    messenger.add(platform.platform, platform.messenger);
    scheduler.registerAll(platform.jobHandlers);
  }

  let shuttingDown = false;
  const readiness = readinessCheck({
    jobs: store.jobs,
    lastPollAt: () => scheduler.lastPollAt,
    pollMs: scheduler.pollIntervalMs,
    now: () => clock.now(),
    shuttingDown: () => shuttingDown,
  });
  const http = createHttpApp({ logger, requestLog, readiness, mounts: platforms.map((p) => (app) => p.mount(app)) });

  let server: Server | undefined;
  return {
    store,
    directory,
    scheduler,
    paging,
    aftercare,
    reviews,
    async listen(port = config.port, host = config.host) {
      await storeReady(store);
      // Before the first poll, so an agenda missed while the bot was down is found and the next ones are planned.
      await reviews.ensureScheduled().catch((err: Error) => logger.error(`could not schedule the review calendar: ${err.message}`));
      return new Promise<number>((resolve, reject) => {
        const s = http.listen(port, host, () => {
          const address = s.address();
          scheduler.start();
          retention.scheduleNext().catch((err: Error) => logger.error(`could not schedule the retention purge: ${err.message}`));
          for (const platform of platforms) void platform.start();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
        s.once('error', reject);
        server = s;
      });
    },
    async close({ drainMs }: { drainMs?: number } = {}) {
      shuttingDown = true;
      const deadline = drainMs === undefined ? undefined : Date.now() + drainMs;
      const left = () => (deadline === undefined ? undefined : Math.max(0, deadline - Date.now()));
      // Stop claiming jobs first; jobs and requests in flight drain together.
      const schedulerStopped = scheduler.stop({ drainMs });
      if (server) {
        const s = server;
        server = undefined;
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeIdleConnections();
        if (deadline === undefined) s.closeAllConnections();
        else {
          const timer = setTimeout(() => s.closeAllConnections(), left());
          await closed;
          clearTimeout(timer);
        }
        await closed;
      }
      for (const platform of platforms) await platform.stop();
      await schedulerStopped;
      if (!options.store) await store.close();
    },
  };
}
