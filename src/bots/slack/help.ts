/**
 * Acute help in Slack: `/melden hulp`, `hulp` in the DM, and the global shortcut "Ik heb nu hulp nodig"; then the
 * help message's controls (Waar ben je?, Ik ben veilig, Melding aanvullen). The page goes out before the reporter's
 * message; if anything fails, the reporter is told plainly to get help another way.
 */
import { randomUUID } from 'node:crypto';
import type { App, BlockAction, GlobalShortcut } from '@slack/bolt';
import { HELP_VERBS, prefilledReport } from '../../cards/help-text';
import { SLACK_HELP_PLACE_CHOICE, SLACK_HELP_PLACE_TEXT } from '../../cards/slack/help';
import { renderSlackMessage, slackNotice } from '../../cards/slack/messages';
import { slackReportModal } from '../../cards/slack/report';
import { t } from '../../cards/strings';
import type { PersonInTeam } from '../../services/directory';
import type { Locale } from '../../services/protocol';
import { mayAct } from '../../services/access';
import { buttonClick, firstTime, localeOf, whoIs, type SlackBotDeps } from './deps';

export const SLACK_HELP_SHORTCUT = 'melden_hulp';

/** The tap: pages first, then the help message in the reporter's DM (or, if that failed, what to do instead). */
export async function slackRequestHelp(deps: SlackBotDeps, who: PersonInTeam, locale: Locale, tapKey: string): Promise<void> {
  const userId = who.person.slackUserId!;
  try {
    const incident = await deps.help.request({ team: who.team, personId: who.person.id, platform: 'slack', locale }, tapKey);
    await deps.messenger.postToUser(userId, renderSlackMessage(deps.help.view(incident, who.team)));
  } catch (err) {
    deps.logger.error(`slack: help request failed: ${(err as Error).message}`);
    await deps.messenger.postToUser(userId, slackNotice(t(locale, 'help.failed'))).catch((e: Error) => deps.logger.error(`slack: ${e.message}`));
  }
}

export function registerHelp(app: App, deps: SlackBotDeps): void {
  app.shortcut(SLACK_HELP_SHORTCUT, async ({ ack, shortcut }) => {
    await ack();
    const s = shortcut as GlobalShortcut;
    if (!(await firstTime(deps, `slack:shortcut:${s.trigger_id}`))) return;
    const who = whoIs(deps, s.user.id);
    const locale = localeOf(deps, who);
    if (!who) {
      await deps.messenger.postToUser(s.user.id, slackNotice(t(locale, 'slack.unknownUser', { userId: s.user.id }))).catch(() => undefined);
      return;
    }
    await slackRequestHelp(deps, who, locale, `slack:shortcut:${s.trigger_id}`);
  });

  // "Ik heb nu hulp nodig" on the help message.
  app.action(HELP_VERBS.request, async ({ ack, body, action }) => {
    await ack();
    const click = await buttonClick(deps, body, action);
    if (click) await slackRequestHelp(deps, click.who, click.locale, `slack:button:${(action as { action_ts?: string }).action_ts ?? randomUUID()}`);
  });

  const controls = [HELP_VERBS.safe, HELP_VERBS.report, SLACK_HELP_PLACE_CHOICE, SLACK_HELP_PLACE_TEXT];
  app.action(new RegExp(`^(${controls.map((c) => c.replace(/\./g, '\\.')).join('|')})$`), async ({ ack, body, action }) => {
    await ack();
    const click = await buttonClick(deps, body, action);
    if (!click) return;
    const { who, locale, at, tell } = click;
    const a = action as { action_id: string; value?: string; selected_option?: { value?: string }; block_id?: string };
    // The incident id rides on the button's value, or on the block id of the place controls ("help-place:<id>").
    const incidentId = a.value && a.action_id !== SLACK_HELP_PLACE_TEXT ? a.value : (a.block_id ?? '').split(':')[1] ?? '';
    const incident = await deps.store.incidents.get(incidentId);
    // Only the reporter acts on their own help request.
    if (!incident?.help || !mayAct(incident, who, { type: 'help.own' })) return tell(t(locale, 'help.notYours'));

    if (a.action_id === HELP_VERBS.report) {
      const { values, banner } = prefilledReport(locale, who.team.timezone, incident.help.requestedAt, incident.help.place);
      const view = slackReportModal({ locale, formId: randomUUID(), completes: incident.id, values, banner });
      await deps.messenger.openView((body as BlockAction).trigger_id, view).catch((err: Error) => deps.logger.warn(`slack: ${err.message}`));
      return;
    }
    let current = incident;
    if (a.action_id === HELP_VERBS.safe) current = (await deps.help.safe(incident.id, who.person.id)) ?? incident;
    else current = (await deps.help.setPlace(incident.id, who.person.id, a.action_id === SLACK_HELP_PLACE_CHOICE ? a.selected_option?.value : a.value)) ?? incident;
    if (at) await deps.messenger.updateMessage(at, renderSlackMessage(deps.help.view(current, who.team)));
  });
}
