/** The edit window and the pre-filled correction form (the pure part of src/services/edits.ts). */
import { editableUntil, editWindowOpen, formValuesOf } from '../../src/services/edits';
import { validateReport } from '../../src/services/report-form';
import { incident as anIncident } from '../contract/store-contract';

const reported = anIncident({ reportedAt: '2026-11-20T09:45:00.000Z' });

test('the window ends the team window after the report time, and is open up to and including that instant', () => {
  expect(editableUntil(reported, { editWindow: 'PT24H' })).toBe('2026-11-21T09:45:00.000Z');
  expect(editableUntil(reported, { editWindow: 'PT30M' })).toBe('2026-11-20T10:15:00.000Z');
  expect(editableUntil(reported, { editWindow: 'P2D' })).toBe('2026-11-22T09:45:00.000Z');
  const day = { editWindow: 'PT24H' };
  expect(editWindowOpen(reported, day, new Date('2026-11-20T09:45:00.000Z'))).toBe(true);
  expect(editWindowOpen(reported, day, new Date('2026-11-21T09:45:00.000Z'))).toBe(true);
  expect(editWindowOpen(reported, day, new Date('2026-11-21T09:45:00.001Z'))).toBe(false);
  expect(editWindowOpen(reported, { editWindow: 'PT1H' }, new Date('2026-11-20T11:00:00.000Z'))).toBe(false);
});

test('the form values show the local date and time of the incident and its toggles', () => {
  const incident = anIncident({
    occurredAt: '2026-11-20T23:30:00.000Z', // 00:30 the next day in Amsterdam
    channel: 'phone',
    category: 'verbal-aggression',
    stoppedAfterLimit: true,
    conversationEnded: false,
    citizenRef: 'Z-2026-7',
    firstResponse: true,
    firstResponseRequested: false,
    supportRequested: true,
    consentTeamMeeting: true,
    teamSummary: 'Schold aan de balie',
  });
  expect(formValuesOf(incident, 'Europe/Amsterdam')).toEqual({
    date: '2026-11-21',
    time: '00:30',
    channel: 'phone',
    category: 'verbal-aggression',
    description: 'Dreigde aan de balie.',
    stoppedAfterLimit: 'true',
    conversationEnded: 'false',
    citizenRef: 'Z-2026-7',
    firstResponse: 'false', // what was asked on the form, not whether paging ran
    supportRequested: 'true',
    consentTeamMeeting: 'true',
    teamSummary: 'Schold aan de balie',
  });
  expect(formValuesOf(incident, 'UTC')).toMatchObject({ date: '2026-11-20', time: '23:30' });
});

test('what is not on the incident is an empty field, and an unchanged form validates back to the same report', () => {
  const plain = anIncident({ category: undefined, citizenRef: undefined, teamSummary: undefined, firstResponseRequested: false });
  const values = formValuesOf(plain, 'Europe/Amsterdam');
  expect(values).toMatchObject({ category: '', citizenRef: '', teamSummary: '', firstResponse: 'false', consentTeamMeeting: 'false' });
  const full = anIncident({ citizenRef: 'Z-1', stoppedAfterLimit: true, supportRequested: true });
  const back = validateReport(formValuesOf(full, 'Europe/Amsterdam'), new Date('2026-11-20T12:00:00Z'), 'Europe/Amsterdam');
  expect(back).toEqual({
    ok: true,
    data: {
      occurredAt: full.occurredAt,
      channel: full.channel,
      category: full.category,
      description: full.description,
      stoppedAfterLimit: true,
      conversationEnded: true,
      citizenRef: 'Z-1',
      firstResponseRequested: true,
      supportRequested: true,
      consentTeamMeeting: false,
      teamSummary: undefined,
    },
  });
});
