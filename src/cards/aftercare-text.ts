/** What check-ins and aftercare tasks say, platform-free: the Teams cards (teams/aftercare.ts) and the Slack messages (slack/aftercare.ts). */
import type { CheckinView, TaskView } from '../services/messages';
import { PROTOCOL, type Locale } from '../services/protocol';
import { formatDate } from './dates';
import { t, type StringKey } from './strings';

/** What the reporter chose, said back as chosen: "niet goed" without a talk request is not "wants a talk". */
export function answeredKey(c: CheckinView): StringKey {
  if (c.answer?.wantsTalk) return 'checkin.answeredTalk';
  return c.answer?.feeling === 'bad' ? 'checkin.answeredBad' : 'checkin.answered';
}

/**
 * The task's facts both platforms show: the answer that was chosen, the check-in status (the lead: answered or not,
 * never the answers), and for the lead what to prepare and the support talk's deadline.
 */
export function taskLines(locale: Locale, task: TaskView): string[] {
  const lines: string[] = [];
  if (task.supportTalkBy) {
    const by = formatDate(locale, task.supportTalkBy, task.timezone, 'dayAt');
    lines.push(t(locale, task.kind === 'lead-contact' ? 'task.lead-contact.withTalk' : 'task.supportTalkBy', { by }));
  }
  if (task.prepare) {
    lines.push(t(locale, 'task.prepare.category', { category: PROTOCOL[task.prepare.category].label[locale] }));
    lines.push(t(locale, 'task.prepare.firstResponse', { outcome: t(locale, `review.firstResponse.${task.prepare.firstResponse}`) }));
    lines.push(t(locale, task.prepare.supportRequested ? 'task.prepare.supportRequested' : 'task.prepare.noSupportRequested'));
  }
  if (task.feeling) lines.push(t(locale, task.kind === 'feeling-bad' || task.kind === 'talk-request' ? 'task.feeling.chosen' : 'task.feeling', { feeling: t(locale, `checkin.feeling.${task.feeling}`) }));
  if (task.checkinStatus) lines.push(t(locale, `task.checkins.${task.checkinStatus}`));
  return lines;
}

/** The lead's own tasks carry the "on request" button for description and citizen reference. */
export const isLeadTask = (task: TaskView) => task.kind === 'lead-contact' || task.kind === 'lead-support-talk';
