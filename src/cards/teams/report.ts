/** The report form, the confirmation and the simple cards, as Adaptive Cards for Teams. */
import { formatDate } from '../dates';
import { APPROACHES, categoryOf, PROTOCOL, type Locale } from '../../services/protocol';
import {
  CITIZEN_REF_MAX, TEAM_SUMMARY_MAX,
  DESCRIPTION_MAX,
  REPORT_FIELDS,
  type FieldErrors,
  type ReportFormValues,
} from '../../services/report-form';
import { t } from '../strings';
import { REPORT_VERBS } from '../actions';
import { formatWhen } from '../format';
import { errorMessage, formChoices, nextStepLines, type ConfirmationView } from '../report-text';

export { REPORT_VERBS as VERBS } from '../actions';
export { formatWhen } from '../format';
export { errorMessage, formChoices, nextStepLines, type ConfirmationView } from '../report-text';
import { expandTemplate, type AdaptiveCardJson } from './templates';

export interface ReportFormView {
  locale: Locale;
  formId: string;
  values: ReportFormValues;
  errors?: FieldErrors;
  /** 'execute' in chat (Universal Actions), 'submit' in a dialog (task module). */
  mode: 'execute' | 'submit';
  /** A line above the form: colleagues already paged, the form pre-filled after `hulp`, or a failed save. */
  banner?: { text: string; style: 'good' | 'attention' | 'accent' };
  /** The help request this form completes (its incident id). */
  completes?: string;
}

export function reportFormCard(view: ReportFormView): AdaptiveCardJson {
  const { locale } = view;
  const errors: Record<string, string> = {};
  for (const field of REPORT_FIELDS) {
    const code = view.errors?.[field];
    errors[field] = code ? errorMessage(locale, code, field) : '';
  }
  const values: Record<string, string> = {};
  for (const field of REPORT_FIELDS) values[field] = typeof view.values[field] === 'string' ? (view.values[field] as string) : '';
  return expandTemplate('reportForm', {
    t: {
      title: t(locale, 'form.title'),
      intro: t(locale, 'form.intro'),
      errorSummary: t(locale, 'form.errorSummary'),
      required: t(locale, 'error.required'),
      date: t(locale, 'form.date'),
      time: t(locale, 'form.time'),
      channel: t(locale, 'form.channel'),
      category: t(locale, 'form.category'),
      description: t(locale, 'form.description'),
      descriptionPlaceholder: t(locale, 'form.description.placeholder'),
      stoppedAfterLimit: t(locale, 'form.stoppedAfterLimit'),
      conversationEnded: t(locale, 'form.conversationEnded'),
      citizenRef: t(locale, 'form.citizenRef'),
      citizenRefPlaceholder: t(locale, 'form.citizenRef.placeholder'),
      citizenRefHelp: t(locale, 'form.citizenRef.help'),
      firstResponse: t(locale, 'form.firstResponse'),
      supportRequested: t(locale, 'form.supportRequested'),
      consent: t(locale, 'form.consent'),
      consentHelp: t(locale, 'form.consent.help'),
      teamSummary: t(locale, 'form.teamSummary'),
      teamSummaryHelp: t(locale, 'form.teamSummary.help'),
      submit: t(locale, 'form.submit'),
    },
    ...formChoices(locale),
    values,
    errors,
    hasErrors: Object.values(errors).some((e) => e !== ''),
    maxDescription: DESCRIPTION_MAX,
    maxCitizenRef: CITIZEN_REF_MAX,
    maxTeamSummary: TEAM_SUMMARY_MAX,
    mode: view.mode,
    verb: REPORT_VERBS.reportSubmit,
    formId: view.formId,
    completes: view.completes ?? '',
    banner: view.banner?.text ?? '',
    bannerStyle: view.banner?.style ?? 'default',
  });
}

const bullets = (lines: string[]) => lines.map((l) => `- ${l}`).join('\n');

export function confirmationCard(view: ConfirmationView): AdaptiveCardJson {
  const { locale, incident } = view;
  const rule = PROTOCOL[categoryOf(incident)];
  const approach = APPROACHES[rule.approach];
  return expandTemplate('confirmation', {
    t: {
      title: t(locale, 'confirm.title', { number: incident.number }),
      thanks: t(locale, 'confirm.thanks'),
      category: t(locale, 'confirm.category'),
      when: t(locale, 'confirm.when'),
      channel: t(locale, 'confirm.channel'),
      registration: t(locale, 'confirm.registration'),
      approach: t(locale, 'confirm.approach'),
      norm: t(locale, 'confirm.norm'),
      teamNorm: t(locale, 'confirm.teamNorm'),
      next: t(locale, 'confirm.next'),
    },
    headerStyle: incident.registration === 'required' ? 'warning' : 'good',
    duplicateNote: view.duplicate ? t(locale, 'duplicate.note') : '',
    categoryLabel: rule.label[locale],
    when: formatWhen(locale, incident.occurredAt, view.timezone),
    channelLabel: t(locale, `channel.${incident.channel}`),
    registrationLabel: t(locale, `registration.${incident.registration}`),
    registrationReason: t(locale, `reason.${incident.registrationReason}`),
    approachTitle: approach.title[locale],
    approachSteps: bullets(approach.steps[locale]),
    organisationNorm: rule.organisationNorm[locale],
    teamNorm: view.teamNorm ?? '',
    nextSteps: bullets(nextStepLines(locale, incident)),
  });
}

/** The welcome card on install, and the help card (`help`): both lead with "Ik heb nu hulp nodig". */
export function welcomeCard(locale: Locale, kind: 'welcome' | 'help' = 'welcome'): AdaptiveCardJson {
  return expandTemplate('welcome', {
    title: t(locale, kind === 'welcome' ? 'welcome.title' : 'help.title'),
    body: t(locale, kind === 'welcome' ? 'welcome.body' : 'help.body'),
    commands: kind === 'welcome' ? t(locale, 'welcome.commands') : '',
    helpButton: t(locale, 'help.button'),
    helpLine: t(locale, 'help.line'),
    reportButton: t(locale, 'welcome.report'),
  });
}

export function noticeCard(text: string, title = '', color: 'Default' | 'Attention' | 'Good' = 'Default'): AdaptiveCardJson {
  return expandTemplate('notice', { title, text, color });
}
