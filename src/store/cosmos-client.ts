/**
 * The Cosmos clients of the store: two clients on one account (interactive and background retry budgets,
 * cosmos-retry.ts), authentication (key or Entra ID), and creating or checking the database and containers
 * (cosmos-containers.ts) at start.
 */
import { CosmosClient, type Container, type Database } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';
import { CONTAINERS, type ContainerName } from './cosmos-containers';
import { BACKGROUND_RETRY, INTERACTIVE_RETRY, type RetryBudget } from './cosmos-retry';

export interface CosmosStoreOptions {
  endpoint: string;
  /** Account key. Without it the store signs in with Entra ID (DefaultAzureCredential: managed identity, az login, …). */
  key?: string;
  database: string;
  /** Create the database and containers when missing (default true). Off: only check they exist (RBAC accounts). */
  createContainers?: boolean;
  /** Default: on for https endpoints, off for plain http (a local wire server, whose discovered endpoints are https). */
  endpointDiscovery?: boolean;
  retry?: { interactive?: RetryBudget; background?: RetryBudget };
  /** Cosmos `ttl` (an extra on top of the purge job), recomputed on every write because it counts from the last one. */
  ttl?: {
    /** Done, dead and cancelled jobs (default 30 days). */
    finishedJobDays?: number;
    /** Handled-once keys (default 30 days). */
    handledOnceDays?: number;
    /** Incidents, counted from reportedAt (default: none, the purge job alone). */
    incidentAfterReportDays?: number;
  };
  /** Current time for ttl computations (default: the system clock). */
  now?: () => Date;
  logger?: { warn(...args: unknown[]): void };
}

export type CosmosContainers = Record<ContainerName, Container>;

/** Two clients on one account: the same containers with different 429 budgets. */
export interface CosmosConnection {
  interactive: CosmosContainers;
  background: CosmosContainers;
  close(): void;
}

export function createClient(options: CosmosStoreOptions, retry: RetryBudget): CosmosClient {
  const discovery = options.endpointDiscovery ?? options.endpoint.startsWith('https:');
  const connectionPolicy = { enableEndpointDiscovery: discovery, retryOptions: { ...retry } };
  if (options.key) return new CosmosClient({ endpoint: options.endpoint, key: options.key, connectionPolicy });
  return new CosmosClient({ endpoint: options.endpoint, aadCredentials: credential(), connectionPolicy });
}

let sharedCredential: DefaultAzureCredential | undefined;
function credential(): DefaultAzureCredential {
  // One credential per process: it caches its tokens.
  sharedCredential ??= new DefaultAzureCredential();
  return sharedCredential;
}

/** Opens both clients and creates (or checks) the database and containers. */
export async function connectCosmos(options: CosmosStoreOptions): Promise<CosmosConnection> {
  const interactiveClient = createClient(options, options.retry?.interactive ?? INTERACTIVE_RETRY);
  const backgroundClient = createClient(options, options.retry?.background ?? BACKGROUND_RETRY);
  const close = () => {
    interactiveClient.dispose();
    backgroundClient.dispose();
  };
  try {
    await prepareDatabase(backgroundClient, options);
  } catch (err) {
    close();
    throw err;
  }
  const containers = (client: CosmosClient): CosmosContainers => {
    const db = client.database(options.database);
    const entries = Object.entries(CONTAINERS).map(([name, def]) => [name, db.container(def.id)]);
    return Object.fromEntries(entries) as CosmosContainers;
  };
  return { interactive: containers(interactiveClient), background: containers(backgroundClient), close };
}

async function prepareDatabase(client: CosmosClient, options: CosmosStoreOptions): Promise<void> {
  const create = options.createContainers ?? true;
  let database: Database;
  if (create) {
    database = (await client.databases.createIfNotExists({ id: options.database })).database;
  } else {
    database = client.database(options.database);
  }
  for (const def of Object.values(CONTAINERS)) {
    let resource: { partitionKey?: { paths?: string[] }; defaultTtl?: number } | undefined;
    if (create) {
      resource = (await database.containers.createIfNotExists({ id: def.id, partitionKey: { paths: [def.partitionKeyPath] }, defaultTtl: -1 })).resource;
    } else {
      try {
        resource = (await database.container(def.id).read()).resource;
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
      if (!resource) {
        throw new Error(
          `Cosmos DB: container "${def.id}" (partition key ${def.partitionKeyPath}) is missing in database "${options.database}". ` +
            'Create it (infra/main.bicep, parameter cosmosContainers) or set COSMOS_CREATE_CONTAINERS=true.',
        );
      }
    }
    const paths = resource?.partitionKey?.paths ?? [];
    if (resource && (paths.length !== 1 || paths[0] !== def.partitionKeyPath)) {
      throw new Error(`Cosmos DB: container "${def.id}" is partitioned by ${paths.join(',') || '(nothing)'}; the store needs ${def.partitionKeyPath}.`);
    }
    if (resource && resource.defaultTtl === undefined) {
      options.logger?.warn(`Cosmos DB: container "${def.id}" has TTL off (no defaultTtl); documents' ttl is ignored, only the purge job deletes.`);
    }
  }
}

/** The HTTP status of a Cosmos SDK error (409, 412, 404, 429, …), if any. */
export function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}
