/**
 * The answers to chat commands as text, shared by Teams (bot.ts, review-commands.ts) and Slack
 * (bots/slack/commands.ts, review-commands.ts). The outcomes come from services/commands.ts. Some strings carry
 * Teams markdown (`**melden**`); `withoutMarkdown` gives them for places that show text literally (Slack plain_text).
 */
import type { TeamConfig } from '../services/people';
import type { AuditOutcome, TeamCommandOutcome, WitnessOutcome } from '../services/commands';
import { formatDate } from './dates';
import { onDuty } from '../services/duty';
import type { Locale } from '../services/protocol';
import { t, type StringKey } from './strings';

/** "wie heeft dienst": the first-response rota on duty now, then who comes after (the team's lead). */
export function dutyText(locale: Locale, team: TeamConfig, now: Date): string {
  const names = onDuty(team, now).map((p) => p.name);
  const next = team.people.filter((p) => p.roles.includes('lead')).map((p) => p.name).join(', ') || '—';
  return names.length ? t(locale, 'notice.duty.list', { names: names.join(', '), next }) : t(locale, 'notice.duty.none', { next });
}

export function witnessText(locale: Locale, outcome: WitnessOutcome): string {
  if (outcome.result === 'usage') return t(locale, 'witness.usage');
  return t(locale, `witness.${outcome.result}`, { name: outcome.name, number: outcome.number });
}

/** Why an `actie` / `afwijking` / `klaar` did not go through. */
export function teamCommandError(locale: Locale, outcome: Exclude<TeamCommandOutcome, { ok: true }>): string {
  if (outcome.error === 'unknown-action') return t(locale, 'actions.complete.unknown', { number: outcome.number });
  if (outcome.error === 'not-allowed') return t(locale, 'actions.complete.not-allowed');
  return t(locale, `actions.error.${outcome.error}` as StringKey);
}

/** Teams' bold markers off, for text shown literally. */
export const withoutMarkdown = (text: string): string => text.replace(/\*\*/g, '');

/** The `audit` answer: one line per entry (when, who, what, which incident); never content, there is none. */
export function auditText(locale: Locale, outcome: AuditOutcome, zone: string): string {
  if (outcome.result === 'forbidden') return t(locale, 'audit.forbidden');
  if (outcome.entries.length === 0) return t(locale, 'audit.empty', { teams: outcome.teamNames.join(', ') });
  const lines = outcome.entries.map((e) => {
    const when = formatDate(locale, e.at, zone, 'shortTime');
    return `- ${when} · ${e.actorId} · ${e.action}${e.incidentId ? ` · ${e.incidentId}` : ''}`;
  });
  return [t(locale, 'audit.title', { teams: outcome.teamNames.join(', '), count: outcome.entries.length }), ...lines].join('\n');
}
