/**
 * Slack's twin of teams/review-commands.ts and of the Teams `getuige` command, on the same domain code
 * (services/commands.ts → TeamActionService, AftercareService.addWitness; texts in cards/command-text.ts):
 * - typed commands — `/melden getuige|actie|afwijking|acties|klaar …` and the same words in a DM to the bot — are
 *   answered with the Teams texts: ephemeral for the slash command (in the acknowledgement, or — when the store is
 *   slow — through the command's response_url, else a DM), a reply for the DM;
 * - "Verbeteractie toevoegen" / "Afwijking inbrengen" on the agenda and reviews open a modal (views.open with the
 *   click's trigger id); its submission goes to TeamActionService.add, with errors beside the inputs;
 * - "Afgerond" on the action list completes the action and shows the list again in its place (chat.update for a
 *   DM, the response_url for an ephemeral list).
 * A click is handled once (claimOnce on the interaction); a modal submission and a command are keyed by their view
 * id / trigger id / event id, so a repeated delivery yields the same action, never a second one.
 *
 * Not here: the quarterly GIR export. Handing a file to a Slack user needs the files:write scope and the
 * files.getUploadURLExternal / completeUploadExternal upload flow; the CLI export (`npm run export`) covers Slack
 * teams meanwhile.
 */
import type { App, RespondArguments, RespondFn } from '@slack/bolt';
import type { PersonConfig } from '../../services/people';
import { teamCommandError, withoutMarkdown, witnessText } from '../../cards/command-text';
import type { SlackMessage } from '../../cards/slack/blocks';
import { slackNotice } from '../../cards/slack/messages';
import type { ModalState } from '../../cards/slack/report';
import {
  SLACK_REVIEW_ACTIONS,
  readTeamActionInput,
  readTeamActionMetadata,
  slackActionList,
  slackTeamActionModal,
  teamActionErrors,
} from '../../cards/slack/reviews';
import { t } from '../../cards/strings';
import { chatIntent, commandPhrase, parseTeamActionCommand, runTeamActionCommand, witnessCommand, type ChatIntent } from '../../services/commands';
import type { PersonInTeam } from '../../services/directory';
import type { TeamActionKind } from '../../services/model';
import type { Locale } from '../../services/protocol';
import type { AddOutcome } from '../../services/team-actions';
import { buttonClick, ephemeral, LATE, modalSubmission, withinBudget, type SlackBotDeps } from './deps';
import { checkCommand } from '../../cards/measure-text';

/** Slack's own words on top of the shared ones: a bare `/melden` is a report, `duty` the English "dienst". */
const SLACK_WORDS: Readonly<Record<string, ChatIntent>> = { '': 'report', duty: 'duty' };

/** What a slash command's text or a DM asks for (report, help, duty, witness); undefined when none of these. */
export const intentOf = (text: unknown): ChatIntent | undefined => chatIntent(commandPhrase(String(text ?? '')), SLACK_WORDS);

const OWNER_KEYWORD = /^(?:@(?:voor|owner)|(?:voor|owner):)$/i;

/**
 * Slack's message markup as the text a person typed: a mention of a colleague in their team becomes their name
 * (after `voor:` their id, the one word the action grammar takes as owner); with `bareMentions: 'owner'` a mention
 * elsewhere is taken out and the first colleague so mentioned returned as `mentioned` (as Teams does for `actie`).
 * Links and channels become their labels; Slack's `&amp;`, `&lt;`, `&gt;` the characters. The result is stored and
 * shown as plain_text, never as mrkdwn.
 */
export function fromSlackText(
  text: string,
  colleague: (slackUserId: string) => PersonConfig | undefined,
  bareMentions: 'name' | 'owner' = 'name',
): { text: string; mentioned?: string } {
  let mentioned: string | undefined;
  const words = text.split(/(\s+)/);
  for (let i = 0; i < words.length; i++) {
    const m = /^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$/.exec(words[i]);
    if (!m) continue;
    const person = colleague(m[1]);
    const afterKeyword = i >= 2 && OWNER_KEYWORD.test(words[i - 2]);
    if (afterKeyword) words[i] = person?.id ?? m[2] ?? m[1];
    else if (bareMentions === 'owner') {
      if (person && !mentioned) mentioned = person.id;
      words[i] = '';
    } else words[i] = person?.name ?? (m[2] ? `@${m[2]}` : '');
  }
  const plainText = words
    .join('')
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => colleague(id)?.name ?? (label ? `@${label}` : ''))
    .replace(/<([^<>|]*)(?:\|([^<>]*))?>/g, (_m, target: string, label?: string) => {
      if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
      if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
      return label ?? target.replace(/^mailto:/, '');
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return { text: plainText, mentioned };
}

/**
 * A typed `getuige …`, `actie …`, `afwijking …`, `acties` or `klaar …` (slash command text or DM): the answer, with
 * the Teams texts. Undefined when the text is none of these (the caller answers report, help and duty itself).
 * `key` identifies the request (trigger id, event id): the same key twice records one action.
 */
export function typedCommand(deps: SlackBotDeps, who: PersonInTeam, locale: Locale, text: string, key: string): Promise<SlackMessage> | undefined {
  const colleague = (slackUserId: string) => {
    const found = deps.directory.bySlackUser(slackUserId);
    return found?.team.id === who.team.id ? found.person : undefined;
  };
  const command = parseTeamActionCommand(text);
  if (command) {
    return (async () => {
      const { text: rest, mentioned } = fromSlackText(command.rest, colleague, command.verb === 'actie' ? 'owner' : 'name');
      const outcome = await runTeamActionCommand(deps.actions, who, { verb: command.verb, rest: rest.trim() }, key, mentioned);
      return outcome.ok ? slackActionList(locale, outcome.view) : slackNotice(withoutMarkdown(teamCommandError(locale, outcome)));
    })();
  }
  const phrase = commandPhrase(fromSlackText(text, colleague).text);
  if (chatIntent(phrase, SLACK_WORDS) === 'check') {
    // The summary line only, for any team member; audited (docs/measures.md).
    const memberships = deps.directory.slackMemberships(who.person.slackUserId);
    return checkCommand(deps.measures, memberships.length ? memberships : [who], phrase, key, locale).then((line) => slackNotice(withoutMarkdown(line)));
  }
  if (chatIntent(phrase, SLACK_WORDS) !== 'witness') return undefined;
  return witnessCommand(deps, who, phrase).then((outcome) => slackNotice(withoutMarkdown(witnessText(locale, outcome))));
}

/** A slash command's acknowledgement body: shown to the user only. */

/**
 * Answers a slash command with `work`'s message: in the acknowledgement when it is ready within the budget (Slack
 * waits 3 s), else acknowledged empty and sent when ready through the response_url — or as a DM if that fails.
 */
export async function answerSlashCommand(
  deps: SlackBotDeps,
  work: Promise<SlackMessage>,
  locale: Locale,
  userId: string,
  ack: (response?: RespondArguments) => Promise<void>,
  respond: RespondFn | undefined,
): Promise<void> {
  const failed = (err: Error) => {
    deps.logger.error(`slack: a /melden command failed: ${err.message}`);
    return slackNotice(t(locale, 'slack.actionFailed'));
  };
  const first = await withinBudget(work.catch(failed), deps.submitBudgetMs);
  if (first !== LATE) return ack(ephemeral('outcome' in first ? first.outcome : failed(first.error)));
  await ack();
  const answer = await work.catch(failed);
  try {
    if (!respond) throw new Error('no response_url');
    await respond(ephemeral(answer));
  } catch (err) {
    deps.logger.warn(`slack: ${(err as Error).message}`);
    await deps.messenger.postToUser(userId, answer).catch((e: Error) => deps.logger.error(`slack: ${e.message}`));
  }
}

const ADD_BUTTONS = new RegExp(`^(${[SLACK_REVIEW_ACTIONS.addAction, SLACK_REVIEW_ACTIONS.addDeviation].map((id) => id.replace(/\./g, '\\.')).join('|')})$`);
const kindOf = (id: string): TeamActionKind => (id === SLACK_REVIEW_ACTIONS.addDeviation ? 'deviation' : 'action');

export function registerTeamActionHandlers(app: App, deps: SlackBotDeps): void {
  // "Verbeteractie toevoegen" / "Afwijking inbrengen" on an agenda or review in the team's channel.
  app.action(ADD_BUTTONS, async ({ ack, body, action, respond }) => {
    await ack();
    const c = await buttonClick(deps, body, action, respond);
    if (!c) return;
    // As in Teams: only the team whose post it is.
    if (c.a.value !== c.who.team.id) return c.tell(t(c.locale, 'slack.unknownUser', { userId: c.b.user.id }));
    const people = c.who.team.people.map((p) => ({ id: p.id, name: p.name }));
    try {
      await deps.messenger.openView(c.b.trigger_id, slackTeamActionModal(c.locale, kindOf(c.a.action_id), c.who.team.id, people));
    } catch (err) {
      deps.logger.warn(`slack: ${(err as Error).message}`);
      await c.tell(t(c.locale, 'slack.modalFailed'));
    }
  });

  // "Afgerond" on the action list: the owner, the creator, the lead or the coordinator (TeamActionService decides).
  app.action(SLACK_REVIEW_ACTIONS.complete, async ({ ack, body, action, respond }) => {
    await ack();
    const c = await buttonClick(deps, body, action, respond);
    if (!c) return;
    try {
      const outcome = await deps.actions.complete(c.who.team, c.a.value ?? '', c.who.person);
      if (outcome.result === 'not-allowed') return c.tell(withoutMarkdown(t(c.locale, 'actions.complete.not-allowed')));
      const event = outcome.action ? ({ kind: outcome.result === 'completed' ? 'completed' : 'already-done', number: outcome.action.number } as const) : undefined;
      const list = slackActionList(c.locale, await deps.actions.listView(c.who.team, event));
      if (c.onEphemeral && respond) await respond({ ...ephemeral(list), replace_original: true });
      else if (c.at) await deps.messenger.updateMessage(c.at, list);
    } catch (err) {
      deps.logger.error(`slack: completing an action failed: ${(err as Error).message}`);
      await c.tell(t(c.locale, 'slack.actionFailed'));
    }
  });

  for (const callbackId of [SLACK_REVIEW_ACTIONS.addAction, SLACK_REVIEW_ACTIONS.addDeviation]) {
    app.view(callbackId, async ({ ack, body, view }) => {
      const { b, who, locale, respond, info } = modalSubmission(deps, { ack, body });
      if (!who || readTeamActionMetadata(view.private_metadata) !== who.team.id) return info(t(locale, 'slack.unknownUser', { userId: b.user.id }));
      const kind = kindOf(callbackId);
      const input = readTeamActionInput(kind, view.state?.values as ModalState | undefined);
      const done = (outcome: Extract<AddOutcome, { ok: true }>) =>
        t(locale, kind === 'action' ? 'actions.event.action-added' : 'actions.event.deviation-added', { number: outcome.action.number });

      // The view id is the submission's key: delivered again, it finds the same action.
      const work = deps.actions.add(who.team, who.person, kind, input, `slack:view:${view.id}`);
      const first = await withinBudget(work, deps.submitBudgetMs);
      if (first === LATE) {
        // Slow store: close the modal now; what it would have said comes as a DM.
        await respond();
        const text = await work.then(
          (outcome) => (outcome.ok ? done(outcome) : Object.values(teamActionErrors(locale, kind, outcome.error))[0]),
          (error: Error) => {
            deps.logger.error(`slack: recording a team action failed: ${error.message}`);
            return t(locale, 'slack.actionFailed');
          },
        );
        await deps.messenger.postToUser(b.user.id, slackNotice(text)).catch((err: Error) => deps.logger.error(`slack: ${err.message}`));
        return;
      }
      if ('error' in first) {
        deps.logger.error(`slack: recording a team action failed: ${first.error.message}`);
        const block = Object.keys(teamActionErrors(locale, kind, 'empty'))[0];
        return respond({ response_action: 'errors', errors: { [block]: t(locale, 'slack.actionFailed') } });
      }
      if (!first.outcome.ok) return respond({ response_action: 'errors', errors: teamActionErrors(locale, kind, first.outcome.error) });
      return info(done(first.outcome));
    });
  }
}
