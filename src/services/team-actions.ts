/**
 * Improvement actions (the team protocol (docs/protocol.md): corrective measures, checked each quarter) and deviations from the protocol
 * ("medewerkers die zijn afgeweken brengen dit zelf ter sprake"). Actions have an owner and a due date and stay on
 * every agenda until done; a deviation goes on the next meeting agenda and into the quarterly review.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { PersonConfig, TeamConfig } from './people';
import type { Directory } from './directory';
import type { TeamAction, TeamActionKind } from './model';
import type { Clock, Store } from './ports';
import type { ActionListView, AgendaAction, AgendaDeviation } from './review-views';

export const ACTION_TEXT_MAX = 500;
/** Default time to do an action: four weeks, a couple of meetings. */
export const DEFAULT_DUE_WEEKS = 4;

export type ActionError = 'empty' | 'too-long' | 'unknown-owner' | 'invalid-date' | 'past-date';

export interface ActionInput {
  text: string;
  /** Person id, or a name the directory knows (full or first name). Default: the sender. */
  owner?: string;
  /** "YYYY-MM-DD" or Dutch "D-M-YYYY". Default: four weeks from today. */
  due?: string;
}

/**
 * `<tekst> [@voor <persoon>] [@uiterlijk <datum>]`, also written `voor: …` / `uiterlijk: …` (typing "@" in Teams
 * opens the mention picker) or in English `@owner` / `@due`. The person is one word: an id or a first name (or a
 * real Teams mention, handled by the bot); the date one word. Everything else is the action's text.
 */
export function parseActionText(raw: string): ActionInput {
  const words = raw.split(/\s+/).filter(Boolean);
  const keyword = (w: string) => /^@(voor|owner|uiterlijk|due)$/i.exec(w) ?? /^(voor|owner|uiterlijk|due):$/i.exec(w);
  const rest: string[] = [];
  let owner: string | undefined;
  let due: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const k = keyword(words[i]);
    if (k && i + 1 < words.length) {
      const value = words[++i];
      if (/^(voor|owner)$/i.test(k[1])) owner = value;
      else due = value;
    } else {
      rest.push(words[i]);
    }
  }
  return { text: rest.join(' '), owner, due };
}

/** A date typed by a person: ISO "2026-12-31" or Dutch "31-12-2026" / "31-12". */
export function parseDueDate(value: string, today: DateTime): string | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const nl = /^(\d{1,2})[-/](\d{1,2})(?:[-/](\d{4}))?$/.exec(value);
  const parts = iso ? { year: +iso[1], month: +iso[2], day: +iso[3] } : nl ? { year: nl[3] ? +nl[3] : today.year, month: +nl[2], day: +nl[1] } : undefined;
  if (!parts) return undefined;
  const date = DateTime.fromObject(parts);
  return date.isValid ? date.toISODate()! : undefined;
}

export function findPerson(team: TeamConfig, who: string): PersonConfig | undefined {
  const q = who.replace(/^@/, '').trim().toLowerCase();
  const exact = team.people.find((p) => p.id.toLowerCase() === q || p.name.toLowerCase() === q);
  if (exact) return exact;
  const byFirst = team.people.filter((p) => p.name.toLowerCase().split(/\s+/)[0] === q);
  return byFirst.length === 1 ? byFirst[0] : undefined;
}

export function toAgendaAction(a: TeamAction, directory: Directory, today: string): AgendaAction {
  return {
    id: a.id,
    number: a.number,
    text: a.text,
    ownerName: directory.person(a.teamId, a.ownerId)?.name ?? a.ownerId,
    dueDate: a.dueDate,
    overdue: !a.doneAt && !!a.dueDate && a.dueDate < today,
    doneAt: a.doneAt,
  };
}

export function toAgendaDeviation(a: TeamAction, directory: Directory): AgendaDeviation {
  return { number: a.number, text: a.text, byName: directory.person(a.teamId, a.createdBy)?.name ?? a.createdBy, createdAt: a.createdAt };
}

export type AddOutcome = { ok: true; action: TeamAction; created: boolean } | { ok: false; error: ActionError };
export type CompleteOutcome = { result: 'completed' | 'already' | 'unknown' | 'not-allowed'; action?: TeamAction };

export class TeamActionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly directory: Directory,
  ) {}

  /**
   * Records an action or a deviation. `key` identifies the request (an activity id): the same key twice yields the
   * same item, so a redelivered message does not add a second one.
   */
  async add(team: TeamConfig, by: PersonConfig, kind: TeamActionKind, input: ActionInput, key: string): Promise<AddOutcome> {
    const id = `${kind === 'action' ? 'act' : 'dev'}-` + createHash('sha256').update(`${team.id}\n${key}`).digest('hex').slice(0, 24);
    const existing = await this.store.actions.get(id);
    if (existing) return { ok: true, action: existing, created: false };

    const text = input.text.replace(/\s+/g, ' ').trim();
    if (!text) return { ok: false, error: 'empty' };
    if (text.length > ACTION_TEXT_MAX) return { ok: false, error: 'too-long' };
    const now = this.clock.now();
    const today = DateTime.fromJSDate(now, { zone: team.timezone }).startOf('day');
    let ownerId = by.id;
    let dueDate: string | undefined;
    if (kind === 'action') {
      if (input.owner) {
        const owner = findPerson(team, input.owner);
        if (!owner) return { ok: false, error: 'unknown-owner' };
        ownerId = owner.id;
      }
      dueDate = input.due ? parseDueDate(input.due, today) : today.plus({ weeks: DEFAULT_DUE_WEEKS }).toISODate()!;
      if (!dueDate) return { ok: false, error: 'invalid-date' };
      if (dueDate < today.toISODate()!) return { ok: false, error: 'past-date' };
    }
    const seq = await this.store.nextSequence(`${kind}:${team.id}`);
    const action: TeamAction = {
      id,
      teamId: team.id,
      kind,
      number: `${kind === 'action' ? 'A' : 'D'}-${seq}`,
      text,
      ownerId,
      dueDate,
      createdBy: by.id,
      createdAt: now.toISOString(),
    };
    const result = await this.store.actions.create(action);
    const stored = result === 'exists' ? ((await this.store.actions.get(id)) ?? action) : action;
    return { ok: true, action: stored, created: result === 'created' };
  }

  /** Marks an action done, by its number ("A-3", "3") or id. The owner, its creator, a lead or the coordinator may. */
  async complete(team: TeamConfig, ref: string, by: PersonConfig): Promise<CompleteOutcome> {
    const action = await this.resolve(team, ref);
    if (!action) return { result: 'unknown' };
    const allowed =
      action.ownerId === by.id || action.createdBy === by.id || by.roles.includes('lead') || by.roles.includes('coordinator');
    if (!allowed) return { result: 'not-allowed', action };
    if (action.doneAt) return { result: 'already', action };
    const now = this.clock.now().toISOString();
    const done = await this.store.actions.complete(action.id, now, by.id);
    return done ? { result: 'completed', action: { ...action, doneAt: now, doneBy: by.id } } : { result: 'already', action };
  }

  /** Open actions and the deviations waiting for the next meeting (those reported since the last agenda). */
  async listView(team: TeamConfig, event?: ActionListView['event']): Promise<ActionListView> {
    const today = DateTime.fromJSDate(this.clock.now(), { zone: team.timezone }).toISODate()!;
    const since = (await this.store.reviews.latest(team.id, 'meeting'))?.periodEnd;
    const [open, deviations] = await Promise.all([
      this.store.actions.find({ teamId: team.id, kind: 'action', state: 'open' }),
      this.store.actions.find({ teamId: team.id, kind: 'deviation', createdFrom: since }),
    ]);
    return {
      teamId: team.id,
      teamName: team.name,
      timezone: team.timezone,
      open: open.map((a) => toAgendaAction(a, this.directory, today)),
      deviations: deviations.map((d) => toAgendaDeviation(d, this.directory)),
      event,
    };
  }

  private async resolve(team: TeamConfig, ref: string): Promise<TeamAction | undefined> {
    const trimmed = ref.trim().toUpperCase();
    if (/^(ACT|DEV)-[0-9A-F]{24}$/.test(trimmed)) {
      const byId = await this.store.actions.get(ref.trim().toLowerCase());
      return byId?.teamId === team.id && byId.kind === 'action' ? byId : undefined;
    }
    const number = /^A?-?(\d+)$/.exec(trimmed);
    if (!number) return undefined;
    const all = await this.store.actions.find({ teamId: team.id, kind: 'action' });
    return all.find((a) => a.number === `A-${number[1]}`);
  }
}
