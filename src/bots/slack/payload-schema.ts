/**
 * The shape of a signed Slack request body, checked before Bolt routes it (docs/operations.md, "Bad input"):
 * slash commands, interactions (block actions, view submissions) and Events API callbacks. What Bolt and the
 * handlers need to route and answer (a command's name and user, an interaction's type and user, an event's
 * type) must be there, else 400; every other known field with the wrong type is treated as absent, list
 * elements of the wrong shape are dropped. Fields Slack adds later pass through untouched.
 */
import { z } from 'zod';
import { listOf, opt, str } from '../edge-schema';

const obj = opt(z.looseObject({}));

const user = z.looseObject({ id: z.string().min(1), name: str, username: str, team_id: str });

const command = z.looseObject({
  command: z.string().min(1),
  user_id: z.string().min(1),
  text: z.string().catch(''),
  channel_id: str,
  trigger_id: str,
  team_id: str,
  response_url: str,
});

const action = z.looseObject({
  action_id: z.string(),
  block_id: str,
  value: str,
  type: str,
  action_ts: str,
  selected_option: opt(z.looseObject({ value: z.string() })),
});

const view = z.looseObject({
  id: z.string().catch(''),
  callback_id: z.string().catch(''),
  private_metadata: z.string().catch(''),
  hash: str,
  blocks: listOf(z.looseObject({ type: z.string() })),
  // Each input block's answer by action id: a record of records of objects; anything else counts as empty.
  state: z
    .looseObject({ values: z.record(z.string(), z.record(z.string(), z.looseObject({})).catch({})).catch({}) })
    .catch({ values: {} }),
});

const interaction = z.looseObject({
  type: z.string().min(1),
  user,
  team: opt(z.looseObject({ id: str, domain: str }).nullable()),
  trigger_id: str,
  response_url: str,
  channel: opt(z.looseObject({ id: z.string(), name: str })),
  container: opt(z.looseObject({ type: str, message_ts: str, channel_id: str, is_ephemeral: opt(z.boolean()) })),
  message: opt(z.looseObject({ ts: z.string(), text: str, type: str })),
  actions: listOf(action),
  view: opt(view),
});

const event = z.looseObject({
  type: z.string().min(1),
  subtype: str,
  user: str,
  bot_id: str,
  text: str,
  channel: str,
  channel_type: str,
  ts: str,
  thread_ts: str,
  event_ts: str,
  tab: str,
});

const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  event,
  event_id: str,
  event_time: opt(z.number()),
  team_id: str,
  api_app_id: str,
  authorizations: opt(z.array(obj)),
});

export type SlackCheck = { ok: true; body: Record<string, unknown> } | { ok: false; problem: string };

const INTERACTION_TYPES = ['block_actions', 'view_submission', 'view_closed', 'shortcut', 'message_action', 'interactive_message', 'block_suggestion', 'dialog_submission'];

/** Which kind of request a body is: by the fields Slack always sends for it. */
export function checkSlackBody(body: Record<string, unknown>): SlackCheck {
  const isInteraction = (typeof body.type === 'string' && INTERACTION_TYPES.includes(body.type)) || 'user' in body || 'actions' in body || 'view' in body;
  const schema = 'command' in body ? command : body.type === 'event_callback' ? eventCallback : isInteraction ? interaction : undefined;
  if (!schema) {
    // Other Events API envelopes (app_rate_limited, …) have no listener; Bolt acknowledges them as they are.
    return typeof body.type === 'string' ? { ok: true, body } : { ok: false, problem: 'not a Slack command, interaction or event' };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` };
  }
  if (parsed.data.type === 'view_submission' && !parsed.data.view) return { ok: false, problem: 'view: required' };
  // Without the keys that came out absent: Bolt tells kinds of requests apart by which keys exist.
  return { ok: true, body: JSON.parse(JSON.stringify(parsed.data)) as Record<string, unknown> };
}
