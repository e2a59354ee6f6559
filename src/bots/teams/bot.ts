/**
 * Teams activity routing: commands in chat, the report form as a Universal Action card, the message
 * extension dialog, and the welcome card on install. Domain work happens in src/services.
 */
import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type FileConsentCardResponse,
  type InvokeResponse,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
} from 'botbuilder';
import { confirmationCard, noticeCard, reportFormCard, VERBS, welcomeCard } from '../../cards/teams/report';
import { t } from '../../cards/strings';
import type { AdaptiveCardJson } from '../../cards/teams/templates';
import { mayAct, memberFor } from '../../services/access';
import type { PersonInTeam } from '../../services/directory';
import { categoryOf, toLocale, type Locale } from '../../services/protocol';
import { defaultFormValues, echoValues, type ReportFormValues } from '../../services/report-form';
import { invokeErrorResponse } from './adapter';
import type { Core } from '../../services/core';
import { rememberConversation } from './references';
import type { TeamsGateway } from './gateway';
import { PAGE_VERBS } from '../../cards/actions';
import { renderTeamsMessage } from '../../cards/teams/messages';
import { auditCommand, chatIntent, detailsCommand, commandPhrase, witnessCommand } from '../../services/commands';
import { auditText, dutyText, witnessText } from '../../cards/command-text';
import { handlePageAction } from './page-actions';
import { isReviewVerb, type ReviewCommands } from './review-commands';
import { handleAftercareAction, isAftercareVerb } from './aftercare-actions';
import { DETAILS_VERB, detailsCard } from '../../cards/teams/aftercare';
import { SANCTION_VERB, sanctionCard } from '../../cards/teams/sanction';
import { handleHelpAction, isHelpVerb, requestHelp } from './help-actions';
import type { MeasureService } from '../../services/measures';
import { withConfirmationWarning } from '../../cards/teams/measures';
import { checkCommand, handleMeasureAction, isMeasureVerb } from './measure-actions';
import { confirmationWithActions, handleFirstWeekAction, isFirstWeekVerb } from './firstweek-actions';
import type { EditService } from '../../services/edits';
import { leadOverview } from '../../services/overview';
import { overviewCard } from '../../cards/teams/firstweek';

/** The Core, and what only Teams has. */
export type TeamsBotDeps = Core & {
  gateway: TeamsGateway;
  /** The review calendar's commands, buttons and export (review-commands.ts). */
  reviewCommands?: ReviewCommands;
};

const FORM_ID = /^[A-Za-z0-9-]{8,64}$/;

/** Teams waits a few seconds for an invoke response: let the page go out first when the connector is quick. */
const FOLLOW_UP_WAIT_MS = 1500;

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
        const from = context.activity.from;
        const memberships = this.deps.directory.teamsMemberships(from?.id, from?.aadObjectId);
        if (memberships.length === 0) return this.replyPrivately(context, locale, this.unknownText(context, locale));
        const outcome = await auditCommand(this.deps, memberships, `teams:audit:${context.activity.id}`);
        return this.replyPrivately(context, locale, auditText(locale, outcome, memberships[0].team.timezone));
      }
      case 'check': {
        // Any team member; the answer is the summary line only, privately (docs/measures.md).
        const from = context.activity.from;
        const memberships = this.deps.directory.teamsMemberships(from?.id, from?.aadObjectId);
        if (memberships.length === 0) return this.replyPrivately(context, locale, this.unknownText(context, locale));
        return this.replyPrivately(context, locale, await checkCommand(this.deps.measures, memberships, phrase, `teams:check:${context.activity.id}`, locale));
      }
      case 'overview':
        return this.overview(context, locale);
      case 'report':
        return this.sendForm(context, locale);
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
    if (context.activity.conversation?.conversationType === 'personal') {
      await context.sendActivity(cardActivity(card));
      return;
    }
    await this.deps.gateway.sendToPerson(context.activity.from.id, cardActivity(card), context.activity);
    await context.sendActivity(MessageFactory.text(t(locale, 'form.sentPrivately')));
  }

  /** `overzicht`: the lead's open incidents, privately (a card in the 1:1 chat); anyone else a polite refusal. */
  private async overview(context: TurnContext, locale: Locale): Promise<void> {
    const who = this.whoIs(context);
    if (!who) return this.replyPrivately(context, locale, this.unknownText(context, locale));
    const outcome = await leadOverview(this.deps, who);
    if (outcome.result === 'refused') return this.replyPrivately(context, locale, t(locale, 'overview.refused'));
    const card = cardActivity(overviewCard(locale, outcome, who.team.timezone));
    if (context.activity.conversation?.conversationType === 'personal') {
      await context.sendActivity(card);
      return;
    }
    await this.deps.gateway.sendToPerson(context.activity.from.id, card, context.activity);
    await context.sendActivity(MessageFactory.text(t(locale, 'reply.sentPrivately')));
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

  /** In a 1:1 chat the form comes right here; in a channel it goes to the reporter privately. */
  private async sendForm(context: TurnContext, locale: Locale): Promise<void> {
    const who = this.whoIs(context);
    if (!who) {
      await context.sendActivity(MessageFactory.text(t(locale, 'unknown.user', { userId: context.activity.from.id })));
      return;
    }
    const card = this.formCard(who, locale, 'execute');
    if (context.activity.conversation.conversationType === 'personal') {
      await context.sendActivity(cardActivity(card));
      return;
    }
    await this.deps.gateway.sendToPerson(context.activity.from.id, cardActivity(card), context.activity);
    await context.sendActivity(MessageFactory.text(t(locale, 'form.sentPrivately')));
  }

  private formCard(who: PersonInTeam, locale: Locale, mode: 'execute' | 'submit', values?: ReportFormValues): AdaptiveCardJson {
    return reportFormCard({
      locale,
      mode,
      formId: randomUUID(),
      values: values ?? defaultFormValues(this.deps.clock.now(), who.team.timezone),
    });
  }

  /** Universal Actions (Action.Execute): the response card replaces the card in place. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const locale = this.localeOf(context);
    const verb = invoke.action?.verb ?? '';
    const data = (invoke.action?.data ?? {}) as Record<string, unknown>;
    if (isReviewVerb(verb) && this.deps.reviewCommands) return this.deps.reviewCommands.invoke(context, verb, data, locale);
    // One effect per interaction (docs/privacy.md, "idempotent answers"): Teams (or a proxy) may deliver the same
    // invoke again. A repeat is answered with the card as it now stands, without its free text, so nothing is
    // forwarded or recorded twice. The key holds ids only.
    if (verb !== VERBS.reportSubmit && !(await this.firstDelivery(context))) delete data.note;
    let card: AdaptiveCardJson;
    if (verb === VERBS.reportSubmit) {
      card = await this.submitReport(context, locale, data, 'execute');
    } else if ((Object.values(PAGE_VERBS) as string[]).includes(verb)) {
      const who = await this.whoFor(context, data.incidentId);
      card = who ? await handlePageAction(verb, data, who, locale, this.deps) : noticeCard(this.unknownText(context, locale), '', 'Attention');
    } else if (isHelpVerb(verb)) {
      const who = await this.whoFor(context, data.incidentId);
      card = who ? await handleHelpAction(this.deps, verb, data, who, locale) : noticeCard(this.unknownText(context, locale), '', 'Attention');
    } else if (verb === DETAILS_VERB) {
      const from = context.activity.from;
      const outcome = await detailsCommand(this.deps, typeof data.incidentId === 'string' ? data.incidentId : '', this.deps.directory.teamsMemberships(from?.id, from?.aadObjectId), `teams:details:${context.activity.id}`);
      // Shown in place of the task card, only to the one who asked.
      const back = typeof data.momentId === 'string' && typeof data.incidentId === 'string' ? { incidentId: data.incidentId, momentId: data.momentId } : undefined;
      card = outcome.result === 'ok' ? detailsCard(locale, outcome, back) : noticeCard(t(locale, 'access.refused'), '', 'Attention');
    } else if (isMeasureVerb(verb)) {
      const from = context.activity.from;
      const memberships = this.deps.directory.teamsMemberships(from?.id, from?.aadObjectId);
      card = memberships.length ? await handleMeasureAction(this.deps, verb, data, memberships, locale) : noticeCard(this.unknownText(context, locale), '', 'Attention');
    } else if (verb === SANCTION_VERB) {
      card = await this.decideSanction(context, locale, data);
    } else if (isFirstWeekVerb(verb)) {
      const who = await this.whoFor(context, data.incidentId);
      card = who ? await handleFirstWeekAction(this.deps, verb, data, who, locale, `teams:${context.activity.id ?? randomUUID()}`) : noticeCard(this.unknownText(context, locale), '', 'Attention');
    } else if (isAftercareVerb(verb)) {
      const who = await this.whoFor(context, data.incidentId);
      card = who ? await handleAftercareAction(verb, data, who, locale, this.deps) : noticeCard(this.unknownText(context, locale), '', 'Attention');
    } else {
      return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'unknown verb' } as never };
    }
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card as never };
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
    const card = who && action.commandId === 'melden' ? this.formCard(who, locale, 'submit') : noticeCard(this.unknownText(context, locale));
    return dialog(t(locale, 'dialog.title'), card);
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const locale = this.localeOf(context);
    const card = await this.submitReport(context, locale, (action.data ?? {}) as Record<string, unknown>, 'submit');
    return dialog(t(locale, 'dialog.title'), card);
  }

  /** Validates and stores a submitted form; answers with the confirmation, or the form again with its errors. */
  private async submitReport(context: TurnContext, locale: Locale, data: Record<string, unknown>, mode: 'execute' | 'submit'): Promise<AdaptiveCardJson> {
    const who = this.whoIs(context);
    if (!who) return noticeCard(this.unknownText(context, locale), '', 'Attention');
    const formId = typeof data.formId === 'string' && FORM_ID.test(data.formId) ? data.formId : undefined;
    if (!formId) return noticeCard(t(locale, 'error.expired'), '', 'Attention');
    const completes = typeof data.incidentId === 'string' && data.incidentId ? data.incidentId : undefined;
    const reporter = { team: who.team, personId: who.person.id, platform: 'teams' as const, locale };
    const values = echoValues(data as ReportFormValues);
    let outcome;
    try {
      outcome = await this.deps.incidents.report(reporter, formId, data as ReportFormValues, FOLLOW_UP_WAIT_MS, completes);
    } catch (err) {
      // Never a bare 5xx: the form comes back with what was typed and a plain message (and 112).
      this.deps.logger.error(`storing a report failed: ${(err as Error).message}`);
      return reportFormCard({ locale, mode, formId, completes, values, banner: { text: t(locale, 'error.saveFailed'), style: 'attention' } });
    }
    if (!outcome.ok) {
      // "Ik wil nu eerste opvang" pages before the rest of the form is valid (docs/first-response.md).
      let paged = completes;
      if (!paged && data.firstResponse === 'true') {
        paged = await this.deps.help.request(reporter, formId).then((i) => i.id, (err: Error) => (this.deps.logger.error(`paging from the form failed: ${err.message}`), undefined));
      }
      const banner = paged ? { text: t(locale, 'form.paged'), style: 'good' as const } : undefined;
      return reportFormCard({ locale, mode, formId, completes: paged, values, errors: outcome.errors, banner });
    }
    // In chat the confirmation offers Wijzigen and Aangifte voorbereiden; a dialog closes, so there it has no buttons.
    const confirmation = mode === 'execute' && !outcome.incident.help?.reportPending
      ? confirmationWithActions(locale, outcome.incident, who.team, !outcome.created)
      : confirmationCard({
        locale,
        incident: outcome.incident,
        timezone: who.team.timezone,
        teamNorm: who.team.norms[categoryOf(outcome.incident)],
        duplicate: !outcome.created,
      });
    // A citizen under a measure: the instruction on top (docs/measures.md).
    return withConfirmationWarning(confirmation, locale, outcome.incident);
  }

  /** The coordinator records the regiemaatregel; the card shows the decision, or the form again with the error. */
  private async decideSanction(context: TurnContext, locale: Locale, data: Record<string, unknown>): Promise<AdaptiveCardJson> {
    const who = await this.whoFor(context, data.incidentId);
    const incidentId = typeof data.incidentId === 'string' ? data.incidentId : '';
    if (!who) return noticeCard(this.unknownText(context, locale), '', 'Attention');
    // Only a coordinator of the incident's own team (access.ts); anyone else learns nothing of the incident.
    const target = await this.deps.store.incidents.get(incidentId);
    if (!target || !mayAct(target, who, { type: 'sanction.decide' })) return noticeCard(t(locale, 'access.refused'), '', 'Attention');
    const outcome = await this.deps.sanctions.decide(incidentId, who.person.id, data.measure, data.until, { start: data.start, reason: data.reason });
    if (outcome.result === 'decided' || outcome.result === 'already') return renderTeamsMessage(outcome.message);
    const incident = outcome.result === 'invalid' ? await this.deps.store.incidents.get(incidentId) : undefined;
    if (!incident || incident.teamId !== who.team.id) return noticeCard(t(locale, 'page.notPaged'), '', 'Attention');
    const view = await this.deps.sanctions.message(incident, who.person);
    const error = t(locale, data.measure === 'none' ? 'measure.reasonRequired' : data.measure ? 'sanction.untilRequired' : 'sanction.measureRequired');
    return view.type === 'sanction' ? sanctionCard(locale, view.sanction, error) : noticeCard(error, '', 'Attention');
  }

  /** True the first time this activity id is seen, across instances; if the store cannot say, act (the services are idempotent too). */
  private async firstDelivery(context: TurnContext): Promise<boolean> {
    const id = context.activity.id;
    if (!id) return true;
    try {
      return await this.deps.store.claimOnce(`teams:invoke:${id}`, this.deps.clock.now().toISOString());
    } catch (err) {
      this.deps.logger.warn(`could not record invoke ${id}: ${(err as Error).message}`);
      return true;
    }
  }

  /** The sender as a member of the incident's team when they are in it (a person may be in several teams). */
  private async whoFor(context: TurnContext, incidentId: unknown): Promise<PersonInTeam | undefined> {
    const from = context.activity.from;
    const memberships = this.deps.directory.teamsMemberships(from?.id, from?.aadObjectId);
    if (memberships.length < 2 || typeof incidentId !== 'string') return memberships[0];
    return memberFor(await this.deps.store.incidents.get(incidentId), memberships);
  }

  private whoIs(context: TurnContext): PersonInTeam | undefined {
    const from = context.activity.from;
    return this.deps.directory.byTeamsUser(from?.id, from?.aadObjectId);
  }

  private unknownText(context: TurnContext, locale: Locale): string {
    return t(locale, 'unknown.user', { userId: context.activity.from?.id ?? '?' });
  }

  /** The person's configured language wins; else the client's; else the configured default. */
  private localeOf(context: TurnContext): Locale {
    const configured = this.whoIs(context)?.person.locale;
    return configured ?? toLocale(context.activity.locale, this.deps.defaultLocale);
  }
}

function cardActivity(card: AdaptiveCardJson) {
  return { type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] };
}

function dialog(title: string, card: AdaptiveCardJson): MessagingExtensionActionResponse {
  return { task: { type: 'continue', value: { title, width: 'medium', height: 'large', card: CardFactory.adaptiveCard(card) } } };
}
