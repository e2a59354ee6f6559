/**
 * The platform adapter port: what the composition root (src/app.ts) needs of a chat platform. Each platform is
 * one folder under src/bots/ that builds one of these from the Core; a third channel is one more folder and one
 * line in app.ts.
 */
import type express from 'express';
import type { JobHandlers } from './services/job-kinds';
import type { Platform } from './services/model';
import type { Messenger } from './services/ports';

export interface PlatformAdapter {
  readonly platform: Platform;
  /** How the domain's neutral messages reach people on this platform. */
  readonly messenger: Messenger;
  /** The platform's own durable jobs (e.g. a confirmation after the 3-second ack), registered with the scheduler. */
  readonly jobHandlers: JobHandlers;
  /** Adds the platform's HTTP routes (before the 404 and error handlers). */
  mount(http: express.Express): void;
  /** After the server listens: connections of its own (e.g. Socket Mode). Trouble is logged, never thrown. */
  start(): Promise<void>;
  stop(): Promise<void>;
}
