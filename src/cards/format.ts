/** Dates as people read them, in their language and their team's zone; shared by both platforms. */
import { DateTime } from 'luxon';
import type { Locale } from '../services/protocol';
import { formatDate } from './dates';

/** Luxon's locale for ours. */
export const luxonLocale = (locale: Locale) => (locale === 'nl' ? 'nl-NL' : 'en-GB');

/** A local date or time in the given Luxon format. */
export const localDate = (locale: Locale, iso: string, zone: string, format: string) => DateTime.fromISO(iso, { zone }).setLocale(luxonLocale(locale)).toFormat(format);

export function formatWhen(locale: Locale, iso: string, zone: string): string {
  return formatDate(locale, iso, zone, 'instant');
}
