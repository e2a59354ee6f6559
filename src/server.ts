/**
 * The HTTP surface (DESIGN §6): POST /api/messages (Teams), GET /healthz; Slack mounts on /slack/events.
 * Bodies are read with a size limit and checked for the shape of an activity before botbuilder sees them:
 * botbuilder throws outside its own error handling on `{}` or `{"type":5}` (DESIGN §8).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Logger } from './bots/teams/adapter';

/** Teams activities are a few KB; Adaptive Card submits with a 2,000-character description stay far below this. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
  /** Serve POST /api/messages; off for a Slack-only production deployment without a Bot Framework app id. */
  teams?: boolean;
  /** Extra routes (Slack) mounted before the error handler. */
  mount?: (app: express.Express) => void;
}

export function createHttpApp(deps: ServerDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  if (deps.teams !== false) app.post(
    '/api/messages',
    express.json({ limit: MAX_ACTIVITY_BYTES, strict: true, type: () => true }),
    (req: Request, res: Response, next: NextFunction) => {
      const problem = activityShapeProblem(req.body);
      if (problem) {
        res.status(400).json({ error: 'BadRequest', message: problem });
        return;
      }
      deps.adapter.process(req, res, (context) => deps.bot.run(context)).catch(next);
    },
  );

  deps.mount?.(app);

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'NotFound' });
  });

  // Body-parser errors (bad JSON, too large) carry a status; everything else is ours: 500 without details.
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) deps.logger.error(`request failed: ${err.message}`);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(status).json({ error: status === 413 ? 'PayloadTooLarge' : status === 500 ? 'InternalError' : 'BadRequest' });
  });
  return app;
}

/** The minimum botbuilder needs to route an activity safely; undefined when it looks like one. */
export function activityShapeProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'expected a JSON object';
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || a.type === '') return 'activity type must be a non-empty string';
  if (typeof a.serviceUrl !== 'string' || a.serviceUrl === '') return 'activity serviceUrl must be a string';
  if (typeof a.conversation !== 'object' || a.conversation === null || typeof (a.conversation as { id?: unknown }).id !== 'string') {
    return 'activity conversation.id must be a string';
  }
  if (a.from !== undefined && (typeof a.from !== 'object' || a.from === null)) return 'activity from must be an object';
  if (a.recipient !== undefined && (typeof a.recipient !== 'object' || a.recipient === null)) return 'activity recipient must be an object';
  return undefined;
}
