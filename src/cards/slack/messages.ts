/**
 * The domain's neutral messages as Block Kit, the Slack twin of renderTeamsMessage (teams/messages.ts). The table is
 * exhaustive over OutboundMessage (render.ts): a new variant does not compile until it has a Slack rendering too.
 */
import type { PageView } from '../../services/messages';
import type { Locale } from '../../services/protocol';
import { messageRenderer } from '../render';
import { PAGE_VERBS, pageText } from '../page-text';
import { slackHelp } from './help';
import { actions, button, context, factsSection, header, message, textSection, type Block, type SlackMessage } from './blocks';
import { t } from '../strings';
import { slackActionList, slackAgenda } from './reviews';
import { slackCheckin, slackSanction, slackTask } from './aftercare';
import { slackMeasure } from './measures';

/** The page, from the same text as the Teams page card (page-text.ts); the reporter is a mention, one click to a DM. */
export function slackPage(locale: Locale, page: PageView): SlackMessage {
  const text = pageText(locale, page);
  const blocks: Block[] = [
    header(text.title),
    textSection(text.subtitle),
    factsSection(text.facts),
    textSection(text.status.text),
  ];
  if (page.reporterChatId && page.state !== 'stood-down') {
    blocks.push(context(t(locale, 'page.slackDm', { name: page.reporterName, mention: `<@${page.reporterChatId}>` })));
  }
  const labels = { ack: t(locale, 'page.ack'), decline: t(locale, 'page.decline'), done: t(locale, 'page.done') } as const;
  if (text.buttons.length) {
    blocks.push(actions(`page:${page.incidentId}`, text.buttons.map((b) => button(labels[b], PAGE_VERBS[b], page.incidentId, b === 'decline' ? undefined : 'primary'))));
  }
  return message(`${text.title}: ${text.status.text}`, blocks);
}

export function slackNotice(text: string, note?: string): SlackMessage {
  const blocks = [textSection(text)];
  if (note) blocks.push(context(note));
  return message(text, blocks);
}

/** Every neutral message as Block Kit (the dispatch: render.ts). */
export const renderSlackMessage = messageRenderer<SlackMessage>({
  page: slackPage, help: slackHelp, notice: slackNotice, checkin: slackCheckin, task: slackTask,
  sanction: slackSanction, measure: slackMeasure, agenda: slackAgenda, actions: slackActionList,
});
