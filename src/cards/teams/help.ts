/** The reporter's help card for Teams (Adaptive Card), from the platform-free help text (help-text.ts). */
import type { HelpView } from '../../services/messages';
import type { Locale } from '../../services/protocol';
import { HELP_VERBS, helpText } from '../help-text';
import { t } from '../strings';
import { expandTemplate, type AdaptiveCardJson } from './templates';

export function helpCard(locale: Locale, help: HelpView): AdaptiveCardJson {
  const text = helpText(locale, help);
  return expandTemplate('help', {
    t: {
      emergency: t(locale, 'help.card.112'),
      where: t(locale, 'help.card.where'),
      wherePlaceholder: t(locale, 'help.card.wherePlaceholder'),
      whereSend: t(locale, 'help.card.whereSend'),
      safe: t(locale, 'help.card.safe'),
      report: t(locale, 'help.card.report'),
      reportLater: t(locale, 'help.card.reportLater'),
    },
    verbs: HELP_VERBS,
    incidentId: help.incidentId,
    headerStyle: help.state === 'safe' || help.state === 'coming' ? 'good' : 'attention',
    ...text,
    placeLabel: help.places.length ? '' : t(locale, 'help.card.where'),
    hasPlaces: help.places.length > 0,
    places: help.places.map((p) => ({ title: p, value: p })),
  });
}
