/** What the Teams handlers need, and the small helpers they share (the twin of slack/deps.ts). */
import type { TurnContext } from 'botbuilder';
import { ActivityTypes, CardFactory, MessageFactory } from './sdk';
import { memberFor } from '../../services/access';
import type { Core } from '../../services/core';
import type { PersonInTeam } from '../../services/directory';
import { toLocale, type Locale } from '../../services/protocol';
import { noticeCard } from '../../cards/teams/report';
import { t } from '../../cards/strings';
import type { AdaptiveCardJson } from '../../cards/teams/templates';
import type { TeamsGateway } from './gateway';
import type { ReviewCommands } from './review-commands';

/** The Core, and what only Teams has. */
export type TeamsBotDeps = Core & {
  gateway: TeamsGateway;
  /** The review calendar's commands, buttons and export (review-commands.ts). */
  reviewCommands?: ReviewCommands;
};

export function whoIs(deps: TeamsBotDeps, context: TurnContext): PersonInTeam | undefined {
  const from = context.activity.from;
  return deps.directory.byTeamsUser(from?.id, from?.aadObjectId);
}

/** Every team the sender is in (a person may be in several teams). */
export function membershipsOf(deps: TeamsBotDeps, context: TurnContext): PersonInTeam[] {
  const from = context.activity.from;
  return deps.directory.teamsMemberships(from?.id, from?.aadObjectId);
}

/** The sender as a member of the incident's team when they are in it (a person may be in several teams). */
export async function whoFor(deps: TeamsBotDeps, context: TurnContext, incidentId: unknown): Promise<PersonInTeam | undefined> {
  const memberships = membershipsOf(deps, context);
  if (memberships.length < 2 || typeof incidentId !== 'string') return memberships[0];
  return memberFor(await deps.store.incidents.get(incidentId), memberships);
}

export function unknownText(context: TurnContext, locale: Locale): string {
  return t(locale, 'unknown.user', { userId: context.activity.from?.id ?? '?' });
}

/** The card for a sender the directory does not know. */
export const unknownCard = (context: TurnContext, locale: Locale): AdaptiveCardJson => noticeCard(unknownText(context, locale), '', 'Attention');

/** The person's configured language wins; else the client's; else the configured default. */
export function localeOf(deps: TeamsBotDeps, context: TurnContext): Locale {
  const configured = whoIs(deps, context)?.person.locale;
  return configured ?? toLocale(context.activity.locale, deps.defaultLocale);
}

export function cardActivity(card: AdaptiveCardJson) {
  return { type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] };
}

/** A card for the sender: right here in a 1:1 chat; asked for in a channel or group chat, it goes to their 1:1 chat and the channel hears `sentText`. */
export async function sendToSender(deps: TeamsBotDeps, context: TurnContext, card: AdaptiveCardJson, sentText: string): Promise<void> {
  if (context.activity.conversation?.conversationType === 'personal') {
    await context.sendActivity(cardActivity(card));
    return;
  }
  await deps.gateway.sendToPerson(context.activity.from.id, cardActivity(card), context.activity);
  await context.sendActivity(MessageFactory.text(sentText));
}
