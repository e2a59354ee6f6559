/**
 * Teams activity routing: commands in chat, the message extension dialog, and the welcome card on install. Card
 * clicks (Universal Actions) go by verb to card-actions.ts, the report form to report.ts. Domain work happens in
 * src/services.
 */
import { randomUUID } from 'node:crypto';
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, FileConsentCardResponse, InvokeResponse, MessagingExtensionAction, MessagingExtensionActionResponse } from 'botbuilder';
import { CardFactory, MessageFactory, TeamsActivityHandler, TurnContext } from './sdk';
import { noticeCard, welcomeCard } from '../../cards/teams/report';
import { t } from '../../cards/strings';
import type { AdaptiveCardJson } from '../../cards/teams/templates';
import type { PersonInTeam } from '../../services/directory';
import type { Locale } from '../../services/protocol';
import { invokeErrorResponse } from './adapter';
import { rememberConversation } from './references';
import { auditCommand, chatIntent, commandPhrase, witnessCommand } from '../../services/commands';
import { auditText, dutyText, witnessText } from '../../cards/command-text';
import { requestHelp } from './help-actions';
import { checkCommand } from './measure-actions';
import { leadOverview } from '../../services/overview';
import { overviewCard } from '../../cards/teams/firstweek';
import { routeCardAction } from './card-actions';
import { cardActivity, localeOf, membershipsOf, sendToSender, unknownText, whoIs, type TeamsBotDeps } from './deps';
import { formCard, sendForm, submitReport } from './report';

export type { TeamsBotDeps } from './deps';

export class MeldenTeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const botAdded = !!botId && (context.activity.membersAdded ?? []).some((m) => m?.id === botId);
      if (botAdded) await context.sendActivity(cardActivity(welcomeCard(this.localeOf(context))));
      await next();
    });
  }

  /** Every inbound activity teaches us how to reach this conversation (and this person) later. */
  override async run(context: TurnContext): Promise<void> {
    try {
      await rememberConversation(context.activity, this.deps.store.conversations, this.deps.clock);
    } catch (err) {
      this.deps.logger.warn(`could not store conversation reference: ${(err as Error).message}`);
    }
    await super.run(context);
  }

  /**
   * Every invoke gets a proper invoke response: what botbuilder answers 501 (not implemented) or a handler's
   * failure becomes an error card or dialog message in the user's language (docs/operations.md, "Bad input").
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const name = context.activity.name ?? '';
    try {
      const response = await super.onInvokeActivity(context);
      if (response && response.status < 500) return response;
    } catch (err) {
      this.deps.logger.error('invoke failed', { invoke: name }, err);
    }
    return invokeErrorResponse(name, t(this.localeOf(context), 'error.generic'));
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.value && !activity.text) return; // an Action.Submit from an old card: nothing to do in chat
    const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
    const phrase = commandPhrase(text);
    const locale = this.localeOf(context);
    if (await this.deps.reviewCommands?.message(context, text, locale)) return;
    switch (chatIntent(phrase)) {
      case 'duty':
        return this.answerDuty(context, locale);
      case 'witness':
        return this.addWitness(context, locale, phrase);
      case 'acute':
        return this.acuteHelp(context, locale);
      case 'audit': {
        const memberships = membershipsOf(this.deps, context);
        if (memberships.length === 0) return this.replyPrivately(context, locale, this.unknownText(context, locale));
        const outcome = await auditCommand(this.deps, memberships, `teams:audit:${context.activity.id}`);
        return this.replyPrivately(context, locale, auditText(locale, outcome, memberships[0].team.timezone));
      }
      case 'check': {
        // Any team member; the answer is the summary line only, privately (docs/measures.md).
        const memberships = membershipsOf(this.deps, context);
        if (memberships.length === 0) return this.replyPrivately(context, locale, this.unknownText(context, locale));
        return this.replyPrivately(context, locale, await checkCommand(this.deps.measures, memberships, phrase, `teams:check:${context.activity.id}`, locale));
      }
      case 'overview':
        return this.overview(context, locale);
      case 'report':
        return sendForm(this.deps, context, locale);
      case 'help':
        await context.sendActivity(cardActivity(welcomeCard(locale, 'help')));
        return;
      default:
        await context.sendActivity(MessageFactory.text(t(locale, 'unknown.command')));
    }
  }

  /** `hulp`: colleagues are paged before anything is asked; the help card comes back (privately from a channel). */
  private async acuteHelp(context: TurnContext, locale: Locale): Promise<void> {
    const who = this.whoIs(context);
    if (!who) {
      await context.sendActivity(MessageFactory.text(this.unknownText(context, locale)));
      return;
    }
    const card = await requestHelp(this.deps, who, locale, `teams:${context.activity.id ?? randomUUID()}`);
    await sendToSender(this.deps, context, card, t(locale, 'form.sentPrivately'));
  }

  /** `overzicht`: the lead's open incidents, privately (a card in the 1:1 chat); anyone else a polite refusal. */
  private async overview(context: TurnContext, locale: Locale): Promise<void> {
    const who = this.whoIs(context);
    if (!who) return this.replyPrivately(context, locale, this.unknownText(context, locale));
    const outcome = await leadOverview(this.deps, who);
    if (outcome.result === 'refused') return this.replyPrivately(context, locale, t(locale, 'overview.refused'));
    await sendToSender(this.deps, context, overviewCard(locale, outcome, who.team.timezone), t(locale, 'reply.sentPrivately'));
  }

  /** "wie heeft dienst": the first-response rota on duty now, then who comes after. */
  private async answerDuty(context: TurnContext, locale: Locale): Promise<void> {
    const who = this.whoIs(context);
    if (!who) {
      await context.sendActivity(MessageFactory.text(t(locale, 'unknown.user', { userId: context.activity.from.id })));
      return;
    }
    await context.sendActivity(MessageFactory.text(dutyText(locale, who.team, this.deps.clock.now())));
  }

  /** "getuige 2026-0042 bram": a colleague who saw it gets their own check-ins (reporter or lead only). */
  private async addWitness(context: TurnContext, locale: Locale, phrase: string): Promise<void> {
    const who = this.whoIs(context);
    if (!who) {
      await context.sendActivity(MessageFactory.text(t(locale, 'unknown.user', { userId: context.activity.from.id })));
      return;
    }
    await this.replyPrivately(context, locale, witnessText(locale, await witnessCommand(this.deps, who, phrase)));
  }

  /**
   * An answer that names people or incidents: in a 1:1 chat right here; typed in a channel or group chat, it goes to
   * the sender's 1:1 chat and the channel only hears that an answer was sent (docs/roles.md, "team channel").
   */
  private async replyPrivately(context: TurnContext, locale: Locale, text: string): Promise<void> {
    if (context.activity.conversation.conversationType === 'personal') {
      await context.sendActivity(MessageFactory.text(text));
      return;
    }
    try {
      await this.deps.gateway.sendToPerson(context.activity.from.id, MessageFactory.text(text), context.activity);
      await context.sendActivity(MessageFactory.text(t(locale, 'reply.sentPrivately')));
    } catch (err) {
      this.deps.logger.warn(`could not answer ${context.activity.from.id} privately: ${(err as Error).message}`);
      await context.sendActivity(MessageFactory.text(t(locale, 'reply.privateFailed')));
    }
  }

  /** Universal Actions (Action.Execute), routed by verb (card-actions.ts). */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    return routeCardAction(this.deps, context, invoke, this.localeOf(context));
  }

  /** The quarterly export's file consent card was answered (review-commands.ts). */
  protected override async handleTeamsFileConsentAccept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    await this.deps.reviewCommands?.fileConsent(context, response, true, this.localeOf(context));
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    await this.deps.reviewCommands?.fileConsent(context, response, false, this.localeOf(context));
  }

  protected override async handleTeamsMessagingExtensionFetchTask(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const locale = this.localeOf(context);
    const who = this.whoIs(context);
    if (who && action.commandId === 'hulp') {
      // A dialog cannot run the help card's buttons: the card goes to the 1:1 chat, the dialog says who was called.
      const card = await requestHelp(this.deps, who, locale, `teams:${context.activity.id ?? randomUUID()}`);
      await this.deps.gateway.sendToPerson(context.activity.from.id, cardActivity(card), context.activity).catch((err: Error) => this.deps.logger.warn(`help card not delivered: ${err.message}`));
      return dialog(t(locale, 'dialog.title'), card);
    }
    const card = who && action.commandId === 'melden' ? formCard(this.deps, who, locale, 'submit') : noticeCard(this.unknownText(context, locale));
    return dialog(t(locale, 'dialog.title'), card);
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const locale = this.localeOf(context);
    const card = await submitReport(this.deps, context, locale, (action.data ?? {}) as Record<string, unknown>, 'submit');
    return dialog(t(locale, 'dialog.title'), card);
  }

  private whoIs(context: TurnContext): PersonInTeam | undefined {
    return whoIs(this.deps, context);
  }

  private unknownText(context: TurnContext, locale: Locale): string {
    return unknownText(context, locale);
  }

  private localeOf(context: TurnContext): Locale {
    return localeOf(this.deps, context);
  }
}

function dialog(title: string, card: AdaptiveCardJson): MessagingExtensionActionResponse {
  return { task: { type: 'continue', value: { title, width: 'medium', height: 'large', card: CardFactory.adaptiveCard(card) } } };
}
