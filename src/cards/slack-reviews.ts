/**
 * The review calendar's posts and the action list as Block Kit: the same facts as the Teams cards (review-cards.ts).
 * Slack image blocks need a public URL, so the chart is given as text (the numbers per category and period).
 * Buttons and the add-action form are Teams-only for now: in Slack the commands `actie`, `afwijking`, `klaar` apply.
 */
import type { ActionListView, AgendaAction, AgendaDeviation, AgendaView } from '../services/review-views';
import type { Locale } from '../services/protocol';
import {
  actionLine,
  agendaSubtitle,
  agendaTitle,
  chartSummary,
  incidentFacts,
  incidentHeading,
  incidentsSummary,
  lateText,
  statisticsFacts,
  withheldText,
} from './review-text';
import { context, divider, factsSection, header, message, textSection, type Block, type SlackMessage } from './slack-blocks';
import { t } from './strings';

/** Block Kit allows 50 blocks per message; lists are cut to keep room for the rest. */
const MAX_ITEMS = 8;

const actionBlocks = (locale: Locale, list: AgendaAction[], zone: string): Block[] =>
  list.slice(0, MAX_ITEMS).flatMap((a) => [textSection(`${a.number}  ${a.text}`), context(actionLine(locale, a, zone))]);

const deviationBlocks = (locale: Locale, list: AgendaDeviation[]): Block[] =>
  list.slice(0, MAX_ITEMS).flatMap((d) => [textSection(`${d.number}  ${d.text}`), context(t(locale, 'review.deviation.by', { name: d.byName }))]);

const heading = (text: string): Block[] => [divider(), textSection(text)];

export function slackAgenda(locale: Locale, view: AgendaView): SlackMessage {
  const zone = view.timezone;
  const title = agendaTitle(locale, view);
  const blocks: Block[] = [header(title), context(agendaSubtitle(locale, view))];
  if (view.late) blocks.push(textSection(lateText(locale, view.late, zone)));
  if (view.kind === 'meeting') {
    blocks.push(...heading(t(locale, 'review.section.incidents')), textSection(incidentsSummary(locale, view)));
    for (const i of view.incidents.slice(0, MAX_ITEMS)) {
      blocks.push(textSection(incidentHeading(locale, i, zone)), factsSection(incidentFacts(locale, i).map((f) => ({ label: f.title, value: f.value }))), context(i.description));
    }
    const withheld = withheldText(locale, view);
    if (withheld) blocks.push(context(withheld));
    blocks.push(...heading(t(locale, 'review.section.dilemma')), textSection(view.dilemma));
    blocks.push(...heading(t(locale, 'review.section.actions')));
    blocks.push(...(view.openActions.length ? actionBlocks(locale, view.openActions, zone) : [context(t(locale, 'review.actions.none'))]));
    blocks.push(...heading(t(locale, 'review.section.deviations')));
    blocks.push(...(view.deviations.length ? deviationBlocks(locale, view.deviations) : [context(t(locale, 'review.deviations.none').replace(/\*\*/g, ''))]));
  } else {
    const s = view.statistics;
    blocks.push(textSection(`${t(locale, 'review.items.title')}\n${t(locale, `review.${view.kind}.items`)}`));
    blocks.push(...heading(t(locale, 'review.stats.title', { period: view.period })), context(chartSummary(locale, s)));
    blocks.push(factsSection(statisticsFacts(locale, s).map((f) => ({ label: f.title, value: f.value }))));
    if (view.deviations.length) blocks.push(...heading(t(locale, 'review.section.deviationsPeriod')), ...deviationBlocks(locale, view.deviations));
    if (view.actionsDone.length) blocks.push(...heading(t(locale, 'review.section.actionsDone')), ...actionBlocks(locale, view.actionsDone, zone));
    blocks.push(...heading(t(locale, 'review.section.actions').replace(/^\d+\.\s*/, '')));
    blocks.push(...(view.openActions.length ? actionBlocks(locale, view.openActions, zone) : [context(t(locale, 'review.actions.none'))]));
  }
  return message(title, blocks);
}

export function slackActionList(locale: Locale, view: ActionListView): SlackMessage {
  const title = t(locale, 'actions.title', { team: view.teamName });
  const blocks: Block[] = [];
  if (view.event) blocks.push(textSection(t(locale, `actions.event.${view.event.kind}`, { number: view.event.number })));
  blocks.push(header(title));
  blocks.push(...(view.open.length ? actionBlocks(locale, view.open, view.timezone) : [context(t(locale, 'actions.none'))]));
  if (view.deviations.length) blocks.push(...heading(t(locale, 'actions.deviations')), ...deviationBlocks(locale, view.deviations));
  blocks.push(context(t(locale, 'actions.help').replace(/\*\*/g, '')));
  return message(title, blocks);
}
