/** The page itself as an Adaptive Card for Teams (its words: ../page-text.ts). */
import type { PageView } from '../../services/messages';
import type { Locale } from '../../services/protocol';
import { PAGE_VERBS, pageText } from '../page-text';
import { t } from '../strings';
import { expandTemplate, type AdaptiveCardJson } from './templates';

export { PAGE_VERBS, pageStatus } from '../page-text';

/** Teams deep links to chat with or call the reporter (needs the reporter's work e-mail / UPN in the config). */
function teamsLinks(page: PageView): { chatUrl: string; callUrl: string } {
  if (!page.reporterEmail) return { chatUrl: '', callUrl: '' };
  const users = encodeURIComponent(page.reporterEmail);
  return { chatUrl: `https://teams.microsoft.com/l/chat/0/0?users=${users}`, callUrl: `https://teams.microsoft.com/l/call/0/0?users=${users}` };
}

export function pageCard(locale: Locale, page: PageView): AdaptiveCardJson {
  const text = pageText(locale, page);
  const links = page.state === 'stood-down' ? { chatUrl: '', callUrl: '' } : teamsLinks(page);
  return expandTemplate('page', {
    t: {
      ack: t(locale, 'page.ack'),
      decline: t(locale, 'page.decline'),
      done: t(locale, 'page.done'),
      refresh: t(locale, 'page.refresh'),
      chat: t(locale, 'page.chat', { name: page.reporterName }),
      call: t(locale, 'page.call', { name: page.reporterName }),
    },
    verbs: PAGE_VERBS,
    incidentId: page.incidentId,
    title: text.title,
    subtitle: text.subtitle,
    facts: text.facts,
    headerStyle: page.state === 'acknowledged' || page.state === 'stood-down' ? 'good' : 'attention',
    status: text.status.text,
    statusColor: text.status.color,
    ack: text.buttons.includes('ack'),
    decline: text.buttons.includes('decline'),
    done: text.buttons.includes('done'),
    ...links,
    viewerIds: page.viewerIds,
  });
}
