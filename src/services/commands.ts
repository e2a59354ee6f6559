/**
 * The chat commands both bots understand, platform-neutral (no Teams/Slack/SDK imports): which command a typed
 * text is, and what `getuige` and the review calendar's commands (`actie`, `afwijking`, `acties`, `klaar`) do, as
 * outcomes each bot renders in its own way (Teams: bot.ts and review-commands.ts; Slack: bots/slack/commands.ts
 * and review-commands.ts; the texts: cards/command-text.ts). The action grammar itself is parseActionText.
 */
import { coordinatedTeams, mayAct, memberFor } from './access';
import type { PersonInTeam } from './directory';
import type { AftercareService } from './aftercare';
import type { AuditEntry } from './model';
import type { Clock, Store } from './ports';
import type { ActionListView } from './review-views';
import { parseActionText, type ActionError, type TeamActionService } from './team-actions';

/** `acute`: one tap for help now (`hulp`, `nood`): colleagues are paged before anything is asked. */
export type ChatIntent = 'report' | 'help' | 'duty' | 'witness' | 'acute' | 'audit' | 'check' | 'overview';

/** Commands understood in chat, after mentions, a leading "/", trailing punctuation and case are stripped. */
export const CHAT_COMMANDS: Readonly<Record<string, ChatIntent>> = {
  audit: 'audit',
  /** `check <zaaknummer>`: is a measure in force on this citizen (docs/measures.md). */
  check: 'check',
  overzicht: 'overview',
  overview: 'overview',
  getuige: 'witness',
  witness: 'witness',
  melden: 'report',
  melding: 'report',
  report: 'report',
  help: 'help',
  uitleg: 'help',
  hulp: 'acute',
  nood: 'acute',
  'help nu': 'acute',
  'hulp nu': 'acute',
  'ik heb nu hulp nodig': 'acute',
  'i need help now': 'acute',
  'wie heeft dienst': 'duty',
  'who is on duty': 'duty',
  dienst: 'duty',
};

/** "  /Wie heeft  dienst? " → "wie heeft dienst". */
export function commandPhrase(text: string): string {
  return text.trim().replace(/^\//, '').toLowerCase().replace(/[?!.]+$/, '').replace(/\s+/g, ' ');
}

/** The intent of a normalised phrase: the whole phrase, else its first word. `extra` adds a platform's own words. */
export function chatIntent(phrase: string, extra: Readonly<Record<string, ChatIntent>> = {}): ChatIntent | undefined {
  const words = { ...CHAT_COMMANDS, ...extra };
  const first = phrase.split(' ')[0];
  return (Object.hasOwn(words, phrase) ? words[phrase] : undefined) ?? (Object.hasOwn(words, first) ? words[first] : undefined);
}

export type TeamActionVerb = 'actie' | 'acties' | 'afwijking' | 'klaar';
export interface TeamActionCommand {
  verb: TeamActionVerb;
  /** What follows the verb, as typed (case and line breaks kept). */
  rest: string;
}

const TEAM_ACTION_COMMAND = /^\/?(actie|acties|afwijking|klaar)\b\s*([\s\S]*)$/i;

/** `actie …`, `afwijking …`, `acties`, `klaar <nummer>` (a leading "/" allowed); undefined for anything else. */
export function parseTeamActionCommand(text: string): TeamActionCommand | undefined {
  const match = TEAM_ACTION_COMMAND.exec(text.trim());
  return match ? { verb: match[1].toLowerCase() as TeamActionVerb, rest: match[2] } : undefined;
}

export type TeamCommandOutcome =
  | { ok: true; view: ActionListView }
  /** actions.error.<error> */
  | { ok: false; error: ActionError | 'deviation-empty' }
  /** actions.complete.unknown, with the number as typed ("?" when none). */
  | { ok: false; error: 'unknown-action'; number: string }
  /** actions.complete.not-allowed */
  | { ok: false; error: 'not-allowed' };

/**
 * Runs a review-calendar command for `who`. `key` identifies the request (a message or command id): the same key
 * twice yields the same action. `mentionedOwner` is a colleague the platform saw mentioned (the owner unless
 * `voor:` names one). On success: the open actions and pending deviations, with what just happened.
 */
export async function runTeamActionCommand(
  actions: TeamActionService,
  who: PersonInTeam,
  command: TeamActionCommand,
  key: string,
  mentionedOwner?: string,
): Promise<TeamCommandOutcome> {
  const rest = command.rest.trim();
  let event: ActionListView['event'];
  if (command.verb === 'actie') {
    const input = parseActionText(rest);
    const outcome = await actions.add(who.team, who.person, 'action', { ...input, owner: input.owner ?? mentionedOwner }, key);
    if (!outcome.ok) return { ok: false, error: outcome.error };
    event = { kind: 'action-added', number: outcome.action.number };
  } else if (command.verb === 'afwijking') {
    if (!rest) return { ok: false, error: 'deviation-empty' };
    const outcome = await actions.add(who.team, who.person, 'deviation', { text: rest }, key);
    if (!outcome.ok) return { ok: false, error: outcome.error === 'empty' ? 'deviation-empty' : outcome.error };
    event = { kind: 'deviation-added', number: outcome.action.number };
  } else if (command.verb === 'klaar') {
    const outcome = await actions.complete(who.team, rest, who.person);
    if (outcome.result === 'unknown') return { ok: false, error: 'unknown-action', number: rest || '?' };
    if (outcome.result === 'not-allowed') return { ok: false, error: 'not-allowed' };
    event = { kind: outcome.result === 'completed' ? 'completed' : 'already-done', number: outcome.action!.number };
  }
  return { ok: true, view: await actions.listView(who.team, event) };
}

export type WitnessOutcome =
  /** witness.usage */
  | { result: 'usage' }
  /** witness.<result>, with the colleague's name (as configured when found, else as typed) and the number. */
  | { result: 'added' | 'exists' | 'forbidden' | 'unknown'; name: string; number: string };

/** Reports of the last 90 days can get witnesses by number. */
const WITNESS_WINDOW_MS = 90 * 86_400_000;

/**
 * `getuige 2026-0042 bram` (the normalised phrase): a colleague who saw it gets their own check-ins. The colleague
 * is named by id, full name or first name; only the reporter or the lead may add one (AftercareService decides).
 */
export async function witnessCommand(
  deps: { store: Store; clock: Clock; aftercare: AftercareService },
  who: PersonInTeam,
  phrase: string,
): Promise<WitnessOutcome> {
  const [, number, ...nameParts] = phrase.split(' ');
  const name = nameParts.join(' ');
  if (!number || !name) return { result: 'usage' };
  const since = new Date(deps.clock.now().getTime() - WITNESS_WINDOW_MS).toISOString();
  const incident = (await deps.store.incidents.find({ teamId: who.team.id, from: since })).find((i) => i.number === number);
  const witness = who.team.people.find((p) => p.id === name || p.name.toLowerCase() === name || p.name.toLowerCase().split(' ')[0] === name);
  if (incident && !mayAct(incident, who, { type: 'witness.add' })) return { result: 'forbidden', name: witness?.name ?? name, number };
  const result = incident && witness ? await deps.aftercare.addWitness(incident.id, witness.id, who.person.id) : 'unknown';
  return { result, name: witness?.name ?? name, number };
}

export type AuditOutcome = { result: 'forbidden' } | { result: 'ok'; entries: AuditEntry[]; teamNames: string[] };

/** How many of the latest entries the chat command shows (the whole log: `npm run privacy -- audit`). */
export const AUDIT_CHAT_LIMIT = 20;

/**
 * `audit`: the latest audit entries of the teams the sender coordinates (docs/roles.md), newest last; reading is
 * itself logged. Anyone who coordinates no team is refused.
 */
export async function auditCommand(deps: { store: Store; clock: Clock }, memberships: readonly PersonInTeam[], key: string): Promise<AuditOutcome> {
  const teams = coordinatedTeams(memberships);
  if (teams.length === 0) return { result: 'forbidden' };
  const entries = (await deps.store.audit.find({ teamIds: teams })).slice(-AUDIT_CHAT_LIMIT);
  const actor = memberships[0].person.id;
  for (const teamId of teams) await deps.store.audit.append({ id: `${key}:${teamId}`, at: deps.clock.now().toISOString(), actorId: actor, teamId, action: 'audit.read' });
  return { result: 'ok', entries, teamNames: memberships.filter((m) => teams.includes(m.team.id)).map((m) => m.team.name) };
}

export type DetailsOutcome = { result: 'refused' } | { result: 'ok'; number: string; description: string; citizenRef?: string };

/**
 * The lead's (or coordinator's) request to see an incident's description and citizen reference (docs/roles.md:
 * "on request"). Only for a member of the incident's team with that right; each look-up is written to the audit
 * log (`incident.details-opened`, and `citizen.lookup` when there is a reference). `key` identifies the request.
 */
export async function detailsCommand(deps: { store: Store; clock: Clock }, incidentId: string, memberships: readonly PersonInTeam[], key: string): Promise<DetailsOutcome> {
  const incident = incidentId ? await deps.store.incidents.get(incidentId) : undefined;
  const who = memberFor(incident, memberships);
  if (!incident || !who || !mayAct(incident, who, { type: 'details.open' })) return { result: 'refused' };
  const at = deps.clock.now().toISOString();
  const entry = { at, actorId: who.person.id, teamId: incident.teamId, incidentId: incident.id };
  await deps.store.audit.append({ ...entry, id: `${key}:details`, action: 'incident.details-opened' });
  if (incident.citizenRef) await deps.store.audit.append({ ...entry, id: `${key}:citizen`, action: 'citizen.lookup' });
  return { result: 'ok', number: incident.number, description: incident.description, citizenRef: incident.citizenRef };
}
