/** The interactive check-in, task and sanction Block Kit: buttons by state, modals, readers, limits, English. */
import {
  buttonValue,
  readButtonValue,
  readCheckinAnswer,
  readModalMetadata,
  readSanctionDecision,
  sanctionErrors,
  slackCheckin,
  slackCheckinModal,
  slackSanction,
  slackSanctionModal,
  slackTask,
} from '../../src/cards/slack/aftercare';
import { LIMITS } from '../../src/cards/slack/blocks';
import type { CheckinView, SanctionView, TaskView } from '../../src/services/messages';

const HOSTILE = '<!channel> <@U0EVA> <https://evil.example|klik> & ' + 'x'.repeat(200);
const base = { incidentId: 'inc-1', incidentNumber: '2026-0001', occurredAt: '2026-11-20T09:41:00.000Z', timezone: 'Europe/Amsterdam' };
const checkin: CheckinView = { ...base, momentId: 'checkin-72h:fleur', kind: 'checkin-72h', subjectName: 'Fleur', aftercareName: 'Carla Bos', state: 'open', offerAgain: false, reminder: false };
const sanction: SanctionView = { ...base, reporterName: 'Fleur', category: 'threat', channel: 'desk', description: 'Dreigde.', registrationReason: 'threat', patternCount: 0 };
const task: TaskView = { ...base, momentId: 'lead-contact:fleur', kind: 'lead-contact', subjectName: 'Fleur' };

const actionsOf = (blocks: any[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);
const mrkdwnTexts = (x: unknown) => JSON.stringify(x).match(/"type":"mrkdwn","text":"[^"]*"/g) ?? [];

test('an open check-in has its four buttons; answered, stopped and snoozed ones none, with the status line', () => {
  expect(actionsOf(slackCheckin('nl', checkin).blocks).map((e: any) => e.action_id)).toEqual(['checkin.answer', 'checkin.snooze.1', 'checkin.snooze.7', 'checkin.stop']);
  const answered = slackCheckin('nl', { ...checkin, state: 'answered', answer: { feeling: 'good', wantsTalk: false } });
  expect(actionsOf(answered.blocks)).toEqual([]);
  expect(JSON.stringify(answered.blocks)).toContain('Dank je wel. Je antwoord: Goed.');
  expect(actionsOf(slackCheckin('nl', { ...checkin, state: 'stopped' }).blocks)).toEqual([]);
  const snoozed = slackCheckin('nl', { ...checkin, state: 'snoozed', snoozedUntil: '2026-11-24T09:45:00.000Z' });
  expect(actionsOf(snoozed.blocks)).toEqual([]);
  expect(JSON.stringify(snoozed.blocks)).toContain('Uitgesteld tot dinsdag 24 november, 10:45.');
  // Button values carry ids only.
  expect(readButtonValue(actionsOf(slackCheckin('nl', checkin).blocks)[0].value)).toEqual({ incidentId: 'inc-1', momentId: 'checkin-72h:fleur' });
});

test('English: buttons, modal labels and feelings follow the person\'s locale', () => {
  expect(actionsOf(slackCheckin('en', checkin).blocks).map((e: any) => e.text.text)).toEqual(['Answer', 'Tomorrow', 'In a week', 'No more messages about this']);
  const modal: any = slackCheckinModal('en', checkin);
  expect([modal.title.text, modal.submit.text, modal.close.text]).toEqual(['Check-in', 'Send', 'Cancel']);
  const inputs = modal.blocks.filter((b: any) => b.type === 'input');
  expect(inputs[0].label.text).toBe('How are you?');
  expect(inputs[0].element.options.map((o: any) => o.text.text)).toEqual(['Good', 'So-so', 'Not good']);
  expect(inputs[1].element.options[0].text.text).toBe('I would like a talk with Carla Bos');
  const sanctionModal: any = slackSanctionModal('en', sanction);
  expect([sanctionModal.title.text, sanctionModal.submit.text]).toEqual(['Sanction measure', 'Record decision']);
  expect(sanctionModal.blocks[1].element.options.map((o: any) => o.text.text)).toContain('Contact ban');
  expect(actionsOf(slackTask('en', task).blocks).map((e: any) => e.text.text)).toEqual(['Done', 'Show description and case number']);
  expect(sanctionErrors('en', 'contact-ban')).toEqual({ until: 'A restricting measure needs an end date.' });
});

test('modal titles and buttons fit Slack\'s 24 characters in both languages', () => {
  for (const locale of ['nl', 'en'] as const) {
    for (const modal of [slackCheckinModal(locale, checkin), slackSanctionModal(locale, sanction)] as any[]) {
      for (const part of [modal.title, modal.submit, modal.close]) expect(Array.from(part.text as string).length).toBeLessThanOrEqual(LIMITS.modalTitle);
    }
  }
});

test('names from config stay literal and within limits: plain_text everywhere, options ≤ 75 characters', () => {
  const view = { ...checkin, aftercareName: HOSTILE, subjectName: HOSTILE };
  const modal: any = slackCheckinModal('nl', view, { channel: 'D1', ts: '1.2' });
  const option = modal.blocks.find((b: any) => b.block_id === 'wantsTalk').element.options[0].text;
  expect(option.type).toBe('plain_text');
  expect(Array.from(option.text as string).length).toBeLessThanOrEqual(LIMITS.option);
  for (const m of [slackCheckin('nl', view), modal, slackTask('nl', { ...task, subjectName: HOSTILE }), slackSanction('nl', { ...sanction, reporterName: HOSTILE, description: HOSTILE })]) {
    for (const text of mrkdwnTexts(m)) expect(text).not.toMatch(/<[!@#h]/);
  }
  // private_metadata: ids and where the DM is, nothing else.
  expect(JSON.parse(modal.private_metadata)).toEqual({ incidentId: 'inc-1', momentId: 'checkin-72h:fleur', channel: 'D1', ts: '1.2' });
  expect(modal.private_metadata.length).toBeLessThanOrEqual(LIMITS.privateMetadata);
});

test('tasks: a button while open and actionable; none for notes, unanswered notices or once done', () => {
  // A lead task also carries the on-request details button (docs/roles.md).
  expect(actionsOf(slackTask('nl', task).blocks)).toEqual([
    expect.objectContaining({ action_id: 'aftercare.done', value: buttonValue(task) }),
    expect.objectContaining({ action_id: 'incident.details', value: buttonValue({ incidentId: task.incidentId }) }),
  ]);
  expect(actionsOf(slackTask('nl', { ...task, kind: 'lead-support-talk' }).blocks)[0].text.text).toBe('Gesprek gehouden');
  expect(actionsOf(slackTask('nl', { ...task, kind: 'talk-request' }).blocks)[0].text.text).toBe('Contact gehad');
  for (const kind of ['note', 'unanswered'] as const) expect(actionsOf(slackTask('nl', { ...task, kind }).blocks)).toEqual([]);
  expect(actionsOf(slackTask('nl', { ...task, doneAt: '2026-11-23T09:45:00.000Z', doneByName: 'Eva' }).blocks).map((e: any) => e.action_id)).toEqual(['incident.details']);
  expect(actionsOf(slackSanction('nl', sanction).blocks).map((e: any) => e.action_id)).toEqual(['sanction.decide', 'sanction.consult']);
  expect(actionsOf(slackSanction('nl', { ...sanction, decided: { measure: 'none', byName: 'Dirk', at: base.occurredAt } }).blocks)).toEqual([]);
});

test('readers take only what the modal offers', () => {
  const state = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { [k]: v }])) as any;
  expect(readCheckinAnswer(state({ feeling: { selected_option: { value: 'okay' } }, wantsTalk: { selected_options: [{ value: 'true' }] }, note: { value: '  hoi ' } }))).toEqual({
    feeling: 'okay',
    wantsTalk: true,
    note: '  hoi ',
  });
  expect(readCheckinAnswer(state({ feeling: { selected_option: { value: 'great' } }, note: { value: '   ' } }))).toEqual({ feeling: undefined, wantsTalk: false, note: undefined });
  expect(readCheckinAnswer(state({ note: { value: 'y'.repeat(5000) } })).note).toHaveLength(2000);
  expect(readCheckinAnswer(undefined)).toEqual({ feeling: undefined, wantsTalk: false, note: undefined });
  expect(readSanctionDecision(state({ measure: { selected_option: { value: 'contact-ban' } }, until: { selected_date: '2027-05-20' } }))).toEqual({ measure: 'contact-ban', until: '2027-05-20' });
  expect(readSanctionDecision(state({ until: { selected_date: null } }))).toEqual({ measure: undefined, until: undefined });
  for (const bad of ['', 'not json', '[]', '{"incidentId":3}', JSON.stringify({ incidentId: 'x'.repeat(400) })]) {
    expect(readModalMetadata(bad)).toBeUndefined();
    expect(readButtonValue(bad)).toBeUndefined();
  }
  expect(sanctionErrors('nl', undefined)).toEqual({ measure: 'Kies een maatregel.' });
  expect(sanctionErrors('nl', 'forged')).toEqual({ measure: 'Kies een maatregel.' });
  expect(sanctionErrors('nl', 'written-contact-only')).toEqual({ until: 'Een beperkende maatregel heeft een einddatum nodig.' });
});
