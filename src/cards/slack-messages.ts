/**
 * The domain's neutral messages as Block Kit, the Slack twin of renderTeamsMessage (page-cards.ts). The switch is
 * exhaustive over OutboundMessage: a new variant does not compile until it has a Slack rendering too.
 */
import type { OutboundMessage, PageView } from '../services/messages';
import { PROTOCOL, type Locale } from '../services/protocol';
import { PAGE_VERBS, noticeText, pageStatus } from './page-cards';
import { formatWhen } from './report-cards';
import { actions, button, context, factsSection, header, message, textSection, type Block, type SlackMessage } from './slack-blocks';
import { t } from './strings';
import { slackActionList, slackAgenda } from './slack-reviews';
import { slackCheckin, slackSanction, slackTask } from './slack-aftercare';

/** The page: the same facts as the Teams page card — who, where, what, when — never the description or citizen ref (DESIGN §4). */
export function slackPage(locale: Locale, page: PageView): SlackMessage {
  const status = pageStatus(locale, page);
  const blocks: Block[] = [
    header(t(locale, 'page.title')),
    textSection(t(locale, 'page.subtitle', { name: page.reporterName })),
    factsSection([
      { label: t(locale, 'page.who'), value: page.reporterName },
      { label: t(locale, 'page.where'), value: t(locale, `channel.${page.channel}`) },
      { label: t(locale, 'page.what'), value: PROTOCOL[page.category].label[locale] },
      { label: t(locale, 'page.when'), value: formatWhen(locale, page.occurredAt, page.timezone) },
      { label: t(locale, 'page.number'), value: page.incidentNumber },
    ]),
    textSection(status.text),
  ];
  if (page.state === 'open' || page.state === 'exhausted') {
    blocks.push(
      actions(`page:${page.incidentId}`, [
        button(t(locale, 'page.ack'), PAGE_VERBS.ack, page.incidentId, 'primary'),
        button(t(locale, 'page.decline'), PAGE_VERBS.decline, page.incidentId),
      ]),
    );
  }
  return message(`${t(locale, 'page.title')}: ${status.text}`, blocks);
}

export function slackNotice(text: string, note?: string): SlackMessage {
  const blocks = [textSection(text)];
  if (note) blocks.push(context(note));
  return message(text, blocks);
}

export function renderSlackMessage(msg: OutboundMessage): SlackMessage {
  switch (msg.type) {
    case 'page':
      return slackPage(msg.locale, msg.page);
    case 'notice':
      return slackNotice(noticeText(msg));
    case 'agenda':
      return slackAgenda(msg.locale, msg.agenda);
    case 'actions':
      return slackActionList(msg.locale, msg.actions);
    case 'checkin':
      return slackCheckin(msg.locale, msg.checkin);
    case 'task':
      return slackTask(msg.locale, msg.task);
    case 'sanction':
      return slackSanction(msg.locale, msg.sanction);
  }
}
