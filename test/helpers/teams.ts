/** Bot Framework activities as Teams sends them, and a client that posts them to the bot. */
import { randomUUID } from 'node:crypto';

export const BOT = { id: '28:melden-bot', name: 'Melden' };
export const TENANT = 'tenant-1';

export interface TeamsUser {
  id: string;
  name: string;
}

export const personalConversation = (user: TeamsUser) => ({ id: `a:dm-${user.id}`, conversationType: 'personal', tenantId: TENANT });
export const channelConversation = { id: '19:kcc-noord@thread.tacv2', conversationType: 'channel', isGroup: true, tenantId: TENANT };

function base(serviceUrl: string, from: TeamsUser, conversation: object, locale = 'nl-NL') {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale,
    from: { id: from.id, name: from.name, aadObjectId: `aad-${from.id}` },
    recipient: BOT,
    conversation,
    channelData: { tenant: { id: TENANT } },
  };
}

export function message(serviceUrl: string, from: TeamsUser, text: string, opts: { channel?: boolean; locale?: string } = {}) {
  const conversation = opts.channel ? channelConversation : personalConversation(from);
  const activity: Record<string, unknown> = { ...base(serviceUrl, from, conversation, opts.locale), type: 'message', text };
  if (opts.channel) {
    activity.text = `<at>Melden</at> ${text}`;
    activity.entities = [{ type: 'mention', text: '<at>Melden</at>', mentioned: BOT }];
    activity.channelData = { tenant: { id: TENANT }, team: { id: '19:team' }, channel: { id: channelConversation.id } };
  }
  return activity;
}

export function installInPersonalScope(serviceUrl: string, user: TeamsUser) {
  return { ...base(serviceUrl, user, personalConversation(user)), type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] };
}

export function cardAction(serviceUrl: string, from: TeamsUser, verb: string, data: Record<string, unknown>, locale?: string) {
  return {
    ...base(serviceUrl, from, personalConversation(from), locale),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: 'activity-form',
    value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
  };
}

export function fetchTask(serviceUrl: string, from: TeamsUser, commandId = 'melden') {
  return {
    ...base(serviceUrl, from, personalConversation(from)),
    type: 'invoke',
    name: 'composeExtension/fetchTask',
    value: { commandId, commandContext: 'compose', context: { theme: 'default' } },
  };
}

export function submitAction(serviceUrl: string, from: TeamsUser, data: Record<string, unknown>, commandId = 'melden') {
  return {
    ...base(serviceUrl, from, personalConversation(from)),
    type: 'invoke',
    name: 'composeExtension/submitAction',
    value: { commandId, commandContext: 'compose', data },
  };
}

export interface BotResponse {
  status: number;
  body: any;
}

export async function post(botUrl: string, activity: unknown, headers: Record<string, string> = {}): Promise<BotResponse> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}
