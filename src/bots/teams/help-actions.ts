/**
 * Acute help in Teams: `hulp` typed (or the welcome card's button), the message extension's "Hulp nu" command,
 * and the help card's buttons (Waar ben je?, Ik ben veilig, Melding aanvullen). The page goes out before the
 * reporter's card comes back; if anything fails, the reporter is told plainly to get help another way.
 */
import { randomUUID } from 'node:crypto';
import { noticeCard, reportFormCard } from '../../cards/teams/report';
import { HELP_VERBS, prefilledReport } from '../../cards/help-text';
import { renderTeamsMessage } from '../../cards/teams/messages';
import { t } from '../../cards/strings';
import type { AdaptiveCardJson } from '../../cards/teams/templates';
import type { PersonInTeam } from '../../services/directory';
import type { HelpService } from '../../services/help';
import type { Store } from '../../services/ports';
import type { Locale } from '../../services/protocol';
import type { Logger } from '../../services/ports';
import { mayAct } from '../../services/access';

export interface HelpDeps {
  help: HelpService;
  store: Store;
  logger: Logger;
}

/** The tap: pages first, then answers with the reporter's help card (or, if that failed, what to do instead). */
export async function requestHelp(deps: HelpDeps, who: PersonInTeam, locale: Locale, tapKey: string): Promise<AdaptiveCardJson> {
  try {
    const incident = await deps.help.request({ team: who.team, personId: who.person.id, platform: 'teams', locale }, tapKey);
    return renderTeamsMessage(deps.help.view(incident, who.team));
  } catch (err) {
    deps.logger.error(`help request failed: ${(err as Error).message}`);
    return noticeCard(t(locale, 'help.failed'), '', 'Attention');
  }
}

export async function handleHelpAction(deps: HelpDeps, verb: string, data: Record<string, unknown>, who: PersonInTeam, locale: Locale): Promise<AdaptiveCardJson> {
  const incidentId = typeof data.incidentId === 'string' ? data.incidentId : '';
  const incident = await deps.store.incidents.get(incidentId);
  // Only the reporter acts on their own help request.
  if (!incident?.help || !mayAct(incident, who, { type: 'help.own' })) return noticeCard(t(locale, 'help.notYours'), '', 'Attention');
  if (verb === HELP_VERBS.report) return prefilledForm(who, locale, incident.id, incident.help.requestedAt, incident.help.place);
  let current = incident;
  if (verb === HELP_VERBS.place) {
    const place = typeof data.place === 'string' && data.place.trim() ? data.place : data.placeChoice;
    current = (await deps.help.setPlace(incident.id, who.person.id, place)) ?? incident;
  } else if (verb === HELP_VERBS.safe) {
    current = (await deps.help.safe(incident.id, who.person.id)) ?? incident;
  }
  return renderTeamsMessage(deps.help.view(current, who.team));
}

/** The report form after `hulp`, pre-filled (help-text.ts), completing the help request's incident. */
function prefilledForm(who: PersonInTeam, locale: Locale, incidentId: string, requestedAt: string, place?: string): AdaptiveCardJson {
  const { values, banner } = prefilledReport(locale, who.team.timezone, requestedAt, place);
  return reportFormCard({ locale, mode: 'execute', formId: randomUUID(), completes: incidentId, values, banner: { text: banner, style: 'accent' } });
}
