/** Renders the neutral messages of paging (the page itself, notices) as Adaptive Cards for Teams. */
import { DateTime } from 'luxon';
import type { OutboundMessage, PageView } from '../services/messages';
import { PROTOCOL, type Locale } from '../services/protocol';
import { formatWhen, noticeCard } from './report-cards';
import { t, type StringKey } from './strings';
import { expandTemplate, type AdaptiveCardJson } from './templates';
import { checkinCard, taskCard } from './aftercare-cards';
import { measureLabel, sanctionCard, untilSuffix } from './sanction-cards';
import { actionListCard, meetingAgendaCard, periodReviewCard } from './review-cards';

export const PAGE_VERBS = { ack: 'page.ack', decline: 'page.decline', refresh: 'page.refresh' } as const;

const timeOf = (iso: string | undefined, zone: string) => (iso ? DateTime.fromISO(iso, { zone }).toFormat('HH:mm') : '');

export function pageStatus(locale: Locale, page: PageView): { text: string; color: string } {
  const time = timeOf(page.acknowledgedAt, page.timezone);
  switch (page.state) {
    case 'acknowledged':
      return page.viewerIsAcknowledger
        ? { text: t(locale, 'page.status.acknowledgedYou', { time, reporter: page.reporterName }), color: 'Good' }
        : { text: t(locale, 'page.status.acknowledged', { name: page.acknowledgedByName ?? '?', time }), color: 'Good' };
    case 'declined':
      return { text: t(locale, 'page.status.declined'), color: 'Default' };
    case 'exhausted':
      return { text: t(locale, 'page.status.exhausted'), color: 'Attention' };
    case 'open':
      return { text: t(locale, 'page.status.open', { name: page.reporterName }), color: 'Attention' };
  }
}

export function pageCard(locale: Locale, page: PageView): AdaptiveCardJson {
  const status = pageStatus(locale, page);
  return expandTemplate('page', {
    t: {
      title: t(locale, 'page.title'),
      subtitle: t(locale, 'page.subtitle', { name: page.reporterName }),
      who: t(locale, 'page.who'),
      where: t(locale, 'page.where'),
      what: t(locale, 'page.what'),
      when: t(locale, 'page.when'),
      number: t(locale, 'page.number'),
      ack: t(locale, 'page.ack'),
      decline: t(locale, 'page.decline'),
      refresh: t(locale, 'page.refresh'),
    },
    verbs: PAGE_VERBS,
    incidentId: page.incidentId,
    incidentNumber: page.incidentNumber,
    reporterName: page.reporterName,
    channelLabel: t(locale, `channel.${page.channel}`),
    categoryLabel: PROTOCOL[page.category].label[locale],
    when: formatWhen(locale, page.occurredAt, page.timezone),
    headerStyle: page.state === 'acknowledged' ? 'good' : 'attention',
    status: status.text,
    statusColor: status.color,
    open: page.state === 'open' || page.state === 'exhausted',
    viewerIds: page.viewerIds,
  });
}

/** A notice's text; `time` is derived from `at` in the team's zone. */
export function noticeText(message: Extract<OutboundMessage, { type: 'notice' }>): string {
  const vars = { ...message.vars };
  if (vars.at) vars.time = timeOf(vars.at, vars.timezone ?? 'Europe/Amsterdam');
  if (message.key === 'sanction.outcome') {
    vars.measure = measureLabel(message.locale, vars.measure ?? '');
    vars.until = untilSuffix(message.locale, vars.until);
  }
  return t(message.locale, `notice.${message.key}` as StringKey, vars);
}

export function renderTeamsMessage(message: OutboundMessage): AdaptiveCardJson {
  switch (message.type) {
    case 'page':
      return pageCard(message.locale, message.page);
    case 'notice':
      return noticeCard(noticeText(message));
    case 'checkin':
      return checkinCard(message.locale, message.checkin);
    case 'task':
      return taskCard(message.locale, message.task);
    case 'sanction':
      return sanctionCard(message.locale, message.sanction);
    case 'agenda':
      return message.agenda.kind === 'meeting' ? meetingAgendaCard(message.locale, message.agenda) : periodReviewCard(message.locale, message.agenda);
    case 'actions':
      return actionListCard(message.locale, message.actions);
  }
}
