/**
 * The report form's fields and their validation: the one definition both the Teams card and the Slack modal
 * render from (labels live in src/cards). Values arrive as strings from either platform.
 */
import { DateTime } from 'luxon';
import { CATEGORIES, isCategory, type Category } from './protocol';
import { CONTACT_CHANNELS, type ContactChannel, type ReportedFacts } from './model';

export const REPORT_FIELDS = [
  'firstResponse',
  'date',
  'time',
  'channel',
  'category',
  'description',
  'stoppedAfterLimit',
  'conversationEnded',
  'citizenRef',
  'supportRequested',
  'consentTeamMeeting',
  'teamSummary',
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

export type FieldKind = 'date' | 'time' | 'choice' | 'text' | 'multiline' | 'toggle';

export interface FieldDefinition {
  id: ReportField;
  kind: FieldKind;
  required: boolean;
  maxLength?: number;
  choices?: readonly string[];
}

export const DESCRIPTION_MAX = 2000;
export const CITIZEN_REF_MAX = 40;
/** The short text for the team (docs/roles.md: what the team channel sees, with consent). */
export const TEAM_SUMMARY_MAX = 280;
export const MAX_AGE_DAYS = 30;

export const FORM_FIELDS: readonly FieldDefinition[] = [
  // First: a colleague is paged from the toggle alone, before the rest is valid (docs/first-response.md).
  { id: 'firstResponse', kind: 'toggle', required: false },
  { id: 'date', kind: 'date', required: true },
  { id: 'time', kind: 'time', required: true },
  { id: 'channel', kind: 'choice', required: true, choices: CONTACT_CHANNELS },
  { id: 'category', kind: 'choice', required: true, choices: CATEGORIES },
  { id: 'description', kind: 'multiline', required: true, maxLength: DESCRIPTION_MAX },
  { id: 'stoppedAfterLimit', kind: 'toggle', required: false },
  { id: 'conversationEnded', kind: 'toggle', required: false },
  { id: 'citizenRef', kind: 'text', required: false, maxLength: CITIZEN_REF_MAX },
  { id: 'supportRequested', kind: 'toggle', required: false },
  { id: 'consentTeamMeeting', kind: 'toggle', required: false },
  { id: 'teamSummary', kind: 'multiline', required: false, maxLength: TEAM_SUMMARY_MAX },
];

export type FieldErrorCode =
  | 'required'
  | 'too-long'
  | 'unknown-choice'
  | 'invalid-date'
  | 'invalid-time'
  | 'in-future'
  | 'too-old'
  | 'citizen-ref-format';

export type FieldErrors = Partial<Record<ReportField, FieldErrorCode>>;

/** What a valid form means, before it becomes an incident. */
export interface ReportData extends ReportedFacts {
  category: Category;
}

/** Raw values as a card or modal submits them; strings for everything, toggles "true"/"false". */
export type ReportFormValues = Partial<Record<ReportField, unknown>>;

/** The form's values for a fresh form: now, in the team's zone. */
export function defaultFormValues(now: Date, zone: string): ReportFormValues {
  const local = DateTime.fromJSDate(now, { zone });
  return {
    date: local.toFormat('yyyy-MM-dd'),
    time: local.toFormat('HH:mm'),
    channel: 'phone',
    stoppedAfterLimit: 'false',
    conversationEnded: 'false',
    firstResponse: 'false',
    supportRequested: 'false',
    consentTeamMeeting: 'false',
  };
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const toggle = (v: unknown): boolean => v === true || v === 'true';
/** Case numbers may hold letters, digits and a few separators, and must hold a digit: a name has none. */
const CITIZEN_REF = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9 ./_-]*$/;
/** Slack for clocks that run a little ahead of ours. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function validateReport(
  values: ReportFormValues,
  now: Date,
  zone: string,
): { ok: true; data: ReportData } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const date = text(values.date);
  const time = text(values.time);
  let occurredAt: DateTime | undefined;
  if (!date) errors.date = 'required';
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) errors.date = 'invalid-date';
  if (!time) errors.time = 'required';
  else if (!/^\d{2}:\d{2}(:\d{2})?$/.test(time)) errors.time = 'invalid-time';
  if (!errors.date && !errors.time) {
    occurredAt = DateTime.fromISO(`${date}T${time.slice(0, 5)}`, { zone });
    if (!occurredAt.isValid) errors.date = 'invalid-date';
    else if (occurredAt.toMillis() > now.getTime() + FUTURE_TOLERANCE_MS) errors.date = 'in-future';
    else if (occurredAt.toMillis() < now.getTime() - MAX_AGE_DAYS * 86_400_000) errors.date = 'too-old';
  }

  const channel = text(values.channel);
  if (!channel) errors.channel = 'required';
  else if (!(CONTACT_CHANNELS as readonly string[]).includes(channel)) errors.channel = 'unknown-choice';

  const category = text(values.category);
  if (!category) errors.category = 'required';
  else if (!isCategory(category)) errors.category = 'unknown-choice';

  const description = text(values.description);
  if (!description) errors.description = 'required';
  else if (description.length > DESCRIPTION_MAX) errors.description = 'too-long';

  const citizenRef = text(values.citizenRef);
  if (citizenRef.length > CITIZEN_REF_MAX) errors.citizenRef = 'too-long';
  else if (citizenRef && !CITIZEN_REF.test(citizenRef)) errors.citizenRef = 'citizen-ref-format';

  const teamSummary = text(values.teamSummary);
  if (teamSummary.length > TEAM_SUMMARY_MAX) errors.teamSummary = 'too-long';

  if (Object.keys(errors).length > 0 || !occurredAt) return { ok: false, errors };
  return {
    ok: true,
    data: {
      occurredAt: occurredAt.toUTC().toISO()!,
      channel: channel as ContactChannel,
      category: category as Category,
      description,
      stoppedAfterLimit: toggle(values.stoppedAfterLimit),
      conversationEnded: toggle(values.conversationEnded),
      citizenRef: citizenRef ? citizenRef.toUpperCase() : undefined,
      firstResponseRequested: toggle(values.firstResponse),
      supportRequested: toggle(values.supportRequested),
      consentTeamMeeting: toggle(values.consentTeamMeeting),
      teamSummary: toggle(values.consentTeamMeeting) && teamSummary ? teamSummary : undefined,
    },
  };
}

/** Keeps only the known fields as trimmed strings, so a re-rendered form shows what was typed and nothing else. */
export function echoValues(values: ReportFormValues): ReportFormValues {
  const out: ReportFormValues = {};
  for (const f of REPORT_FIELDS) {
    const v = values[f];
    if (typeof v === 'string') out[f] = v.slice(0, DESCRIPTION_MAX + 100);
    else if (typeof v === 'boolean' || typeof v === 'number') out[f] = String(v);
  }
  return out;
}
