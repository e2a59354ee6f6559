/**
 * What a page says, platform-free: the Teams card (teams/page.ts) and the Slack message (slack/messages.ts) both
 * render from this, so the two never drift. Who, where, what, when; never the description or citizen reference.
 */
import { formatDate } from './dates';
import type { OutboundMessage, PageView } from '../services/messages';
import { PROTOCOL, type Category, type Locale } from '../services/protocol';
import { formatWhen } from './dates';
import { t, type StringKey } from './strings';
import { measureLabel, untilSuffix } from './sanction-text';

export { PAGE_VERBS } from './actions';

export const timeOf = (iso: string | undefined, zone: string) => (iso ? formatDate('nl', iso, zone, 'time') : '');

export interface PageText {
  title: string;
  subtitle: string;
  facts: { label: string; value: string }[];
  status: { text: string; color: 'Good' | 'Attention' | 'Default' };
  /** Buttons this viewer may press now. */
  buttons: ('ack' | 'decline' | 'done')[];
}

export function pageStatus(locale: Locale, page: PageView): PageText['status'] {
  const time = timeOf(page.acknowledgedAt, page.timezone);
  switch (page.state) {
    case 'acknowledged':
      if (page.viewerIsAcknowledger && page.completedAt) return { text: t(locale, 'page.status.done', { time: timeOf(page.completedAt, page.timezone) }), color: 'Good' };
      return page.viewerIsAcknowledger
        ? { text: t(locale, 'page.status.acknowledgedYou', { time, reporter: page.reporterName }), color: 'Good' }
        : { text: t(locale, 'page.status.acknowledged', { name: page.acknowledgedByName ?? '?', time }), color: 'Good' };
    case 'declined':
      return { text: t(locale, 'page.status.declined'), color: 'Default' };
    case 'exhausted':
      return { text: t(locale, 'page.status.exhausted'), color: 'Attention' };
    case 'stood-down':
      return { text: t(locale, 'page.status.stoodDown', { name: page.reporterName }), color: 'Good' };
    case 'open':
      return { text: t(locale, 'page.status.open', { name: page.reporterName }), color: 'Attention' };
  }
}

/** The first line: acute help, something happening now (worded by category), or a report about earlier. */
function subtitle(locale: Locale, page: PageView): string {
  const name = page.reporterName;
  if (page.help || !page.category) return t(locale, 'page.subtitle.help', { name });
  if (!page.urgent) {
    const what = PROTOCOL[page.category].label[locale].toLowerCase();
    return t(locale, 'page.subtitle.past', { name, what, when: formatWhen(locale, page.occurredAt, page.timezone) });
  }
  const key = page.category === 'threat' || page.category === 'verbal-aggression' ? page.category : 'emotion';
  return t(locale, `page.subtitle.${key}` as StringKey, { name });
}

export function pageText(locale: Locale, page: PageView): PageText {
  const where = page.place ?? (page.channel ? t(locale, `channel.${page.channel}` as StringKey) : t(locale, 'page.where.unknown'));
  const buttons: PageText['buttons'] = [];
  if (page.state === 'open' || page.state === 'exhausted') buttons.push('ack', 'decline');
  if (page.state === 'acknowledged' && page.viewerIsAcknowledger && !page.completedAt) buttons.push('done');
  return {
    title: t(locale, 'page.title'),
    subtitle: subtitle(locale, page),
    facts: [
      { label: t(locale, 'page.who'), value: page.reporterName },
      { label: t(locale, 'page.where'), value: where },
      { label: t(locale, 'page.what'), value: page.category ? PROTOCOL[page.category].label[locale] : t(locale, 'page.what.help') },
      { label: t(locale, 'page.when'), value: formatWhen(locale, page.occurredAt, page.timezone) },
      { label: t(locale, 'page.number'), value: page.incidentNumber },
    ],
    status: pageStatus(locale, page),
    buttons,
  };
}

/** A notice's text; `time` is derived from `at` in the team's zone. */
export function noticeText(message: Extract<OutboundMessage, { type: 'notice' }>): string {
  const vars = { ...message.vars };
  if (vars.at) vars.time = timeOf(vars.at, vars.timezone ?? 'Europe/Amsterdam');
  if (message.key === 'lead.responseFailed') vars.reason = t(message.locale, `failure.${vars.reason}` as StringKey);
  if (message.key === 'pattern.reporter' && vars.category in PROTOCOL) vars.category = PROTOCOL[vars.category as Category].label[message.locale];
  if (message.key === 'sanction.outcome' || message.key === 'measure.lead') {
    vars.measure = measureLabel(message.locale, vars.measure ?? '');
    vars.until = untilSuffix(message.locale, vars.until);
  }
  return t(message.locale, `notice.${message.key}` as StringKey, vars);
}
