/** What the reporter's help card says, platform-free (Teams: teams/help.ts, Slack: slack/help.ts). */
import { DateTime } from 'luxon';
import { formatDate } from './dates';
import type { HelpView } from '../services/messages';
import type { Locale } from '../services/protocol';
import { defaultFormValues, type ReportFormValues } from '../services/report-form';
import { t } from './strings';

export const HELP_VERBS = { request: 'help.request', place: 'help.place', safe: 'help.safe', report: 'help.report' } as const;

export interface HelpText {
  title: string;
  status: string;
  /** "Bij direct gevaar: bel 112" — on every help card but the "safe" one, without waiting for the ladder. */
  show112: boolean;
  placeSaved: string;
  askPlace: boolean;
  canStandDown: boolean;
  reportPending: boolean;
}

export function helpText(locale: Locale, help: HelpView): HelpText {
  const safe = help.state === 'safe';
  const status = help.reminder
    ? t(locale, 'help.reminder', { number: help.incidentNumber })
    : safe
      ? t(locale, 'help.card.safeDone')
      : help.state === 'coming'
        ? t(locale, 'help.card.coming', { name: help.comingName ?? '?' })
        : help.state === 'nobody'
          ? t(locale, 'help.card.nobody')
          : t(locale, 'help.card.paged', { names: help.pagedNames.join(', ') });
  return {
    title: help.reminder ? t(locale, 'help.card.report') : help.state === 'nobody' ? t(locale, 'help.card.titleNobody') : t(locale, 'help.card.title'),
    status,
    show112: !safe && !help.reminder,
    placeSaved: help.place && !help.reminder ? t(locale, 'help.card.whereSaved', { place: help.place }) : '',
    askPlace: !safe && !help.reminder && !help.place,
    canStandDown: !safe && !help.reminder,
    reportPending: help.reportPending,
  };
}

/** The report form after `hulp`, for both platforms: the time of the tap and "eerste opvang" filled in, the place named above it. */
export function prefilledReport(locale: Locale, zone: string, requestedAt: string, place?: string): { values: ReportFormValues; banner: string } {
  const local = DateTime.fromISO(requestedAt, { zone });
  const placeText = place ? t(locale, 'help.formPlace', { place }) : '';
  return {
    values: { ...defaultFormValues(local.toJSDate(), zone), firstResponse: 'true' },
    banner: t(locale, 'help.formPrefilled', { time: formatDate(locale, requestedAt, zone, 'time'), place: placeText }),
  };
}
