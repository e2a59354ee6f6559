/**
 * Structured logs (docs/operations.md, "Logs"): one JSON object per line on stdout with `level`, `time`, `msg`.
 * The rest of the code logs through the small `Logger` interface (info/warn/error with any arguments); strings
 * become the message, plain objects become fields, an Error becomes `err` (message, and the stack only at error
 * level). Personal fields are redacted by name wherever they appear two levels deep (REDACT_PATHS).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger as PinoLogger } from 'pino';

import type { Logger } from './services/ports';

export type { Logger } from './services/ports';

/** Fields that can carry personal data (names, descriptions, citizen references, notes, chat user ids). */
export const PERSONAL_FIELDS = [
  'name',
  'names',
  'description',
  'citizenReference',
  'note',
  'notes',
  'text',
  'userId',
  'teamsUserId',
  'slackUserId',
  'aadObjectId',
  'email',
  'reporterName',
  'measure',
];

export const REDACT_PATHS = [
  ...PERSONAL_FIELDS,
  ...PERSONAL_FIELDS.map((f) => `*.${f}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
];

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface LoggerOptions {
  /** LOG_LEVEL: fatal, error, warn, info (default), debug, trace, silent. */
  level?: string;
  /** Human-readable output (pino-pretty, a dev dependency) for local development only. */
  pretty?: boolean;
  /** Where the JSON lines go (tests); default stdout. */
  destination?: NodeJS.WritableStream;
}

export function createPino(options: LoggerOptions = {}): PinoLogger {
  const level = options.level && LEVELS.includes(options.level) ? options.level : 'info';
  // `err` is already shaped by toEntry (stack only at error level); pino's own serializer would add one back.
  const base = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, serializers: { err: (value: unknown) => value } };
  if (options.pretty && !options.destination) {
    try {
      require.resolve('pino-pretty');
      return pino({ ...base, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
    } catch {
      // pino-pretty is a dev dependency: without it (a production install) the output stays JSON.
    }
  }
  return options.destination ? pino(base, options.destination as pino.DestinationStream) : pino(base);
}

/** The Logger interface on top of pino. */
export function createLogger(options: LoggerOptions = {}): Logger & { pino: PinoLogger } {
  const p = createPino(options);
  const write = (level: 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    const { fields, msg } = toEntry(args, level === 'error');
    p[level](fields, msg);
  };
  return { pino: p, info: write('info'), warn: write('warn'), error: write('error') };
}

function toEntry(args: unknown[], withStack: boolean): { fields: Record<string, unknown>; msg: string } {
  const parts: string[] = [];
  const fields: Record<string, unknown> = {};
  for (const arg of args) {
    if (typeof arg === 'string') parts.push(arg);
    else if (arg instanceof Error) fields.err = withStack ? { type: arg.name, message: arg.message, stack: arg.stack } : { type: arg.name, message: arg.message };
    else if (typeof arg === 'object' && arg !== null && !Array.isArray(arg)) Object.assign(fields, arg);
    else if (arg !== undefined) parts.push(String(arg));
  }
  return { fields, msg: parts.join(' ') };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Libraries (botbuilder's token checks, for one) write to the console themselves; in the process those lines
 * join the JSON log too, cut to their first line, so stdout stays one JSON object per line and a stranger's bad
 * token cannot write a key dump or stack per request.
 */
export function routeConsole(logger: Logger): void {
  const quiet = (write: (...args: unknown[]) => void) => (...args: unknown[]) => {
    if (!libraryNoise.getStore()) write(...args);
  };
  const line = (args: unknown[]) => {
    const first = args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ').split('\n')[0];
    return first.length > 200 ? `${first.slice(0, 200)}…` : first;
  };
  console.log = quiet((...args: unknown[]) => logger.info(line(args), { source: 'console' }));
  console.info = console.log;
  console.debug = console.log;
  console.warn = quiet((...args: unknown[]) => logger.warn(line(args), { source: 'console' }));
  console.error = quiet((...args: unknown[]) => logger.warn(line(args), { source: 'console' }));
}

/**
 * Work whose library console output is noise because the caller logs the outcome itself (token checks: the
 * refusal is one warn line in server.ts). Inside it, routed console lines are dropped.
 */
export const libraryNoise = new AsyncLocalStorage<true>();
