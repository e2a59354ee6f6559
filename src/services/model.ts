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
  /** Optimistic-concurrency version; every replace must name the version it read. */
  version: number;
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
