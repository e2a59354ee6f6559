/**
 * Slack, composed from the Core: the Web API client and messenger, the Bolt app with its listeners, mounted on
 * POST /slack/events (HTTP, signing secret) and/or connected over Socket Mode (SLACK_APP_TOKEN, for local
 * development without a public URL). Bolt and @slack stay in this folder.
 */
import type { EditService } from '../../services/edits';
import { registerFirstWeek } from './firstweek';
import type express from 'express';
import { App, type AuthorizeResult } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackConfig } from '../../config';
import type { Core } from '../../services/core';
import type { JobHandlers } from '../../services/job-kinds';
import type { PlatformAdapter } from '../../platform';
import { registerHelp } from './help';
import { createSlackClient, slackLogger, SLACK_CALL_TIMEOUT_MS } from './client';
import { registerAftercareActions } from './aftercare-actions';
import { registerCommands } from './commands';
import { SLACK_TIMING, type SlackBotDeps, type SlackTiming } from './deps';
import { SlackMessenger } from './messenger';
import { SlidingWindowLimiter } from '../rate-limit';
import { registerPageActions } from './page-actions';
import { t } from '../../cards/strings';
import { DetachedReceiver, slackEventsHandler } from './receiver';
import { SlackReports } from './report';
import { registerSanctionActions } from './sanctions';
import { registerMeasureActions } from './measures';
import { registerTeamActionHandlers } from './review-commands';

export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * The Slack platform adapter: the Web API client and messenger, the Bolt app with its listeners (built once, with
 * the Core), POST /slack/events and Socket Mode.
 */
export class SlackPlatform implements PlatformAdapter {
  readonly platform = 'slack' as const;
  readonly messenger: SlackMessenger;
  readonly jobHandlers: JobHandlers;
  private readonly client: WebClient;
  private readonly app: App;
  private readonly handler?: ReturnType<typeof slackEventsHandler>;
  /** The bot's own ids from auth.test, for Bolt's ignoreSelf; unknown until start() learned them. */
  private identity: { botUserId?: string; botId?: string } = {};

  constructor(
    private readonly core: Core,
    private readonly config: SlackConfig,
    timing: Partial<SlackTiming> = {},
  ) {
    const { logger } = core;
    this.client = createSlackClient(config, logger);
    this.messenger = new SlackMessenger(this.client, new SlidingWindowLimiter(undefined, { share: config.instances ?? 1 }));
    const deps: SlackBotDeps = { ...core, ...SLACK_TIMING, ...timing, messenger: this.messenger };
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
    registerMeasureActions(app, deps);
    registerTeamActionHandlers(app, deps);
    registerFirstWeek(app, deps);
    this.app = app;
    this.jobHandlers = reports.handlers();
    if (config.signingSecret) {
      this.handler = slackEventsHandler({ signingSecret: config.signingSecret, clock: core.clock, logger, dispatch: (event) => app.processEvent(event), failureText: t(core.defaultLocale, 'error.generic') });
    }
  }

  /** Mounts POST /slack/events (only with a signing secret: without one nothing could be verified). */
  mount(http: express.Express): void {
    const handler = this.handler;
    if (!handler) return;
    http.post(SLACK_EVENTS_PATH, (req, res, next) => {
      handler(req, res).catch(next);
    });
  }

  /** Learns the bot's identity and, in Socket Mode, connects. Trouble is logged; Teams keeps running. */
  async start(): Promise<void> {
    const { config } = this;
    const { logger } = this.core;
    try {
      const me = await this.client.auth.test();
      this.identity = { botUserId: me.user_id, botId: me.bot_id };
    } catch (err) {
      logger.warn(`slack: auth.test failed (is SLACK_BOT_TOKEN right?): ${(err as Error).message}`);
    }
    if (config.appToken) {
      try {
        await this.app.start();
        logger.info('slack: connected over Socket Mode');
      } catch (err) {
        logger.error(`slack: Socket Mode could not connect: ${(err as Error).message}`);
      }
    }
  }

  async stop(): Promise<void> {
    if (this.config.appToken) {
      await this.app.stop().catch((err: Error) => this.core.logger.warn(`slack: Socket Mode stop: ${err.message}`));
    }
  }
}
