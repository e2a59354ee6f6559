/**
 * What the configuration's two halves share without loading either: the error a bad value throws, where the team
 * file is (its own module so index.ts can start parsing it before loading the rest), and the retention defaults.
 * src/config.ts reads the environment; src/team-config.ts parses and validates the team file.
 */

export class ConfigError extends Error {}

/** Where the team file is: MELDEN_CONFIG, default config/melden.yaml. */
export const teamsConfigPath = (env: NodeJS.ProcessEnv): string => env.MELDEN_CONFIG ?? 'config/melden.yaml';

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
