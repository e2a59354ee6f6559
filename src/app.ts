/** Composition: config → store → services → bots → HTTP server. index.ts runs it; the e2e tests start it too. */
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { AppConfig } from './config';
import { createAdapter, type Logger } from './bots/teams/adapter';
import { MeldenTeamsBot } from './bots/teams/bot';
import { TeamsGateway } from './bots/teams/gateway';
import { Directory } from './services/directory';
import { IncidentService } from './services/incidents';
import { systemClock, type Clock, type Store } from './services/ports';
import { SqliteStore } from './store/sqlite';
import { createHttpApp } from './server';

export interface MeldenOptions {
  config: AppConfig;
  clock?: Clock;
  /** A store to use instead of the configured one (tests share one between instances). */
  store?: Store;
  logger?: Logger;
}

export interface Melden {
  readonly store: Store;
  readonly directory: Directory;
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export function openStore(config: AppConfig): Store {
  if (config.store === 'cosmos') throw new Error('STORE=cosmos is not available in this version; use STORE=sqlite');
  return new SqliteStore(join(config.dataDir, 'melden.sqlite'));
}

export function createMelden(options: MeldenOptions): Melden {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? console;
  const store = options.store ?? openStore(config);
  const directory = new Directory(config.teams.teams);
  const incidents = new IncidentService(store, clock);

  const adapter = createAdapter(config.bot, logger);
  const gateway = new TeamsGateway(adapter, config.bot.MicrosoftAppId, store.conversations, clock);
  const bot = new MeldenTeamsBot({ store, clock, directory, incidents, gateway, defaultLocale: config.teams.locale, logger });
  const http = createHttpApp({ adapter, bot, logger });

  let server: Server | undefined;
  return {
    store,
    directory,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        const s = http.listen(port, host, () => {
          const address = s.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
        s.once('error', reject);
        server = s;
      });
    },
    async close() {
      if (server) {
        const s = server;
        server = undefined;
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      if (!options.store) await store.close();
    },
  };
}
