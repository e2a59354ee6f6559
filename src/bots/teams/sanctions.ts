/**
 * The coordinator's sanction decision in Teams (the twin of slack/sanctions.ts): the request card's form goes to
 * SanctionService.decide; the card shows the decision, or the form again with the error.
 */
import type { TurnContext } from 'botbuilder';
import { t } from '../../cards/strings';
import { renderTeamsMessage } from '../../cards/teams/messages';
import { noticeCard } from '../../cards/teams/report';
import { sanctionCard } from '../../cards/teams/sanction';
import type { AdaptiveCardJson } from '../../cards/teams/templates';
import { mayAct } from '../../services/access';
import type { Locale } from '../../services/protocol';
import { unknownCard, whoFor, type TeamsBotDeps } from './deps';

export async function decideSanction(deps: TeamsBotDeps, context: TurnContext, locale: Locale, data: Record<string, unknown>): Promise<AdaptiveCardJson> {
  const who = await whoFor(deps, context, data.incidentId);
  const incidentId = typeof data.incidentId === 'string' ? data.incidentId : '';
  if (!who) return unknownCard(context, locale);
  // Only a coordinator of the incident's own team (access.ts); anyone else learns nothing of the incident.
  const target = await deps.store.incidents.get(incidentId);
  if (!target || !mayAct(target, who, { type: 'sanction.decide' })) return noticeCard(t(locale, 'access.refused'), '', 'Attention');
  const outcome = await deps.sanctions.decide(incidentId, who.person.id, data.measure, data.until, { start: data.start, reason: data.reason });
  if (outcome.result === 'decided' || outcome.result === 'already') return renderTeamsMessage(outcome.message);
  const incident = outcome.result === 'invalid' ? await deps.store.incidents.get(incidentId) : undefined;
  if (!incident || incident.teamId !== who.team.id) return noticeCard(t(locale, 'page.notPaged'), '', 'Attention');
  const view = await deps.sanctions.message(incident, who.person);
  const error = t(locale, data.measure === 'none' ? 'measure.reasonRequired' : data.measure ? 'sanction.untilRequired' : 'sanction.measureRequired');
  return view.type === 'sanction' ? sanctionCard(locale, view.sanction, error) : noticeCard(error, '', 'Attention');
}
