/** The report form's rules (src/services/report-form.ts): what a valid report is, field by field. */
import {
  CITIZEN_REF_MAX,
  DESCRIPTION_MAX,
  FORM_FIELDS,
  REPORT_FIELDS,
  TEAM_SUMMARY_MAX,
  defaultFormValues,
  echoValues,
  validateReport,
  type ReportFormValues,
} from '../../src/services/report-form';
import { CATEGORIES } from '../../src/services/protocol';

const ZONE = 'Europe/Amsterdam';
const NOW = new Date('2026-11-20T09:45:00.000Z'); // Friday 10:45 in Amsterdam
const VALID: ReportFormValues = {
  date: '2026-11-20',
  time: '10:40',
  channel: 'desk',
  category: 'threat',
  description: 'Dreigde met geweld aan de balie.',
};
const validate = (changes: ReportFormValues, now = NOW) => validateReport({ ...VALID, ...changes }, now, ZONE);
const errorsOf = (changes: ReportFormValues, now = NOW) => {
  const result = validate(changes, now);
  return result.ok ? {} : result.errors;
};

test('a complete form is accepted: the moment in UTC, the values typed, toggles off', () => {
  const result = validate({});
  expect(result).toEqual({
    ok: true,
    data: {
      occurredAt: '2026-11-20T09:40:00.000Z',
      channel: 'desk',
      category: 'threat',
      description: 'Dreigde met geweld aan de balie.',
      stoppedAfterLimit: false,
      conversationEnded: false,
      citizenRef: undefined,
      firstResponseRequested: false,
      supportRequested: false,
      consentTeamMeeting: false,
      teamSummary: undefined,
    },
  });
});

test('every required field left out is refused as required, each on its own field', () => {
  for (const field of ['date', 'time', 'channel', 'category', 'description'] as const) {
    const result = validate({ [field]: '   ' });
    expect(result.ok).toBe(false);
    expect(result.ok ? {} : result.errors).toEqual({ [field]: 'required' });
  }
  expect(validateReport({}, NOW, ZONE)).toEqual({
    ok: false,
    errors: { date: 'required', time: 'required', channel: 'required', category: 'required', description: 'required' },
  });
});

test('a form with a missing or unknown category is refused', () => {
  expect(errorsOf({ category: undefined })).toEqual({ category: 'required' });
  expect(errorsOf({ category: 'fight' })).toEqual({ category: 'unknown-choice' });
  for (const category of CATEGORIES) {
    const result = validate({ category });
    expect(result.ok && result.data.category).toBe(category);
  }
});

test('an unknown contact channel is refused; every known one is accepted', () => {
  expect(errorsOf({ channel: 'fax' })).toEqual({ channel: 'unknown-choice' });
  for (const channel of ['phone', 'desk', 'email', 'chat', 'home-visit', 'other']) expect(validate({ channel }).ok).toBe(true);
});

test('dates and times in another shape are refused', () => {
  expect(errorsOf({ date: '20-11-2026' })).toEqual({ date: 'invalid-date' });
  expect(errorsOf({ date: 'x2026-11-20' })).toEqual({ date: 'invalid-date' });
  expect(errorsOf({ date: '2026-11-20x' })).toEqual({ date: 'invalid-date' });
  expect(errorsOf({ date: '2026-02-30' })).toEqual({ date: 'invalid-date' });
  expect(errorsOf({ time: '1040' })).toEqual({ time: 'invalid-time' });
  expect(errorsOf({ time: 'x10:40' })).toEqual({ time: 'invalid-time' });
  expect(errorsOf({ time: '10:40x' })).toEqual({ time: 'invalid-time' });
  expect(errorsOf({ time: '25:00' })).toEqual({ date: 'invalid-date' });
  // Seconds are allowed and ignored.
  const withSeconds = validate({ time: '10:40:59' });
  expect(withSeconds.ok && withSeconds.data.occurredAt).toBe('2026-11-20T09:40:00.000Z');
  // A date alone wrong says nothing about the moment being in the future.
  expect(errorsOf({ date: '2026-13-01', time: '23:59' })).toEqual({ date: 'invalid-date' });
});

test('a report of five minutes ago, or of a moment up to five minutes ahead (clocks differ), is accepted', () => {
  expect(validate({ time: '10:40' }).ok).toBe(true);
  expect(validate({ time: '10:45' }).ok).toBe(true);
  expect(validate({ time: '10:50' }).ok).toBe(true); // exactly the tolerance
  expect(errorsOf({ time: '10:51' })).toEqual({ date: 'in-future' });
  expect(errorsOf({ date: '2026-11-21' })).toEqual({ date: 'in-future' });
});

test('an incident older than 30 days is refused; one of exactly 30 days is accepted', () => {
  // 30 × 24 hours back is 11:45 local on 21 October (still summer time).
  expect(validate({ date: '2026-10-21', time: '11:45' }).ok).toBe(true);
  expect(errorsOf({ date: '2026-10-21', time: '11:44' })).toEqual({ date: 'too-old' });
  expect(errorsOf({ date: '2026-09-01' })).toEqual({ date: 'too-old' });
});

test('the moment is read in the team zone', () => {
  const summer = validateReport({ ...VALID, date: '2026-07-01', time: '10:00' }, new Date('2026-07-01T09:00:00Z'), ZONE);
  expect(summer.ok && summer.data.occurredAt).toBe('2026-07-01T08:00:00.000Z');
});

test('a description is required and at most DESCRIPTION_MAX characters, trimmed', () => {
  expect(validate({ description: 'x'.repeat(DESCRIPTION_MAX) }).ok).toBe(true);
  expect(errorsOf({ description: 'x'.repeat(DESCRIPTION_MAX + 1) })).toEqual({ description: 'too-long' });
  const trimmed = validate({ description: '  iets  ' });
  expect(trimmed.ok && trimmed.data.description).toBe('iets');
});

test("a case number is stored in capitals; a citizen's name is refused as a case number", () => {
  const ok = validate({ citizenRef: ' z-2026/77.1_a ' });
  expect(ok.ok && ok.data.citizenRef).toBe('Z-2026/77.1_A');
  expect(errorsOf({ citizenRef: 'Jan de Vries' })).toEqual({ citizenRef: 'citizen-ref-format' });
  expect(errorsOf({ citizenRef: 'Jansen' })).toEqual({ citizenRef: 'citizen-ref-format' });
  expect(errorsOf({ citizenRef: '-12' })).toEqual({ citizenRef: 'citizen-ref-format' });
  expect(errorsOf({ citizenRef: 'Z-12, Kerkstraat' })).toEqual({ citizenRef: 'citizen-ref-format' });
  expect(validate({ citizenRef: '7' }).ok).toBe(true);
  expect(validate({ citizenRef: 'A'.repeat(CITIZEN_REF_MAX - 1) + '1' }).ok).toBe(true);
  expect(errorsOf({ citizenRef: 'A'.repeat(CITIZEN_REF_MAX) + '1' })).toEqual({ citizenRef: 'too-long' });
  const none = validate({ citizenRef: '  ' });
  expect(none.ok && none.data.citizenRef).toBeUndefined();
});

test('the team summary is kept only with consent, and at most TEAM_SUMMARY_MAX characters', () => {
  const withConsent = validate({ consentTeamMeeting: 'true', teamSummary: ' Boze beller ' });
  expect(withConsent.ok && withConsent.data).toMatchObject({ consentTeamMeeting: true, teamSummary: 'Boze beller' });
  const without = validate({ consentTeamMeeting: 'false', teamSummary: 'Boze beller' });
  expect(without.ok && without.data).toMatchObject({ consentTeamMeeting: false, teamSummary: undefined });
  const empty = validate({ consentTeamMeeting: 'true', teamSummary: '' });
  expect(empty.ok && empty.data.teamSummary).toBeUndefined();
  expect(validate({ teamSummary: 'x'.repeat(TEAM_SUMMARY_MAX) }).ok).toBe(true);
  expect(errorsOf({ teamSummary: 'x'.repeat(TEAM_SUMMARY_MAX + 1) })).toEqual({ teamSummary: 'too-long' });
});

test('toggles are on for true or "true" only', () => {
  const on = validate({ stoppedAfterLimit: true, conversationEnded: 'true', firstResponse: 'true', supportRequested: true, consentTeamMeeting: 'true' });
  expect(on.ok && on.data).toMatchObject({ stoppedAfterLimit: true, conversationEnded: true, firstResponseRequested: true, supportRequested: true, consentTeamMeeting: true });
  const off = validate({ stoppedAfterLimit: 'yes', conversationEnded: 1, firstResponse: 'TRUE', supportRequested: 'false', consentTeamMeeting: false });
  expect(off.ok && off.data).toMatchObject({ stoppedAfterLimit: false, conversationEnded: false, firstResponseRequested: false, supportRequested: false, consentTeamMeeting: false });
});

test('numbers count as text, other values as empty', () => {
  expect(errorsOf({ description: 12345 })).toEqual({});
  expect(errorsOf({ description: { text: 'x' } })).toEqual({ description: 'required' });
  const numeric = validate({ citizenRef: 778899 });
  expect(numeric.ok && numeric.data.citizenRef).toBe('778899');
});

test('a fresh form: today and now in the team zone, phone, every toggle off', () => {
  expect(defaultFormValues(NOW, ZONE)).toEqual({
    date: '2026-11-20',
    time: '10:45',
    channel: 'phone',
    stoppedAfterLimit: 'false',
    conversationEnded: 'false',
    firstResponse: 'false',
    supportRequested: 'false',
    consentTeamMeeting: 'false',
  });
  expect(defaultFormValues(new Date('2026-11-20T23:30:00Z'), ZONE)).toMatchObject({ date: '2026-11-21', time: '00:30' });
});

test('echoValues keeps the known fields as strings and nothing else', () => {
  const echoed = echoValues({ description: 'x'.repeat(DESCRIPTION_MAX + 500), firstResponse: true, time: 1040 as unknown as string, channel: { evil: 1 }, ['secret' as 'date']: 's' } as ReportFormValues);
  expect(echoed).toEqual({ description: 'x'.repeat(DESCRIPTION_MAX + 100), firstResponse: 'true', time: '1040' });
  expect(echoValues({ date: '2026-11-20', citizenRef: 'Z-1' })).toEqual({ date: '2026-11-20', citizenRef: 'Z-1' });
});

test('the form definition: the toggle for first response first, the required fields, the limits', () => {
  expect(FORM_FIELDS.map((f) => f.id)).toEqual([...REPORT_FIELDS]);
  expect(FORM_FIELDS.filter((f) => f.required).map((f) => f.id)).toEqual(['date', 'time', 'channel', 'category', 'description']);
  expect(Object.fromEntries(FORM_FIELDS.filter((f) => f.maxLength).map((f) => [f.id, f.maxLength]))).toEqual({ description: 2000, citizenRef: 40, teamSummary: 280 });
  expect(FORM_FIELDS.map((f) => f.kind)).toEqual(['toggle', 'date', 'time', 'choice', 'choice', 'multiline', 'toggle', 'toggle', 'text', 'toggle', 'toggle', 'multiline']);
});
