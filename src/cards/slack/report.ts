/**
 * The report form as a Slack modal, rendered from the one form definition (FORM_FIELDS) with the same labels,
 * placeholders, hints and choices as the Teams card (report-cards.ts); the modal's state read back into form values; validation errors keyed by
 * input block for `response_action: errors`; the confirmation and the small views around a submission.
 */
import { APPROACHES, categoryOf, PROTOCOL, type Locale } from '../../services/protocol';
import { FORM_FIELDS, type FieldDefinition, type FieldErrors, type ReportField, type ReportFormValues } from '../../services/report-form';
import { formatWhen } from '../dates';
import { errorMessage, FIELD_HINTS as HINTS, FIELD_LABELS, FIELD_PLACEHOLDERS as PLACEHOLDERS, formChoices, nextStepLines, type ConfirmationView } from '../report-text';
import { LIMITS, context, factsSection, header, md, message, plain, safeMrkdwn, textSection, type Block, type SlackMessage } from './blocks';
import { t, type StringKey } from '../strings';
import { confirmationWarning } from '../measure-text';
import { formModal, isIncidentId, metadataField } from './modals';

export const SLACK_REPORT_CALLBACK = 'report.submit';
export const SLACK_OPEN_FORM_ACTION = 'report.open';

export interface SlackFormView {
  locale: Locale;
  formId: string;
  values: ReportFormValues;
  /** The help request this form completes (after `hulp`), and the line shown above the fields. */
  completes?: string;
  banner?: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
type Option = { text: ReturnType<typeof plain>; value: string };
const option = (value: string, title: string): Option => ({ text: plain(title, LIMITS.option), value });

function choicesOf(locale: Locale, field: FieldDefinition): Option[] {
  const labelled = formChoices(locale);
  const titles = new Map<string, string>([...labelled.channels, ...labelled.categories].map((c) => [c.value, c.title]));
  return (field.choices ?? []).map((value) => option(value, titles.get(value) ?? value));
}

function element(locale: Locale, field: FieldDefinition, value: string): Record<string, unknown> {
  const base = { action_id: field.id };
  const placeholder = PLACEHOLDERS[field.id] ? { placeholder: plain(t(locale, PLACEHOLDERS[field.id]!), LIMITS.placeholder) } : {};
  switch (field.kind) {
    case 'date':
      return { ...base, type: 'datepicker', ...(/^\d{4}-\d{2}-\d{2}$/.test(value) ? { initial_date: value } : {}) };
    case 'time':
      return { ...base, type: 'timepicker', ...(/^\d{2}:\d{2}$/.test(value) ? { initial_time: value } : {}) };
    case 'choice': {
      const options = choicesOf(locale, field);
      const initial = options.find((o) => o.value === value);
      // A short list of long, explained categories reads best as radio buttons; the contact channel as a select.
      const type = field.id === 'category' ? 'radio_buttons' : 'static_select';
      return { ...base, type, options, ...(initial ? { initial_option: initial } : {}) };
    }
    case 'text':
    case 'multiline':
      return {
        ...base,
        type: 'plain_text_input',
        multiline: field.kind === 'multiline',
        ...(field.maxLength ? { max_length: field.maxLength } : {}),
        ...(value ? { initial_value: value.slice(0, field.maxLength ?? LIMITS.text) } : {}),
        ...placeholder,
      };
    case 'toggle': {
      const yes = option('true', t(locale, 'form.yes'));
      return { ...base, type: 'checkboxes', options: [yes], ...(value === 'true' ? { initial_options: [yes] } : {}) };
    }
  }
}

function hintOf(locale: Locale, field: FieldDefinition): string | undefined {
  if (field.id === 'category') {
    // Teams lists "label: recognised by" under the choices; Slack option descriptions stop at 75 characters.
    return formChoices(locale).categories.map((c) => `${c.title}: ${c.hint}`).join('\n');
  }
  return HINTS[field.id] ? t(locale, HINTS[field.id]!) : undefined;
}

/** The modal for views.open. The form id travels in private_metadata: the same submission makes the same incident. */
export function slackReportModal(view: SlackFormView): Record<string, unknown> {
  const { locale } = view;
  const blocks: Block[] = [...(view.banner ? [textSection(view.banner)] : []), textSection(t(locale, 'form.intro'))];
  for (const field of FORM_FIELDS) {
    const hint = hintOf(locale, field);
    blocks.push({
      type: 'input',
      block_id: field.id,
      label: plain(t(locale, FIELD_LABELS[field.id]), LIMITS.label),
      element: element(locale, field, str(view.values[field.id])),
      optional: !field.required,
      ...(hint ? { hint: plain(hint, LIMITS.hint) } : {}),
    });
  }
  return formModal(locale, {
    callbackId: SLACK_REPORT_CALLBACK,
    title: t(locale, 'form.title'),
    submit: t(locale, 'form.submit'),
    metadata: { formId: view.formId, ...(view.completes ? { completes: view.completes } : {}) },
    blocks: blocks.slice(0, LIMITS.modalBlocks),
  });
}

type StateValue = {
  type?: string;
  value?: string | null;
  selected_date?: string | null;
  selected_time?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: { value?: string }[] | null;
};
export type ModalState = Record<string, Record<string, StateValue>>;

/** The modal's state as the form values validateReport takes (strings; toggles "true"/"false"). */
export function readModalValues(state: ModalState | undefined): ReportFormValues {
  const values: ReportFormValues = {};
  for (const field of FORM_FIELDS) {
    const v = state?.[field.id]?.[field.id];
    if (!v) continue;
    let raw: unknown;
    if (field.kind === 'toggle') raw = (v.selected_options ?? []).some((o) => o.value === 'true') ? 'true' : 'false';
    else if (field.kind === 'date') raw = v.selected_date;
    else if (field.kind === 'time') raw = v.selected_time;
    else if (field.kind === 'choice') raw = v.selected_option?.value;
    else raw = v.value;
    if (typeof raw === 'string') values[field.id] = raw;
  }
  return values;
}

/** The help request a modal completes, from its private_metadata (see slackReportModal). */
export const readCompletes = (privateMetadata: unknown): string | undefined => metadataField(privateMetadata, 'completes', isIncidentId);

export const readFormId = (privateMetadata: unknown): string | undefined => metadataField(privateMetadata, 'formId', (id) => /^[A-Za-z0-9-]{8,64}$/.test(id));

/** `response_action: errors` wants messages keyed by input block id; ours are the field ids. */
export function slackModalErrors(locale: Locale, errors: FieldErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, code] of Object.entries(errors)) if (code) out[field] = errorMessage(locale, code, field);
  return out;
}

/** A small modal with one message (processing, received, expired, unknown user). */
export function slackInfoModal(locale: Locale, text: string): Record<string, unknown> {
  return {
    type: 'modal',
    title: plain(t(locale, 'dialog.title'), LIMITS.modalTitle),
    close: plain(t(locale, 'slack.close'), LIMITS.modalButton),
    blocks: [textSection(text)],
  };
}

const bullets = (lines: string[]) => lines.map((l) => `• ${l}`).join('\n');
/** A bold heading over literal text; both escaped. */
const titled = (title: string, body: string): Block => ({ type: 'section', text: md(`*${safeMrkdwn(title, 200)}*\n${safeMrkdwn(body, LIMITS.text - 210)}`) });

/** The confirmation to the reporter: the same content as the Teams confirmation card. */
export function slackConfirmation(view: ConfirmationView): SlackMessage {
  const { locale, incident } = view;
  const rule = PROTOCOL[categoryOf(incident)];
  const approach = APPROACHES[rule.approach];
  const title = t(locale, 'confirm.title', { number: incident.number });
  const blocks: Block[] = [header(title), textSection(t(locale, 'confirm.thanks'))];
  // A citizen under a measure: the instruction first (docs/measures.md).
  const warning = confirmationWarning(locale, incident);
  if (warning) blocks.splice(1, 0, textSection(`⚠️ ${warning}`));
  if (view.duplicate) blocks.push(context(t(locale, 'duplicate.note')));
  blocks.push(
    factsSection([
      { label: t(locale, 'confirm.category'), value: rule.label[locale] },
      { label: t(locale, 'confirm.when'), value: formatWhen(locale, incident.occurredAt, view.timezone) },
      { label: t(locale, 'confirm.channel'), value: t(locale, `channel.${incident.channel}`) },
      { label: t(locale, 'confirm.registration'), value: t(locale, `registration.${incident.registration}`) },
    ]),
    context(t(locale, `reason.${incident.registrationReason}`)),
    titled(`${t(locale, 'confirm.approach')}: ${approach.title[locale]}`, bullets(approach.steps[locale])),
    titled(t(locale, 'confirm.norm'), rule.organisationNorm[locale]),
  );
  if (view.teamNorm) blocks.push(titled(t(locale, 'confirm.teamNorm'), view.teamNorm));
  blocks.push(titled(t(locale, 'confirm.next'), bullets(nextStepLines(locale, incident))));
  return message(title, blocks);
}

/** After the ack the report could not be stored: say so, and give back what was typed so nothing is lost. */
export function slackSaveFailed(locale: Locale, values: ReportFormValues): SlackMessage {
  const text = t(locale, 'slack.saveFailedLater');
  const blocks: Block[] = [textSection(text)];
  const description = str(values.description).trim();
  if (description) blocks.push(context(t(locale, 'slack.yourText')), textSection(description));
  return message(text, blocks);
}
