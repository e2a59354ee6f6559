/**
 * Slack's twin of teams/firstweek-actions.ts: *Wijzigen* on the confirmation opens the report modal pre-filled
 * (views.open with the click's trigger id), its submission changes the same incident; *Aangifte voorbereiden*
 * sends the 7 W's as a DM; `/melden overzicht` and `overzicht` in the DM answer the lead (commands.ts calls
 * overviewMessage). The domain decides (EditService, policeReportDraft, leadOverview in access.ts's terms).
 */
import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import { formatDate } from '../../cards/dates';
import { FIRSTWEEK_VERBS } from '../../cards/firstweek-text';
import { SLACK_EDIT_CALLBACK, readEdits, slackEditModal, slackOverview, slackPoliceReport } from '../../cards/slack/firstweek';
import { slackNotice } from '../../cards/slack/messages';
import { readModalValues, slackModalErrors, type ModalState } from '../../cards/slack/report';
import type { SlackMessage } from '../../cards/slack/blocks';
import { t } from '../../cards/strings';
import type { PersonInTeam } from '../../services/directory';
import { formValuesOf, type EditOutcome } from '../../services/edits';
import { leadOverview } from '../../services/overview';
import { policeReportDraft } from '../../services/police-report';
import type { Locale } from '../../services/protocol';
import { incidentClick, memberOn, modalSubmission, type SlackBotDeps } from './deps';

/** Why a correction cannot be made: not yours, or the window closed (and whom to turn to instead). */
function refusalText(locale: Locale, outcome: Extract<EditOutcome, { result: 'refused' | 'expired' }>, who: PersonInTeam): string {
  if (outcome.result === 'refused') return t(locale, 'edit.notYours');
  const lead = who.team.people.find((p) => p.roles.includes('lead'));
  return t(locale, 'edit.expired', { number: outcome.incident.number, until: formatDate(locale, outcome.until, who.team.timezone), lead: lead?.name ?? t(locale, 'edit.theLead') });
}

/** `overzicht`: the lead's open incidents; anyone else a polite refusal. */
export async function overviewMessage(deps: SlackBotDeps, who: PersonInTeam, locale: Locale): Promise<SlackMessage> {
  const outcome = await leadOverview(deps, who);
  return outcome.result === 'ok' ? slackOverview(locale, outcome, who.team.timezone) : slackNotice(t(locale, 'overview.refused'));
}

export function registerFirstWeek(app: App, deps: SlackBotDeps): void {
  app.action(FIRSTWEEK_VERBS.editOpen, async ({ ack, body, action, respond }) => {
    await ack();
    const c = await incidentClick(deps, body, action, respond);
    if (!c) return;
    const { incidentId, who } = c;
    const checked = await deps.edits.check(incidentId, who);
    if (checked.result !== 'edited') return c.tell(refusalText(c.locale, checked, who));
    try {
      await deps.messenger.openView(c.b.trigger_id, slackEditModal(c.locale, checked.incident, randomUUID(), formValuesOf(checked.incident, who.team.timezone)));
    } catch (err) {
      deps.logger.warn(`slack: ${(err as Error).message}`);
      await c.tell(t(c.locale, 'slack.modalFailed'));
    }
  });

  app.view(SLACK_EDIT_CALLBACK, async ({ ack, body, view }) => {
    const { b, locale, respond, info } = modalSubmission(deps, { ack, body });
    const incidentId = readEdits(view.private_metadata) ?? '';
    const who = memberOn(deps, b.user.id, await deps.store.incidents.get(incidentId));
    if (!who) return info(t(locale, 'slack.unknownUser', { userId: b.user.id }));
    let outcome: EditOutcome;
    try {
      outcome = await deps.edits.edit(incidentId, who, readModalValues(view.state?.values as ModalState | undefined));
    } catch (err) {
      deps.logger.error(`slack: a correction failed: ${(err as Error).message}`);
      return info(t(locale, 'edit.failed'));
    }
    if (outcome.result === 'invalid') return respond({ response_action: 'errors', errors: slackModalErrors(locale, outcome.errors) });
    if (outcome.result !== 'edited') return info(refusalText(locale, outcome, who));
    return info(t(locale, outcome.changed.length ? 'edit.done' : 'edit.unchanged'));
  });

  app.action(FIRSTWEEK_VERBS.policeReport, async ({ ack, body, action, respond }) => {
    await ack();
    const c = await incidentClick(deps, body, action, respond);
    if (!c) return;
    const { incidentId, who } = c;
    const outcome = await policeReportDraft(deps, incidentId, who, `slack:police:${c.b.user.id}:${c.a.action_ts}`);
    if (outcome.result !== 'ok') return c.tell(t(c.locale, 'police.refused'));
    await deps.messenger.postToUser(c.b.user.id, slackPoliceReport(c.locale, outcome.draft, who.team.timezone)).catch(async (err: Error) => {
      deps.logger.warn(`slack: ${err.message}`);
      await c.tell(t(c.locale, 'slack.actionFailed'));
    });
  });
}
