/** Renders the neutral messages of paging (the page itself, notices) as Adaptive Cards for Teams. */
import type { OutboundMessage, PageView } from '../../services/messages';
import type { Locale } from '../../services/protocol';
import { noticeCard } from './report';
import { PAGE_VERBS, pageText, timeOf } from '../page-text';
import { helpCard } from './help';
import { t, type StringKey } from '../strings';
import { expandTemplate, type AdaptiveCardJson } from './templates';
import { checkinCard, taskCard } from './aftercare';
import { measureLabel, sanctionCard, untilSuffix } from './sanction';
import { actionListCard, meetingAgendaCard, periodReviewCard } from './reviews';

export { PAGE_VERBS, pageStatus } from '../page-text';

/** Teams deep links to chat with or call the reporter (needs the reporter's work e-mail / UPN in the config). */
function teamsLinks(page: PageView): { chatUrl: string; callUrl: string } {
  if (!page.reporterEmail) return { chatUrl: '', callUrl: '' };
  const users = encodeURIComponent(page.reporterEmail);
  return { chatUrl: `https://teams.microsoft.com/l/chat/0/0?users=${users}`, callUrl: `https://teams.microsoft.com/l/call/0/0?users=${users}` };
}

export function pageCard(locale: Locale, page: PageView): AdaptiveCardJson {
  const text = pageText(locale, page);
  const links = page.state === 'stood-down' ? { chatUrl: '', callUrl: '' } : teamsLinks(page);
  return expandTemplate('page', {
    t: {
      ack: t(locale, 'page.ack'),
      decline: t(locale, 'page.decline'),
      done: t(locale, 'page.done'),
      refresh: t(locale, 'page.refresh'),
      chat: t(locale, 'page.chat', { name: page.reporterName }),
      call: t(locale, 'page.call', { name: page.reporterName }),
    },
    verbs: PAGE_VERBS,
    incidentId: page.incidentId,
    title: text.title,
    subtitle: text.subtitle,
    facts: text.facts,
    headerStyle: page.state === 'acknowledged' || page.state === 'stood-down' ? 'good' : 'attention',
    status: text.status.text,
    statusColor: text.status.color,
    ack: text.buttons.includes('ack'),
    decline: text.buttons.includes('decline'),
    done: text.buttons.includes('done'),
    ...links,
    viewerIds: page.viewerIds,
  });
}

/** A notice's text; `time` is derived from `at` in the team's zone. */
export function noticeText(message: Extract<OutboundMessage, { type: 'notice' }>): string {
  const vars = { ...message.vars };
  if (vars.at) vars.time = timeOf(vars.at, vars.timezone ?? 'Europe/Amsterdam');
  if (message.key === 'lead.responseFailed') vars.reason = t(message.locale, `failure.${vars.reason}` as StringKey);
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
    case 'help':
      return helpCard(message.locale, message.help);
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
