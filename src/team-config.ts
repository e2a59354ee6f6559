/**
 * The team file (MELDEN_CONFIG, YAML): parsed and validated once at start, each bad value reported by its field
 * path. At start-up this runs on a worker thread (src/config-thread.ts), so zod and the parser stay out of the
 * main thread until a request needs them (docs/operations.md, "Start-up").
 */
import { readFileSync } from 'node:fs';
import { Duration, IANAZone } from 'luxon';
import { loadAll as loadYamlDocuments } from 'js-yaml';
import { z } from 'zod';
import { ConfigError, DEFAULT_RETENTION } from './config-common';
import { CATEGORIES, LOCALES } from './services/protocol';
import { AFTERCARE_MOMENT_KINDS, DEFAULT_AFTERCARE_PLAN, validateAftercarePlanConfig } from './services/aftercare-plan';
import { DEFAULT_MEETINGS, ROLES, type Team } from './services/people';

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
  teams: Team[];
}

export function parseTeamsConfig(text: string, source = 'config'): TeamsFile {
  // js-yaml rather than the \`yaml\` package: several times faster on a config of a few thousand people, which is
  // most of the start-up (docs/operations.md, "Start-up"). loadAll, because load() refuses an empty file, which is
  // one document of null (and then "expected object" below).
  let documents: unknown[];
  try {
    documents = loadYamlDocuments(text);
  } catch (err) {
    throw new ConfigError(`${source}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (documents.length > 1) throw new ConfigError(`${source}: not valid YAML: expected one document, found ${documents.length}`);
  const raw = documents[0] ?? null;
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

