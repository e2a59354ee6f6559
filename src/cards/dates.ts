/**
 * The one date formatter of every card and message: Dutch (nl-NL) or English (en-GB) names, in the team's zone.
 * - `instant`: "woensdag 2 december 2026, 14:05" (when something happened, until when)
 * - `dayTime`: "dinsdag 24 november, 10:00" (a meeting, a snooze: this season)
 * - `dayAt`: "maandag 30 november om 16:50" (inside a sentence: "uiterlijk …")
 * - `dayMonth`: "24 november" (an incident's date in a title)
 * - `date`: "2 december 2026" (a calendar date)
 * - `short`: "24 nov 2026" (dates in lists); `shortTime`: "24 nov 2026, 14:05"
 * - `time`: "14:05"
 * Machine formats (the GIR export's CSV) are not cards and keep ISO-like dates.
 */
import { DateTime } from 'luxon';
import type { Locale } from '../services/protocol';

export type DateStyle = 'instant' | 'dayTime' | 'dayAt' | 'dayMonth' | 'date' | 'short' | 'shortTime' | 'time';

const FORMATS: Record<DateStyle, Record<Locale, string>> = {
  instant: { nl: 'cccc d LLLL yyyy, HH:mm', en: 'cccc d LLLL yyyy, HH:mm' },
  dayTime: { nl: 'cccc d LLLL, HH:mm', en: 'cccc d LLLL, HH:mm' },
  dayAt: { nl: "cccc d LLLL 'om' HH:mm", en: "cccc d LLLL 'at' HH:mm" },
  dayMonth: { nl: 'd LLLL', en: 'd LLLL' },
  date: { nl: 'd LLLL yyyy', en: 'd LLLL yyyy' },
  short: { nl: 'd LLL yyyy', en: 'd LLL yyyy' },
  shortTime: { nl: 'd LLL yyyy, HH:mm', en: 'd LLL yyyy, HH:mm' },
  time: { nl: 'HH:mm', en: 'HH:mm' },
};

export const luxonLocale = (locale: Locale) => (locale === 'nl' ? 'nl-NL' : 'en-GB');

/** `iso` is an instant, or a calendar date "yyyy-MM-dd" (read in `zone`). */
export function formatDate(locale: Locale, iso: string, zone: string | undefined, style: DateStyle = 'instant'): string {
  return DateTime.fromISO(iso, zone ? { zone } : {}).setLocale(luxonLocale(locale)).toFormat(FORMATS[style][locale]);
}

/** When something happened, as the confirmation, the page and the lists say it. */
export const formatWhen = (locale: Locale, iso: string, zone: string): string => formatDate(locale, iso, zone, 'instant');
