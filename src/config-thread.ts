/**
 * The team YAML read, parsed and validated on a worker thread while the main thread loads the SDKs (index.ts):
 * docs/operations.md, "Start-up". Parsing a configuration of a few thousand people is much of the start on one
 * core, and the parser's garbage would otherwise stay in the main heap as resident memory; the worker's heap goes
 * when it ends. What comes back is the plain TeamsFile (structured clone) or the ConfigError's text.
 *
 * This file is both sides: imported by index.ts (loads nothing but node:worker_threads), and the worker's script.
 * The main thread loads src/team-config.ts (zod, the YAML parser) only if the worker cannot answer.
 */
import { extname } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ConfigError } from './config-common';
import type { TeamsFile } from './team-config';

export { teamsConfigPath } from './config-common';

type Answer = { ok: true; teams: TeamsFile } | { ok: false; message: string; configError: boolean };

/**
 * Starts parsing `path` off the main thread. The promise settles with the file or, for a bad one, the ConfigError
 * the synchronous loadTeamsConfig would have thrown; if the worker itself fails, the file is parsed here instead.
 */
export function loadTeamsConfigOffThread(path: string): Promise<TeamsFile> {
  const syncLoad = () => (require('./team-config') as typeof import('./team-config')).loadTeamsConfig(path);
  return new Promise<TeamsFile>((resolve, reject) => {
    let worker: Worker;
    try {
      // The same extension as this file: .js when built, .ts under tsx (the worker inherits the parent's loader flags).
      worker = new Worker(`${__dirname}/config-thread${extname(__filename)}`, { workerData: { path } });
    } catch {
      return resolve(syncLoad());
    }
    let answered = false;
    worker.once('message', (answer: Answer) => {
      answered = true;
      if (answer.ok) return resolve(answer.teams);
      if (!answer.configError) return reject(new Error(answer.message));
      reject(new ConfigError(answer.message));
    });
    const fallBack = () => {
      if (answered) return;
      answered = true;
      try {
        resolve(syncLoad());
      } catch (err) {
        reject(err);
      }
    };
    worker.once('error', fallBack);
    worker.once('exit', fallBack);
  });
}

if (!isMainThread && parentPort && (workerData as { path?: unknown } | undefined)?.path !== undefined) {
  const { loadTeamsConfig } = require('./team-config') as typeof import('./team-config');
  let answer: Answer;
  try {
    answer = { ok: true, teams: loadTeamsConfig(String((workerData as { path: string }).path)) };
  } catch (err) {
    answer = { ok: false, message: (err as Error).message, configError: err instanceof ConfigError };
  }
  parentPort.postMessage(answer);
}
