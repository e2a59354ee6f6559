import type { Category, Locale, Registration, RegistrationReason } from './protocol';

export const CONTACT_CHANNELS = ['phone', 'desk', 'email', 'chat', 'home-visit', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export type Platform = 'teams' | 'slack';

/** Where a sent message lives, so it can be updated in place later; opaque outside its platform. */
export interface MessageRef {
  platform: Platform;
  [key: string]: string;
}

/** One thing that happened to an incident, in order; feeds the statistics (time to acknowledge, …). */
export interface TimelineEvent {
  at: string; // ISO instant
  type: string; // e.g. 'reported', 'paged', 'acknowledged', 'declined', 'timeout', 'escalated'
  personId?: string;
  detail?: string;
}

/** What the reporter tells on the form, as the form validates it (report-form.ts) and the incident keeps it. */
export interface ReportedFacts {
  occurredAt: string; // ISO instant
  channel: ContactChannel;
  description: string;
  stoppedAfterLimit: boolean;
  conversationEnded: boolean;
  /** A case or customer number, never a name. Optional. */
  citizenRef?: string;
  /** What the reporter asked for. */
  firstResponseRequested: boolean;
  /** Asked for aftercare (a talk afterwards). */
  supportRequested: boolean;
  /**
   * May the incident be discussed in the team meeting: the team channel then sees its category, date and
   * teamSummary — never the description, the citizen reference or aftercare (docs/roles.md).
   */
  consentTeamMeeting: boolean;
  /** A short text the reporter wrote for the team, only with consent (the team sees it, never the description). */
  teamSummary?: string;
}

export interface Incident extends ReportedFacts {
  id: string;
  /** Human-readable number, unique per team: "2026-0042". */
  number: string;
  teamId: string;
  reporterId: string;
  platform: Platform;
  locale: Locale;
  reportedAt: string; // ISO instant
  /** Absent only while a help request (`hulp`) waits for its report: see `help`. */
  category?: Category;
  /** Whether a first-response colleague is paged (the protocol may require it). */
  firstResponse: boolean;
  registration: Registration;
  registrationReason: RegistrationReason;
  /** Earlier incidents in the pattern window that made this one a pattern. */
  patternIncidentIds: string[];
  timeline: TimelineEvent[];
  /** First-response paging, when the report asked for it or the protocol requires it. */
  paging?: PagingState;
  /** An acute help request (`hulp`): the incident exists from the tap, its report may follow later. */
  help?: HelpRequest;
  /** The coordinator's sanction decision (regiemaatregel); absent while none was taken. */
  sanction?: SanctionDecision;
  /** Set at intake when the citizen reference had a measure in force. */
  measureInForce?: MeasureInForce;
  /** Earlier incidents of the same reporter and category about OTHER citizens (a reporter pattern: lead + aftercare). */
  reporterPatternIds?: string[];
  /** The aftercare plan and what came of it (answers hold only the offered choices, never free text). */
  aftercare?: AftercareState;
  /** Optimistic-concurrency version; every replace must name the version it read. */
  version: number;
}

/** 'none' plus the measure catalogue (docs/measures.md); a team may offer a subset (config `measures.catalogue`). */
export const SANCTION_MEASURES = ['none', 'conversation', 'warning-letter', 'written-contact-only', 'single-contact', 'contact-ban', 'police-report', 'damages'] as const;
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
  /** First day of the measure (local yyyy-MM-dd); default the day of the decision. */
  startDate?: string;
  /** "Geen maatregel": the reason the reporter reads. */
  reason?: string;
  /** The coordinator asked the lead to think along (once). */
  consultedAt?: string;
  /** The one reminder to the coordinator, then the lead told that it is still undecided (docs/measures.md). */
  remindedAt?: string;
  leadToldAt?: string;
}

/** A measure in force on the citizen when the report was made ("maatregel overtreden?"; docs/measures.md). */
export interface MeasureInForce {
  measureId: string;
  kind: string;
  endDate?: string;
  /** The team's instruction for colleagues; empty = the catalogue's default text for the kind. */
  instruction: string;
}

/** `stood-down`: the reporter said they are safe; nobody needs to come any more. */
export type PagingStatus = 'paging' | 'acknowledged' | 'exhausted' | 'stood-down';

/** One tap on `hulp`: paged at once, the report may follow later (docs/first-response.md). */
export interface HelpRequest {
  requestedAt: string;
  /** "Waar ben je?": a place from the team's list or free text; optional. */
  place?: string;
  /** The reporter pressed "Ik ben veilig". */
  safeAt?: string;
  /** True until the reporter sends the report form (it arrives pre-filled); counts as "hulpvraag zonder melding". */
  reportPending: boolean;
}

/** The escalation ladder of one incident; `step` is the fencing token of the escalation jobs. */
export interface PagingState {
  status: PagingStatus;
  /** Person ids in paging order, fixed when paging starts (rota on duty, then lead, then coordinator for threats). */
  ladder: string[];
  /**
   * How many of the first ladder entries are paged together at step 0 (a `hulp` request pages everyone on duty
   * at once); absent = 1. Step s > 0 pages ladder[parallel - 1 + s]. See waveAt in duty.ts.
   */
  parallel?: number;
  /** The current step: the fencing token of the send and escalation jobs. */
  step: number;
  /** The short ack deadline (threatAckTimeout) applies: a help request, or a threat happening now. */
  urgent?: boolean;
  /** People whose page could not be delivered, even after brief retries; the wave moves on when all of it failed. */
  unreachable?: string[];
  /** The acknowledger pressed "Opvang afgerond". */
  completedAt?: string;
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

/** The team's review calendar: the team meeting and the quarterly, half-yearly and yearly reviews (the team protocol (docs/protocol.md)). */
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

/**
 * One line of the audit log: who did what, when, to which incident. Never content (no description, note or
 * citizen reference): the log itself must not become a second copy of the register. See docs/privacy.md.
 */
export interface AuditEntry {
  /** Unique; deterministic per interaction where there is one, so a redelivery appends nothing. */
  id: string;
  at: string; // ISO instant
  /** Person id, or 'operator' for the command line. */
  actorId: string;
  teamId?: string;
  /** e.g. 'sanction.decided', 'sanction.changed', 'citizen.lookup', 'privacy.export', 'privacy.erase', 'incident.details-opened', 'audit.read'. */
  action: string;
  incidentId?: string;
}

/**
 * A measure (regiemaatregel) recorded on a citizen reference, not only on the incident that led to it, so a new
 * report and a colleague's `check` find it (docs/measures.md). Dates are local calendar dates of the team.
 */
export interface CitizenMeasure {
  /** Deterministic: `msr-<incidentId>`, so recording the same decision twice makes one measure. */
  id: string;
  teamId: string;
  citizenRef: string;
  /** An id from the team's measure catalogue, e.g. 'contact-ban'. */
  kind: string;
  /** First day in force, "YYYY-MM-DD". */
  startDate: string;
  /** Last day in force, "YYYY-MM-DD"; absent for a one-off measure (a letter, a talk). */
  endDate?: string;
  /** What colleagues must do while it is in force (shown by `check`). */
  instruction: string;
  incidentId: string;
  decidedBy: string;
  decidedAt: string;
  /** Ended early by the coordinator. */
  endedAt?: string;
  endedBy?: string;
}
