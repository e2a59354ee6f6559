/**
 * Entry point for `npm start` (which execs node, so signals reach this process): load and check the
 * configuration, open the store, serve; on SIGTERM/SIGINT drain and exit 0 (docs/operations.md, "Signals").
 */
import { loadTeamsConfigOffThread, teamsConfigPath } from './config-thread';
import type { Melden } from './app';

// The team file is parsed on a worker thread while the modules below load (docs/operations.md, "Start-up"), so
// they are required after it started rather than imported. Its failure is reported in main(), after the
// environment's own errors.
const teamsFile = loadTeamsConfigOffThread(teamsConfigPath(process.env)).then((teams) => teams, (err: Error) => err);
const { ConfigError, loadAppConfig } = require('./config') as typeof import('./config');
const { createMelden } = require('./app') as typeof import('./app');
const { createLogger, routeConsole } = require('./logger') as typeof import('./logger');
const { startTelemetry } = require('./telemetry') as typeof import('./telemetry');

/** How long requests and jobs in flight get to finish after SIGTERM before the process exits anyway. */
const DEFAULT_DRAIN_MS = 10_000;

async function main(): Promise<void> {
  const env = process.env;
  const logger = createLogger({ level: env.LOG_LEVEL, pretty: env.LOG_FORMAT === 'pretty' || (env.LOG_FORMAT !== 'json' && env.NODE_ENV !== 'production' && process.stdout.isTTY) });
  routeConsole(logger);
  let melden: Melden;
  let config;
  try {
    const teams = await teamsFile;
    config = loadAppConfig(env, () => {
      if (teams instanceof Error) throw teams;
      return teams;
    });
    await startTelemetry(env, logger);
    melden = createMelden({ config, logger, requestLog: logger.pino });
  } catch (err) {
    if (err instanceof ConfigError) {
      // Plain text on stderr: the one thing an operator reads when the process does not come up.
      process.stderr.write(`Melden kan niet starten / cannot start:\n${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
  if (config.localDevelopment) {
    logger.warn('LOCAL DEVELOPMENT MODE: no MicrosoftAppId is set, Bot Framework authentication is OFF (any caller is trusted); listening on 127.0.0.1 only. Never run like this in production (NODE_ENV=production refuses to start).');
  }
  if (!config.teamsEnabled) logger.warn('Teams is off: no MicrosoftAppId in production. Serving Slack only.');
  const port = await melden.listen();
  const teamCount = config.teams.teams.length;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  logger.info(`Melden listening on http://${config.host}:${port}`, { pid: process.pid, store: config.store, teams: teamCount, endpoint: `http://${host}:${port}/api/messages` });

  const drainMs = positiveInt(env.DRAIN_TIMEOUT_MS) ?? DEFAULT_DRAIN_MS;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`, { drainMs });
    // The drain is bounded; this timer is the last word if something hangs beyond it.
    const hardStop = setTimeout(() => {
      logger.error('shutdown took longer than the drain timeout; exiting');
      process.exit(1);
    }, drainMs + 5_000);
    hardStop.unref();
    melden.close({ drainMs }).then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: Error) => {
        logger.error('shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

function positiveInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : undefined;
}

main().catch((err) => {
  // Start-up failures (a store that cannot be opened, a port in use) say what and where, without a stack.
  process.stderr.write(`Melden stopped: ${(err as Error).message}\n`);
  process.exit(1);
});
