/**
 * The review calendar's posts and the action list as Block Kit: the same facts as the Teams cards (teams/reviews.ts).
 * Slack image blocks need a public URL, so the chart is given as text (the numbers per category and period).
 * Buttons as on the Teams cards: "Verbeteractie toevoegen" (agenda and reviews) and "Afwijking inbrengen" (agenda)
 * open a modal (the Teams card's ShowCard form); "Afgerond" on each open action of the list. Action ids are the
 * Teams verbs (REVIEW_VERBS); button values and private_metadata hold ids only. The handlers live in
 * src/bots/slack/review-commands.ts. The quarterly export button is Teams-only (see there).
 */
import type { ActionListView, AgendaAction, AgendaDeviation, AgendaView } from '../../services/review-views';
import type { Locale } from '../../services/protocol';
import { ACTION_TEXT_MAX, type ActionError, type ActionInput } from '../../services/team-actions';
import type { TeamActionKind } from '../../services/model';
import { withoutMarkdown } from '../command-text';
import { REVIEW_VERBS } from '../actions';
import type { ModalState } from './report';
import { actionLine, agendaSubtitle, agendaTitle, chartSummary, incidentFacts, incidentHeading, incidentsSummary, lateText, statisticsFacts, periodName, withheldText } from '../review-text';
import { LIMITS, actions, button, context, divider, factsSection, header, message, plain, textSection, type Block, type SlackMessage } from './blocks';
import { t, type StringKey } from '../strings';
import { formModal, metadataField } from './modals';

/** block_actions ids of the buttons; the two add buttons' modals use the same ids as view_submission callback ids. */
export const SLACK_REVIEW_ACTIONS = {
  addAction: REVIEW_VERBS.addAction,
  addDeviation: REVIEW_VERBS.addDeviation,
  complete: REVIEW_VERBS.complete,
} as const;
/** The modals' input blocks (block id = action id), named as the Teams card's inputs. */
export const TEAM_ACTION_INPUTS = { text: 'actionText', owner: 'actionOwner', due: 'actionDue', deviation: 'deviationText' } as const;

/** Block Kit allows 50 blocks per message; lists are cut to keep room for the rest. */
const MAX_ITEMS = 8;

/** With `done`, each action has an "Afgerond" button (the action list; not the channel posts, as in Teams). */
const actionBlocks = (locale: Locale, list: AgendaAction[], zone: string, done = false): Block[] =>
  list.slice(0, MAX_ITEMS).flatMap((a) => [
    done ? { ...textSection(`${a.number}  ${a.text}`), accessory: button(t(locale, 'actions.done'), SLACK_REVIEW_ACTIONS.complete, a.id) } : textSection(`${a.number}  ${a.text}`),
    context(actionLine(locale, a, zone)),
  ]);

const deviationBlocks = (locale: Locale, list: AgendaDeviation[], max = MAX_ITEMS): Block[] =>
  list.slice(0, max).flatMap((d) => [textSection(`${d.number}  ${d.text}`), context(t(locale, 'review.deviation.by', { name: d.byName }))]);

/**
 * The meeting agenda's budget per section, so all four sections always fit Block Kit's 50 blocks (with the late
 * note and the button row): 3 + incidents (4 + 4×3) + dilemma 3 + actions (3 + 4×2) + deviations (3 + 4×2) + 1 = 46.
 * What does not fit is said ("En nog N …"), never dropped silently.
 */
const MEETING_ITEMS = 4;
const moreLine = (locale: Locale, count: number, key: 'review.more' | 'review.moreActions' | 'review.incidents.more'): Block[] =>
  count > 0 ? [context(t(locale, key, { count }).replace(/\*\*/g, ''))] : [];

const heading = (text: string): Block[] => [divider(), textSection(text)];

export function slackAgenda(locale: Locale, view: AgendaView): SlackMessage {
  const zone = view.timezone;
  const title = agendaTitle(locale, view);
  const blocks: Block[] = [header(title), context(agendaSubtitle(locale, view))];
  if (view.late) blocks.push(textSection(lateText(locale, view.late, zone)));
  if (view.kind === 'meeting') {
    blocks.push(...heading(t(locale, 'review.section.incidents')), textSection(incidentsSummary(locale, view)));
    for (const i of view.incidents.slice(0, MEETING_ITEMS)) {
      blocks.push(textSection(incidentHeading(locale, i, zone)), factsSection(incidentFacts(locale, i).map((f) => ({ label: f.title, value: f.value }))));
      if (i.teamSummary) blocks.push(context(i.teamSummary));
    }
    blocks.push(...moreLine(locale, Math.max(0, view.incidents.length - MEETING_ITEMS) + view.moreConsented, 'review.incidents.more'));
    const withheld = withheldText(locale, view);
    if (withheld) blocks.push(context(withheld));
    blocks.push(...heading(t(locale, 'review.section.dilemma')), textSection(view.dilemma));
    blocks.push(...heading(t(locale, 'review.section.actions')));
    blocks.push(...(view.openActions.length ? actionBlocks(locale, view.openActions.slice(0, MEETING_ITEMS), zone) : [context(t(locale, 'review.actions.none'))]));
    blocks.push(...moreLine(locale, Math.max(0, view.openActions.length - MEETING_ITEMS) + (view.more?.actions ?? 0), 'review.moreActions'));
    blocks.push(...heading(t(locale, 'review.section.deviations')));
    blocks.push(...(view.deviations.length ? deviationBlocks(locale, view.deviations, MEETING_ITEMS) : [context(t(locale, 'review.deviations.none').replace(/\*\*/g, ''))]));
    blocks.push(...moreLine(locale, Math.max(0, view.deviations.length - MEETING_ITEMS) + (view.more?.deviations ?? 0), 'review.more'));
  } else {
    const s = view.statistics;
    blocks.push(textSection(`${t(locale, 'review.items.title')}\n${t(locale, `review.${view.kind}.items`)}`));
    blocks.push(...heading(t(locale, 'review.stats.title', { period: periodName(locale, view.period) })), context(chartSummary(locale, s)));
    blocks.push(factsSection(statisticsFacts(locale, s).map((f) => ({ label: f.title, value: f.value }))));
    if (view.deviations.length) blocks.push(...heading(t(locale, 'review.section.deviationsPeriod')), ...deviationBlocks(locale, view.deviations));
    if (view.actionsDone.length) blocks.push(...heading(t(locale, 'review.section.actionsDone')), ...actionBlocks(locale, view.actionsDone, zone));
    blocks.push(...heading(t(locale, 'review.section.actions').replace(/^\d+\.\s*/, '')));
    blocks.push(...(view.openActions.length ? actionBlocks(locale, view.openActions, zone) : [context(t(locale, 'review.actions.none'))]));
  }
  // As on the Teams cards: add an action (every post) or a deviation (the meeting agenda). Last, and kept within
  // Block Kit's 50 blocks whatever the lists above hold.
  const add = [button(t(locale, 'review.addAction'), SLACK_REVIEW_ACTIONS.addAction, view.teamId)];
  if (view.kind === 'meeting') add.push(button(t(locale, 'review.addDeviation'), SLACK_REVIEW_ACTIONS.addDeviation, view.teamId));
  return message(title, [...blocks.slice(0, LIMITS.messageBlocks - 1), actions('review', add)]);
}

export function slackActionList(locale: Locale, view: ActionListView): SlackMessage {
  const title = t(locale, 'actions.title', { team: view.teamName });
  const blocks: Block[] = [];
  if (view.event) blocks.push(textSection(t(locale, `actions.event.${view.event.kind}`, { number: view.event.number })));
  blocks.push(header(title));
  blocks.push(...(view.open.length ? actionBlocks(locale, view.open, view.timezone, true) : [context(t(locale, 'actions.none'))]));
  if (view.deviations.length) blocks.push(...heading(t(locale, 'actions.deviations')), ...deviationBlocks(locale, view.deviations));
  blocks.push(context(t(locale, 'slack.actions.help')));
  return message(title, blocks);
}

/** The modal behind "Verbeteractie toevoegen" / "Afwijking inbrengen": the Teams card's form. The team in private_metadata. */
export function slackTeamActionModal(locale: Locale, kind: TeamActionKind, teamId: string, people: { id: string; name: string }[]): Record<string, unknown> {
  const text = (blockId: string, label: StringKey): Block => ({
    type: 'input',
    block_id: blockId,
    label: plain(t(locale, label), LIMITS.label),
    element: { type: 'plain_text_input', action_id: blockId, multiline: true, max_length: ACTION_TEXT_MAX },
  });
  const blocks: Block[] =
    kind === 'deviation'
      ? [text(TEAM_ACTION_INPUTS.deviation, 'review.form.deviationText')]
      : [
          text(TEAM_ACTION_INPUTS.text, 'review.form.actionText'),
          {
            type: 'input',
            block_id: TEAM_ACTION_INPUTS.owner,
            optional: true,
            label: plain(t(locale, 'review.form.owner'), LIMITS.label),
            // static_select takes at most 100 options; a team is far smaller.
            element: { type: 'static_select', action_id: TEAM_ACTION_INPUTS.owner, options: people.slice(0, 100).map((p) => ({ text: plain(p.name, LIMITS.option), value: p.id })) },
          },
          {
            type: 'input',
            block_id: TEAM_ACTION_INPUTS.due,
            optional: true,
            label: plain(t(locale, 'review.form.due'), LIMITS.label),
            element: { type: 'datepicker', action_id: TEAM_ACTION_INPUTS.due },
          },
        ];
  return formModal(locale, {
    callbackId: kind === 'deviation' ? SLACK_REVIEW_ACTIONS.addDeviation : SLACK_REVIEW_ACTIONS.addAction,
    title: t(locale, kind === 'deviation' ? 'review.addDeviation' : 'review.addAction'),
    submit: t(locale, 'review.form.save'),
    metadata: { teamId },
    blocks,
  });
}

/** The team a modal was opened for (an id: only compared, never shown). */
export const readTeamActionMetadata = (privateMetadata: unknown): string | undefined =>
  metadataField(privateMetadata, 'teamId', (id) => id.length > 0 && id.length <= 300);

/** The submitted form as TeamActionService.add takes it (owner: a person id; due: "YYYY-MM-DD"). */
export function readTeamActionInput(kind: TeamActionKind, state: ModalState | undefined): ActionInput {
  const value = (id: string) => state?.[id]?.[id];
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  if (kind === 'deviation') return { text: str(value(TEAM_ACTION_INPUTS.deviation)?.value) ?? '' };
  return {
    text: str(value(TEAM_ACTION_INPUTS.text)?.value) ?? '',
    owner: str(value(TEAM_ACTION_INPUTS.owner)?.selected_option?.value),
    due: str(value(TEAM_ACTION_INPUTS.due)?.selected_date),
  };
}

/** `response_action: errors`: the message beside the input it is about. */
export function teamActionErrors(locale: Locale, kind: TeamActionKind, error: ActionError): Record<string, string> {
  if (kind === 'deviation') return { [TEAM_ACTION_INPUTS.deviation]: withoutMarkdown(t(locale, error === 'empty' ? 'actions.error.deviation-empty' : `actions.error.${error}`)) };
  const block = error === 'unknown-owner' ? TEAM_ACTION_INPUTS.owner : error === 'invalid-date' || error === 'past-date' ? TEAM_ACTION_INPUTS.due : TEAM_ACTION_INPUTS.text;
  return { [block]: withoutMarkdown(t(locale, `actions.error.${error}`)) };
}
