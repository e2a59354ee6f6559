/**
 * The one date formatter of every card and message: Dutch (nl-NL) or English (en-GB) names, in the team's zone.
 * - `instant`: "woensdag 2 december 2026, 14:05" (when something happened, until when)
 * - `dayTime`: "dinsdag 24 november 10:00" (a meeting this season)
 * - `date`: "2 december 2026" (a calendar date)
 * - `short`: "24 nov 2026" (dates in lists)
 * - `time`: "14:05"
 */
import { DateTime } from 'luxon';
import type { Locale } from '../services/protocol';

export type DateStyle = 'instant' | 'dayTime' | 'date' | 'short' | 'time';

const FORMATS: Record<DateStyle, string> = {
  instant: 'cccc d LLLL yyyy, HH:mm',
  dayTime: 'cccc d LLLL HH:mm',
  date: 'd LLLL yyyy',
  short: 'd LLL yyyy',
  time: 'HH:mm',
};

export const luxonLocale = (locale: Locale) => (locale === 'nl' ? 'nl-NL' : 'en-GB');

/** `iso` is an instant, or a calendar date "yyyy-MM-dd" (read in `zone`). */
export function formatDate(locale: Locale, iso: string, zone: string | undefined, style: DateStyle = 'instant'): string {
  return DateTime.fromISO(iso, zone ? { zone } : {}).setLocale(luxonLocale(locale)).toFormat(FORMATS[style]);
}
