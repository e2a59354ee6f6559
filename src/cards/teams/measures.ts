/**
 * Measures on citizen references in Teams (docs/measures.md): the reminder card before a measure ends or at
 * re-evaluation (extend/change or end) and the warning on a report's confirmation. The texts are shared with Slack
 * (../measure-text.ts).
 */
import { DateTime } from 'luxon';
import type { MeasureView } from '../../services/messages';
import type { Incident } from '../../services/model';
import type { Locale } from '../../services/protocol';
import { confirmationWarning, MEASURE_VERBS, measureText } from '../measure-text';
import { t } from '../strings';
import { expandTemplate, type AdaptiveCardJson } from './templates';

export { checkCommand, confirmationWarning, historyLines, instructionText, MEASURE_VERBS, measureText } from '../measure-text';

export function measureCard(locale: Locale, m: MeasureView, error = ''): AdaptiveCardJson {
  const text = measureText(locale, m);
  return expandTemplate('measure', {
    ...text,
    headerStyle: text.open ? 'warning' : 'good',
    error,
    newEndLabel: t(locale, 'measure.card.newEnd'),
    defaultEnd: m.endDate ? DateTime.fromISO(m.endDate).plus({ months: 3 }).toISODate() : '',
    extend: t(locale, 'measure.card.extend'),
    end: t(locale, 'measure.card.end'),
    verbs: MEASURE_VERBS,
    measureId: m.measureId,
  });
}

/** The confirmation card with the warning on top (Teams). */
export function withConfirmationWarning(card: AdaptiveCardJson, locale: Locale, incident: Pick<Incident, 'measureInForce'>): AdaptiveCardJson {
  const text = confirmationWarning(locale, incident);
  if (!text) return card;
  const warning = { type: 'Container', style: 'attention', items: [{ type: 'TextBlock', text, wrap: true, weight: 'Bolder' }] };
  return { ...card, body: [warning, ...card.body] };
}

