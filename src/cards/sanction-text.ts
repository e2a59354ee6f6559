/** How a sanction measure and its end date read, platform-free (Teams card, Slack message, the GIR export). */
import { formatDate } from './dates';
import { SANCTION_MEASURES } from '../services/model';
import type { Locale } from '../services/protocol';
import { t, type StringKey } from './strings';

export function measureLabel(locale: Locale, measure: string): string {
  return (SANCTION_MEASURES as readonly string[]).includes(measure) ? t(locale, `sanction.measure.${measure}` as StringKey) : measure;
}

export function untilSuffix(locale: Locale, until: string | undefined): string {
  if (!until) return '';
  const date = formatDate(locale, until, undefined, 'date');
  return t(locale, 'sanction.untilSuffix', { date });
}
