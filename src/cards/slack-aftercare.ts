/**
 * Check-ins, aftercare tasks and the sanction request as Block Kit: the same wording and facts as the Teams cards
 * (aftercare-cards.ts, sanction-cards.ts), so a Slack incident's follow-up reaches its people readably.
 * Not yet interactive: the answer/snooze/stop/done/decide buttons and their block_actions handlers belong to the
 * aftercare and sanction work (the action ids would be AFTERCARE_VERBS and SANCTION_VERB).
 */
import { DateTime } from 'luxon';
import type { CheckinView, SanctionView, TaskView } from '../services/messages';
import { PROTOCOL, type Locale } from '../services/protocol';
import { formatWhen } from './report-cards';
import { measureLabel, untilSuffix } from './sanction-cards';
import { context, factsSection, header, message, textSection, type Block, type SlackMessage } from './slack-blocks';
import { t, type StringKey } from './strings';

const localDate = (locale: Locale, iso: string, zone: string, format: string) =>
  DateTime.fromISO(iso, { zone }).setLocale(locale === 'nl' ? 'nl-NL' : 'en-GB').toFormat(format);

export function slackCheckin(locale: Locale, c: CheckinView): SlackMessage {
  const vars = { aftercare: c.aftercareName, number: c.incidentNumber, date: localDate(locale, c.occurredAt, c.timezone, 'd LLLL') };
  const title = t(locale, c.reminder ? 'checkin.reminderTitle' : 'checkin.title');
  const blocks: Block[] = [header(title), context(t(locale, 'checkin.subtitle', vars))];
  if (c.offerAgain && c.state === 'open') blocks.push(textSection(t(locale, 'checkin.offerAgain')));
  const feeling = c.answer ? t(locale, `checkin.feeling.${c.answer.feeling}`) : '';
  if (c.state === 'answered') {
    const talk = c.answer?.wantsTalk || c.answer?.feeling === 'bad';
    blocks.push(textSection(t(locale, talk ? 'checkin.answeredTalk' : 'checkin.answered', { ...vars, feeling })));
  } else if (c.state === 'stopped') {
    blocks.push(textSection(t(locale, 'checkin.stopped', vars)));
  } else if (c.state === 'snoozed' && c.snoozedUntil) {
    blocks.push(textSection(t(locale, 'checkin.snoozed', { until: localDate(locale, c.snoozedUntil, c.timezone, 'cccc d LLLL, HH:mm') })));
  }
  return message(title, blocks);
}

export function slackTask(locale: Locale, task: TaskView): SlackMessage {
  const vars = { subject: task.subjectName, number: task.incidentNumber, date: localDate(locale, task.occurredAt, task.timezone, 'd LLLL') };
  const key = (part: string) => `task.${task.kind}.${part}` as StringKey;
  const title = t(locale, key('title'), vars);
  const blocks: Block[] = [header(title), textSection(t(locale, key('body'), vars))];
  if (task.feeling) blocks.push(context(t(locale, 'task.feeling', { feeling: t(locale, `checkin.feeling.${task.feeling}`) })));
  if (task.checkinStatus) blocks.push(context(t(locale, `task.checkins.${task.checkinStatus}`)));
  // The reporter's own words for the aftercare person: literal text only.
  if (task.note) blocks.push(textSection(task.note));
  if (task.kind === 'note') blocks.push(context(t(locale, 'task.note.hint')));
  if (task.doneAt) blocks.push(context(t(locale, 'task.done', { name: task.doneByName ?? '', time: localDate(locale, task.doneAt, task.timezone, 'HH:mm') })));
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
  ];
  if (s.decided) {
    blocks.push(textSection(t(locale, 'sanction.decided', { name: s.decided.byName, measure: measureLabel(locale, s.decided.measure), until: untilSuffix(locale, s.decided.until) })));
  }
  return message(key('title'), blocks);
}
