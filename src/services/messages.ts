/**
 * Neutral outbound messages: what the domain wants to say, with the facts each recipient may see (DESIGN §4).
 * src/cards renders them as Adaptive Cards for Teams and Block Kit for Slack.
 */
import type { Category, Locale } from './protocol';
import type { ContactChannel } from './model';

export type PageState = 'open' | 'acknowledged' | 'declined' | 'exhausted';

/** What a paged first responder sees: who, where, what kind, when — no description, no citizen reference. */
export interface PageView {
  incidentId: string;
  incidentNumber: string;
  reporterName: string;
  channel: ContactChannel;
  category: Category;
  occurredAt: string;
  timezone: string;
  wantsSupport: boolean;
  state: PageState;
  /** Set once someone picked it up. */
  acknowledgedByName?: string;
  acknowledgedAt?: string;
  /** Chat ids of everyone paged, so their clients can refresh the card. */
  viewerIds: string[];
  /** Set when the viewer is the one who acknowledged (shown as "you"). */
  viewerIsAcknowledger?: boolean;
}

export type NoticeKey =
  | 'reporter.coming'
  | 'reporter.searching'
  | 'reporter.exhausted'
  | 'duty.none'
  | 'duty.list';

export type OutboundMessage =
  | { type: 'page'; locale: Locale; page: PageView }
  | { type: 'notice'; locale: Locale; key: NoticeKey; vars: Record<string, string> };
