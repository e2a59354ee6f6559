/**
 * People, teams and roles as the domain knows them. The configuration parser (src/config.ts) checks a teams file
 * and produces exactly these; everything else reads them from here. What each role may do: docs/roles.md.
 */
import type { Category, Locale } from './protocol';

export const ROLES = ['member', 'first-responder', 'lead', 'aftercare', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

/** A weekly window in the team's zone; days 1 = Monday … 7 = Sunday, times "HH:mm". */
export interface Shift {
  days: number[];
  from: string;
  to: string;
}

export interface Person {
  /** Stable id within the configuration; the same person may be in several teams with the same id. */
  id: string;
  name: string;
  teamsUserId?: string;
  aadObjectId?: string;
  slackUserId?: string;
  /** Work e-mail / UPN: the page's "Chat" and "Bel" buttons open a Teams chat or call with this person. */
  email?: string;
  roles: Role[];
  locale?: Locale;
  /** Away (leave, sick): never paged until this is removed. */
  absent: boolean;
  /** Windows in which this person can be paged; none means always. */
  shifts: Shift[];
}

/** The team meeting (teamoverleg) whose agenda the bot posts, and when the periodic reviews are posted. */
export interface Meetings {
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  time: string;
  /** Every week (1) or every other week (2). */
  every: 1 | 2;
  /** For every: 2, a date in a week with a meeting ("YYYY-MM-DD"). */
  firstWeek?: string;
  /** How long before the meeting its agenda is posted (ISO 8601 duration). */
  postBefore: string;
  /** Local time of the quarterly, half-yearly and yearly review posts. */
  reviewTime: string;
}

/**
 * Defaults: weekly on Tuesday at 10:00, agenda posted an hour before (09:00, the start of the working day);
 * quarterly, half-yearly and yearly reviews at 09:00 on the first working day of the period (docs/agendas.md).
 */
export const DEFAULT_MEETINGS = { weekday: 2, time: '10:00', every: 1, postBefore: 'PT1H', reviewTime: '09:00' } as const;

export interface FirstResponseSettings {
  /** Person ids in the order they are paged (docs/first-response.md). */
  rota: string[];
  ackTimeout: string;
  threatAckTimeout: string;
  /** A report about something longer ago than this pages only when the reporter asks, with ackTimeout. */
  urgentWindow: string;
  /** "Waar ben je?" after a `hulp` tap offers these places (plus free text). */
  places: string[];
}

export interface Team {
  id: string;
  name: string;
  timezone: string;
  locale: Locale;
  channel: {
    teams?: { conversationId: string; tenantId?: string };
    slack?: { channelId: string };
  };
  people: Person[];
  firstResponse: FirstResponseSettings;
  /** Window in which a recurrence makes a pattern (docs/protocol.md, "Patterns"). */
  patternWindow: string;
  /** How long after the report its reporter may correct it with *Wijzigen* (docs/first-week.md). */
  editWindow: string;
  /** The team's own norm and examples per category (docs/protocol.md, "Team norm"). */
  norms: Partial<Record<Category, string>>;
  meetings: Meetings;
  /** Dilemmas to discuss, one per meeting in turn (docs/agendas.md); default: the protocol's six. */
  dilemmas?: string[];
  /** Measures on citizen references (docs/measures.md): the catalogue offered, instructions, reminders. */
  measures: {
    catalogue?: Array<'conversation' | 'warning-letter' | 'written-contact-only' | 'single-contact' | 'contact-ban' | 'police-report' | 'damages'>;
    /** The team's own instruction for colleagues per kind ("verbind niet door; verwijs naar …"). */
    instructions: Record<string, string>;
    decideWithinWorkingDays: number;
    remindBeforeEnd: string;
    reevaluateEvery: string;
  };
  /** The team's own aftercare plan (docs/aftercare.md); defaults to the standard cadence. */
  aftercare: {
    workingHours?: { days: number[]; start: string; end: string };
    moments?: Array<{ kind: string; after: string }>;
    /** A line of the team's own on every check-in, e.g. how to reach the vertrouwenspersoon. */
    checkinText?: string;
  };
}

/** The names the code has long used for the same types. */
export type PersonConfig = Person;
export type TeamConfig = Team;
