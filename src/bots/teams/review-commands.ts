/**
 * Teams side of the review calendar: the chat commands `actie`, `afwijking`, `acties`, `klaar`, the agenda cards'
 * buttons (add an action or a deviation, complete an action, export the quarter), and the export's file upload.
 *
 * The export: an Action.Execute cannot answer with a file, so the button (lead or coordinator only) sends the
 * person a file consent card in their 1:1 chat (Teams' own way for bots to hand over files; manifest
 * `supportsFiles`). "Toestaan" makes Teams create the file in their OneDrive and give the bot an upload URL; the bot
 * regenerates the CSV at that moment (checking the role again), uploads it and shows the file card, which opens
 * in Excel. Nothing is stored in between.
 */
import { createHash } from 'node:crypto';
import type { AdaptiveCardInvokeResponse, FileConsentCardResponse } from 'botbuilder';
import { ActivityTypes, CardFactory, MessageFactory, TurnContext } from './sdk';
import { DateTime } from 'luxon';
import { REVIEW_VERBS, actionListCard } from '../../cards/teams/reviews';
import { noticeCard } from '../../cards/teams/report';
import { t, type StringKey } from '../../cards/strings';
import type { AdaptiveCardJson } from '../../cards/teams/templates';
import type { Directory, PersonInTeam } from '../../services/directory';
import { exportFileName, girExport } from '../../services/gir-export';
import { toCsv } from '../../cards/gir-format';
import type { Clock, Store } from '../../services/ports';
import type { Locale } from '../../services/protocol';
import type { TeamActionService } from '../../services/team-actions';
import { parseTeamActionCommand, runTeamActionCommand } from '../../services/commands';
import { teamCommandError } from '../../cards/command-text';
import type { TeamsGateway } from './gateway';

export interface ReviewCommandDeps {
  store: Store;
  clock: Clock;
  directory: Directory;
  actions: TeamActionService;
  gateway: TeamsGateway;
}

export const isReviewVerb = (verb: string) => (Object.values(REVIEW_VERBS) as string[]).includes(verb);

const message = (text: string): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as never });
const card = (json: AdaptiveCardJson): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: json as never });
const cardActivity = (json: AdaptiveCardJson) => ({ type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(json)] });
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export class ReviewCommands {
  constructor(private readonly deps: ReviewCommandDeps) {}

  /** Handles a chat command of the review calendar; false when the text is not one (the bot goes on routing). */
  async message(context: TurnContext, text: string, locale: Locale): Promise<boolean> {
    const parsed = parseTeamActionCommand(text);
    if (!parsed) return false;
    const who = this.whoIs(context);
    if (!who) {
      await context.sendActivity(MessageFactory.text(t(locale, 'unknown.user', { userId: context.activity.from?.id ?? '?' })));
      return true;
    }
    // Mentions of colleagues ("actie … @Bram") arrive as <at>…</at> in the text and as entities.
    const rest = parsed.rest.replace(/<at>[^<]*<\/at>/g, ' ').trim();
    const key = `msg:${context.activity.id ?? `${who.person.id}:${rest}`}`;
    const mentioned = parsed.verb === 'actie' ? this.mentionedColleague(context, who) : undefined;
    const outcome = await runTeamActionCommand(this.deps.actions, who, { verb: parsed.verb, rest }, key, mentioned);
    if (!outcome.ok) return this.reply(context, teamCommandError(locale, outcome));
    await context.sendActivity(cardActivity(actionListCard(locale, outcome.view)));
    return true;
  }

  /** The review cards' Action.Execute buttons. */
  async invoke(context: TurnContext, verb: string, data: Record<string, unknown>, locale: Locale): Promise<AdaptiveCardInvokeResponse> {
    const who = this.whoIs(context);
    if (!who) return message(t(locale, 'unknown.user', { userId: context.activity.from?.id ?? '?' }));
    if (verb === REVIEW_VERBS.complete) {
      const outcome = await this.deps.actions.complete(who.team, str(data.actionId), who.person);
      if (outcome.result === 'not-allowed') return message(t(locale, 'actions.complete.not-allowed'));
      const event = outcome.action ? { kind: outcome.result === 'completed' ? 'completed' : 'already-done', number: outcome.action.number } as const : undefined;
      return card(actionListCard(locale, await this.deps.actions.listView(who.team, event)));
    }
    if (str(data.teamId) !== who.team.id) return message(t(locale, 'unknown.user', { userId: context.activity.from?.id ?? '?' }));
    if (verb === REVIEW_VERBS.export) return this.startExport(context, who, str(data.quarter), locale);

    // A double click sends the same form twice: the same person, text and day make the same item.
    const text = str(verb === REVIEW_VERBS.addAction ? data.actionText : data.deviationText);
    const today = DateTime.fromJSDate(this.deps.clock.now(), { zone: who.team.timezone }).toISODate();
    const key = 'card:' + createHash('sha256').update(`${who.person.id}\n${verb}\n${text}\n${str(data.actionOwner)}\n${str(data.actionDue)}\n${today}`).digest('hex');
    const kind = verb === REVIEW_VERBS.addAction ? 'action' : 'deviation';
    const input = kind === 'action' ? { text, owner: str(data.actionOwner) || undefined, due: str(data.actionDue) || undefined } : { text };
    const outcome = await this.deps.actions.add(who.team, who.person, kind, input, key);
    if (!outcome.ok) {
      const error = kind === 'deviation' && outcome.error === 'empty' ? 'deviation-empty' : outcome.error;
      return message(t(locale, `actions.error.${error}` as StringKey).replace(/\*\*/g, ''));
    }
    return message(t(locale, kind === 'action' ? 'actions.event.action-added' : 'actions.event.deviation-added', { number: outcome.action.number }));
  }

  /** "Exporteer kwartaal": a file consent card in the lead's or coordinator's 1:1 chat. */
  private async startExport(context: TurnContext, who: PersonInTeam, quarter: string, locale: Locale): Promise<AdaptiveCardInvokeResponse> {
    if (!canExport(who)) return message(t(locale, 'export.notAllowed'));
    const data = await girExport(this.deps.store, this.deps.directory, who.team, quarter);
    const csv = toCsv(data, locale);
    const exportContext = { teamId: who.team.id, quarter: data.quarter };
    const consent = {
      contentType: 'application/vnd.microsoft.teams.card.file.consent',
      name: exportFileName(data, 'csv'),
      content: {
        description: t(locale, 'export.consent', { quarter: data.quarter, team: who.team.name, count: data.records.length }),
        sizeInBytes: csv.length,
        acceptContext: exportContext,
        declineContext: exportContext,
      },
    };
    await this.deps.gateway.sendToPerson(context.activity.from.id, { type: ActivityTypes.Message, attachments: [consent] }, context.activity);
    return message(t(locale, 'export.sent'));
  }

  /** The person answered the file consent card: upload the CSV (accept) or say it was cancelled (decline). */
  async fileConsent(context: TurnContext, response: FileConsentCardResponse, accepted: boolean, locale: Locale): Promise<void> {
    if (!accepted) {
      await context.sendActivity(MessageFactory.text(t(locale, 'export.declined')));
      return;
    }
    const who = this.whoIs(context);
    const requested = (response.context ?? {}) as { teamId?: unknown; quarter?: unknown };
    if (!who || !canExport(who) || requested.teamId !== who.team.id) {
      await context.sendActivity(MessageFactory.text(t(locale, 'export.notAllowed')));
      return;
    }
    const upload = response.uploadInfo;
    try {
      if (!upload?.uploadUrl || !uploadAllowed(upload.uploadUrl)) throw new Error('no usable upload URL');
      const data = await girExport(this.deps.store, this.deps.directory, who.team, str(requested.quarter));
      const csv = toCsv(data, locale);
      const res = await fetch(upload.uploadUrl, {
        method: 'PUT',
        headers: { 'Content-Length': String(csv.length), 'Content-Range': `bytes 0-${csv.length - 1}/${csv.length}` },
        body: new Uint8Array(csv),
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok) throw new Error(`upload answered ${res.status}`);
    } catch {
      await context.sendActivity(MessageFactory.text(t(locale, 'export.failed')));
      return;
    }
    await context.sendActivity({
      type: ActivityTypes.Message,
      text: t(locale, 'export.uploaded', { name: upload.name ?? '' }),
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.card.file.info',
          contentUrl: upload.contentUrl,
          name: upload.name,
          content: { uniqueId: upload.uniqueId, fileType: upload.fileType },
        },
      ],
    });
  }

  private async reply(context: TurnContext, text: string): Promise<true> {
    await context.sendActivity(cardActivity(noticeCard(text, '', 'Attention')));
    return true;
  }

  /** The first colleague mentioned in the message (not the bot), as the action's owner. */
  private mentionedColleague(context: TurnContext, who: PersonInTeam): string | undefined {
    const botId = context.activity.recipient?.id;
    for (const entity of context.activity.entities ?? []) {
      const mentioned = (entity as { type?: string; mentioned?: { id?: string } }).mentioned;
      if (entity.type !== 'mention' || !mentioned?.id || mentioned.id === botId) continue;
      const person = this.deps.directory.byTeamsUser(mentioned.id);
      if (person?.team.id === who.team.id) return person.person.id;
    }
    return undefined;
  }

  private whoIs(context: TurnContext): PersonInTeam | undefined {
    const from = context.activity.from;
    return this.deps.directory.byTeamsUser(from?.id, from?.aadObjectId);
  }
}

const canExport = (who: PersonInTeam) => who.person.roles.includes('lead') || who.person.roles.includes('coordinator');

/** Teams hands out https OneDrive URLs; plain http only to this machine (the tests' local connector). */
function uploadAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname));
  } catch {
    return false;
  }
}
