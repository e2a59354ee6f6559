/**
 * The one dispatch over the domain's neutral messages (services/messages.ts), shared by every platform: a platform
 * names its renderer for each kind and gets its render function. The table is exhaustive: a new kind does not
 * compile until every platform renders it. A notice arrives as its text (page-text.ts), the same on each platform.
 */
import type { OutboundMessage } from '../services/messages';
import type { Locale } from '../services/protocol';
import { noticeText } from './page-text';

type ViewKind = Exclude<OutboundMessage['type'], 'notice'>;
type ViewOf<K extends ViewKind> = Extract<OutboundMessage, { type: K }> extends infer M ? (K extends keyof M ? M[K] : never) : never;

export type MessageRenderers<T> = { [K in ViewKind]: (locale: Locale, view: ViewOf<K>) => T } & { notice: (text: string) => T };

export function messageRenderer<T>(renderers: MessageRenderers<T>): (message: OutboundMessage) => T {
  return (message) => {
    if (message.type === 'notice') return renderers.notice(noticeText(message));
    const render = renderers[message.type] as (locale: Locale, view: unknown) => T;
    return render(message.locale, (message as unknown as Record<string, unknown>)[message.type]);
  };
}
