/** The report form, the confirmation and the simple cards, as Adaptive Cards for Teams. */
import { formatWhen } from '../dates';
import { APPROACHES, categoryOf, PROTOCOL, type Locale } from '../../services/protocol';
import { FORM_FIELDS, REPORT_FIELDS, type FieldDefinition, type FieldErrors, type ReportField, type ReportFormValues } from '../../services/report-form';
import { t } from '../strings';
import { REPORT_VERBS } from '../actions';
import { errorMessage, FIELD_HINTS, FIELD_LABELS, FIELD_PLACEHOLDERS, formChoices, nextStepLines, type ConfirmationView } from '../report-text';

export { REPORT_VERBS as VERBS } from '../actions';
export { formatWhen } from '../dates';
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

type CardElement = Record<string, unknown>;
const small = (text: string, extra: CardElement): CardElement => ({ type: 'TextBlock', text, size: 'Small', wrap: true, spacing: 'None', ...extra });
/** A toggle's spacing in the card: the first of a group sits at the default distance, the rest close together. */
const TOGGLE_SPACING: Partial<Record<ReportField, string>> = { conversationEnded: 'Small', supportRequested: 'Small', consentTeamMeeting: 'Small' };

/** The Input.* element of one field of FORM_FIELDS. */
function formInput(locale: Locale, field: FieldDefinition, value: string): CardElement {
  const label = t(locale, FIELD_LABELS[field.id]);
  const required = field.required ? { isRequired: true, errorMessage: t(locale, 'error.required') } : {};
  const placeholder = FIELD_PLACEHOLDERS[field.id] ? { placeholder: t(locale, FIELD_PLACEHOLDERS[field.id]!) } : {};
  const maxLength = field.maxLength ? { maxLength: field.maxLength } : {};
  switch (field.kind) {
    case 'toggle':
      return { type: 'Input.Toggle', id: field.id, title: label, value, valueOn: 'true', valueOff: 'false', wrap: true, ...(TOGGLE_SPACING[field.id] ? { spacing: TOGGLE_SPACING[field.id] } : {}) };
    case 'date':
      return { type: 'Input.Date', id: field.id, label, value, ...required };
    case 'time':
      return { type: 'Input.Time', id: field.id, label, value, ...required };
    case 'choice': {
      const { channels, categories } = formChoices(locale);
      const titles = new Map<string, string>([...channels, ...categories].map((c) => [c.value, c.title]));
      // A short list of long, explained categories reads best expanded; the contact channel as a compact list.
      const style = field.id === 'category' ? { style: 'expanded', wrap: true } : { style: 'compact' };
      return { type: 'Input.ChoiceSet', id: field.id, label, ...style, value, ...required, choices: (field.choices ?? []).map((v) => ({ title: titles.get(v) ?? v, value: v })) };
    }
    case 'text':
    case 'multiline':
      return { type: 'Input.Text', id: field.id, label, ...placeholder, ...(field.kind === 'multiline' ? { isMultiline: true } : {}), ...maxLength, value, ...required };
  }
}

/** What follows a field's input: its error (toggles have none), then its hint. */
function formExtras(locale: Locale, field: FieldDefinition, error: string): CardElement[] {
  const out: CardElement[] = [];
  if (error) out.push(small(error, { color: 'Attention' }));
  if (field.id === 'category') {
    out.push({
      type: 'Container',
      spacing: 'Small',
      items: formChoices(locale).categories.map((c) => ({
        type: 'RichTextBlock',
        spacing: 'None',
        inlines: [
          { type: 'TextRun', text: `${c.title}: `, size: 'Small', weight: 'Bolder', isSubtle: true },
          { type: 'TextRun', text: c.hint, size: 'Small', isSubtle: true },
        ],
      })),
    });
  }
  const hint = FIELD_HINTS[field.id];
  if (hint) out.push(small(t(locale, hint), { isSubtle: true }));
  return out;
}

/**
 * The report form as an Adaptive Card, built from FORM_FIELDS (the one definition the Slack modal renders from too):
 * the first-response toggle first and set apart, date and time side by side, each field with its error and hint.
 * A typed function rather than a template: nothing to parse per request, and no field list to keep in step.
 */
export function reportFormCard(view: ReportFormView): AdaptiveCardJson {
  const { locale } = view;
  const errorOf = (field: ReportField) => {
    const code = view.errors?.[field];
    return code ? errorMessage(locale, code, field) : '';
  };
  const valueOf = (field: ReportField) => (typeof view.values[field] === 'string' ? (view.values[field] as string) : '');
  const hasErrors = REPORT_FIELDS.some((f) => errorOf(f) !== '');
  const body: CardElement[] = [
    { type: 'TextBlock', text: t(locale, 'form.title'), size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
    { type: 'TextBlock', text: t(locale, 'form.intro'), wrap: true, isSubtle: true, spacing: 'Small' },
  ];
  if (view.banner?.text) body.push({ type: 'Container', style: view.banner.style, items: [{ type: 'TextBlock', text: view.banner.text, wrap: true, weight: 'Bolder' }] });
  const side: CardElement[] = [];
  for (const field of FORM_FIELDS) {
    const input = formInput(locale, field, valueOf(field.id));
    const extras = formExtras(locale, field, errorOf(field.id));
    if (field.id === 'firstResponse') {
      // First and set apart: a colleague is paged from the toggle alone (docs/first-response.md). Then what is wrong.
      body.push({ type: 'Container', style: 'emphasis', items: [input] });
      if (hasErrors) body.push({ type: 'Container', style: 'attention', items: [{ type: 'TextBlock', text: t(locale, 'form.errorSummary'), wrap: true, weight: 'Bolder', color: 'Attention' }] });
    } else if (field.kind === 'date' || field.kind === 'time') {
      side.push({ type: 'Column', width: 'stretch', items: [input, ...extras] });
      if (side.length === 2) body.push({ type: 'ColumnSet', columns: side.splice(0) });
    } else body.push(input, ...extras);
  }
  const data = { formId: view.formId, incidentId: view.completes ?? '' };
  const submit = t(locale, 'form.submit');
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    actions: [
      view.mode === 'execute'
        ? { type: 'Action.Execute', title: submit, verb: REPORT_VERBS.reportSubmit, style: 'positive', data }
        : { type: 'Action.Submit', title: submit, style: 'positive', data: { ...data, verb: REPORT_VERBS.reportSubmit } },
    ],
  };
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
