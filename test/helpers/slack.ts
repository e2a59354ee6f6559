/**
 * Slack requests as Slack sends them — slash commands (form-encoded), interactions (`payload=` JSON), Events API
 * (JSON) — signed with the test signing secret at the fake clock's time, and a client that posts them.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Clock } from '../../src/services/ports';
import { dmChannel } from './slack-api';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const slackEnv = (apiUrl: string): Record<string, string> => ({
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: apiUrl,
});

export const FLEUR = 'U0FLEUR';
export const ANNA = 'U0ANNA';
export const BRAM = 'U0BRAM';
export const STRANGER = 'U0NOBODY';

export interface SlackRequest {
  body: string;
  contentType: string;
}

export function sign(secret: string, timestamp: string, body: string | Buffer): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
}

export interface PostOptions {
  clock: Clock;
  /** Seconds added to the clock's time for the timestamp header (negative = in the past). */
  skewSeconds?: number;
  secret?: string;
  /** Headers to leave out, e.g. ['x-slack-signature']. */
  omit?: string[];
  headers?: Record<string, string>;
}

export interface SlackResponse {
  status: number;
  body: any;
  text: string;
  ms: number;
}

export async function slackPost(botUrl: string, request: SlackRequest, opts: PostOptions): Promise<SlackResponse> {
  const timestamp = String(Math.floor(opts.clock.now().getTime() / 1000) + (opts.skewSeconds ?? 0));
  const headers: Record<string, string> = {
    'content-type': request.contentType,
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': sign(opts.secret ?? SIGNING_SECRET, timestamp, request.body),
    ...opts.headers,
  };
  for (const h of opts.omit ?? []) delete headers[h];
  const started = Date.now();
  const res = await fetch(`${botUrl}/slack/events`, { method: 'POST', headers, body: request.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* plain text */
  }
  return { status: res.status, body, text, ms: Date.now() - started };
}

const form = (fields: Record<string, string>): SlackRequest => ({
  body: new URLSearchParams(fields).toString(),
  contentType: 'application/x-www-form-urlencoded',
});

export function slashCommand(userId: string, text = '', triggerId = `trigger-${randomUUID()}`): SlackRequest {
  return form({
    token: 'deprecated-verification-token',
    team_id: 'T0KCC',
    team_domain: 'kcc',
    channel_id: dmChannel(userId),
    channel_name: 'directmessage',
    user_id: userId,
    user_name: userId.toLowerCase(),
    command: '/melden',
    text,
    api_app_id: 'A0MELDEN',
    response_url: 'https://hooks.slack.invalid/commands/1',
    trigger_id: triggerId,
  });
}

export const interaction = (payload: object): SlackRequest => form({ payload: JSON.stringify(payload) });

export function eventCallback(event: Record<string, unknown>, eventId = `Ev${randomUUID().slice(0, 8)}`): SlackRequest {
  return {
    body: JSON.stringify({ token: 'x', team_id: 'T0KCC', api_app_id: 'A0MELDEN', type: 'event_callback', event_id: eventId, event_time: 1, event }),
    contentType: 'application/json',
  };
}

export function dmMessage(userId: string, text: string, eventId?: string): SlackRequest {
  return eventCallback({ type: 'message', channel: dmChannel(userId), channel_type: 'im', user: userId, text, ts: '1790000000.000001' }, eventId);
}

/** A filled modal's state, shaped per element type as Slack sends it. */
export function modalState(view: any, values: Record<string, string | boolean>): Record<string, Record<string, any>> {
  const state: Record<string, Record<string, any>> = {};
  for (const block of view.blocks.filter((b: any) => b.type === 'input')) {
    const el = block.element;
    const v = values[block.block_id];
    let entry: Record<string, unknown>;
    switch (el.type) {
      case 'datepicker':
        entry = { type: el.type, selected_date: v ?? el.initial_date ?? null };
        break;
      case 'timepicker':
        entry = { type: el.type, selected_time: v ?? el.initial_time ?? null };
        break;
      case 'static_select':
      case 'radio_buttons': {
        const chosen = v !== undefined ? el.options.find((o: any) => o.value === v) ?? { value: v } : el.initial_option;
        entry = { type: el.type, selected_option: chosen ?? null };
        break;
      }
      case 'checkboxes':
        entry = { type: el.type, selected_options: v === true || v === 'true' ? el.options : [] };
        break;
      default:
        entry = { type: el.type, value: v === undefined ? null : String(v) };
    }
    state[block.block_id] = { [el.action_id]: entry };
  }
  return state;
}

export function viewSubmission(userId: string, view: any, values: Record<string, string | boolean>): SlackRequest {
  return interaction({
    type: 'view_submission',
    team: { id: 'T0KCC', domain: 'kcc' },
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: 'T0KCC' },
    api_app_id: 'A0MELDEN',
    token: 'x',
    trigger_id: `trigger-${randomUUID()}`,
    view: { ...view, id: view.id ?? 'V0FORM', hash: 'h1', state: { values: modalState(view, values) } },
    response_urls: [],
  });
}

export function blockAction(
  userId: string,
  action: { action_id: string; value: string },
  where: { channel: string; ts: string },
  actionTs = `${Date.now() / 1000}`,
): SlackRequest {
  return interaction({
    type: 'block_actions',
    team: { id: 'T0KCC', domain: 'kcc' },
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: 'T0KCC' },
    api_app_id: 'A0MELDEN',
    token: 'x',
    container: { type: 'message', message_ts: where.ts, channel_id: where.channel, is_ephemeral: false },
    trigger_id: `trigger-${randomUUID()}`,
    channel: { id: where.channel, name: 'directmessage' },
    message: { type: 'message', ts: where.ts, text: 'page' },
    response_url: 'https://hooks.slack.invalid/actions/1',
    actions: [{ type: 'button', block_id: 'page', action_id: action.action_id, value: action.value, text: { type: 'plain_text', text: 'x' }, action_ts: actionTs }],
  });
}
