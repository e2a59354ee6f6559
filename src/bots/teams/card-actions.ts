/**
 * Universal Actions (Action.Execute) routed by the card's verb: one table from verb to handler, each feature's
 * verbs beside the handler that takes them. The response card replaces the card in place.
 */
import { randomUUID } from 'node:crypto';
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import { AFTERCARE_VERBS, PAGE_VERBS } from '../../cards/actions';
import { FIRSTWEEK_VERBS } from '../../cards/firstweek-text';
import { HELP_VERBS } from '../../cards/help-text';
import { MEASURE_VERBS } from '../../cards/measure-text';
import { t } from '../../cards/strings';
import { DETAILS_VERB, detailsCard } from '../../cards/teams/aftercare';
import { noticeCard, VERBS } from '../../cards/teams/report';
import { SANCTION_VERB } from '../../cards/teams/sanction';
import type { AdaptiveCardJson } from '../../cards/teams/templates';
import { detailsCommand } from '../../services/commands';
import type { PersonInTeam } from '../../services/directory';
import type { Locale } from '../../services/protocol';
import { handleAftercareAction } from './aftercare-actions';
import { membershipsOf, unknownCard, whoFor, type TeamsBotDeps } from './deps';
import { handleFirstWeekAction } from './firstweek-actions';
import { handleHelpAction } from './help-actions';
import { handleMeasureAction } from './measure-actions';
import { handlePageAction } from './page-actions';
import { submitReport } from './report';
import { isReviewVerb } from './review-commands';
import { decideSanction } from './sanctions';

/** One click on a card: the turn, its verb, the card's data and the sender's language. */
export interface CardAction {
  context: TurnContext;
  verb: string;
  data: Record<string, unknown>;
  locale: Locale;
}

type CardActionHandler = (deps: TeamsBotDeps, action: CardAction) => Promise<AdaptiveCardJson>;

/** A handler for a member of the incident's team; anyone the directory does not know gets the unknown-user card. */
const asMember =
  (handle: (deps: TeamsBotDeps, action: CardAction, who: PersonInTeam) => Promise<AdaptiveCardJson>): CardActionHandler =>
  async (deps, action) => {
    const who = await whoFor(deps, action.context, action.data.incidentId);
    return who ? handle(deps, action, who) : unknownCard(action.context, action.locale);
  };

/** Shown in place of the task card, only to the one who asked. */
const showDetails: CardActionHandler = async (deps, { context, data, locale }) => {
  const incidentId = typeof data.incidentId === 'string' ? data.incidentId : '';
  const outcome = await detailsCommand(deps, incidentId, membershipsOf(deps, context), `teams:details:${context.activity.id}`);
  const back = typeof data.momentId === 'string' && typeof data.incidentId === 'string' ? { incidentId: data.incidentId, momentId: data.momentId } : undefined;
  return outcome.result === 'ok' ? detailsCard(locale, outcome, back) : noticeCard(t(locale, 'access.refused'), '', 'Attention');
};

/** Measures are decided by the measure's team, not an incident's: every team the sender is in is offered. */
const measureAction: CardActionHandler = async (deps, { context, verb, data, locale }) => {
  const memberships = membershipsOf(deps, context);
  return memberships.length ? handleMeasureAction(deps, verb, data, memberships, locale) : unknownCard(context, locale);
};

const ROUTES: [verbs: readonly string[], handle: CardActionHandler][] = [
  [[VERBS.reportSubmit], (deps, { context, locale, data }) => submitReport(deps, context, locale, data, 'execute')],
  [Object.values(PAGE_VERBS), asMember((deps, { verb, data, locale }, who) => handlePageAction(verb, data, who, locale, deps))],
  [Object.values(HELP_VERBS), asMember((deps, { verb, data, locale }, who) => handleHelpAction(deps, verb, data, who, locale))],
  [[DETAILS_VERB], showDetails],
  [Object.values(MEASURE_VERBS), measureAction],
  [[SANCTION_VERB], (deps, { context, locale, data }) => decideSanction(deps, context, locale, data)],
  [Object.values(FIRSTWEEK_VERBS), asMember((deps, { context, verb, data, locale }, who) => handleFirstWeekAction(deps, verb, data, who, locale, `teams:${context.activity.id ?? randomUUID()}`))],
  [Object.values(AFTERCARE_VERBS), asMember((deps, { verb, data, locale }, who) => handleAftercareAction(verb, data, who, locale, deps))],
];

const HANDLERS: ReadonlyMap<string, CardActionHandler> = new Map(ROUTES.flatMap(([verbs, handle]) => verbs.map((verb) => [verb, handle] as const)));

/** The card's verb to its handler; the review calendar's buttons answer for themselves (review-commands.ts). */
export async function routeCardAction(deps: TeamsBotDeps, context: TurnContext, invoke: AdaptiveCardInvokeValue, locale: Locale): Promise<AdaptiveCardInvokeResponse> {
  const verb = invoke.action?.verb ?? '';
  const data = (invoke.action?.data ?? {}) as Record<string, unknown>;
  if (isReviewVerb(verb) && deps.reviewCommands) return deps.reviewCommands.invoke(context, verb, data, locale);
  // One effect per interaction (docs/privacy.md, "idempotent answers"): Teams (or a proxy) may deliver the same
  // invoke again. A repeat is answered with the card as it now stands, without its free text, so nothing is
  // forwarded or recorded twice. The key holds ids only.
  if (verb !== VERBS.reportSubmit && !(await firstDelivery(deps, context))) delete data.note;
  const handle = HANDLERS.get(verb);
  if (!handle) return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'unknown verb' } as never };
  const card = await handle(deps, { context, verb, data, locale });
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card as never };
}

/** True the first time this activity id is seen, across instances; if the store cannot say, act (the services are idempotent too). */
async function firstDelivery(deps: TeamsBotDeps, context: TurnContext): Promise<boolean> {
  const id = context.activity.id;
  if (!id) return true;
  try {
    return await deps.store.claimOnce(`teams:invoke:${id}`, deps.clock.now().toISOString());
  } catch (err) {
    deps.logger.warn(`could not record invoke ${id}: ${(err as Error).message}`);
    return true;
  }
}
