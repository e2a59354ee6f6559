/**
 * Configuration: environment variables (docs/protocol.md) and the team file (src/team-config.ts), validated once at
 * start and typed. A bad value is reported by its field path; the process exits non-zero without a stack trace
 * (see index.ts). This half loads no validation library: the team file's parser is loaded when it is used.
 */
import { ConfigError, DEFAULT_RETENTION, teamsConfigPath } from './config-common';
import { DEFAULT_MEETINGS, type Person, type Team } from './services/people';
import type { TeamsFile } from './team-config';

/** The domain's types, under the names the configuration has used. */
export { ConfigError, DEFAULT_MEETINGS, DEFAULT_RETENTION };
export type { TeamsFile };
export type { Person, Role, Team } from './services/people';
export type PersonConfig = Person;
export type TeamConfig = Team;

/** Parses and validates the team file's text (src/team-config.ts); `source` names it in errors. */
export function parseTeamsConfig(text: string, source?: string): TeamsFile {
  return (require('./team-config') as typeof import('./team-config')).parseTeamsConfig(text, source);
}

/** Reads, parses and validates the team file at `path` (src/team-config.ts). */
export function loadTeamsConfig(path: string): TeamsFile {
  return (require('./team-config') as typeof import('./team-config')).loadTeamsConfig(path);
}

export interface BotCredentials {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType: string;
  MicrosoftAppTenantId: string;
  /** Test and sovereign-cloud override of where inbound tokens' signing keys are published. */
  ToBotFromChannelOpenIdMetadataUrl?: string;
  ToBotFromEmulatorOpenIdMetadataUrl?: string;
}

export interface AppConfig {
  port: number;
  /** 127.0.0.1 in local development mode (no app id), all interfaces otherwise. */
  host: string;
  production: boolean;
  localDevelopment: boolean;
  /** Teams is served (POST /api/messages): with an app id, or unauthenticated in local development. */
  teamsEnabled: boolean;
  store: 'sqlite' | 'cosmos';
  dataDir: string;
  configPath: string;
  bot: BotCredentials;
  teams: TeamsFile;
  /** Slack (docs/protocol.md); undefined when SLACK_BOT_TOKEN is unset: Slack is off. */
  slack?: SlackConfig;
  /** Azure Cosmos DB (STORE=cosmos); undefined with the SQLite store. */
  cosmos?: CosmosConfig;
  /**
   * MELDEN_INSTANCES (default 1): how many instances run at once; each keeps to its part of the platforms' send
   * limits (docs/operations.md, "Send limits").
   */
  instances: number;
}

export interface SlackConfig {
  botToken: string;
  /** Verifies POST /slack/events; without it the HTTP endpoint is not served. */
  signingSecret?: string;
  /** Socket Mode (local development without a public URL). */
  appToken?: string;
  /** Web API base URL override (tests), always ending in "/". */
  apiUrl?: string;
  /** How many instances divide the send limits (AppConfig.instances). */
  instances?: number;
}

/** Slack is off without a bot token; with one it needs a way in: a signing secret (HTTP) or an app token (Socket Mode). */
export function loadSlackConfig(env: NodeJS.ProcessEnv): SlackConfig | undefined {
  const value = (name: string) => (env[name] ?? '').trim() || undefined;
  const botToken = value('SLACK_BOT_TOKEN');
  if (!botToken) return undefined;
  if (!botToken.startsWith('xoxb-')) throw new ConfigError('SLACK_BOT_TOKEN: expected a bot token (xoxb-…)');
  const signingSecret = value('SLACK_SIGNING_SECRET');
  const appToken = value('SLACK_APP_TOKEN');
  if (appToken && !appToken.startsWith('xapp-')) throw new ConfigError('SLACK_APP_TOKEN: expected an app-level token (xapp-…) for Socket Mode');
  if (!signingSecret && !appToken) {
    throw new ConfigError('SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  let apiUrl = value('SLACK_API_URL');
  if (apiUrl) {
    httpUrl('SLACK_API_URL', apiUrl, 'http(s)');
    // The Web API client appends the method name to the base URL as is.
    apiUrl = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
  }
  return { botToken, signingSecret, appToken, apiUrl };
}

/** `raw` as an http or https URL, else a ConfigError that names the variable (`expected`: what the message asks for). */
function httpUrl(name: string, raw: string, expected: 'http(s)' | 'https'): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name}: not a URL: "${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${name}: expected an ${expected} URL`);
  return url;
}

export interface CosmosConfig {
  /** COSMOS_ENDPOINT, e.g. https://<account>.documents.azure.com:443/ */
  endpoint: string;
  /** COSMOS_DATABASE (default melden). */
  database: string;
  /** COSMOS_KEY; unset: Entra ID via DefaultAzureCredential (the managed identity in Azure). */
  key?: string;
  /** COSMOS_CREATE_CONTAINERS (default true): create database and containers when missing; false only checks them. */
  createContainers: boolean;
}

/** The Cosmos DB settings (STORE=cosmos, and the SQLite → Cosmos migration). */
export function loadCosmosConfig(env: NodeJS.ProcessEnv): CosmosConfig {
  const value = (name: string) => (env[name] ?? '').trim() || undefined;
  const endpoint = value('COSMOS_ENDPOINT');
  if (!endpoint) throw new ConfigError('COSMOS_ENDPOINT: required when STORE=cosmos (the account URI, https://<account>.documents.azure.com:443/)');
  httpUrl('COSMOS_ENDPOINT', endpoint, 'https');
  const database = value('COSMOS_DATABASE') ?? 'melden';
  if (/[/\\?#]/.test(database)) throw new ConfigError(`COSMOS_DATABASE: "${database}" is not a valid database name`);
  const create = (value('COSMOS_CREATE_CONTAINERS') ?? 'true').toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(create)) {
    throw new ConfigError(`COSMOS_CREATE_CONTAINERS: expected true or false, got "${env.COSMOS_CREATE_CONTAINERS}"`);
  }
  return { endpoint, database, key: value('COSMOS_KEY'), createContainers: ['true', '1', 'yes'].includes(create) };
}

/** `loadTeams`: how the team file is read (index.ts has it parsed off the main thread, src/config-thread.ts). */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env, loadTeams: (path: string) => TeamsFile = loadTeamsConfig): AppConfig {
  const production = env.NODE_ENV === 'production';
  const appId = (env.MicrosoftAppId ?? '').trim();
  const slack = loadSlackConfig(env);
  // Without an app id Bot Framework authentication is off: fine on a developer's machine, never in production.
  // A Slack-only production deployment simply does not serve Teams.
  const localDevelopment = appId === '' && !production;
  const teamsEnabled = appId !== '' || localDevelopment;
  if (appId === '' && production && !slack) {
    throw new ConfigError(
      'MicrosoftAppId is not set while NODE_ENV=production. Without an app id Bot Framework authentication is off; ' +
        'set MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType and MicrosoftAppTenantId (see README).',
    );
  }
  const port = Number(env.PORT ?? 3978);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT: expected a port number, got "${env.PORT}"`);
  const store = (env.STORE ?? 'sqlite').trim();
  if (store !== 'sqlite' && store !== 'cosmos') throw new ConfigError(`STORE: expected "sqlite" or "cosmos", got "${store}"`);
  const appType = env.MicrosoftAppType ?? 'MultiTenant';
  if (!['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(appType)) {
    throw new ConfigError(`MicrosoftAppType: expected MultiTenant, SingleTenant or UserAssignedMSI, got "${appType}"`);
  }
  if (!localDevelopment && appType !== 'MultiTenant' && !env.MicrosoftAppTenantId) {
    throw new ConfigError(`MicrosoftAppTenantId: required when MicrosoftAppType is ${appType}`);
  }
  const configPath = teamsConfigPath(env);
  const instances = Number((env.MELDEN_INSTANCES ?? '1').trim() || '1');
  if (!Number.isInteger(instances) || instances < 1 || instances > 100) {
    throw new ConfigError(`MELDEN_INSTANCES: expected the number of instances (1 or more), got "${env.MELDEN_INSTANCES}"`);
  }
  return {
    port,
    host: env.HOST ?? (localDevelopment ? '127.0.0.1' : '0.0.0.0'),
    production,
    localDevelopment,
    teamsEnabled,
    store,
    dataDir: env.DATA_DIR ?? './data',
    configPath,
    bot: {
      MicrosoftAppId: appId,
      MicrosoftAppPassword: env.MicrosoftAppPassword ?? '',
      MicrosoftAppType: appType,
      MicrosoftAppTenantId: env.MicrosoftAppTenantId ?? '',
      ToBotFromChannelOpenIdMetadataUrl: env.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: env.ToBotFromEmulatorOpenIdMetadataUrl,
    },
    teams: loadTeams(configPath),
    slack,
    cosmos: store === 'cosmos' ? loadCosmosConfig(env) : undefined,
    instances,
  };
}
