/**
 * Check-ins, aftercare tasks and the sanction request as Block Kit: the same wording and facts as the Teams cards
 * (teams/aftercare.ts, teams/sanction.ts), with their buttons, and the two modals behind them.
 *
 * - Check-in DM: "Beantwoorden" opens a modal (views.open) with the feeling (radio buttons), "I'd like a talk"
 *   (checkbox) and an optional note; "Morgen", "Over een week" and "Geen berichten meer" act on the message itself.
 *   Inputs live in the modal rather than the message: a message's inputs would each send block_actions as they are
 *   touched, and the note would travel through every such event.
 * - Task DM (lead / aftercare): one "done" button.
 * - Sanction request (coordinator): "Besluit vastleggen" opens a modal with the measure and the end date.
 * Action ids are the Teams verbs (AFTERCARE_VERBS, SANCTION_VERB); snooze carries its days in the id because
 * Slack wants action ids unique within a block. Button values and private_metadata hold ids only — never text.
 */
import { DateTime } from 'luxon';
import { formatDate, formatWhen } from '../dates';
import { FIRSTWEEK_VERBS } from '../firstweek-text';
import type { CheckinView, SanctionView, TaskView } from '../../services/messages';
import { SANCTION_MEASURES, type CheckinFeeling } from '../../services/model';
import { PROTOCOL, type Locale } from '../../services/protocol';
import { AFTERCARE_VERBS, DETAILS_VERB, SANCTION_VERB } from '../actions';
import { answeredKey, isLeadTask, taskLines } from '../aftercare-text';
import { measureLabel, untilSuffix } from '../sanction-text';
import { LIMITS, actions, button, context, factsSection, header, message, plain, textSection, type Block, type SlackMessage } from './blocks';
import type { ModalState } from './report';
import { t, type StringKey } from '../strings';
import { consultButton, sanctionHistoryBlocks } from './measures';
import { formModal } from './modals';

/** block_actions ids on the messages. */
export const SLACK_AFTERCARE_ACTIONS = {
  /** Opens the check-in modal. */
  answer: AFTERCARE_VERBS.answer,
  later1: `${AFTERCARE_VERBS.snooze}.1`,
  later7: `${AFTERCARE_VERBS.snooze}.7`,
  stop: AFTERCARE_VERBS.stop,
  done: AFTERCARE_VERBS.done,
} as const;
/** Opens the sanction modal. */
export const SLACK_SANCTION_ACTION = SANCTION_VERB;
/** view_submission callback ids of the two modals. */
export const SLACK_CHECKIN_CALLBACK = AFTERCARE_VERBS.answer;
export const SLACK_SANCTION_CALLBACK = SANCTION_VERB;

/** The check-in modal's input blocks (block id = action id). */
export const CHECKIN_INPUTS = { feeling: 'feeling', wantsTalk: 'wantsTalk', note: 'note' } as const;
export const SANCTION_INPUTS = { measure: 'measure', start: 'start', until: 'until', reason: 'reason' } as const;
/** The note's limit; AftercareService forwards at most this much. */
export const NOTE_MAX = 2000;

const FEELINGS: readonly CheckinFeeling[] = ['good', 'okay', 'bad'];


const checkinVars = (locale: Locale, c: CheckinView) => ({
  aftercare: c.aftercareName,
  number: c.incidentNumber,
  date: formatDate(locale, c.occurredAt, c.timezone, 'dayMonth'),
});

/** What a button or modal needs to find its incident (and moment) again; ids only. */
export interface InteractionIds {
  incidentId: string;
  momentId?: string;
}
/** The message a modal was opened from, so the submission can update it (chat.update). */
export interface MessageLocation {
  channel: string;
  ts: string;
}
export type ModalMetadata = InteractionIds & Partial<MessageLocation>;

/** Ids are only ever looked up (store, directory), never shown or interpolated: any short string will do. */
const idOrUndefined = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 300 ? v : undefined);

function parseIds(raw: unknown): ModalMetadata | undefined {
  try {
    const o = JSON.parse(String(raw)) as Record<string, unknown>;
    const incidentId = idOrUndefined(o.incidentId);
    if (!incidentId) return undefined;
    return { incidentId, momentId: idOrUndefined(o.momentId), channel: idOrUndefined(o.channel), ts: idOrUndefined(o.ts) };
  } catch {
    return undefined;
  }
}

/** A button's value: the ids it acts on. */
export const buttonValue = (ids: InteractionIds): string => JSON.stringify(ids.momentId ? { incidentId: ids.incidentId, momentId: ids.momentId } : { incidentId: ids.incidentId });
export function readButtonValue(value: unknown): InteractionIds | undefined {
  const ids = parseIds(value);
  return ids && { incidentId: ids.incidentId, momentId: ids.momentId };
}
export const readModalMetadata = (privateMetadata: unknown): ModalMetadata | undefined => parseIds(privateMetadata);

/** The line a check-in shows once it is no longer open (Teams: checkinCard's status). Empty while open. */
export function checkinStatus(locale: Locale, c: CheckinView): string {
  const vars = checkinVars(locale, c);
  const feeling = c.answer ? t(locale, `checkin.feeling.${c.answer.feeling}`) : '';
  if (c.state === 'answered') {
    return t(locale, answeredKey(c), { ...vars, feeling });
  }
  if (c.state === 'stopped') return t(locale, 'checkin.stopped', vars);
  if (c.state === 'snoozed' && c.snoozedUntil) return t(locale, 'checkin.snoozed', { until: formatDate(locale, c.snoozedUntil, c.timezone, 'dayTime') });
  return '';
}

export function slackCheckin(locale: Locale, c: CheckinView): SlackMessage {
  const vars = checkinVars(locale, c);
  const title = t(locale, c.reminder ? 'checkin.reminderTitle' : 'checkin.title');
  const blocks: Block[] = [header(title), context(t(locale, 'checkin.subtitle', vars))];
  if (c.offerAgain && c.state === 'open') blocks.push(textSection(t(locale, 'checkin.offerAgain')));
  if (c.teamText && c.state === 'open') blocks.push(textSection(c.teamText));
  // A snoozed check-in that comes back is open again: it is sent anew with its buttons.
  const status = checkinStatus(locale, c);
  if (status) blocks.push(textSection(status));
  if (c.state === 'open') {
    const value = buttonValue(c);
    blocks.push(
      actions('checkin', [
        button(t(locale, 'slack.checkin.answer'), SLACK_AFTERCARE_ACTIONS.answer, value, 'primary'),
        button(t(locale, 'checkin.later1'), SLACK_AFTERCARE_ACTIONS.later1, value),
        button(t(locale, 'checkin.later7'), SLACK_AFTERCARE_ACTIONS.later7, value),
        {
          ...button(t(locale, 'checkin.stop'), SLACK_AFTERCARE_ACTIONS.stop, value),
          // Teams asks again before stopping (a ShowCard with the hint); Slack's confirm dialog does the same.
          confirm: {
            title: plain(t(locale, 'checkin.stopShort'), 100),
            text: plain(t(locale, 'checkin.stopHint', vars), 300),
            confirm: plain(t(locale, 'checkin.stopShort'), 30),
            deny: plain(t(locale, 'form.cancel'), 30),
          },
        },
      ]),
      context(t(locale, 'checkin.laterHint')),
    );
  }
  return message(title, blocks);
}

/** The check-in's inputs. private_metadata holds the ids and where the DM is; the note exists only in the submission. */
export function slackCheckinModal(locale: Locale, c: CheckinView, from?: MessageLocation): Record<string, unknown> {
  const vars = checkinVars(locale, c);
  const option = (value: string, text: string) => ({ text: plain(text, LIMITS.option), value });
  const blocks: Block[] = [context(t(locale, 'checkin.subtitle', vars))];
  if (c.offerAgain) blocks.push(textSection(t(locale, 'checkin.offerAgain')));
  blocks.push(
    {
      type: 'input',
      block_id: CHECKIN_INPUTS.feeling,
      label: plain(t(locale, 'checkin.feeling'), LIMITS.label),
      element: { type: 'radio_buttons', action_id: CHECKIN_INPUTS.feeling, options: FEELINGS.map((f) => option(f, t(locale, `checkin.feeling.${f}`))) },
    },
    {
      type: 'input',
      block_id: CHECKIN_INPUTS.wantsTalk,
      optional: true,
      label: plain(t(locale, 'slack.checkin.talk'), LIMITS.label),
      element: { type: 'checkboxes', action_id: CHECKIN_INPUTS.wantsTalk, options: [option('true', t(locale, 'checkin.wantsTalk', vars))] },
    },
    {
      type: 'input',
      block_id: CHECKIN_INPUTS.note,
      optional: true,
      label: plain(t(locale, 'checkin.note', vars), LIMITS.label),
      hint: plain(t(locale, 'checkin.notePlaceholder', vars), LIMITS.hint),
      element: { type: 'plain_text_input', action_id: CHECKIN_INPUTS.note, multiline: true, max_length: NOTE_MAX },
    },
  );
  return formModal(locale, {
    callbackId: SLACK_CHECKIN_CALLBACK,
    title: t(locale, 'slack.checkin.title'),
    submit: t(locale, 'checkin.send'),
    metadata: { incidentId: c.incidentId, momentId: c.momentId, ...from },
    blocks,
  });
}

type StateValue = NonNullable<ModalState[string]>[string];
const stateOf = (state: ModalState | undefined, id: string): StateValue | undefined => state?.[id]?.[id];

export interface CheckinAnswer {
  feeling?: CheckinFeeling;
  wantsTalk: boolean;
  note?: string;
}

export function readCheckinAnswer(state: ModalState | undefined): CheckinAnswer {
  const feeling = stateOf(state, CHECKIN_INPUTS.feeling)?.selected_option?.value;
  const note = stateOf(state, CHECKIN_INPUTS.note)?.value;
  return {
    feeling: (FEELINGS as readonly unknown[]).includes(feeling) ? (feeling as CheckinFeeling) : undefined,
    wantsTalk: (stateOf(state, CHECKIN_INPUTS.wantsTalk)?.selected_options ?? []).some((o) => o.value === 'true'),
    note: typeof note === 'string' && note.trim() ? note.slice(0, NOTE_MAX) : undefined,
  };
}

export function slackTask(locale: Locale, task: TaskView): SlackMessage {
  const vars = { subject: task.subjectName, number: task.incidentNumber, date: formatDate(locale, task.occurredAt, task.timezone, 'dayMonth') };
  const key = (part: string) => `task.${task.kind}.${part}` as StringKey;
  const title = t(locale, key('title'), vars);
  const blocks: Block[] = [header(title), textSection(t(locale, key('body'), vars))];
  for (const line of taskLines(locale, task)) blocks.push(context(line));
  // The reporter's own words for the aftercare person: literal text only.
  if (task.note) blocks.push(textSection(task.note));
  if (task.kind === 'note') blocks.push(context(t(locale, 'task.note.hint')));
  if (task.doneAt) blocks.push(context(t(locale, 'task.done', { name: task.doneByName ?? '', time: formatDate(locale, task.doneAt, task.timezone, 'time') })));
  // As in Teams: an unanswered notice and a note are information, not a to-do.
  const actionable = !task.doneAt && task.kind !== 'unanswered' && task.kind !== 'note' && task.kind !== 'support-requested';
  const buttons = actionable ? [button(t(locale, key('button')), SLACK_AFTERCARE_ACTIONS.done, buttonValue(task), 'primary')] : [];
  // The lead sees description and citizen reference only on request (docs/roles.md); asking is audited.
  if (isLeadTask(task)) buttons.push(button(t(locale, 'details.button'), DETAILS_VERB, buttonValue({ incidentId: task.incidentId })));
  // The support talk (alone or with the contact) offers Aangifte voorbereiden (docs/police-report.md).
  if (!task.doneAt && (task.kind === 'lead-support-talk' || (task.kind === 'lead-contact' && task.supportTalkBy))) buttons.push(button(t(locale, 'police.button'), FIRSTWEEK_VERBS.policeReport, task.incidentId));
  if (buttons.length) blocks.push(actions('task', buttons));
  return message(title, blocks);
}

export function slackSanction(locale: Locale, s: SanctionView): SlackMessage {
  const key = (k: string) => t(locale, `sanction.${k}` as StringKey, { number: s.incidentNumber });
  const why = s.registrationReason === 'pattern' ? t(locale, 'sanction.why.pattern', { count: s.patternCount }) : t(locale, `reason.${s.registrationReason}` as StringKey);
  const blocks: Block[] = [
    header(key('title')),
    textSection(key('subtitle')),
    factsSection([
      { label: key('reporter'), value: s.reporterName },
      { label: key('category'), value: PROTOCOL[s.category].label[locale] },
      { label: key('when'), value: formatWhen(locale, s.occurredAt, s.timezone) },
      { label: key('channel'), value: t(locale, `channel.${s.channel}` as StringKey) },
      { label: key('citizenRef'), value: s.citizenRef ?? '—' },
      { label: key('why'), value: why },
    ]),
    context(key('description')),
    textSection(s.description),
    ...sanctionHistoryBlocks(locale, s),
  ];
  if (s.decided?.measure === 'none') {
    blocks.push(textSection(t(locale, 'measure.decidedNone', { name: s.decided.byName, reason: s.decided.reason ?? '' })));
  } else if (s.decided) {
    blocks.push(textSection(t(locale, 'sanction.decided', { name: s.decided.byName, measure: measureLabel(locale, s.decided.measure), until: untilSuffix(locale, s.decided.until) })));
  } else {
    if (s.consulted) blocks.push(context(t(locale, 'measure.consulted')));
    blocks.push(actions('sanction', [button(key('decide'), SLACK_SANCTION_ACTION, buttonValue(s), 'primary'), ...consultButton(locale, s)]));
  }
  return message(key('title'), blocks);
}

/** The coordinator's decision form: the measures with their Dutch (or English) labels, and the end date. */
export function slackSanctionModal(locale: Locale, s: SanctionView, from?: MessageLocation): Record<string, unknown> {
  const option = (value: string) => ({ text: plain(measureLabel(locale, value), LIMITS.option), value });
  // As in Teams: half a year after the incident is offered; it only counts for a restricting measure.
  const defaultUntil = DateTime.fromISO(s.occurredAt, { zone: s.timezone }).plus({ months: 6 }).toISODate();
  return formModal(locale, {
    callbackId: SLACK_SANCTION_CALLBACK,
    title: t(locale, 'slack.sanction.title'),
    submit: t(locale, 'sanction.decide'),
    metadata: { incidentId: s.incidentId, ...from },
    blocks: [
      textSection(t(locale, 'sanction.subtitle', { number: s.incidentNumber })),
      {
        type: 'input',
        block_id: SANCTION_INPUTS.measure,
        label: plain(t(locale, 'sanction.measure'), LIMITS.label),
        element: { type: 'radio_buttons', action_id: SANCTION_INPUTS.measure, options: (s.catalogue ?? SANCTION_MEASURES).map(option) },
      },
      {
        type: 'input',
        block_id: SANCTION_INPUTS.start,
        optional: true,
        label: plain(t(locale, 'measure.start'), LIMITS.label),
        element: { type: 'datepicker', action_id: SANCTION_INPUTS.start },
      },
      {
        type: 'input',
        block_id: SANCTION_INPUTS.until,
        optional: true,
        label: plain(t(locale, 'sanction.until'), LIMITS.label),
        hint: plain(t(locale, 'sanction.untilHint'), LIMITS.hint),
        element: { type: 'datepicker', action_id: SANCTION_INPUTS.until, ...(defaultUntil ? { initial_date: defaultUntil } : {}) },
      },
      {
        type: 'input',
        block_id: SANCTION_INPUTS.reason,
        optional: true,
        label: plain(t(locale, 'measure.reason'), LIMITS.label),
        element: { type: 'plain_text_input', action_id: SANCTION_INPUTS.reason, multiline: true, max_length: 500 },
      },
    ],
  });
}

export function readSanctionDecision(state: ModalState | undefined): { measure?: string; until?: string; start?: string; reason?: string } {
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    measure: text(stateOf(state, SANCTION_INPUTS.measure)?.selected_option?.value),
    until: text(stateOf(state, SANCTION_INPUTS.until)?.selected_date),
    start: text(stateOf(state, SANCTION_INPUTS.start)?.selected_date),
    reason: text(stateOf(state, SANCTION_INPUTS.reason)?.value),
  };
}

/** `response_action: errors` for a decision SanctionService called invalid: no measure, no reason for none, or no end date. */
export function sanctionErrors(locale: Locale, measure: string | undefined): Record<string, string> {
  if (measure === 'none') return { [SANCTION_INPUTS.reason]: t(locale, 'measure.reasonRequired') };
  return (SANCTION_MEASURES as readonly unknown[]).includes(measure) ? { [SANCTION_INPUTS.until]: t(locale, 'sanction.untilRequired') } : { [SANCTION_INPUTS.measure]: t(locale, 'sanction.measureRequired') };
}
