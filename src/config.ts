/**
 * Configuration: environment variables (docs/protocol.md) and the team YAML, validated once at start and typed.
 * A bad value is reported by its field path; the process exits non-zero without a stack trace (see index.ts).
 */
import { readFileSync } from 'node:fs';
import { Duration, IANAZone } from 'luxon';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CATEGORIES, LOCALES } from './services/protocol';
import { AFTERCARE_MOMENT_KINDS, DEFAULT_AFTERCARE_PLAN, validateAftercarePlanConfig } from './services/aftercare-plan';
import { DEFAULT_MEETINGS, ROLES, type Person, type Team } from './services/people';

/** The domain's types, under the names the configuration has used. */
export { DEFAULT_MEETINGS };
export type { Person, Role, Team } from './services/people';
export type PersonConfig = Person;
export type TeamConfig = Team;

export class ConfigError extends Error {}

const duration = z.string().refine((v) => Duration.fromISO(v).isValid && Duration.fromISO(v).toMillis() > 0, {
  message: 'expected a positive ISO 8601 duration, e.g. PT5M',
});
const timezone = z.string().refine((v) => IANAZone.isValidZone(v), { message: 'expected an IANA time zone, e.g. Europe/Amsterdam' });

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');
const shiftSchema = z
  .object({ days: z.array(z.number().int().min(1).max(7)).min(1), from: clock, to: clock })
  .refine((s) => s.from < s.to, { message: 'from must be earlier than to' });

const personSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  teamsUserId: z.string().min(1).optional(),
  aadObjectId: z.string().min(1).optional(),
  slackUserId: z.string().min(1).optional(),
  /** Work e-mail / UPN: the page's "Chat" and "Bel" buttons open a Teams chat or call with this person. */
  email: z.string().email().optional(),
  roles: z.array(z.enum(ROLES)).default(['member']),
  locale: z.enum(LOCALES).optional(),
  /** Away (leave, sick): never paged until this is removed. */
  absent: z.boolean().default(false),
  /** Weekly windows in the team's zone in which this person can be paged; none means always. */
  shifts: z.array(shiftSchema).default([]),
});


const meetingsSchema = z.object({
  /** 1 = Monday … 7 = Sunday. */
  weekday: z.number().int().min(1).max(7).default(DEFAULT_MEETINGS.weekday),
  time: clock.default(DEFAULT_MEETINGS.time),
  /** Every week (1) or every other week (2). */
  every: z.union([z.literal(1), z.literal(2)]).default(DEFAULT_MEETINGS.every),
  /** For every: 2, a date in a week with a meeting ("YYYY-MM-DD"); default 2026-01-05 (ISO week 2 of 2026). */
  firstWeek: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(),
  /** How long before the meeting its agenda is posted. */
  postBefore: duration.default(DEFAULT_MEETINGS.postBefore),
  /** Local time of the quarterly, half-yearly and yearly review posts. */
  reviewTime: clock.default(DEFAULT_MEETINGS.reviewTime),
});

const teamSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lowercase letters, digits and dashes'),
    name: z.string().min(1),
    timezone: timezone.optional(),
    locale: z.enum(LOCALES).optional(),
    channel: z
      .object({
        teams: z.object({ conversationId: z.string().min(1), tenantId: z.string().min(1).optional() }).optional(),
        slack: z.object({ channelId: z.string().min(1) }).optional(),
      })
      .default({}),
    people: z.array(personSchema).min(1),
    firstResponse: z
      .object({
        rota: z.array(z.string()).default([]),
        ackTimeout: duration.default('PT5M'),
        threatAckTimeout: duration.default('PT2M'),
        /** A report about something longer ago than this pages only when the reporter asks, with ackTimeout. */
        urgentWindow: duration.default('PT1H'),
        /** "Waar ben je?" after a `hulp` tap offers these places (plus free text). */
        places: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
      })
      .default({ rota: [], ackTimeout: 'PT5M', threatAckTimeout: 'PT2M', urgentWindow: 'PT1H', places: [] }),
    /** Window in which a recurrence makes a pattern (docs/protocol.md). */
    patternWindow: duration.default('P90D'),
    /** How long after the report its reporter may correct it with *Wijzigen* (docs/first-week.md). */
    editWindow: duration.default('PT24H'),
    /** The team's own norm and examples per category (docs/protocol.md: "Teamnorm — eigen voorbeelden"). */
    norms: z.partialRecord(z.enum(CATEGORIES), z.string().max(1000)).default({}),
    /** The team meeting (teamoverleg) whose agenda the bot posts, and when the periodic reviews are posted. */
    meetings: meetingsSchema.default(DEFAULT_MEETINGS),
    /** Dilemmas to discuss, one per meeting in turn (docs/protocol.md: "Onze dilemma's"); default: the seed's six. */
    dilemmas: z.array(z.string().trim().min(1).max(500)).min(1).optional(),
    /** Measures on citizen references (docs/measures.md): the catalogue offered, instructions, reminders. */
    measures: z
      .object({
        catalogue: z.array(z.enum(['conversation', 'warning-letter', 'written-contact-only', 'single-contact', 'contact-ban', 'police-report', 'damages'])).min(1).optional(),
        /** The team's own instruction for colleagues per kind ("verbind niet door; verwijs naar …"). */
        instructions: z.record(z.string(), z.string().trim().min(1).max(500)).default({}),
        decideWithinWorkingDays: z.number().int().min(1).max(20).default(2),
        remindBeforeEnd: duration.default('P14D'),
        reevaluateEvery: duration.default('P3M'),
      })
      .default({ instructions: {}, decideWithinWorkingDays: 2, remindBeforeEnd: 'P14D', reevaluateEvery: 'P3M' }),
    /** The team's own aftercare plan (docs/protocol.md: "the plan is per team configurable"); defaults to the VPD cadence. */
    aftercare: z
      .object({
        workingHours: z.object({ days: z.array(z.number().int()), start: z.string(), end: z.string() }).optional(),
        moments: z.array(z.object({ kind: z.enum(AFTERCARE_MOMENT_KINDS as [string, ...string[]]), after: z.string() })).optional(),
        /** A line of the team's own on every check-in, e.g. how to reach the vertrouwenspersoon. */
        checkinText: z.string().trim().min(1).max(500).optional(),
      })
      .default({}),
  })
  .superRefine((team, ctx) => {
    const ids = new Set<string>();
    team.people.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['people', i, 'id'], message: `duplicate person id "${p.id}"` });
      ids.add(p.id);
    });
    team.firstResponse.rota.forEach((id, i) => {
      if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['firstResponse', 'rota', i], message: `unknown person "${id}"` });
    });
    try {
      validateAftercarePlanConfig({
        timezone: DEFAULT_AFTERCARE_PLAN.timezone,
        workingHours: team.aftercare.workingHours ?? DEFAULT_AFTERCARE_PLAN.workingHours,
        moments: (team.aftercare.moments as never) ?? DEFAULT_AFTERCARE_PLAN.moments,
      });
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['aftercare'], message: (err as Error).message });
    }
  });

/**
 * How long each kind of data is kept before the nightly purge really deletes it (docs/privacy.md lists each kind and
 * why its default). Incidents two years, so the yearly review and "same quarter last year" still see them; their
 * description, citizen reference and team text one year (longer while a measure on it runs); check-in answers
 * 6 months; done improvement actions, deviations and review posts two years; the audit log two years;
 * conversation references of people no longer configured, finished jobs and deduplication keys 30 days.
 */
export const DEFAULT_RETENTION = {
  incidents: 'P2Y',
  incidentDetails: 'P1Y',
  checkinAnswers: 'P6M',
  actions: 'P2Y',
  deviations: 'P2Y',
  reviewPosts: 'P2Y',
  conversations: 'P30D',
  audit: 'P2Y',
  operational: 'P30D',
} as const;
const retentionSchema = z
  .object({
    incidents: duration.default(DEFAULT_RETENTION.incidents),
    incidentDetails: duration.default(DEFAULT_RETENTION.incidentDetails),
    checkinAnswers: duration.default(DEFAULT_RETENTION.checkinAnswers),
    actions: duration.default(DEFAULT_RETENTION.actions),
    deviations: duration.default(DEFAULT_RETENTION.deviations),
    reviewPosts: duration.default(DEFAULT_RETENTION.reviewPosts),
    conversations: duration.default(DEFAULT_RETENTION.conversations),
    audit: duration.default(DEFAULT_RETENTION.audit),
    operational: duration.default(DEFAULT_RETENTION.operational),
  })
  .default(DEFAULT_RETENTION);

const fileSchema = z
  .object({
    retention: retentionSchema,
    timezone: timezone.default('Europe/Amsterdam'),
    locale: z.enum(LOCALES).default('nl'),
    teams: z.array(teamSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    file.teams.forEach((t, i) => {
      if (ids.has(t.id)) ctx.addIssue({ code: 'custom', path: ['teams', i, 'id'], message: `duplicate team id "${t.id}"` });
      ids.add(t.id);
    });
    // One chat identity is one person: the same person may be in several teams (same id), but two different
    // people must never share a chat user id, or one would act as the other (docs/roles.md).
    const owners = new Map<string, string>();
    file.teams.forEach((t, i) =>
      t.people.forEach((p, j) => {
        for (const field of ['teamsUserId', 'aadObjectId', 'slackUserId'] as const) {
          const value = p[field];
          if (!value) continue;
          const key = `${field}:${value}`;
          const owner = owners.get(key);
          if (owner !== undefined && owner !== p.id) {
            ctx.addIssue({ code: 'custom', path: ['teams', i, 'people', j, field], message: `${field} "${value}" is already used by person "${owner}"` });
          }
          owners.set(key, owner ?? p.id);
        }
      }),
    );
  });

type TeamFile = z.infer<typeof teamSchema>;
/** The parser produces the domain's types (a change to either side that breaks this does not compile). */
const asTeam = (t: TeamFile & { timezone: string; locale: (typeof LOCALES)[number] }): Team => t;
export interface TeamsFile {
  retention: z.infer<typeof retentionSchema>;
  timezone: string;
  locale: (typeof LOCALES)[number];
  teams: TeamConfig[];
}

export function parseTeamsConfig(text: string, source = 'config'): TeamsFile {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${source}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const result = fileSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`${source}: invalid team configuration:\n${lines.join('\n')}`);
  }
  const file = result.data;
  return {
    retention: file.retention,
    timezone: file.timezone,
    locale: file.locale,
    teams: file.teams.map((t) => asTeam({ ...t, timezone: t.timezone ?? file.timezone, locale: t.locale ?? file.locale })),
  };
}

export function loadTeamsConfig(path: string): TeamsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`MELDEN_CONFIG: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseTeamsConfig(text, path);
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
    let url: URL;
    try {
      url = new URL(apiUrl);
    } catch {
      throw new ConfigError(`SLACK_API_URL: not a URL: "${apiUrl}"`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('SLACK_API_URL: expected an http(s) URL');
    // The Web API client appends the method name to the base URL as is.
    apiUrl = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
  }
  return { botToken, signingSecret, appToken, apiUrl };
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
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigError(`COSMOS_ENDPOINT: not a URL: "${endpoint}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('COSMOS_ENDPOINT: expected an https URL');
  const database = value('COSMOS_DATABASE') ?? 'melden';
  if (/[/\\?#]/.test(database)) throw new ConfigError(`COSMOS_DATABASE: "${database}" is not a valid database name`);
  const create = (value('COSMOS_CREATE_CONTAINERS') ?? 'true').toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(create)) {
    throw new ConfigError(`COSMOS_CREATE_CONTAINERS: expected true or false, got "${env.COSMOS_CREATE_CONTAINERS}"`);
  }
  return { endpoint, database, key: value('COSMOS_KEY'), createContainers: ['true', '1', 'yes'].includes(create) };
}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
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
  const configPath = env.MELDEN_CONFIG ?? 'config/melden.yaml';
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
    teams: loadTeamsConfig(configPath),
    slack,
    cosmos: store === 'cosmos' ? loadCosmosConfig(env) : undefined,
    instances,
  };
}
