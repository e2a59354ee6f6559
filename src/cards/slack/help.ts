/** The reporter's help message for Slack (Block Kit), from the platform-free help text (help-text.ts). */
import type { HelpView } from '../../services/messages';
import type { Locale } from '../../services/protocol';
import { HELP_VERBS, helpText } from '../help-text';
import { actions, button, header, message, plain, textSection, type Block, type SlackMessage } from './blocks';
import { t } from '../strings';

/** Free text "Waar ben je?" in the message itself: Enter sends it as a block action (dispatch_action). */
export const SLACK_HELP_PLACE_TEXT = 'help.place.text';
export const SLACK_HELP_PLACE_CHOICE = 'help.place.choice';

export function slackHelp(locale: Locale, help: HelpView): SlackMessage {
  const text = helpText(locale, help);
  const blocks: Block[] = [header(text.title), textSection(text.status)];
  if (text.show112) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${t(locale, 'help.card.112')}*`, verbatim: true } });
  if (text.placeSaved) blocks.push(textSection(text.placeSaved));
  if (text.askPlace) {
    if (help.places.length) {
      blocks.push(
        actions(`help-place-choice:${help.incidentId}`, [
          {
            type: 'static_select',
            action_id: SLACK_HELP_PLACE_CHOICE,
            placeholder: plain(t(locale, 'help.card.where'), 150),
            options: help.places.slice(0, 100).map((p) => ({ text: plain(p, 75), value: p.slice(0, 150) })),
          },
        ]),
      );
    }
    blocks.push({
      type: 'input',
      block_id: `help-place:${help.incidentId}`,
      dispatch_action: true,
      optional: true,
      label: plain(t(locale, 'help.card.where'), 2000),
      element: { type: 'plain_text_input', action_id: SLACK_HELP_PLACE_TEXT, max_length: 80, placeholder: plain(t(locale, 'help.card.wherePlaceholder'), 150) },
    });
  }
  if (text.reportPending) blocks.push({ type: 'context', elements: [plain(t(locale, 'help.card.reportLater'))] });
  const buttons: Record<string, unknown>[] = [];
  if (text.canStandDown) buttons.push(button(t(locale, 'help.card.safe'), HELP_VERBS.safe, help.incidentId, 'primary'));
  if (text.reportPending) buttons.push(button(t(locale, 'help.card.report'), HELP_VERBS.report, help.incidentId));
  if (buttons.length) blocks.push(actions(`help:${help.incidentId}`, buttons));
  return message(`${text.title}: ${text.status}`, blocks);
}
