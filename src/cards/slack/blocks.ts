/**
 * Block Kit building blocks as plain JSON (no SDK import), with text safety built in:
 * - user and config text goes out as `plain_text` (Slack shows it literally: no mentions, no links), or, where
 *   only mrkdwn is allowed (section fields, the notification `text`), escaped: `&`, `<`, `>` become entities, so
 *   `<!channel>`, `<@U…>` and `<https://…|…>` cannot ping or link;
 * - every text is cut to its Block Kit limit (a text over the limit makes Slack reject the whole message).
 */

/** Block Kit limits (https://docs.slack.dev/reference/block-kit). */
export const LIMITS = {
  text: 3000,
  header: 150,
  field: 2000,
  fields: 10,
  button: 75,
  option: 75,
  optionDescription: 75,
  label: 2000,
  hint: 2000,
  placeholder: 150,
  modalTitle: 24,
  modalButton: 24,
  blockId: 255,
  messageBlocks: 50,
  modalBlocks: 100,
  privateMetadata: 3000,
  /** The notification fallback `text` of chat.postMessage; Slack truncates beyond 40,000, keep it short. */
  fallback: 3000,
} as const;

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  verbatim?: boolean;
}
export type TextObject = PlainText | MrkdwnText;
export type Block = Record<string, unknown> & { type: string };

/** A message as chat.postMessage / chat.update take it: fallback text (mrkdwn, escaped) and blocks. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Cuts to `max` characters (by code point, so an emoji is never split), ending in "…" when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** Slack's three control characters in mrkdwn; everything else shows as typed. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes, then cuts to `max` without leaving half an entity ("&am…") at the end. */
export function safeMrkdwn(text: string, max: number = LIMITS.text): string {
  const escaped = escapeMrkdwn(text);
  if (Array.from(escaped).length <= max) return escaped;
  return truncate(escaped, max).replace(/&[a-z]*…$/, '…');
}

export const plain = (text: string, max: number = LIMITS.text): PlainText => ({ type: 'plain_text', text: truncate(text, max), emoji: true });

/** mrkdwn from our own template with already-escaped parts; `verbatim` keeps Slack from auto-linking URLs and names. */
export const md = (text: string, max: number = LIMITS.text): MrkdwnText => ({ type: 'mrkdwn', text: truncate(text, max), verbatim: true });

export const header = (text: string): Block => ({ type: 'header', text: plain(text, LIMITS.header) });

/** A section of literal text (plain_text): the place for anything a user typed. */
export const textSection = (text: string): Block => ({ type: 'section', text: plain(text) });

/** Label/value pairs in two columns; both parts escaped. */
export function factsSection(facts: { label: string; value: string }[]): Block {
  return {
    type: 'section',
    fields: facts.slice(0, LIMITS.fields).map((f) => md(`*${safeMrkdwn(f.label, 200)}*\n${safeMrkdwn(f.value, LIMITS.field - 210)}`, LIMITS.field)),
  };
}

export const context = (text: string): Block => ({ type: 'context', elements: [plain(text)] });

export const divider = (): Block => ({ type: 'divider' });

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Record<string, unknown> {
  return { type: 'button', text: plain(text, LIMITS.button), action_id: actionId, value: truncate(value, 2000), ...(style ? { style } : {}) };
}

export const actions = (blockId: string, elements: Record<string, unknown>[]): Block => ({ type: 'actions', block_id: blockId, elements });

/** A message within Block Kit's limits: at most 50 blocks, fallback text escaped. */
export function message(fallback: string, blocks: Block[]): SlackMessage {
  return { text: safeMrkdwn(fallback, LIMITS.fallback), blocks: blocks.slice(0, LIMITS.messageBlocks) };
}
