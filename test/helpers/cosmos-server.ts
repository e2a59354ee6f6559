/**
 * An in-process Cosmos DB wire server (@vercel/cosmosdb-server over plain http on an ephemeral port) for tests:
 * CRUD, parameterised queries, ORDER BY, TOP, aggregates, ETag If-Match and patch work; TTL, OFFSET/LIMIT,
 * GROUP BY, DISTINCT and transactional batches do not. Each test takes its own database name.
 */
import { createHttpServer } from '@vercel/cosmosdb-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CosmosStore, type CosmosStoreOptions } from '../../src/store/cosmos';

/** The Cosmos DB emulator's published well-known key; the wire server accepts any key. */
export const COSMOS_TEST_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

let databaseCounter = 0;

export class CosmosWireServer {
  private server?: Server;
  endpoint = '';

  async start(): Promise<string> {
    this.server = createHttpServer();
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** A database name not used before in this process. */
  newDatabase(prefix = 'melden-test'): string {
    databaseCounter += 1;
    return `${prefix}-${process.pid}-${databaseCounter}`;
  }

  /** Store options for a database on this server (endpoint discovery off: the server would announce https). */
  options(database: string, extra: Partial<CosmosStoreOptions> = {}): CosmosStoreOptions {
    return { endpoint: this.endpoint, key: COSMOS_TEST_KEY, database, endpointDiscovery: false, logger: { warn: () => {} }, ...extra };
  }

  /** A store on `database`, containers created. */
  open(database: string, extra: Partial<CosmosStoreOptions> = {}): Promise<CosmosStore> {
    return CosmosStore.open(this.options(database, extra));
  }

  /** The environment that makes the app (openStore) use this server. */
  env(database: string): Record<string, string> {
    return { STORE: 'cosmos', COSMOS_ENDPOINT: this.endpoint, COSMOS_KEY: COSMOS_TEST_KEY, COSMOS_DATABASE: database };
  }
}
