/** What the Slack listeners need, and the small helpers they share. */
import type { BlockAction, ButtonAction, RespondArguments, RespondFn, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { memberFor } from '../../services/access';
import type { PersonInTeam } from '../../services/directory';
import type { Locale } from '../../services/protocol';
import type { Core } from '../../services/core';
import type { SlackMessenger, SlackRef } from './messenger';
import { slackNotice } from '../../cards/slack/messages';
import { t } from '../../cards/strings';
import { slackInfoModal } from '../../cards/slack/report';
import type { SlackMessage } from '../../cards/slack/blocks';

/** The Core, and what only Slack has. */
export type SlackBotDeps = Core & SlackTiming & { messenger: SlackMessenger };

export interface SlackTiming {
  /** How long a view submission waits for the store before answering "wordt verwerkt" (Slack allows 3 s in all). */
  submitBudgetMs: number;
  /** Pauses before the further attempts to store a report that was still not stored after the ack. */
  retryDelaysMs: number[];
}

/** Defaults that suit Slack's 3-second rule. */
export const SLACK_TIMING: SlackTiming = { submitBudgetMs: 2000, retryDelaysMs: [1000, 3000] };

export const whoIs = (deps: SlackBotDeps, userId: unknown): PersonInTeam | undefined =>
  typeof userId === 'string' ? deps.directory.bySlackUser(userId) : undefined;

/** The Slack user as a member of the incident's team when they are in it (a person may be in several teams; access.ts). */
export const memberOn = (deps: SlackBotDeps, userId: string, incident: { teamId: string } | undefined): PersonInTeam | undefined =>
  memberFor(incident, deps.directory.slackMemberships(userId));

/** Slack does not tell us the user's language without an extra call: the configured one, else the team's. */
export const localeOf = (deps: SlackBotDeps, who: PersonInTeam | undefined): Locale =>
  who?.person.locale ?? who?.team.locale ?? deps.defaultLocale;

/**
 * True the first time `key` is seen, across instances: Slack redelivers events (and a proxy may repeat an
 * interaction); the effect must happen once. If the store cannot say, act: a rare duplicate beats a lost action.
 */
export async function firstTime(deps: SlackBotDeps, key: string): Promise<boolean> {
  try {
    return await deps.store.claimOnce(key, deps.clock.now().toISOString());
  } catch (err) {
    deps.logger.warn(`slack: could not record ${key}: ${(err as Error).message}`);
    return true;
  }
}

/** Identifies one click: the same interaction delivered again has the same message, action, user and action_ts. */
export function interactionKey(body: BlockAction, action: ButtonAction): string {
  const where = body.container?.message_ts ?? body.message?.ts ?? body.container?.view_id ?? '';
  return `slack:action:${where}:${action.action_id}:${body.user.id}:${action.action_ts}`;
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** How a piece of work ended, as the ack race sees it. */
export type Settled<T> = { outcome: T } | { error: Error };
export const LATE = Symbol('late');

/**
 * Slack wants every command, click and modal answered within 3 seconds (`submitBudgetMs` stays below that): how
 * the work ended if it ended within the budget, else LATE (the work goes on; the caller acks now and answers
 * after). The one ack race of the Slack adapter.
 */
export function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<Settled<T> | typeof LATE> {
  const late = delay(budgetMs).then((): typeof LATE => LATE);
  return Promise.race([work.then((outcome): Settled<T> => ({ outcome }), (error: Error): Settled<T> => ({ error })), late]);
}

/** The message a button was clicked on (a DM the bot posted), to update it in place. */
export function clickedMessage(body: BlockAction): SlackRef | undefined {
  const channel = body.container?.channel_id ?? body.channel?.id;
  const ts = body.container?.message_ts ?? body.message?.ts;
  return channel && ts ? { channel, ts } : undefined;
}

export interface ButtonClick {
  b: BlockAction;
  a: ButtonAction;
  who: PersonInTeam;
  locale: Locale;
  /** The clicked message, when there is one to update. */
  at: SlackRef | undefined;
  /** The clicked message is ephemeral (a slash command's answer): reachable only through its response_url. */
  onEphemeral: boolean;
  /** An ephemeral note to the clicker, next to the clicked message. */
  tell: (text: string) => Promise<void>;
}

/** A message as a slash-command style answer only the user sees. */
export const ephemeral = (m: SlackMessage) => ({ response_type: 'ephemeral', text: m.text, blocks: m.blocks }) as unknown as RespondArguments;

/**
 * What every button handler starts with: drop a repeated delivery, find who clicked, and tell an unknown user
 * how to get added. Undefined when there is nothing more to do. `respond` reaches a click on an ephemeral message.
 */
export async function buttonClick(deps: SlackBotDeps, body: unknown, action: unknown, respond?: RespondFn): Promise<ButtonClick | undefined> {
  const b = body as BlockAction;
  const a = action as ButtonAction;
  if (!(await firstTime(deps, interactionKey(b, a)))) return undefined;
  const who = whoIs(deps, b.user.id);
  const locale = localeOf(deps, who);
  const at = clickedMessage(b);
  const onEphemeral = !!(b.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral;
  const tell = async (text: string) => {
    try {
      if (onEphemeral && respond) await respond({ ...ephemeral(slackNotice(text)), replace_original: false });
      else if (at) await deps.messenger.ephemeral(at.channel, b.user.id, slackNotice(text));
    } catch (err) {
      deps.logger.warn(`slack: ${(err as Error).message}`);
    }
  };
  if (!who) {
    await tell(t(locale, 'slack.unknownUser', { userId: b.user.id }));
    return undefined;
  }
  return { b, a, who, locale, at, onEphemeral, tell };
}

/** A click on a button whose value is an incident id, handled once: the incident, and who clicked as a member of its team. */
export async function incidentClick(deps: SlackBotDeps, body: unknown, action: unknown, respond?: RespondFn) {
  const click = await buttonClick(deps, body, action, respond);
  if (!click) return undefined;
  const incidentId = click.a.value ?? '';
  const incident = await deps.store.incidents.get(incidentId);
  return { ...click, incidentId, incident, who: memberOn(deps, click.b.user.id, incident) ?? click.who };
}

export interface ModalSubmission {
  b: ViewSubmitAction;
  /** Undefined for a user not in the team configuration. */
  who: PersonInTeam | undefined;
  locale: Locale;
  /** The view_submission's answer (errors, update, clear), within Slack's 3 seconds. */
  respond: (response?: object) => Promise<void>;
  /** Replaces the modal with a short message. */
  info: (text: string) => Promise<void>;
}

/** What every modal submission handler starts with: who submitted, in which language, and how to answer. */
export function modalSubmission(deps: SlackBotDeps, args: Pick<SlackViewMiddlewareArgs, 'ack' | 'body'>): ModalSubmission {
  const respond = args.ack as (response?: object) => Promise<void>;
  const b = args.body as ViewSubmitAction;
  const who = whoIs(deps, b.user.id);
  const locale = localeOf(deps, who);
  const info = (text: string) => respond({ response_action: 'update', view: slackInfoModal(locale, text) });
  return { b, who, locale, respond, info };
}
