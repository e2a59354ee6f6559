/**
 * Neutral views of the review calendar's posts and the action list. The team channel sees counts; an incident is
 * listed only when the reporter consented, and then only with its number, category, date and the short text the
 * reporter wrote for the team — never the description, a citizen reference, the reporter's name or anything of
 * aftercare (docs/roles.md, role "team channel"). Rendered by src/cards (Teams) and the Slack renderer.
 */
import type { Category } from './protocol';
import type { Period } from './review-calendar';

/** Posted more than the grace period after it was due (the bot was down then). */
/** The statistics of a period review (computed in statistics.ts), as the review card shows them. */
export interface CategoryComparison {
  category: Category;
  current: number;
  previous: number;
  /** Absent for the yearly review (the previous period is already a year ago). */
  yearAgo?: number;
}

export interface ReviewStatistics {
  periods: { current: Period; previous: Period; yearAgo?: Period };
  categories: CategoryComparison[];
  totals: { current: number; previous: number; yearAgo?: number };
  /** Of the current period: */
  registrationsRequired: number;
  /** Help requests (`hulp`) whose report never came. */
  helpWithoutReport: number;
  patterns: number;
  consented: number;
  ack: { count: number; medianMs?: number; p90Ms?: number };
  checkins: { sent: number; answered: number; share?: number };
  /** Registered incidents still waiting for the coordinator's decision, of any period up to now. */
  sanctionsPending: number;
  actions: { open: number; doneInPeriod: number; createdInPeriod: number };
  deviationsInPeriod: number;
  /** Measures on citizen references: started in the period, running at its end, ended in it (docs/measures.md). */
  measures?: { started: number; running: number; ended: number };
}

export interface AgendaLate {
  dueAt: string;
  /** Meetings: the meeting itself has already started. */
  meetingPassed?: boolean;
}

export interface AgendaIncident {
  number: string;
  occurredAt: string;
  category: Category;
  /** The reporter's own short text for the team, if they wrote one. */
  teamSummary?: string;
}

export interface AgendaAction {
  id: string;
  number: string;
  text: string;
  ownerName: string;
  dueDate?: string;
  overdue: boolean;
  doneAt?: string;
}

export interface AgendaDeviation {
  number: string;
  text: string;
  byName: string;
  createdAt: string;
}

export interface MeetingAgendaView {
  kind: 'meeting';
  teamId: string;
  teamName: string;
  timezone: string;
  meetingAt: string;
  /** Incidents that occurred in [since, until): since the previous agenda. */
  since: string;
  until: string;
  late?: AgendaLate;
  total: number;
  /** Consented incidents, oldest first, at most a card's worth; `moreConsented` counts the rest. */
  incidents: AgendaIncident[];
  moreConsented: number;
  /** Not consented: counts only. */
  withheld: { total: number; byCategory: { category: Category; count: number }[] };
  dilemma: string;
  openActions: AgendaAction[];
  deviations: AgendaDeviation[];
  /** Items left off the lists to keep the post within Teams' message size (about 28 KB). */
  more?: ListOverflow;
  /** Team members, to pick an action's owner on the card. */
  people: { id: string; name: string }[];
}

export interface PeriodReviewView {
  kind: 'quarter' | 'half-year' | 'year';
  teamId: string;
  teamName: string;
  timezone: string;
  /** "2026-Q3", "2026-H1", "2026". */
  period: string;
  late?: AgendaLate;
  statistics: ReviewStatistics;
  deviations: AgendaDeviation[];
  actionsDone: AgendaAction[];
  openActions: AgendaAction[];
  more?: ListOverflow;
  people: { id: string; name: string }[];
}

export interface ListOverflow {
  actions?: number;
  deviations?: number;
  done?: number;
}

export type AgendaView = MeetingAgendaView | PeriodReviewView;

/** The open actions (command `acties`), or the answer to `actie` / `afwijking` / `klaar`. */
export interface ActionListView {
  teamId: string;
  teamName: string;
  timezone: string;
  open: AgendaAction[];
  /** Deviations waiting for the next meeting. */
  deviations: AgendaDeviation[];
  /** What just happened, shown on top. */
  event?: { kind: 'action-added' | 'deviation-added' | 'completed' | 'already-done'; number: string };
}
