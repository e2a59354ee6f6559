/** The page card's buttons (Universal Actions): Ik ga / Kan niet / refresh. Answers with the card as this viewer sees it. */
import { noticeCard } from '../../cards/teams/report';
import { renderTeamsMessage } from '../../cards/teams/messages';
import { t } from '../../cards/strings';
import type { AdaptiveCardJson } from '../../cards/teams/templates';
import type { PersonInTeam } from '../../services/directory';
import type { PagingService } from '../../services/paging';
import type { Store } from '../../services/ports';
import type { Locale } from '../../services/protocol';
import { PAGE_VERBS } from '../../cards/teams/page';
import { mayAct } from '../../services/access';

export async function handlePageAction(
  verb: string,
  data: Record<string, unknown>,
  who: PersonInTeam,
  locale: Locale,
  deps: { paging: PagingService; store: Store },
): Promise<AdaptiveCardJson> {
  const incidentId = typeof data.incidentId === 'string' ? data.incidentId : '';
  const notPaged = () => noticeCard(t(locale, 'page.notPaged'), '', 'Attention');
  let incident = await deps.store.incidents.get(incidentId);
  // Only people who were paged for this incident, in its team, may act on or view the page (access.ts).
  if (!incident || !mayAct(incident, who, { type: 'page.respond' })) return notPaged();
  if (verb === PAGE_VERBS.ack) {
    const outcome = await deps.paging.acknowledge(incidentId, who.person.id);
    if (outcome.result === 'acknowledged' || outcome.result === 'already' || outcome.result === 'stood-down') incident = outcome.incident;
  } else if (verb === PAGE_VERBS.decline) {
    incident = (await deps.paging.decline(incidentId, who.person.id)) ?? incident;
  } else if (verb === PAGE_VERBS.done) {
    incident = (await deps.paging.complete(incidentId, who.person.id)) ?? incident;
  }
  return renderTeamsMessage(deps.paging.pageMessage(incident, who.person));
}
