/** Check-in and task cards (aftercare) for Teams, from the neutral CheckinView / TaskView. */
import { FIRSTWEEK_VERBS } from '../firstweek-text';
import { formatDate } from '../dates';
import type { CheckinView, TaskView } from '../../services/messages';
import type { Locale } from '../../services/protocol';
import { t, type StringKey } from '../strings';
import { expandTemplate, type AdaptiveCardJson } from './templates';
import { AFTERCARE_VERBS, DETAILS_VERB } from '../actions';
import { answeredKey, isLeadTask, taskLines } from '../aftercare-text';

export { AFTERCARE_VERBS, DETAILS_VERB } from '../actions';
export { answeredKey, isLeadTask, taskLines } from '../aftercare-text';

const FEELINGS = ['good', 'okay', 'bad'] as const;


export function checkinCard(locale: Locale, c: CheckinView, error = ''): AdaptiveCardJson {
  const vars = { aftercare: c.aftercareName, number: c.incidentNumber, date: formatDate(locale, c.occurredAt, c.timezone, 'dayMonth') };
  const feeling = c.answer ? t(locale, `checkin.feeling.${c.answer.feeling}`) : '';
  const status =
    c.state === 'answered'
      ? t(locale, answeredKey(c), { ...vars, feeling })
      : c.state === 'stopped'
        ? t(locale, 'checkin.stopped', vars)
        : c.state === 'snoozed' && c.snoozedUntil
          ? t(locale, 'checkin.snoozed', { until: formatDate(locale, c.snoozedUntil, c.timezone, 'dayTime') })
          : '';
  return expandTemplate('checkin', {
    t: {
      title: t(locale, c.reminder ? 'checkin.reminderTitle' : 'checkin.title'),
      subtitle: t(locale, 'checkin.subtitle', vars),
      offerAgain: c.offerAgain && c.state === 'open' ? t(locale, 'checkin.offerAgain') : '',
      feeling: t(locale, 'checkin.feeling'),
      required: t(locale, 'checkin.missingFeeling'),
      wantsTalk: t(locale, 'checkin.wantsTalk', vars),
      note: t(locale, 'checkin.note', vars),
      notePlaceholder: t(locale, 'checkin.notePlaceholder', vars),
      send: t(locale, 'checkin.send'),
      later1: t(locale, 'checkin.later1'),
      later7: t(locale, 'checkin.later7'),
      stop: t(locale, 'checkin.stop'),
      later: t(locale, 'checkin.later'),
      laterHint: t(locale, 'checkin.laterHint'),
      stopShort: t(locale, 'checkin.stopShort'),
      stopHint: t(locale, 'checkin.stopHint', vars),
      status,
    },
    feelings: FEELINGS.map((value) => ({ value, title: t(locale, `checkin.feeling.${value}`) })),
    open: c.state === 'open',
    teamText: c.state === 'open' ? (c.teamText ?? '') : '',
    error,
    verbs: AFTERCARE_VERBS,
    incidentId: c.incidentId,
    momentId: c.momentId,
  });
}

/** The support talk's task (alone or with the contact) offers Aangifte voorbereiden (docs/police-report.md). */
function withPoliceReportAction(card: AdaptiveCardJson, locale: Locale, task: TaskView): AdaptiveCardJson {
  if (task.doneAt || !(task.kind === 'lead-support-talk' || (task.kind === 'lead-contact' && task.supportTalkBy))) return card;
  const action = { type: 'Action.Execute', title: t(locale, 'police.button'), verb: FIRSTWEEK_VERBS.policeReport, data: { incidentId: task.incidentId, momentId: task.momentId } };
  // Its own row: a third button beside Gedaan and the details would cut all three titles short.
  return { ...card, body: [...((card.body as unknown[]) ?? []), { type: 'ActionSet', actions: [action] }] };
}

export function taskCard(locale: Locale, task: TaskView): AdaptiveCardJson {
  const vars = { subject: task.subjectName, number: task.incidentNumber, date: formatDate(locale, task.occurredAt, task.timezone, 'dayMonth') };
  const key = (part: string) => `task.${task.kind}.${part}` as StringKey;
  const lines = taskLines(locale, task);
  const done = task.doneAt ? t(locale, 'task.done', { name: task.doneByName ?? '', time: formatDate(locale, task.doneAt, task.timezone, 'time') }) : '';
  const actionable = !task.doneAt && task.kind !== 'unanswered' && task.kind !== 'note' && task.kind !== 'support-requested';
  const card = expandTemplate('task', {
    title: t(locale, key('title'), vars),
    body: [t(locale, key('body'), vars), ...lines].join('\n\n'),
    note: task.note ?? '',
    hint: task.kind === 'note' ? t(locale, 'task.note.hint') : '',
    status: done,
    statusColor: 'Good',
    button: actionable ? t(locale, key('button')) : '',
    verb: AFTERCARE_VERBS.done,
    // The lead sees description and citizen reference only on request (docs/roles.md); asking is audited.
    details: isLeadTask(task) ? t(locale, 'details.button') : '',
    detailsVerb: DETAILS_VERB,
    incidentId: task.incidentId,
    momentId: task.momentId,
  });
  return withPoliceReportAction(card, locale, task);
}

/** The incident's description and citizen reference, shown on request; user text only as TextRun (no markdown). */
export function detailsCard(locale: Locale, d: { number: string; description: string; citizenRef?: string }, back?: { incidentId: string; momentId: string }): AdaptiveCardJson {
  // The details replace the task card in place: its button comes along, so the task can still be completed.
  const actions = back ? [{ type: 'Action.Execute', title: t(locale, 'details.back'), verb: AFTERCARE_VERBS.done, data: back }] : [];
  return {
    actions,
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: t(locale, 'details.title', { number: d.number }), size: 'Medium', weight: 'Bolder', wrap: true, style: 'heading' },
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: d.description || t(locale, 'details.none') }] },
      { type: 'FactSet', facts: [{ title: t(locale, 'details.citizenRef'), value: d.citizenRef ?? '—' }] },
      { type: 'TextBlock', text: t(locale, 'details.logged'), size: 'Small', isSubtle: true, wrap: true },
    ],
  } as AdaptiveCardJson;
}
