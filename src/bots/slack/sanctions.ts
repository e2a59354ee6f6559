/**
 * The coordinator's sanction decision in Slack, the twin of the Teams sanction card (teams/sanctions.ts):
 * "Besluit vastleggen" on the request DM opens a modal (measure, end date); its submission goes to
 * SanctionService.decide. An invalid decision (no measure; a restricting measure without an end date) keeps the
 * modal open with the error inline (`response_action: errors`). A decision is taken once (the service's optimistic
 * concurrency); the service then updates every request DM (chat.update) and tells the reporter the outcome, both
 * as durable jobs — so a repeated delivery of the same submission finds it 'already' decided and changes nothing.
 * Only coordinators of the incident's team may open or submit the form.
 */
import type { App } from '@slack/bolt';
import {
  SLACK_SANCTION_ACTION,
  SLACK_SANCTION_CALLBACK,
  readButtonValue,
  readModalMetadata,
  readSanctionDecision,
  sanctionErrors,
  slackSanctionModal,
} from '../../cards/slack/aftercare';
import { renderSlackMessage, slackNotice } from '../../cards/slack/messages';
import type { ModalState } from '../../cards/slack/report';
import { t } from '../../cards/strings';
import type { PersonInTeam } from '../../services/directory';
import type { Incident } from '../../services/model';
import type { DecideOutcome } from '../../services/sanctions';
import { mayAct } from '../../services/access';
import { buttonClick, LATE, memberOn, modalSubmission, withinBudget, type SlackBotDeps } from './deps';


/** The incident and the decider, if this user may decide on it: a coordinator in the incident's own team (access.ts). */
async function decidable(deps: SlackBotDeps, incidentId: string | undefined, userId: string): Promise<{ incident: Incident; who: PersonInTeam } | undefined> {
  if (!incidentId) return undefined;
  const incident = await deps.store.incidents.get(incidentId);
  const who = memberOn(deps, userId, incident);
  return incident && who && mayAct(incident, who, { type: 'sanction.decide' }) ? { incident, who } : undefined;
}

export function registerSanctionActions(app: App, deps: SlackBotDeps): void {
  app.action(SLACK_SANCTION_ACTION, async ({ ack, body, action }) => {
    await ack();
    const click = await buttonClick(deps, body, action);
    if (!click) return;
    const { b, a, locale, at, tell } = click;
    const allowed = await decidable(deps, readButtonValue(a.value)?.incidentId, b.user.id);
    if (!allowed) return tell(t(locale, 'slack.sanction.notAllowed'));
    const { incident, who } = allowed;
    const current = await deps.sanctions.message(incident, who.person);
    if (current.type !== 'sanction') return;
    if (current.sanction.decided) {
      // Decided meanwhile: the message shows the decision instead of a form.
      if (at) await deps.messenger.updateMessage(at, renderSlackMessage(current));
      return;
    }
    try {
      await deps.messenger.openView(b.trigger_id, slackSanctionModal(locale, current.sanction, at));
    } catch (err) {
      deps.logger.warn(`slack: ${(err as Error).message}`);
      await tell(t(locale, 'slack.modalFailed'));
    }
  });

  app.view(SLACK_SANCTION_CALLBACK, async ({ ack, body, view }) => {
    const { b, who: sender, locale, respond, info } = modalSubmission(deps, { ack, body });
    if (!sender) return info(t(locale, 'slack.unknownUser', { userId: b.user.id }));
    const meta = readModalMetadata(view.private_metadata);
    const allowed = await decidable(deps, meta?.incidentId, b.user.id);
    if (!allowed) return info(t(locale, 'slack.sanction.notAllowed'));
    const { incident, who } = allowed;
    const { measure, until, start, reason } = readSanctionDecision(view.state?.values as ModalState | undefined);

    // Invalid input is found before anything is written, so its answer comes well within Slack's 3 s; recording
    // the decision also updates the request DMs and tells the reporter, which may take longer: then the modal
    // closes at the budget and the work finishes after the ack.
    const work = deps.sanctions.decide(incident.id, who.person.id, measure, until, { start, reason });
    const first = await withinBudget(work, deps.submitBudgetMs);
    if (first === LATE) {
      await respond();
      await work.then(
        (outcome) => afterAck(outcome, b.user.id, measure),
        (error: Error) => failed(error, b.user.id),
      );
      return;
    }
    if ('error' in first) {
      deps.logger.error(`slack: recording a sanction decision failed: ${first.error.message}`);
      return respond({ response_action: 'errors', errors: { measure: t(locale, 'slack.sanction.failed') } });
    }
    const { outcome } = first;
    if (outcome.result === 'invalid') return respond({ response_action: 'errors', errors: sanctionErrors(locale, measure) });
    if (outcome.result === 'forbidden') return info(t(locale, 'slack.sanction.notAllowed'));
    // 'decided' or 'already': the service brings every request DM up to date (a durable job per decision).
    return respond();

    /** Only reached when the decision took longer than the budget: what the closed modal could not say. */
    async function afterAck(outcome: DecideOutcome, userId: string, chosen: string | undefined): Promise<void> {
      if (outcome.result !== 'invalid' && outcome.result !== 'forbidden') return;
      const text = outcome.result === 'forbidden' ? t(locale, 'slack.sanction.notAllowed') : Object.values(sanctionErrors(locale, chosen))[0];
      await deps.messenger.postToUser(userId, slackNotice(text)).catch((err: Error) => deps.logger.error(`slack: ${err.message}`));
    }

    async function failed(error: Error, userId: string): Promise<void> {
      deps.logger.error(`slack: recording a sanction decision failed: ${error.message}`);
      await deps.messenger.postToUser(userId, slackNotice(t(locale, 'slack.sanction.failed'))).catch((err: Error) => deps.logger.error(`slack: ${err.message}`));
    }
  });
}
