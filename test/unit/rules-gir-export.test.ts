/** One incident as a record of the incident register (girRecord, exportFileName in src/services/gir-export.ts). */
import { parseTeamsConfig } from '../../src/config';
import { firstResponseOutcome } from '../../src/services/aftercare-views';
import { Directory } from '../../src/services/directory';
import { exportFileName, girRecord } from '../../src/services/gir-export';
import type { PagingState } from '../../src/services/model';
import { PROTOCOL } from '../../src/services/protocol';
import { incident as anIncident } from '../contract/store-contract';

const config = parseTeamsConfig(`
teams:
  - id: noord
    name: KCC Noord
    timezone: Europe/Amsterdam
    people: [{ id: fleur, name: Fleur Mulder }]
`);
const team = config.teams[0];
const directory = new Directory(config.teams);
const paging = (status: PagingState['status']): PagingState => ({ status, ladder: ['anna'], step: 0, pages: [], declined: [] });

test('without consent neither the name nor the description; never the citizen reference', () => {
  const record = girRecord(anIncident({ citizenRef: 'Z-9', consentTeamMeeting: false, firstResponse: false }), team, directory);
  expect(record).toEqual({
    number: '2026-0001',
    occurredAt: '2026-11-20T09:00:00.000Z',
    timezone: 'Europe/Amsterdam',
    teamName: 'KCC Noord',
    reporterName: undefined,
    category: 'threat',
    description: undefined,
    channel: 'desk',
    registrationReason: 'threat',
    pattern: false,
    approach: PROTOCOL.threat.approach,
    stoppedAfterLimit: undefined,
    conversationEnded: true,
    firstResponse: 'not-requested',
    sanction: { decided: false },
  });
  expect(JSON.stringify(record)).not.toContain('Z-9');
});

test('with consent the reporter by name (their id when no longer in the team) and the description', () => {
  const record = girRecord(anIncident({ consentTeamMeeting: true }), team, directory);
  expect(record.reporterName).toBe('Fleur Mulder');
  expect(record.description).toBe('Dreigde aan de balie.');
  expect(girRecord(anIncident({ consentTeamMeeting: true, reporterId: 'gone' }), team, directory).reporterName).toBe('gone');
});

test('verbal aggression tells whether it stopped after a limit; a pattern; the approach of the category', () => {
  const verbal = girRecord(anIncident({ category: 'verbal-aggression', stoppedAfterLimit: true, patternIncidentIds: ['i0'] }), team, directory);
  expect(verbal).toMatchObject({ category: 'verbal-aggression', stoppedAfterLimit: true, pattern: true, approach: PROTOCOL['verbal-aggression'].approach });
  expect(girRecord(anIncident({ category: 'verbal-aggression', stoppedAfterLimit: false }), team, directory).stoppedAfterLimit).toBe(false);
  const unknown = girRecord(anIncident({ category: undefined }), team, directory);
  expect(unknown).toMatchObject({ category: 'threat', approach: PROTOCOL.threat.approach });
});

test('first response as the register and the overview name it, and the sanction only once decided', () => {
  const cases: [Partial<Parameters<typeof anIncident>[0]>, string][] = [
    [{ firstResponse: false, paging: paging('acknowledged') }, 'not-requested'],
    [{ firstResponse: true }, 'pending'],
    [{ firstResponse: true, paging: paging('paging') }, 'pending'],
    [{ firstResponse: true, paging: paging('acknowledged') }, 'acknowledged'],
    [{ firstResponse: true, paging: paging('exhausted') }, 'not-reached'],
    [{ firstResponse: true, paging: paging('stood-down') }, 'pending'],
  ];
  for (const [extra, expected] of cases) {
    expect(girRecord(anIncident(extra), team, directory).firstResponse).toBe(expected);
    expect(firstResponseOutcome(anIncident(extra))).toBe(expected);
  }
  expect(girRecord(anIncident({ sanction: { requestedAt: '2026-11-20T10:00:00.000Z', measure: 'warning-letter' } }), team, directory).sanction).toEqual({ decided: false });
  const decided = { decidedAt: '2026-11-21T10:00:00.000Z', decidedBy: 'dirk', measure: 'contact-ban' as const, until: '2027-02-21' };
  expect(girRecord(anIncident({ sanction: decided }), team, directory).sanction).toEqual({ decided: true, measure: 'contact-ban', until: '2027-02-21' });
});

test('the file name names the team and the quarter', () => {
  expect(exportFileName({ teamId: 'noord', quarter: '2026-Q4' }, 'csv')).toBe('melden-noord-2026-Q4.csv');
  expect(exportFileName({ teamId: 'zuid', quarter: '2027-Q1' }, 'json')).toBe('melden-zuid-2027-Q1.json');
});
