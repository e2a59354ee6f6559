/** The domain's neutral messages as Adaptive Cards: the one switch over every message Teams sends (twin: slack/messages.ts). */
import { measureCard } from './measures';
import type { OutboundMessage } from '../../services/messages';
import { noticeText } from '../page-text';
import { noticeCard } from './report';
import { helpCard } from './help';
import { checkinCard, taskCard } from './aftercare';
import { sanctionCard } from './sanction';
import { actionListCard, meetingAgendaCard, periodReviewCard } from './reviews';
import { pageCard } from './page';
import type { AdaptiveCardJson } from './templates';

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
    case 'measure':
      return measureCard(message.locale, message.measure);
    case 'agenda':
      return message.agenda.kind === 'meeting' ? meetingAgendaCard(message.locale, message.agenda) : periodReviewCard(message.locale, message.agenda);
    case 'actions':
      return actionListCard(message.locale, message.actions);
  }
}
