/**
 * Slack, composed: the Web API client and messenger (needed by the domain services), then — once those exist —
 * the Bolt app with its listeners, mounted on POST /slack/events (HTTP, signing secret) and/or connected over
 * Socket Mode (SLACK_APP_TOKEN, for local development without a public URL). Bolt and @slack stay in this folder.
 */
import type express from 'express';
import { App, type AuthorizeResult } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackConfig } from '../../config';
import type { AftercareService } from '../../services/aftercare';
import type { Directory } from '../../services/directory';
import type { IncidentService } from '../../services/incidents';
import type { PagingService } from '../../services/paging';
import type { Clock, JobQueue, Store } from '../../services/ports';
import type { Locale } from '../../services/protocol';
import type { SanctionService } from '../../services/sanctions';
import type { HelpService } from '../../services/help';
import { registerHelp } from './help';
import type { TeamActionService } from '../../services/team-actions';
import type { Logger } from '../../services/ports';
import type { JobHandlers } from '../../services/job-kinds';
import { createSlackClient, slackLogger, SLACK_CALL_TIMEOUT_MS } from './client';
import { registerAftercareActions } from './aftercare';
import { registerCommands } from './commands';
import type { SlackBotDeps } from './deps';
import { SlackMessenger } from './messenger';
import { registerPageActions } from './pages';
import { t } from '../../cards/strings';
import { DetachedReceiver, slackEventsHandler } from './receiver';
import { SlackReports } from './report';
import { registerSanctionActions } from './sanctions';
import { registerTeamActionHandlers } from './team-commands';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackBase {
  config: SlackConfig;
  store: Store;
  clock: Clock;
  directory: Directory;
  logger: Logger;
  defaultLocale: Locale;
}

export interface SlackServices {
  incidents: IncidentService;
  paging: PagingService;
  aftercare: AftercareService;
  sanctions: SanctionService;
  help: HelpService;
  actions: TeamActionService;
  jobs: JobQueue;
  /** Test hooks; defaults suit Slack's 3-second rule. */
  submitBudgetMs?: number;
  retryDelaysMs?: number[];
}

export class SlackIntegration {
  readonly messenger: SlackMessenger;
  private readonly client: WebClient;
  private app?: App;
  private handler?: ReturnType<typeof slackEventsHandler>;
  /** The bot's own ids from auth.test, for Bolt's ignoreSelf; unknown until start() learned them. */
  private identity: { botUserId?: string; botId?: string } = {};

  constructor(private readonly base: SlackBase) {
    this.client = createSlackClient(base.config, base.logger);
    this.messenger = new SlackMessenger(this.client);
  }

  /** Registers the listeners on a new Bolt app; returns the Slack job handlers for the scheduler. */
  connect(services: SlackServices): JobHandlers {
    const { config, logger } = this.base;
    const deps: SlackBotDeps = {
      ...this.base,
      ...services,
      messenger: this.messenger,
      submitBudgetMs: services.submitBudgetMs ?? 2000,
      retryDelaysMs: services.retryDelaysMs ?? [1000, 3000],
    };
    const socketMode = !!config.appToken;
    const app = new App({
      // Answers from a cache, never a network call: an event must not wait on (or fail with) auth.test.
      authorize: async (): Promise<AuthorizeResult> => ({ botToken: config.botToken, ...this.identity }),
      ...(socketMode ? { socketMode: true, appToken: config.appToken } : { receiver: new DetachedReceiver() }),
      // Only Socket Mode's own client (apps.connections.open) uses these; our calls go through createSlackClient.
      clientOptions: { slackApiUrl: config.apiUrl, timeout: SLACK_CALL_TIMEOUT_MS },
      logger: slackLogger(logger),
      convoStore: false,
    });
    app.error(async (error) => {
      logger.error(`slack: listener failed: ${error.message}`);
    });
    const reports = new SlackReports(deps);
    registerCommands(app, deps);
    reports.register(app);
    registerHelp(app, deps);
    registerPageActions(app, deps);
    registerAftercareActions(app, deps);
    registerSanctionActions(app, deps);
    registerTeamActionHandlers(app, deps);
    this.app = app;
    if (config.signingSecret) {
      this.handler = slackEventsHandler({ signingSecret: config.signingSecret, clock: this.base.clock, logger, dispatch: (event) => app.processEvent(event), failureText: t(this.base.defaultLocale, 'error.generic') });
    }
    return reports.handlers();
  }

  /** Mounts POST /slack/events (only with a signing secret: without one nothing could be verified). */
  readonly mount = (http: express.Express): void => {
    const handler = this.handler;
    if (!handler) return;
    http.post(SLACK_EVENTS_PATH, (req, res, next) => {
      handler(req, res).catch(next);
    });
  };

  /** Learns the bot's identity and, in Socket Mode, connects. Trouble is logged; Teams keeps running. */
  async start(): Promise<void> {
    const { logger, config } = this.base;
    try {
      const me = await this.client.auth.test();
      this.identity = { botUserId: me.user_id, botId: me.bot_id };
    } catch (err) {
      logger.warn(`slack: auth.test failed (is SLACK_BOT_TOKEN right?): ${(err as Error).message}`);
    }
    if (config.appToken && this.app) {
      try {
        await this.app.start();
        logger.info('slack: connected over Socket Mode');
      } catch (err) {
        logger.error(`slack: Socket Mode could not connect: ${(err as Error).message}`);
      }
    }
  }

  async stop(): Promise<void> {
    if (this.base.config.appToken && this.app) {
      await this.app.stop().catch((err: Error) => this.base.logger.warn(`slack: Socket Mode stop: ${err.message}`));
    }
  }
}
