/**
 * The HTTP surface: GET /healthz (alive), GET /readyz (ready for traffic), and the routes each platform mounts
 * (Teams POST /api/messages in bots/teams/index.ts, Slack POST /slack/events in bots/slack/index.ts). An answer
 * is never a 5xx for bad input (docs/operations.md, "Bad input" and "Health").
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger as PinoLogger } from 'pino';
import type { Logger } from './logger';
import type { Readiness } from './health';
import { oneStartPerTurn } from './turns';

export interface ServerDeps {
  logger: Logger;
  /** The request log (method, path, status, duration; no bodies, no headers); off when absent. */
  requestLog?: PinoLogger;
  /** What /readyz reports; without it /readyz is /healthz. */
  readiness?: () => Promise<Readiness>;
  /** The platforms' routes (PlatformAdapter.mount), in order, before the 404 and error handlers. */
  mounts?: Array<(app: express.Express) => void>;
}

export function createHttpApp(deps: ServerDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.requestLog) app.use(requestLogger(deps.requestLog));
  app.use(oneStartPerTurn());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const readiness = deps.readiness ? await deps.readiness() : { ready: true };
    res.status(readiness.ready ? 200 : 503).json({ status: readiness.ready ? 'ready' : 'not ready', ...readiness });
  });

  for (const mount of deps.mounts ?? []) mount(app);

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
