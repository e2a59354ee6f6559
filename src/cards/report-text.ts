/** What the report form and its confirmation say, platform-free: the Teams cards (teams/report.ts) and the Slack modal (slack/report.ts). */
import { momentApplies } from '../services/aftercare-plan';
import type { Incident } from '../services/model';
import { CATEGORIES, categoryOf, PROTOCOL, type Locale } from '../services/protocol';
import { FORM_FIELDS, MAX_AGE_DAYS, type FieldErrors, type ReportField } from '../services/report-form';
import { CONTACT_CHANNELS } from '../services/model';
import { t, type StringKey } from './strings';

export function errorMessage(locale: Locale, code: NonNullable<FieldErrors[keyof FieldErrors]>, field: string): string {
  const max = FORM_FIELDS.find((f) => f.id === field)?.maxLength ?? 0;
  return t(locale, `error.${code}`, { max, days: MAX_AGE_DAYS });
}

/** The choices of the form, labelled; shared with the Slack modal. */
export function formChoices(locale: Locale) {
  return {
    channels: CONTACT_CHANNELS.map((value) => ({ value, title: t(locale, `channel.${value}`) })),
    categories: CATEGORIES.map((value) => ({ value, title: PROTOCOL[value].label[locale], hint: PROTOCOL[value].recognisedBy[locale] })),
  };
}

export interface ConfirmationView {
  locale: Locale;
  incident: Incident;
  timezone: string;
  teamNorm?: string;
  duplicate: boolean;
}

/** What happens next, derived from the incident; the same list the Slack confirmation shows. */
export function nextStepLines(locale: Locale, incident: Incident): string[] {
  const lines = [t(locale, incident.firstResponse ? 'next.firstResponse' : 'next.noFirstResponse')];
  if (incident.registration === 'required') lines.push(t(locale, 'next.coordinator'));
  lines.push(t(locale, 'next.lead'));
  // Promise only what is planned: check-ins only when the plan has them (docs/aftercare.md).
  if (incident.supportRequested) lines.push(t(locale, 'next.aftercareRequested'));
  if (momentApplies('checkin-72h', { ...incident, category: categoryOf(incident) })) lines.push(t(locale, 'next.aftercare'));
  lines.push(t(locale, incident.consentTeamMeeting ? 'next.teamMeeting' : 'next.teamMeetingCounts'));
  // A threat, or nobody to page: the 112 line first, without waiting for the ladder (docs/first-response.md).
  if (incident.category === 'threat' || incident.paging?.status === 'exhausted') lines.unshift(t(locale, 'help.card.112'));
  return lines;
}

/** Every field's label (a toggle's title): a Record, so a field added to the form does not compile until it has one. */
export const FIELD_LABELS: Record<ReportField, StringKey> = {
  firstResponse: 'form.firstResponse',
  date: 'form.date',
  time: 'form.time',
  channel: 'form.channel',
  category: 'form.category',
  description: 'form.description',
  stoppedAfterLimit: 'form.stoppedAfterLimit',
  conversationEnded: 'form.conversationEnded',
  citizenRef: 'form.citizenRef',
  supportRequested: 'form.supportRequested',
  consentTeamMeeting: 'form.consent',
  teamSummary: 'form.teamSummary',
};
export const FIELD_PLACEHOLDERS: Partial<Record<ReportField, StringKey>> = {
  description: 'form.description.placeholder',
  citizenRef: 'form.citizenRef.placeholder',
};
/** The line under a field (the category's hint is the list of categories with what they are recognised by). */
export const FIELD_HINTS: Partial<Record<ReportField, StringKey>> = {
  citizenRef: 'form.citizenRef.help',
  consentTeamMeeting: 'form.consent.help',
  teamSummary: 'form.teamSummary.help',
};
