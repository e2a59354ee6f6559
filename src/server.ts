/**
 * The HTTP surface: POST /api/messages (Teams), GET /healthz (alive), GET /readyz (ready for traffic); Slack
 * mounts on /slack/events. Bodies are read with a size limit and checked against the activity schema
 * (bots/teams/activity-schema.ts) before botbuilder sees them; an answer is never a 5xx for bad input
 * (docs/operations.md, "Bad input" and "Health").
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { ActivityHandler, Activity } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import { pinoHttp } from 'pino-http';
import type { Logger as PinoLogger } from 'pino';
import type { Logger } from './logger';
import type { MeldenAdapter } from './bots/teams/adapter';
import { checkActivity } from './bots/teams/activity-schema';
import type { Readiness } from './health';

/** Teams activities are a few KB; Adaptive Card submits with a 2,000-character description stay far below this. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

export interface ServerDeps {
  adapter: MeldenAdapter;
  bot: ActivityHandler;
  logger: Logger;
  /** The request log (method, path, status, duration; no bodies, no headers); off when absent. */
  requestLog?: PinoLogger;
  /** Serve POST /api/messages; off for a Slack-only production deployment without a Bot Framework app id. */
  teams?: boolean;
  /** What /readyz reports; without it /readyz is /healthz. */
  readiness?: () => Promise<Readiness>;
  /** Extra routes (Slack) mounted before the error handler. */
  mount?: (app: express.Express) => void;
}

export function createHttpApp(deps: ServerDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.requestLog) app.use(requestLogger(deps.requestLog));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const readiness = deps.readiness ? await deps.readiness() : { ready: true };
    res.status(readiness.ready ? 200 : 503).json({ status: readiness.ready ? 'ready' : 'not ready', ...readiness });
  });

  if (deps.teams !== false) app.post(
    '/api/messages',
    express.json({ limit: MAX_ACTIVITY_BYTES, strict: true, type: () => true }),
    (req: Request, res: Response, next: NextFunction) => {
      const checked = checkActivity(req.body);
      if (!checked.ok) {
        res.status(400).json({ error: 'BadRequest', message: checked.problem });
        return;
      }
      const activity = checked.activity as unknown as Activity;
      const auth = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
      deps.adapter.handle(auth, activity, (context) => deps.bot.run(context)).then(
        (invokeResponse) => {
          res.status(invokeResponse?.status ?? 200);
          if (invokeResponse?.body !== undefined) res.json(invokeResponse.body);
          else res.end();
        },
        (err: Error) => {
          if (err instanceof AuthenticationError) {
            // Anyone can send a bad token: one line, no stack, so refusals cannot flood the log.
            deps.logger.warn('request refused: authentication failed', { status: 401, reason: err.message.slice(0, 200) });
            res.status(401).json({ error: 'Unauthorized' });
            return;
          }
          next(err);
        },
      );
    },
  );

  deps.mount?.(app);

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'NotFound' });
  });

  // Body-parser errors (bad JSON, too large) carry a status; everything else is ours: 500 without details.
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) deps.logger.error('request failed', err);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(status).json({ error: status === 413 ? 'PayloadTooLarge' : status === 500 ? 'InternalError' : 'BadRequest' });
  });
  return app;
}

/** Method, path (without the query), status and duration; health probes only at debug level. */
function requestLogger(logger: PinoLogger) {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, path: (req.url ?? '').split('?')[0] }),
      res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
    },
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      if (req.url === '/healthz' || req.url === '/readyz') return 'debug';
      return 'info';
    },
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customAttributeKeys: { responseTime: 'durationMs' },
  });
}
