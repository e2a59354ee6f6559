import type { Category, Locale, Registration, RegistrationReason } from './protocol';
import type { MessageRef } from './ports';

export const CONTACT_CHANNELS = ['phone', 'desk', 'email', 'chat', 'home-visit', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export type Platform = 'teams' | 'slack';

/** One thing that happened to an incident, in order; feeds the statistics (time to acknowledge, …). */
export interface TimelineEvent {
  at: string; // ISO instant
  type: string; // e.g. 'reported', 'paged', 'acknowledged', 'declined', 'timeout', 'escalated'
  personId?: string;
  detail?: string;
}

export interface Incident {
  id: string;
  /** Human-readable number, unique per team: "2026-0042". */
  number: string;
  teamId: string;
  reporterId: string;
  platform: Platform;
  locale: Locale;
  occurredAt: string; // ISO instant
  reportedAt: string; // ISO instant
  channel: ContactChannel;
  category: Category;
  description: string;
  stoppedAfterLimit: boolean;
  conversationEnded: boolean;
  /** A case or customer number, never a name. Optional. */
  citizenRef?: string;
  /** What the reporter asked for. */
  firstResponseRequested: boolean;
  /** Asked for aftercare (a talk afterwards). */
  supportRequested: boolean;
  /** Whether a first-response colleague is paged (the protocol may require it). */
  firstResponse: boolean;
  /** May the incident (description included) be discussed in the team meeting. */
  consentTeamMeeting: boolean;
  registration: Registration;
  registrationReason: RegistrationReason;
  /** Earlier incidents in the pattern window that made this one a pattern. */
  patternIncidentIds: string[];
  timeline: TimelineEvent[];
  /** First-response paging, when the report asked for it or the protocol requires it. */
  paging?: PagingState;
  /** The coordinator's sanction decision (regiemaatregel); absent while none was taken. */
  sanction?: SanctionDecision;
  /** The aftercare plan and what came of it (answers hold only the offered choices, never free text). */
  aftercare?: AftercareState;
  /** Optimistic-concurrency version; every replace must name the version it read. */
  version: number;
}

export const SANCTION_MEASURES = ['none', 'conversation', 'warning-letter', 'written-contact-only', 'contact-ban', 'police-report'] as const;
export type SanctionMeasure = (typeof SANCTION_MEASURES)[number];

export interface SanctionDecision {
  /** When the coordinator was asked to decide. */
  requestedAt?: string;
  /** Where the request cards are, to update them once decided. */
  refs?: MessageRef[];
  decidedAt?: string; // ISO instant
  decidedBy?: string;
  measure?: SanctionMeasure;
  /** End date (local yyyy-MM-dd) of a restricting measure. */
  until?: string;
}

export type PagingStatus = 'paging' | 'acknowledged' | 'exhausted';

/** The escalation ladder of one incident; `step` is the fencing token of the escalation jobs. */
export interface PagingState {
  status: PagingStatus;
  /** Person ids in paging order, fixed when paging starts (rota on duty, then lead, then coordinator for threats). */
  ladder: string[];
  /** Index in the ladder of the person paged most recently. */
  step: number;
  /** Every page that went out, with where its card lives (for in-place updates). */
  pages: { personId: string; at: string; ref?: MessageRef }[];
  declined: string[];
  acknowledgedBy?: string;
  acknowledgedAt?: string;
}

export type CheckinFeeling = 'good' | 'okay' | 'bad';

/** One planned aftercare moment for one person (the reporter or a witness). */
export interface AftercareMoment {
  /** Unique within the incident: `<kind>:<subjectId>`. */
  id: string;
  kind: 'lead-contact' | 'lead-support-talk' | 'checkin-72h' | 'checkin-2w' | 'checkin-6w';
  /** Whom the moment is about: the reporter, or a witness. */
  subjectId: string;
  dueAt: string;
  sentAt?: string;
  refs?: MessageRef[];
  /** Check-ins: the offered choices only. */
  answer?: { feeling: CheckinFeeling; wantsTalk: boolean };
  answeredAt?: string;
  snoozedUntil?: string;
  remindedAt?: string;
  /** The aftercare person was told it went unanswered (without any content). */
  unansweredReportedAt?: string;
  /** Lead moments: marked done. Talk requests: the aftercare person had contact. */
  doneAt?: string;
  doneBy?: string;
  /** Skipped because check-ins were stopped by the person they are about. */
  skipped?: boolean;
  /** The support talk's deadline (report + 72 h); its reminder comes half a working day earlier. */
  deadline?: string;
  /** The lead's contact and support talk went out as one card (docs/aftercare.md); done together. */
  combined?: boolean;
}

export interface AftercareState {
  moments: AftercareMoment[];
  /** People who asked for no more check-in messages about this incident. */
  stoppedBy: string[];
  witnesses: { personId: string; addedBy: string; at: string }[];
  /** The aftercare person was told at once that the reporter ticked "Ik wil graag nazorg". */
  requestNotifiedAt?: string;
}

/** Where a platform can reach a person or a channel later (proactive messages). */
export interface ConversationAddress {
  key: string; // e.g. "teams:user:29:anna", "teams:conversation:19:...@thread.tacv2"
  platform: Platform;
  /** The platform's own reference, opaque to the domain. */
  reference: Record<string, unknown>;
  updatedAt: string;
}

export type JobState = 'pending' | 'done' | 'dead';

export interface Job {
  /** Deterministic per purpose, e.g. "escalate:<incident>:<step>": scheduling twice makes one job. */
  id: string;
  kind: string;
  dueAt: string; // ISO instant
  payload: Record<string, unknown>;
  state: JobState;
  attempts: number;
  leaseOwner?: string;
  leaseUntil?: string;
  lastError?: string;
  updatedAt: string;
}

/** An improvement action (verbeteractie) or a reported deviation from the protocol (afwijking), per team. */
export type TeamActionKind = 'action' | 'deviation';

export interface TeamAction {
  id: string;
  teamId: string;
  kind: TeamActionKind;
  /** Short number people type and read: "A-12" (action), "D-3" (deviation). Unique per team and kind. */
  number: string;
  text: string;
  /** Person id of who does it (actions; a deviation's owner is who reported it). */
  ownerId: string;
  /** Local calendar date "YYYY-MM-DD" it should be done by (actions only). */
  dueDate?: string;
  createdBy: string;
  createdAt: string; // ISO instant
  /** Set once done (actions) or closed (deviations); open items stay on every agenda until then. */
  doneAt?: string;
  doneBy?: string;
}

/** The team's review calendar: the team meeting and the quarterly, half-yearly and yearly reviews (seed 004). */
export type ReviewType = 'meeting' | 'quarter' | 'half-year' | 'year';

/** One agenda post of the review calendar; recorded before it is sent so it is never sent twice. */
export interface ReviewPost {
  /** The calendar job's id, e.g. "review:kcc-noord:quarter:2026-Q4". */
  id: string;
  teamId: string;
  type: ReviewType;
  /** The period the post covers, [periodStart, periodEnd) as ISO instants. */
  periodStart: string;
  periodEnd: string;
  /** 'posting' while being sent (or when the process died while sending: then treated as sent). */
  state: 'posting' | 'posted';
  claimedAt: string;
  postedAt?: string;
  /** Posted more than the grace period after it was due (the bot was down). */
  late: boolean;
  ref?: MessageRef;
}
