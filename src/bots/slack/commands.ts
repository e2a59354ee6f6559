/**
 * Ways into the report form: the /melden slash command (with "help" and "dienst"), the "Melding maken" button,
 * and a DM to the bot. The form opens with views.open, which needs the trigger id Slack sends with the command
 * or click — valid for 3 s, so the command is acknowledged first and the modal opened right after.
 * The other commands Teams knows (`getuige`, `actie`, `afwijking`, `acties`, `klaar`) work as `/melden <command>`
 * and in the DM too; they are answered by review-commands.ts.
 */
import { randomUUID } from 'node:crypto';
import type { App, BlockAction, ButtonAction, SlashCommand } from '@slack/bolt';
import { auditText, dutyText } from '../../cards/command-text';
import { auditCommand } from '../../services/commands';
import { actions, button, escapeMrkdwn, md, message, textSection, type SlackMessage } from '../../cards/slack/blocks';
import { slackNotice } from '../../cards/slack/messages';
import { SLACK_OPEN_FORM_ACTION, slackReportModal } from '../../cards/slack/report';
import { t } from '../../cards/strings';
import type { PersonInTeam } from '../../services/directory';
import type { Locale } from '../../services/protocol';
import { defaultFormValues } from '../../services/report-form';
import { ephemeral, firstTime, interactionKey, localeOf, whoIs, type SlackBotDeps } from './deps';
import { answerSlashCommand, intentOf, typedCommand } from './review-commands';
import { slackRequestHelp } from './help';
import { HELP_VERBS } from '../../cards/help-text';
import { overviewMessage } from './firstweek';

export { intentOf };

export const SLASH_COMMAND = '/melden';

/** The help text with a "Melding maken" button (the button brings a trigger id to open the form with). */
function helpMessage(locale: Locale): SlackMessage {
  const text = t(locale, 'slack.help');
  return message(text, [
    { type: 'section', text: md(text) },
    { type: 'section', text: md(escapeMrkdwn(t(locale, 'slack.help.commands'))) },
    actions('report', [button(t(locale, 'help.button'), HELP_VERBS.request, 'now', 'danger'), button(t(locale, 'welcome.report'), SLACK_OPEN_FORM_ACTION, 'open', 'primary')]),
  ]);
}

const duty = (deps: SlackBotDeps, who: PersonInTeam, locale: Locale): string => dutyText(locale, who.team, deps.clock.now());

const unknownUser = (locale: Locale, userId: string) => slackNotice(t(locale, 'slack.unknownUser', { userId }));

/**
 * Opens a fresh form, before any other work: the trigger id expires 3 s after the click. When Slack refuses
 * (trigger expired or used, rate limit), the user hears it in a DM — once: a repeated delivery of the same
 * command (`dedupeKey`) finds its trigger used and stays silent.
 */
async function openForm(deps: SlackBotDeps, triggerId: string, who: PersonInTeam, locale: Locale, userId: string, dedupeKey?: string): Promise<void> {
  const view = slackReportModal({ locale, formId: randomUUID(), values: defaultFormValues(deps.clock.now(), who.team.timezone) });
  try {
    await deps.messenger.openView(triggerId, view);
    if (dedupeKey) await firstTime(deps, dedupeKey);
  } catch (err) {
    deps.logger.warn(`slack: ${(err as Error).message}`);
    if (dedupeKey && !(await firstTime(deps, dedupeKey))) return;
    await deps.messenger.postToUser(userId, slackNotice(t(locale, 'slack.formFailed'))).catch((e: Error) => deps.logger.error(`slack: ${e.message}`));
  }
}

/** Trigger ids this process opened a form for lately (bounded): a repeated command is not a second modal. */
const recentTriggers = new Set<string>();
function firstHere(triggerId: string): boolean {
  if (recentTriggers.has(triggerId)) return false;
  recentTriggers.add(triggerId);
  if (recentTriggers.size > 10_000) recentTriggers.delete(recentTriggers.values().next().value!);
  return true;
}

export function registerCommands(app: App, deps: SlackBotDeps): void {
  app.command(SLASH_COMMAND, async ({ ack, command, respond }) => {
    const c = command as SlashCommand;
    const who = whoIs(deps, c.user_id);
    const locale = localeOf(deps, who);
    // Unknown people and the small sub-commands are answered in the acknowledgement itself (ephemeral).
    if (!who) return ack(ephemeral(unknownUser(locale, c.user_id)));
    const intent = intentOf(c.text);
    if (intent === 'duty') return ack(ephemeral(slackNotice(duty(deps, who, locale))));
    if (intent === 'acute') {
      // Acknowledged at once; the pages go out, then the help message arrives in the DM.
      await ack();
      if (await firstTime(deps, `slack:command:${c.trigger_id}`)) await slackRequestHelp(deps, who, locale, `slack:command:${c.trigger_id}`);
      return;
    }
    if (intent === 'audit') {
      // Answered privately (ephemeral) wherever it is typed; only a coordinator, for the teams they coordinate.
      const outcome = await auditCommand(deps, deps.directory.slackMemberships(c.user_id), `slack:audit:${c.trigger_id}`);
      return ack(ephemeral(slackNotice(auditText(locale, outcome, who.team.timezone))));
    }
    if (intent === 'overview') return answerSlashCommand(deps, overviewMessage(deps, who, locale), locale, c.user_id, ack, respond);
    const typed = intent === 'report' || intent === 'help' ? undefined : typedCommand(deps, who, locale, String(c.text ?? ''), `slack:command:${c.trigger_id}`);
    if (typed) return answerSlashCommand(deps, typed, locale, c.user_id, ack, respond);
    if (intent !== 'report') return ack(ephemeral(helpMessage(locale)));
    // The modal first; the command's durable once-only record after it (Slack opens one modal per trigger id
    // anyway); a repeat this process has seen is only acknowledged.
    if (!firstHere(c.trigger_id)) return ack();
    await ack();
    await openForm(deps, c.trigger_id, who, locale, c.user_id, `slack:command:${c.trigger_id}`);
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

  // A message in the bot's DM: "dienst" answers who is on duty, the other commands as in Teams (review-commands.ts);
  // anything else gets the help with the form button.
  app.event('message', async ({ event, body }) => {
    const e = event as { channel_type?: string; subtype?: string; bot_id?: string; user?: string; text?: string; channel?: string; ts?: string };
    if (e.channel_type !== 'im' || e.subtype || e.bot_id || !e.user || !e.channel) return;
    const eventId = (body as { event_id?: string }).event_id;
    if (eventId && !(await firstTime(deps, `slack:event:${eventId}`))) return;
    const who = whoIs(deps, e.user);
    const locale = localeOf(deps, who);
    let reply: SlackMessage;
    const intent = intentOf(e.text);
    if (who && intent === 'acute') return slackRequestHelp(deps, who, locale, `slack:msg:${eventId ?? `${e.channel}:${e.ts}`}`);
    const typed = who && intent !== 'duty' && intent !== 'report' && intent !== 'help' && intent !== 'acute' ? typedCommand(deps, who, locale, e.text ?? '', `slack:msg:${eventId ?? `${e.channel}:${e.ts}`}`) : undefined;
    if (!who) reply = unknownUser(locale, e.user);
    else if (intent === 'duty') reply = message(duty(deps, who, locale), [textSection(duty(deps, who, locale))]);
    else if (intent === 'overview') reply = await overviewMessage(deps, who, locale).catch(() => slackNotice(t(locale, 'slack.actionFailed')));
    else if (typed) {
      reply = await typed.catch((err: Error) => {
        deps.logger.error(`slack: a command in a DM failed: ${err.message}`);
        return slackNotice(t(locale, 'slack.actionFailed'));
      });
    } else reply = helpMessage(locale);
    await deps.messenger.post(e.channel, reply);
  });
}
