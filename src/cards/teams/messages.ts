/** The domain's neutral messages as Adaptive Cards: every message Teams sends (the dispatch: render.ts; twin: slack/messages.ts). */
import { measureCard } from './measures';
import { messageRenderer } from '../render';
import { noticeCard } from './report';
import { helpCard } from './help';
import { checkinCard, taskCard } from './aftercare';
import { sanctionCard } from './sanction';
import { actionListCard, meetingAgendaCard, periodReviewCard } from './reviews';
import { pageCard } from './page';
import type { AdaptiveCardJson } from './templates';

export const renderTeamsMessage = messageRenderer<AdaptiveCardJson>({
  page: pageCard, help: helpCard, notice: noticeCard, checkin: checkinCard, task: taskCard,
  sanction: sanctionCard, measure: measureCard, actions: actionListCard,
  agenda: (locale, agenda) => (agenda.kind === 'meeting' ? meetingAgendaCard(locale, agenda) : periodReviewCard(locale, agenda)),
});
