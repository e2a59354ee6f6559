/**
 * Check-ins and aftercare tasks in Slack, the twin of teams/aftercare-actions.ts:
 * - "Beantwoorden" on the check-in DM opens the check-in modal (views.open with the click's trigger id);
 *   its submission answers through AftercareService.act and the DM is updated (chat.update) to the answered state;
 * - "Morgen" / "Over een week" / "Geen berichten meer" act on the DM directly;
 * - "Gedaan" / "Gesprek gehouden" / "Contact gehad" on a task call AftercareService.markDone.
 * Only the person a check-in is about may answer it (checked here and by the service); only the lead or the
 * aftercare person can mark their task done (the service decides; others get an ephemeral note).
 *
 * The note: it exists only in the view submission. It is handed to AftercareService.act, which sends it to the
 * aftercare person and drops it; here it is never logged, never part of a dedup key or job, never stored.
 * The modal is closed first (Slack allows 3 s, and act() sends one or two DMs that wait on the per-channel rate
 * limit), so the work happens after the ack; a repeated delivery of the same submission is dropped by claimOnce,
 * or the note would reach the aftercare person twice.
 */
import type { App } from '@slack/bolt';
import {
  CHECKIN_INPUTS,
  SLACK_AFTERCARE_ACTIONS,
  SLACK_CHECKIN_CALLBACK,
  checkinStatus,
  readButtonValue,
  readCheckinAnswer,
  readModalMetadata,
  slackCheckinModal,
  type InteractionIds,
} from '../../cards/slack/aftercare';
import { renderSlackMessage, slackNotice } from '../../cards/slack/messages';
import type { ModalState } from '../../cards/slack/report';
import { t } from '../../cards/strings';
import type { CheckinAction } from '../../services/aftercare';
import type { PersonInTeam } from '../../services/directory';
import type { CheckinView } from '../../services/messages';
import type { AftercareMoment, Incident } from '../../services/model';
import type { Locale } from '../../services/protocol';
import { mayAct } from '../../services/access';
import { buttonClick, firstTime, interactionKey, memberOn, modalSubmission, type SlackBotDeps } from './deps';
import { DETAILS_VERB } from '../../cards/actions';
import { detailsCommand } from '../../services/commands';
import type { SlackRef } from './messenger';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CHECKIN_BUTTONS = new RegExp(`^(${[SLACK_AFTERCARE_ACTIONS.later1, SLACK_AFTERCARE_ACTIONS.later7, SLACK_AFTERCARE_ACTIONS.stop].map(escape).join('|')})$`);

type Found = { incident: Incident; moment: AftercareMoment };

/** The check-in behind a button or modal, if it is one and is about this person, in the incident's team (access.ts). */
async function findCheckin(deps: SlackBotDeps, ids: InteractionIds | undefined, sender: PersonInTeam, userId: string): Promise<(Found & { who: PersonInTeam }) | undefined> {
  if (!ids?.momentId) return undefined;
  const incident = await deps.store.incidents.get(ids.incidentId);
  const moment = incident?.aftercare?.moments.find((m) => m.id === ids.momentId);
  const who = memberOn(deps, userId, incident) ?? sender;
  if (!incident || !moment || !mayAct(incident, who, { type: 'checkin.answer', moment })) return undefined;
  return { incident, moment, who };
}

function currentCheckin(deps: SlackBotDeps, found: Found, who: PersonInTeam): { locale: Locale; checkin: CheckinView } | undefined {
  const message = deps.aftercare.checkinMessage(found.incident, found.moment, who.person.id, false);
  return message.type === 'checkin' ? message : undefined;
}

/** A check-in that was answered or stopped has nothing left to answer (another DM, another open modal). */
const closed = (c: CheckinView) => c.state === 'answered' || c.state === 'stopped';

export function registerAftercareActions(app: App, deps: SlackBotDeps): void {
  /** Shared start of every button: ack, dedup, who, and how to tell the clicker something only they see. */
  async function clicked(body: unknown, action: unknown) {
    const click = await buttonClick(deps, body, action);
    return click && { ...click, ids: readButtonValue(click.a.value) };
  }

  const update = (at: SlackRef | undefined, message: Parameters<typeof renderSlackMessage>[0]) =>
    at ? deps.messenger.updateMessage(at, renderSlackMessage(message)) : Promise.resolve();

  // "Beantwoorden": the modal with the feeling, the talk request and the note.
  app.action(SLACK_AFTERCARE_ACTIONS.answer, async ({ ack, body, action }) => {
    await ack();
    const c = await clicked(body, action);
    if (!c) return;
    const found = await findCheckin(deps, c.ids, c.who, c.b.user.id);
    const current = found && currentCheckin(deps, found, found.who);
    if (!current) return c.tell(t(c.locale, 'slack.checkin.notYours'));
    if (closed(current.checkin)) return update(c.at, { type: 'checkin', ...current });
    try {
      await deps.messenger.openView(c.b.trigger_id, slackCheckinModal(current.locale, current.checkin, c.at));
    } catch (err) {
      deps.logger.warn(`slack: ${(err as Error).message}`);
      await c.tell(t(c.locale, 'slack.modalFailed'));
    }
  });

  // "Morgen", "Over een week", "Geen berichten meer hierover": straight from the DM.
  app.action(CHECKIN_BUTTONS, async ({ ack, body, action }) => {
    await ack();
    const c = await clicked(body, action);
    if (!c) return;
    const found = await findCheckin(deps, c.ids, c.who, c.b.user.id);
    if (!found) return c.tell(t(c.locale, 'slack.checkin.notYours'));
    const checkinAction: CheckinAction =
      c.a.action_id === SLACK_AFTERCARE_ACTIONS.stop ? { type: 'stop' } : { type: 'snooze', days: c.a.action_id === SLACK_AFTERCARE_ACTIONS.later7 ? 7 : 1 };
    try {
      const message = await deps.aftercare.act(found.incident.id, found.moment.id, found.who.person.id, checkinAction);
      if (!message) return c.tell(t(c.locale, 'slack.checkin.notYours'));
      await update(c.at, message);
    } catch (err) {
      deps.logger.error(`slack: check-in ${checkinAction.type} failed: ${(err as Error).message}`);
      await c.tell(t(c.locale, 'slack.actionFailed'));
    }
  });

  // A task's "done" button: the service checks the role (lead for lead tasks, aftercare for the rest).
  app.action(SLACK_AFTERCARE_ACTIONS.done, async ({ ack, body, action }) => {
    await ack();
    const c = await clicked(body, action);
    if (!c) return;
    if (!c.ids?.momentId) return c.tell(t(c.locale, 'slack.task.notAllowed'));
    const incident = await deps.store.incidents.get(c.ids.incidentId);
    const moment = incident?.aftercare?.moments.find((m) => m.id === c.ids!.momentId);
    const who = memberOn(deps, c.b.user.id, incident) ?? c.who;
    if (!incident || !moment || !mayAct(incident, who, { type: 'task.complete', moment })) return c.tell(t(c.locale, 'slack.task.notAllowed'));
    try {
      const message = await deps.aftercare.markDone(incident.id, moment.id, who.person.id);
      if (!message) return c.tell(t(c.locale, 'slack.task.notAllowed'));
      await update(c.at, message);
    } catch (err) {
      deps.logger.error(`slack: marking a task done failed: ${(err as Error).message}`);
      await c.tell(t(c.locale, 'slack.actionFailed'));
    }
  });

  // "Beschrijving en zaaknummer tonen" on a lead task: an ephemeral answer to the one who asked, audited.
  app.action(DETAILS_VERB, async ({ ack, body, action }) => {
    await ack();
    const c = await clicked(body, action);
    if (!c) return;
    const outcome = await detailsCommand(deps, c.ids?.incidentId ?? '', deps.directory.slackMemberships(c.b.user.id), interactionKey(c.b, c.a));
    if (outcome.result !== 'ok') return c.tell(t(c.locale, 'access.refused'));
    const lines = [
      t(c.locale, 'details.title', { number: outcome.number }),
      outcome.description || t(c.locale, 'details.none'),
      `${t(c.locale, 'details.citizenRef')}: ${outcome.citizenRef ?? '—'}`,
      t(c.locale, 'details.logged'),
    ];
    await c.tell(lines.join('\n'));
  });

  app.view(SLACK_CHECKIN_CALLBACK, async ({ ack, body, view }) => {
    const { b, who: sender, locale, respond, info } = modalSubmission(deps, { ack, body });
    if (!sender) return info(t(locale, 'slack.unknownUser', { userId: b.user.id }));

    const answer = readCheckinAnswer(view.state?.values as ModalState | undefined);
    if (!answer.feeling) return respond({ response_action: 'errors', errors: { [CHECKIN_INPUTS.feeling]: t(locale, 'checkin.missingFeeling') } });
    const meta = readModalMetadata(view.private_metadata);
    const found = await findCheckin(deps, meta, sender, b.user.id);
    const who = found?.who ?? sender;
    const current = found && currentCheckin(deps, found, who);
    if (!meta || !found || !current) return info(t(locale, 'slack.checkin.notYours'));
    // Answered meanwhile (from another DM or modal): say how it stands; the note of this second answer goes nowhere.
    if (closed(current.checkin)) return info(checkinStatus(current.locale, current.checkin));
    // One effect per submission, however often it is delivered. The key holds ids only.
    if (!(await firstTime(deps, `slack:view:${view.id}:${found.incident.id}:${found.moment.id}`))) return respond();
    await respond();

    const at = meta.channel && meta.ts ? { channel: meta.channel, ts: meta.ts } : undefined;
    const action: CheckinAction = { type: 'answer', feeling: answer.feeling, wantsTalk: answer.wantsTalk, note: answer.note };
    let message;
    try {
      message = await deps.aftercare.act(found.incident.id, found.moment.id, who.person.id, action);
    } catch (err) {
      // Never the note in a log line: the error is about storing or sending, and says so itself.
      deps.logger.error(`slack: answering check-in ${found.moment.id} of ${found.incident.id} failed: ${(err as Error).message}`);
      await afterFailure(found, who, b.user.id, locale, at, !!answer.note);
      return;
    }
    if (message) await update(at, message).catch((err: Error) => deps.logger.warn(`slack: ${err.message}`));
  });

  /** act() failed. If the answer was stored, the note (sent last) is what got lost: say so, honestly. */
  async function afterFailure(found: Found, who: PersonInTeam, userId: string, locale: Locale, at: SlackRef | undefined, hadNote: boolean): Promise<void> {
    try {
      const incident = await deps.store.incidents.get(found.incident.id);
      const moment = incident?.aftercare?.moments.find((m) => m.id === found.moment.id);
      const current = incident && moment ? currentCheckin(deps, { incident, moment }, who) : undefined;
      if (current && moment?.answeredAt) {
        await update(at, { type: 'checkin', ...current }).catch((err: Error) => deps.logger.warn(`slack: ${err.message}`));
        if (hadNote) await deps.messenger.postToUser(userId, slackNotice(t(locale, 'slack.checkin.noteFailed', { aftercare: current.checkin.aftercareName })));
        return;
      }
    } catch (err) {
      deps.logger.warn(`slack: ${(err as Error).message}`);
    }
    await deps.messenger.postToUser(userId, slackNotice(t(locale, 'slack.checkin.failed'))).catch((err: Error) => deps.logger.error(`slack: ${err.message}`));
  }
}
