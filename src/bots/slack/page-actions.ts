/**
 * The page's buttons, "Ik ga" / "Kan niet" (block_actions). Acknowledged at once; the domain action follows.
 * An acknowledgement updates every page message through PagingService (chat.update per page); after a decline —
 * or a late click on a page someone else picked up — the clicker's own message is brought up to date here.
 */
import type { App } from '@slack/bolt';
import { PAGE_VERBS } from '../../cards/actions';
import { renderSlackMessage } from '../../cards/slack/messages';
import { t } from '../../cards/strings';
import { mayAct } from '../../services/access';
import { incidentClick, type SlackBotDeps } from './deps';

const PAGE_ACTION = new RegExp(`^(${PAGE_VERBS.ack}|${PAGE_VERBS.decline}|${PAGE_VERBS.done})$`.replace(/\./g, '\\.'));

export function registerPageActions(app: App, deps: SlackBotDeps): void {
  app.action(PAGE_ACTION, async ({ ack, body, action }) => {
    await ack();
    const click = await incidentClick(deps, body, action);
    if (!click) return;
    const { a, locale, at, tell, incidentId, who } = click;
    let incident = click.incident;
    // Only people who were paged for this incident, in its team, may act on the page (access.ts).
    if (!incident || !mayAct(incident, who, { type: 'page.respond' })) return tell(t(locale, 'page.notPaged'));
    if (a.action_id === PAGE_VERBS.ack) {
      const outcome = await deps.paging.acknowledge(incidentId, who.person.id);
      if (outcome.result === 'acknowledged') return; // every page message is updated by the paging service
      if (outcome.result === 'already' || outcome.result === 'stood-down') incident = outcome.incident;
    } else if (a.action_id === PAGE_VERBS.done) {
      incident = (await deps.paging.complete(incidentId, who.person.id)) ?? incident;
    } else {
      incident = (await deps.paging.decline(incidentId, who.person.id)) ?? incident;
    }
    if (at) await deps.messenger.updateMessage(at, renderSlackMessage(deps.paging.pageMessage(incident, who.person)));
  });
}
