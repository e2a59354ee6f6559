/** Composition: config → store → services → bots → scheduler → HTTP server. index.ts runs it; the e2e tests too. */
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { AppConfig, PersonConfig, TeamConfig } from './config';
import { createAdapter, type Logger } from './bots/teams/adapter';
import { MeldenTeamsBot } from './bots/teams/bot';
import { TeamsGateway } from './bots/teams/gateway';
import { TeamsMessenger } from './bots/teams/messenger';
import { isOrphanTeamsAddress } from './bots/teams/references';
import { SlackIntegration, type SlackServices } from './bots/slack';
import { Directory } from './services/directory';
import { ReportFollowUps } from './services/followups';
import { IncidentService } from './services/incidents';
import type { OutboundMessage } from './services/messages';
import type { Platform } from './services/model';
import { PagingService } from './services/paging';
import { AftercareService } from './services/aftercare';
import { RetentionService } from './services/retention';
import { SanctionService } from './services/sanctions';
import { ReviewService } from './services/reviews';
import { TeamActionService } from './services/team-actions';
import { ReviewCommands } from './bots/teams/review-commands';
import { systemClock, type Clock, type MessageRef, type Messenger, type Store } from './services/ports';
import { Scheduler, type SchedulerOptions } from './scheduler/scheduler';
import { SqliteStore } from './store/sqlite';
import { CosmosStore, cosmosStoreOptions } from './store/cosmos';
import { createHttpApp } from './server';

export interface MeldenOptions {
  config: AppConfig;
  clock?: Clock;
  /** A store to use instead of the configured one (tests share one between instances). */
  store?: Store;
  logger?: Logger;
  scheduler?: SchedulerOptions;
  /** Slack timing overrides (tests). */
  slack?: Pick<SlackServices, 'submitBudgetMs' | 'retryDelaysMs'>;
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
  close(): Promise<void>;
}

export function openStore(config: AppConfig): Store {
  if (config.store === 'cosmos') {
    if (!config.cosmos) throw new Error('STORE=cosmos needs the COSMOS_* settings (loadAppConfig reads them)');
    // Connects (and creates or checks the containers) on first use; listen() waits for that via ready().
    return new CosmosStore(cosmosStoreOptions(config.cosmos, config.teams.retention));
  }
  return new SqliteStore(join(config.dataDir, 'melden.sqlite'));
}

/** Stores that set up asynchronously (Cosmos: database and containers) are ready before traffic is taken. */
function storeReady(store: Store): Promise<void> {
  const ready = (store as Partial<{ ready(): Promise<void> }>).ready;
  return typeof ready === 'function' ? ready.call(store) : Promise.resolve();
}

/** Routes each message to the platform the conversation started on. */
class PlatformMessenger implements Messenger {
  constructor(private readonly byPlatform: Partial<Record<Platform, Messenger>>) {}
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
  const logger = options.logger ?? console;
  const store = options.store ?? openStore(config);
  const directory = new Directory(config.teams.teams);
  const scheduler = new Scheduler(store, clock, { logger, ...options.scheduler });

  const adapter = createAdapter(config.bot, logger);
  const gateway = new TeamsGateway(adapter, config.bot.MicrosoftAppId, store.conversations, clock);
  const slack = config.slack
    ? new SlackIntegration({ config: config.slack, store, clock, directory, logger, defaultLocale: config.teams.locale })
    : undefined;
  const messenger = new PlatformMessenger({ teams: new TeamsMessenger(gateway), slack: slack?.messenger });

  const paging = new PagingService(store, clock, directory, messenger, scheduler);
  const aftercare = new AftercareService(store, clock, directory, messenger, scheduler);
  const sanctions = new SanctionService(store, clock, directory, messenger, scheduler);
  const followUps = new ReportFollowUps(scheduler, [(id) => paging.start(id), (id) => aftercare.plan(id), (id) => sanctions.route(id)], (err) => logger.error(`follow-up failed: ${err.message}`));
  const incidents = new IncidentService(store, clock, (incident, waitMs) => followUps.reported(incident, waitMs));
  const retention = new RetentionService(store, clock, scheduler, { ...config.teams.retention, timezone: config.teams.timezone }, (m) => logger.info(m), {
    teamIds: () => directory.teams.map((t) => t.id),
    isOrphan: (address) => isOrphanTeamsAddress(directory, address),
  });
  const reviews = new ReviewService(store, clock, directory, messenger, scheduler, slack ? ['teams', 'slack'] : ['teams']);
  const teamActions = new TeamActionService(store, clock, directory);
  const slackHandlers = slack ? [slack.connect({ incidents, paging, aftercare, sanctions, actions: teamActions, jobs: scheduler, ...options.slack })] : [];
  for (const handlers of [paging.handlers(), aftercare.handlers(), sanctions.handlers(), followUps.handlers(), retention.handlers(), reviews.handlers(), ...slackHandlers]) {
    for (const [kind, handler] of Object.entries(handlers)) scheduler.register(kind, handler);
  }

  const bot = new MeldenTeamsBot({ store, clock, directory, incidents, paging, aftercare, sanctions, gateway, defaultLocale: config.teams.locale, logger,
    reviewCommands: new ReviewCommands({ store, clock, directory, actions: teamActions, gateway }) });
  const http = createHttpApp({ adapter, bot, logger, teams: config.teamsEnabled, mount: slack?.mount });

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
          void slack?.start();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
        s.once('error', reject);
        server = s;
      });
    },
    async close() {
      if (server) {
        const s = server;
        server = undefined;
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      await slack?.stop();
      await scheduler.stop();
      if (!options.store) await store.close();
    },
  };
}
