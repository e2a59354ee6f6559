/** Starts the real bot (HTTP server, SQLite file in a temp folder) for end-to-end tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMelden, type Melden, type MeldenOptions } from '../../src/app';
import { loadAppConfig, type AppConfig } from '../../src/config';
import type { Clock, Store } from '../../src/services/ports';
import type { SchedulerOptions } from '../../src/scheduler/scheduler';
import { until } from './wait';

export const EXAMPLE_CONFIG = join(__dirname, '../../config/melden.yaml');

export const quietLogger = { info: () => {}, warn: () => {}, error: () => {} };

export interface RunningBot {
  melden: Melden;
  url: string;
  config: AppConfig;
  dataDir: string;
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export async function startBot(
  opts: {
    clock?: Clock;
    env?: Record<string, string>;
    dataDir?: string;
    store?: Store;
    logger?: typeof quietLogger;
    scheduler?: SchedulerOptions;
    slack?: MeldenOptions['slack'];
  } = {},
): Promise<RunningBot> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'melden-test-'));
  const config = loadAppConfig({ MELDEN_CONFIG: EXAMPLE_CONFIG, DATA_DIR: dataDir, ...opts.env });
  const melden = createMelden({ config, clock: opts.clock, store: opts.store, logger: opts.logger ?? quietLogger, scheduler: opts.scheduler, slack: opts.slack });
  const port = await melden.listen(0, '127.0.0.1');
  return {
    melden,
    url: `http://127.0.0.1:${port}`,
    config,
    dataDir,
    async stop({ keepData = false } = {}) {
      await melden.close();
      if (!keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Until the job exists in the bot's store. A job that plans the next one after its message goes out is still
 * running when the message arrives: a test that moves the clock waits for the plan first.
 */
export async function jobPlanned(bot: RunningBot, jobId: string, timeoutMs = 5000): Promise<void> {
  await until(async () => !!(await bot.melden.store.jobs.get(jobId)), { what: `job ${jobId} to be planned`, timeoutMs });
}
