/**
 * The report modal's submission. Slack wants the answer within 3 s, and only that answer can show errors inline
 * (`response_action: errors`). So: validate first (pure and fast), then give the store a budget (2 s); stored in
 * time → the modal says "received"; not yet → the modal says "wordt verwerkt" and the work goes on after the ack,
 * retried a few times; if it still fails, the reporter gets a DM saying so, with what they wrote. The form id in
 * private_metadata is the submission key: a repeated submission gives the same incident, never a second one.
 * The confirmation itself is a durable job (one per incident), so it survives a 429 or a restart and goes out once.
 */
import type { App, ViewSubmitAction } from '@slack/bolt';
import {
  SLACK_REPORT_CALLBACK,
  readCompletes,
  readFormId,
  readModalValues,
  slackConfirmation,
  slackInfoModal,
  slackModalErrors,
  slackSaveFailed,
  type ModalState,
} from '../../cards/slack/report';
import { t } from '../../cards/strings';
import { withSlackConfirmationActions } from '../../cards/slack/firstweek';
import { editableUntil } from '../../services/edits';
import type { PersonInTeam } from '../../services/directory';
import type { ReportOutcome } from '../../services/incidents';
import { categoryOf, type Locale } from '../../services/protocol';
import { validateReport, type ReportFormValues } from '../../services/report-form';
import { delivered } from '../../services/delivery';
import type { JobHandlers, JobKind } from '../../services/job-kinds';
import { delay, LATE, localeOf, whoIs, withinBudget, type SlackBotDeps } from './deps';

export const SLACK_JOBS = { confirm: 'slack.confirm' } as const satisfies Record<string, JobKind>;
const confirmJobId = (incidentId: string) => `slack-confirm:${incidentId}`;


export class SlackReports {
  /** Submissions of one form being stored right now: a repeat joins the running attempt instead of racing it. */
  private readonly inFlight = new Map<string, Promise<ReportOutcome>>();

  constructor(private readonly deps: SlackBotDeps) {}

  register(app: App): void {
    app.view(SLACK_REPORT_CALLBACK, async ({ ack, body, view }) => {
      await this.submit(body as ViewSubmitAction, view as ViewSubmitAction['view'], ack as (response?: object) => Promise<void>);
    });
  }

  handlers(): JobHandlers {
    return { [SLACK_JOBS.confirm]: ({ payload }) => this.confirm(payload.incidentId) };
  }

  private async submit(body: ViewSubmitAction, view: ViewSubmitAction['view'], ack: (response?: object) => Promise<void>): Promise<void> {
    const who = whoIs(this.deps, body.user.id);
    const locale = localeOf(this.deps, who);
    const info = (text: string) => ack({ response_action: 'update', view: slackInfoModal(locale, text) });
    if (!who) return info(t(locale, 'slack.unknownUser', { userId: body.user.id }));
    const formId = readFormId(view.private_metadata);
    if (!formId) return info(t(locale, 'slack.expired'));

    const values = readModalValues(view.state?.values as ModalState | undefined);
    const completes = readCompletes(view.private_metadata);
    const checked = validateReport(values, this.deps.clock.now(), who.team.timezone);
    if (!checked.ok) {
      // "Ik wil nu eerste opvang" pages before the rest is valid (docs/first-response.md); the form id makes the
      // help request, and the completed form fills it in.
      if (!completes && values.firstResponse === 'true') {
        void this.deps.help
          .request({ team: who.team, personId: who.person.id, platform: 'slack', locale }, formId, 0)
          .catch((err: Error) => this.deps.logger.error(`slack: paging from the form failed: ${err.message}`));
      }
      return ack({ response_action: 'errors', errors: slackModalErrors(locale, checked.errors) });
    }

    const work = this.store(who, locale, formId, values, completes);
    const first = await withinBudget(work, this.deps.submitBudgetMs);
    if (first === LATE) {
      await info(t(locale, 'slack.processing'));
      await this.finishAfterAck(work, who, locale, formId, values, body.user.id, completes);
      return;
    }
    if ('error' in first) {
      // Nothing is lost: the modal stays open with what was typed, and the same form id makes the same incident.
      this.deps.logger.error(`slack: storing a report failed: ${first.error.message}`);
      return ack({ response_action: 'errors', errors: { description: t(locale, 'slack.saveFailed') } });
    }
    if (!first.outcome.ok) return ack({ response_action: 'errors', errors: slackModalErrors(locale, first.outcome.errors) });
    return info(t(locale, 'slack.received', { number: first.outcome.incident.number }));
  }

  /** Stores the report (once per form, however often it is submitted) and queues the confirmation. */
  private store(who: PersonInTeam, locale: Locale, formId: string, values: ReportFormValues, completes?: string): Promise<ReportOutcome> {
    const key = `${who.team.id}:${formId}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const work = (async () => {
      const outcome = await this.deps.incidents.report({ team: who.team, personId: who.person.id, platform: 'slack', locale }, formId, values, 0, completes);
      if (outcome.ok) {
        const id = confirmJobId(outcome.incident.id);
        await this.deps.jobs.schedule({ id, kind: SLACK_JOBS.confirm, dueAt: this.deps.clock.now(), payload: { incidentId: outcome.incident.id } });
        this.deps.jobs.runNow(id).catch((err: Error) => this.deps.logger.error(`slack: confirmation failed: ${err.message}`));
      }
      return outcome;
    })().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return work;
  }

  /** The ack said "wordt verwerkt": keep trying, and if the report cannot be stored, tell the reporter. */
  private async finishAfterAck(
    work: Promise<ReportOutcome>,
    who: PersonInTeam,
    locale: Locale,
    formId: string,
    values: ReportFormValues,
    userId: string,
    completes?: string,
  ): Promise<void> {
    let attempt = work;
    for (let i = 0; ; i++) {
      try {
        const outcome = await attempt;
        if (outcome.ok) return; // the confirmation job tells the reporter
        break; // invalid after all (e.g. the clock crossed a limit): nothing was stored
      } catch (err) {
        this.deps.logger.error(`slack: storing a report failed (attempt ${i + 1}): ${(err as Error).message}`);
        if (i >= this.deps.retryDelaysMs.length) break;
        await delay(this.deps.retryDelaysMs[i]);
        attempt = this.store(who, locale, formId, values, completes);
      }
    }
    try {
      await this.deps.messenger.postToUser(userId, slackSaveFailed(locale, values));
    } catch (err) {
      this.deps.logger.error(`slack: could not tell ${who.person.id} that their report was not stored: ${(err as Error).message}`);
    }
  }

  private async confirm(incidentId: string): Promise<void> {
    const incident = await this.deps.store.incidents.get(incidentId);
    if (!incident) return;
    const team = this.deps.directory.team(incident.teamId);
    const slackUserId = this.deps.directory.person(incident.teamId, incident.reporterId)?.slackUserId;
    if (!team || !slackUserId) return;
    const message = slackConfirmation({
      locale: incident.locale,
      incident,
      timezone: team.timezone,
      teamNorm: team.norms[categoryOf(incident)],
      duplicate: false,
    });
    // Wijzigen (within the edit window) and Aangifte voorbereiden; docs/first-week.md.
    const withActions = incident.help?.reportPending ? message : withSlackConfirmationActions(message, incident.locale, incident, editableUntil(incident, team), team.timezone);
    await delivered(() => this.deps.messenger.postToUser(slackUserId, withActions));
  }
}
