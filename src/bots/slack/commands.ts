/**
 * Ways into the report form: the /melden slash command (with "help" and "dienst"), the "Melding maken" button,
 * and a DM to the bot. The form opens with views.open, which needs the trigger id Slack sends with the command
 * or click — valid for 3 s, so the command is acknowledged first and the modal opened right after.
 */
import { randomUUID } from 'node:crypto';
import type { App, BlockAction, ButtonAction, RespondArguments, SlashCommand } from '@slack/bolt';
import { actions, button, md, message, textSection, type SlackMessage } from '../../cards/slack-blocks';
import { slackNotice } from '../../cards/slack-messages';
import { SLACK_OPEN_FORM_ACTION, slackReportModal } from '../../cards/slack-report';
import { t } from '../../cards/strings';
import type { PersonInTeam } from '../../services/directory';
import { onDuty } from '../../services/duty';
import type { Locale } from '../../services/protocol';
import { defaultFormValues } from '../../services/report-form';
import { firstTime, interactionKey, localeOf, whoIs, type SlackBotDeps } from './deps';

export const SLASH_COMMAND = '/melden';

type Intent = 'report' | 'help' | 'duty';
const INTENTS: Record<string, Intent> = {
  '': 'report',
  melden: 'report',
  melding: 'report',
  report: 'report',
  help: 'help',
  hulp: 'help',
  dienst: 'duty',
  'wie heeft dienst': 'duty',
  'who is on duty': 'duty',
  duty: 'duty',
};

export function intentOf(text: unknown): Intent | undefined {
  const phrase = String(text ?? '').trim().replace(/^\//, '').toLowerCase().replace(/[?!.]+$/, '').replace(/\s+/g, ' ');
  return INTENTS[phrase] ?? INTENTS[phrase.split(' ')[0]];
}

/** The help text with a "Melding maken" button (the button brings a trigger id to open the form with). */
function helpMessage(locale: Locale): SlackMessage {
  const text = t(locale, 'slack.help');
  return message(text, [
    { type: 'section', text: md(text) },
    actions('report', [button(t(locale, 'welcome.report'), SLACK_OPEN_FORM_ACTION, 'open', 'primary')]),
  ]);
}

function dutyText(deps: SlackBotDeps, who: PersonInTeam, locale: Locale): string {
  const names = onDuty(who.team, deps.clock.now()).map((p) => p.name);
  const next = deps.directory.withRole(who.team.id, 'lead').map((p) => p.name).join(', ') || '—';
  return names.length ? t(locale, 'notice.duty.list', { names: names.join(', '), next }) : t(locale, 'notice.duty.none', { next });
}

const unknownUser = (locale: Locale, userId: string) => slackNotice(t(locale, 'slack.unknownUser', { userId }));
/** A slash command's acknowledgement body: shown to the user only. */
const ephemeral = (m: SlackMessage) => ({ response_type: 'ephemeral', text: m.text, blocks: m.blocks }) as unknown as RespondArguments;

/** Opens a fresh form; when Slack refuses (trigger expired, rate limit), the user hears it in a DM. */
async function openForm(deps: SlackBotDeps, triggerId: string, who: PersonInTeam, locale: Locale, userId: string): Promise<void> {
  const view = slackReportModal({ locale, formId: randomUUID(), values: defaultFormValues(deps.clock.now(), who.team.timezone) });
  try {
    await deps.messenger.openView(triggerId, view);
  } catch (err) {
    deps.logger.warn(`slack: ${(err as Error).message}`);
    await deps.messenger.postToUser(userId, slackNotice(t(locale, 'slack.formFailed'))).catch((e: Error) => deps.logger.error(`slack: ${e.message}`));
  }
}

export function registerCommands(app: App, deps: SlackBotDeps): void {
  app.command(SLASH_COMMAND, async ({ ack, command }) => {
    const c = command as SlashCommand;
    const who = whoIs(deps, c.user_id);
    const locale = localeOf(deps, who);
    // Unknown people and the small sub-commands are answered in the acknowledgement itself (ephemeral).
    if (!who) return ack(ephemeral(unknownUser(locale, c.user_id)));
    const intent = intentOf(c.text);
    if (intent === 'duty') return ack(ephemeral(slackNotice(dutyText(deps, who, locale))));
    if (intent !== 'report') return ack(ephemeral(helpMessage(locale)));
    if (!(await firstTime(deps, `slack:command:${c.trigger_id}`))) return ack();
    await ack();
    await openForm(deps, c.trigger_id, who, locale, c.user_id);
  });

  app.action(SLACK_OPEN_FORM_ACTION, async ({ ack, body, action }) => {
    await ack();
    const b = body as BlockAction;
    const a = action as ButtonAction;
    if (!(await firstTime(deps, interactionKey(b, a)))) return;
    const who = whoIs(deps, b.user.id);
    const locale = localeOf(deps, who);
    if (!who) {
      await deps.messenger.postToUser(b.user.id, unknownUser(locale, b.user.id));
      return;
    }
    await openForm(deps, b.trigger_id, who, locale, b.user.id);
  });

  // A message in the bot's DM: "dienst" answers who is on duty; anything else gets the help with the form button.
  app.event('message', async ({ event, body }) => {
    const e = event as { channel_type?: string; subtype?: string; bot_id?: string; user?: string; text?: string; channel?: string };
    if (e.channel_type !== 'im' || e.subtype || e.bot_id || !e.user || !e.channel) return;
    const eventId = (body as { event_id?: string }).event_id;
    if (eventId && !(await firstTime(deps, `slack:event:${eventId}`))) return;
    const who = whoIs(deps, e.user);
    const locale = localeOf(deps, who);
    let reply: SlackMessage;
    if (!who) reply = unknownUser(locale, e.user);
    else if (intentOf(e.text) === 'duty') reply = message(dutyText(deps, who, locale), [textSection(dutyText(deps, who, locale))]);
    else reply = helpMessage(locale);
    await deps.messenger.post(e.channel, reply);
  });
}
