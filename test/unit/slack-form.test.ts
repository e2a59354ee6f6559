/** One form definition (FORM_FIELDS), two renderers that loop over it: the Teams card and the Slack modal. */
import { reportFormCard } from '../../src/cards/teams/report';
import { readFormId, readModalValues, slackModalErrors, slackReportModal } from '../../src/cards/slack/report';
import { LOCALES } from '../../src/services/protocol';
import { FORM_FIELDS, defaultFormValues, validateReport } from '../../src/services/report-form';
import { modalState } from '../helpers/slack';

interface FieldView {
  id: string;
  required: boolean;
  label: string;
  choices?: { value: string; title: string }[];
  maxLength?: number;
}

/** Every Input.* element of an Adaptive Card, in document order. */
function teamsFields(node: unknown, out: FieldView[] = []): FieldView[] {
  if (Array.isArray(node)) node.forEach((n) => teamsFields(n, out));
  else if (node && typeof node === 'object') {
    const el = node as Record<string, any>;
    if (typeof el.type === 'string' && el.type.startsWith('Input.')) {
      out.push({
        id: el.id,
        required: el.isRequired === true,
        label: el.type === 'Input.Toggle' ? el.title : el.label,
        ...(el.type === 'Input.ChoiceSet' ? { choices: el.choices.map((c: any) => ({ value: c.value, title: c.title })) } : {}),
        ...(el.maxLength !== undefined ? { maxLength: Number(el.maxLength) } : {}),
      });
    }
    for (const value of Object.values(el)) if (typeof value === 'object') teamsFields(value, out);
  }
  return out;
}

function slackFields(modal: any): FieldView[] {
  return modal.blocks
    .filter((b: any) => b.type === 'input')
    .map((b: any) => ({
      id: b.block_id,
      required: b.optional !== true,
      label: b.label.text,
      ...(['static_select', 'radio_buttons'].includes(b.element.type) ? { choices: b.element.options.map((o: any) => ({ value: o.value, title: o.text.text })) } : {}),
      ...(b.element.max_length !== undefined ? { maxLength: b.element.max_length } : {}),
    }));
}

const values = defaultFormValues(new Date('2026-11-20T09:45:00Z'), 'Europe/Amsterdam');

test.each(LOCALES)('the Teams card and the Slack modal (%s) both render every field of FORM_FIELDS, in order, with its required flag and choices', (locale) => {
  const teams = teamsFields(reportFormCard({ locale, formId: 'form-0001', mode: 'execute', values }));
  const slack = slackFields(slackReportModal({ locale, formId: 'form-0001', values }));
  for (const rendered of [teams, slack]) {
    expect(rendered.map((f) => f.id)).toEqual(FORM_FIELDS.map((f) => f.id));
    for (const field of FORM_FIELDS) {
      const one = rendered.find((f) => f.id === field.id)!;
      expect(one.required).toBe(field.required);
      expect(one.label).toBeTruthy();
      if (field.choices) expect(one.choices!.map((c) => c.value)).toEqual([...field.choices]);
      if (field.maxLength) expect(one.maxLength).toBe(field.maxLength);
    }
  }
});

test('the modal is within Block Kit limits and carries the form id', () => {
  const modal: any = slackReportModal({ locale: 'nl', formId: 'form-0001', values });
  expect(modal.title.text.length).toBeLessThanOrEqual(24);
  expect(modal.submit.text.length).toBeLessThanOrEqual(24);
  expect(modal.blocks.length).toBeLessThanOrEqual(100);
  for (const block of modal.blocks) {
    if (block.label) expect(block.label.text.length).toBeLessThanOrEqual(2000);
    for (const o of block.element?.options ?? []) expect(o.text.text.length).toBeLessThanOrEqual(75);
    if (block.element?.placeholder) expect(block.element.placeholder.text.length).toBeLessThanOrEqual(150);
  }
  expect(readFormId(modal.private_metadata)).toBe('form-0001');
  expect(readFormId('{"formId":"../../etc"}')).toBeUndefined();
  expect(readFormId('not json')).toBeUndefined();
});

test('what the modal submits reads back into values validateReport accepts', () => {
  const modal = slackReportModal({ locale: 'nl', formId: 'form-0001', values });
  const state = modalState(modal, { category: 'verbal-aggression', description: 'Schold mij uit.', stoppedAfterLimit: true, citizenRef: 'z-12' });
  const read = readModalValues(state);
  expect(read).toMatchObject({ date: '2026-11-20', time: '10:45', channel: 'phone', category: 'verbal-aggression', stoppedAfterLimit: 'true', firstResponse: 'false' });
  const checked = validateReport(read, new Date('2026-11-20T09:50:00Z'), 'Europe/Amsterdam');
  expect(checked.ok && checked.data).toMatchObject({ stoppedAfterLimit: true, citizenRef: 'Z-12', firstResponseRequested: false });
});

test('validation errors become response_action errors keyed by input block, in the user’s language', () => {
  expect(slackModalErrors('en', { description: 'too-long', date: 'too-old' })).toEqual({
    description: 'Too long: at most 2000 characters.',
    date: 'Reports can go back 30 days. For older events, talk to your team lead.',
  });
});
