/**
 * Teams, composed: the Bot Framework adapter (authentication, credentials), the gateway and messenger, the bot
 * with its commands, and POST /api/messages. Bodies are read with a size limit and checked against the activity
 * schema (activity-schema.ts) before botbuilder sees them; bad input is a 400, a bad token a 401, never a 5xx
 * (docs/operations.md, "Bad input"). botbuilder and botframework-* stay in this folder.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Activity } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { BotCredentials } from '../../config';
import type { Core } from '../../services/core';
import type { PlatformAdapter } from '../../platform';
import { createAdapter } from './adapter';
import { MeldenTeamsBot } from './bot';
import { TeamsGateway } from './gateway';
import { SEND_MARGIN_MS, SlidingWindowLimiter } from './rate-limit';
import { TeamsMessenger } from './messenger';
import { ReviewCommands } from './review-commands';

/** Teams activities are a few KB; Adaptive Card submits with a 2,000-character description stay far below this. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;
export const TEAMS_MESSAGES_PATH = '/api/messages';

/**
 * The activity schema (zod) is loaded on first use, not at start: the validation library is a large part of the
 * start-up on one core (docs/operations.md, "Start-up"). start() warms it 250 ms after the server is up, out of
 * the way of the first readiness answers, so an activity after that does not pay for it either.
 */
const WARM_UP_AFTER_MS = 250;
let activitySchema: typeof import('./activity-schema') | undefined;
const loadActivitySchema = () => (activitySchema ??= require('./activity-schema') as typeof import('./activity-schema'));

export interface TeamsPlatformOptions {
  credentials: BotCredentials;
  /** Serve POST /api/messages; off for a Slack-only production deployment without a Bot Framework app id. */
  serve: boolean;
  /** Instances that divide Teams' send limits (docs/operations.md, "Send limits"); default 1. */
  instances?: number;
}

export function createTeamsPlatform(core: Core, options: TeamsPlatformOptions): PlatformAdapter {
  const adapter = createAdapter(options.credentials, core.logger);
  const limiter = new SlidingWindowLimiter(undefined, { marginMs: SEND_MARGIN_MS, share: options.instances ?? 1 });
  const gateway = new TeamsGateway(adapter, options.credentials.MicrosoftAppId, core.store.conversations, core.clock, limiter);
  const bot = new MeldenTeamsBot({ ...core, gateway, reviewCommands: new ReviewCommands({ ...core, gateway }) });
  let warmUp: NodeJS.Timeout | undefined;
  return {
    platform: 'teams',
    messenger: new TeamsMessenger(gateway),
    jobHandlers: {},
    mount(http) {
      if (!options.serve) return;
      http.post(
        TEAMS_MESSAGES_PATH,
        express.json({ limit: MAX_ACTIVITY_BYTES, strict: true, type: () => true }),
        (req: Request, res: Response, next: NextFunction) => {
          const checked = loadActivitySchema().checkActivity(req.body);
          if (!checked.ok) {
            res.status(400).json({ error: 'BadRequest', message: checked.problem });
            return;
          }
          const activity = checked.activity as unknown as Activity;
          const auth = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
          adapter.handle(auth, activity, (context) => {
            gateway.countTurn(context);
            return bot.run(context);
          }).then(
            (invokeResponse) => {
              res.status(invokeResponse?.status ?? 200);
              if (invokeResponse?.body !== undefined) res.json(invokeResponse.body);
              else res.end();
            },
            (err: Error) => {
              if (err instanceof AuthenticationError) {
                // Anyone can send a bad token: one line, no stack, so refusals cannot flood the log.
                core.logger.warn('request refused: authentication failed', { status: 401, reason: err.message.slice(0, 200) });
                res.status(401).json({ error: 'Unauthorized' });
                return;
              }
              next(err);
            },
          );
        },
      );
    },
    start: async () => {
      if (options.serve) warmUp = setTimeout(loadActivitySchema, WARM_UP_AFTER_MS).unref();
    },
    // A bot stopped within the warm-up must not load the schema afterwards.
    stop: async () => clearTimeout(warmUp),
  };
}
