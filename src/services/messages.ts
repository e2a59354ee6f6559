/**
 * Neutral outbound messages: what the domain wants to say, with the facts each recipient may see (docs/protocol.md).
 * src/cards renders them as Adaptive Cards for Teams and Block Kit for Slack.
 */
import type { Category, Locale } from './protocol';
import type { ContactChannel } from './model';
import type { ActionListView, AgendaView } from './review-views';

export type PageState = 'open' | 'acknowledged' | 'declined' | 'exhausted' | 'stood-down';

/** What a paged first responder sees: who, where, what kind, when — no description, no citizen reference. */
export interface PageView {
  incidentId: string;
  incidentNumber: string;
  reporterName: string;
  /** The reporter's chat id on the page's platform and work e-mail: the renderer's chat / call buttons. */
  reporterChatId?: string;
  reporterEmail?: string;
  /** Unknown while a help request waits for its report. */
  channel?: ContactChannel;
  category?: Category;
  /** "Waar ben je?", when the reporter answered. */
  place?: string;
  /** An acute help request (`hulp`). */
  help: boolean;
  /** Happening now (else the page says when it happened). */
  urgent: boolean;
  occurredAt: string;
  timezone: string;
  wantsSupport: boolean;
  state: PageState;
  /** Set once someone picked it up. */
  acknowledgedByName?: string;
  acknowledgedAt?: string;
  /** The viewer acknowledged and pressed "Opvang afgerond". */
  completedAt?: string;
  /** Chat ids of everyone paged, so their clients can refresh the card. */
  viewerIds: string[];
  /** Set when the viewer is the one who acknowledged (shown as "you"). */
  viewerIsAcknowledger?: boolean;
}

export type NoticeKey =
  | 'reporter.coming'
  | 'reporter.searching'
  | 'reporter.exhausted'
  | 'lead.responseFailed'
  | 'lead.helpRequested'
  | 'sanction.outcome'
  | 'measure.outcomeNone'
  | 'measure.lead'
  | 'measure.reminder'
  | 'measure.undecided'
  | 'measure.consult'
  | 'pattern.reporter'
  | 'duty.none'
  | 'duty.list'
  | 'job.dead';

export type CheckinKind = 'checkin-72h' | 'checkin-2w' | 'checkin-6w';

/** A check-in to the reporter (or a witness), on behalf of the aftercare person. */
export interface CheckinView {
  incidentId: string;
  momentId: string;
  incidentNumber: string;
  kind: CheckinKind;
  subjectName: string;
  aftercareName: string;
  occurredAt: string;
  timezone: string;
  state: 'open' | 'answered' | 'stopped' | 'snoozed';
  answer?: { feeling: 'good' | 'okay' | 'bad'; wantsTalk: boolean };
  snoozedUntil?: string;
  /** The reporter declined a talk earlier: the offer is made again (VPD). */
  offerAgain: boolean;
  /** This is the one gentle reminder of an unanswered check-in. */
  reminder: boolean;
  /** The team's own line on every check-in (config `aftercare.checkinText`). */
  teamText?: string;
}

export type TaskKind = 'lead-contact' | 'lead-support-talk' | 'talk-request' | 'feeling-bad' | 'support-requested' | 'unanswered' | 'referral' | 'note';

export type FirstResponseOutcome = 'acknowledged' | 'not-reached' | 'pending' | 'not-requested';

/**
 * A to-do for the team lead or the aftercare person. The lead's tasks carry only whether check-ins were
 * answered, never the answers (docs/protocol.md); `note` is free text for the aftercare person only, never stored.
 */
export interface TaskView {
  kind: TaskKind;
  incidentId: string;
  momentId: string;
  incidentNumber: string;
  subjectName: string;
  occurredAt: string;
  timezone: string;
  checkinStatus?: 'answered' | 'open';
  feeling?: 'good' | 'okay' | 'bad';
  note?: string;
  doneAt?: string;
  doneByName?: string;
  /** The lead's tasks: what to prepare (category, first response, the reporter's wish for aftercare). */
  prepare?: { category: Category; firstResponse: FirstResponseOutcome; supportRequested: boolean };
  /** The lead's support talk is due by then (also on a lead-contact card that carries the support talk too). */
  supportTalkBy?: string;
}

/** The coordinator's request for a sanction decision; the coordinator may see description and citizen reference (docs/protocol.md). */
export interface SanctionView {
  incidentId: string;
  incidentNumber: string;
  reporterName: string;
  category: Category;
  channel: ContactChannel;
  occurredAt: string;
  timezone: string;
  description: string;
  citizenRef?: string;
  registrationReason: string;
  patternCount: number;
  decided?: { measure: string; until?: string; byName: string; at: string; reason?: string };
  /** The citizen's earlier incidents and measures (docs/measures.md); absent without a citizen reference. */
  history?: MeasureHistoryView;
  /** What the team's catalogue offers ('none' first). */
  catalogue?: string[];
  /** The lead was asked to think along. */
  consulted?: boolean;
}

/** Earlier incidents (date and category only) and measures of one citizen, across the coordinator's teams. */
export interface MeasureHistoryView {
  incidents: { occurredAt: string; category: Category }[];
  measures: { kind: string; startDate: string; endDate?: string; inForce: boolean; endedAt?: string }[];
  /** A measure was in force when this report was made: "maatregel overtreden?". */
  violated?: { kind: string; endDate?: string };
}

/** The coordinator's reminder about a running measure: it ends soon, or it is time to re-evaluate. */
export interface MeasureView {
  measureId: string;
  reason: 'ending' | 'reevaluate' | 'extended' | 'ended';
  kind: string;
  citizenRef: string;
  incidentNumber: string;
  startDate: string;
  endDate?: string;
  instruction: string;
  endedAt?: string;
  inForce: boolean;
}

/** The reporter's view of their own help request: who was paged, who comes, where, and what they can do. */
export interface HelpView {
  incidentId: string;
  incidentNumber: string;
  state: 'paging' | 'coming' | 'nobody' | 'safe';
  pagedNames: string[];
  comingName?: string;
  place?: string;
  /** The team's list of places for "Waar ben je?" (free text always allowed). */
  places: string[];
  /** The report form was not sent yet: offer it, pre-filled. */
  reportPending: boolean;
  threat: boolean;
  /** The one reminder to complete the report. */
  reminder?: boolean;
}

export type OutboundMessage =
  | { type: 'help'; locale: Locale; help: HelpView }
  | { type: 'page'; locale: Locale; page: PageView }
  | { type: 'checkin'; locale: Locale; checkin: CheckinView }
  | { type: 'task'; locale: Locale; task: TaskView }
  | { type: 'sanction'; locale: Locale; sanction: SanctionView }
  | { type: 'measure'; locale: Locale; measure: MeasureView }
  | { type: 'notice'; locale: Locale; key: NoticeKey; vars: Record<string, string> }
  | { type: 'agenda'; locale: Locale; agenda: AgendaView }
  | { type: 'actions'; locale: Locale; actions: ActionListView };
