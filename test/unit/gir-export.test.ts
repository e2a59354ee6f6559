/** The GIR export: a golden file for seeded data, consent respected, CSV for Dutch Excel, formula injection defused. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTeamsConfig } from '../../src/config';
import { csvCell, toCsv, toJson } from '../../src/cards/gir-format';
import { Directory } from '../../src/services/directory';
import { exportFileName, girExport } from '../../src/services/gir-export';
import type { Incident } from '../../src/services/model';
import { SqliteStore } from '../../src/store/sqlite';

const GOLDEN = join(__dirname, '../golden/gir-export-kcc-noord-2026-Q4.csv');
const CONFIG = parseTeamsConfig(`
teams:
  - id: kcc-noord
    name: KCC Noord
    people:
      - { id: fleur, name: Fleur Mulder }
      - { id: anna, name: Anna de Vries }
  - id: kcc-zuid
    name: KCC Zuid
    people:
      - { id: piet, name: Piet Paulusma }
`);
const team = CONFIG.teams[0];
const directory = new Directory(CONFIG.teams);

let n = 0;
function incident(occurredAt: string, overrides: Partial<Incident> = {}): Incident {
  n += 1;
  return {
    id: `inc-${n}`,
    number: `2026-${String(n).padStart(4, '0')}`,
    teamId: 'kcc-noord',
    reporterId: 'fleur',
    platform: 'teams',
    locale: 'nl',
    occurredAt,
    reportedAt: occurredAt,
    channel: 'phone',
    category: 'threat',
    description: `Omschrijving ${n}`,
    stoppedAfterLimit: false,
    conversationEnded: true,
    citizenRef: `Z-CITIZEN-${n}`,
    firstResponseRequested: true,
    supportRequested: false,
    firstResponse: true,
    consentTeamMeeting: true,
    registration: 'required',
    registrationReason: 'threat',
    patternIncidentIds: [],
    timeline: [],
    version: 1,
    ...overrides,
  };
}

async function seeded(): Promise<SqliteStore> {
  n = 0;
  const store = new SqliteStore(':memory:');
  const acked = { status: 'acknowledged' as const, ladder: ['anna'], step: 0, pages: [{ personId: 'anna', at: '2026-10-05T08:01:00.000Z' }], declined: [], acknowledgedBy: 'anna', acknowledgedAt: '2026-10-05T08:02:00.000Z' };
  for (const i of [
    incident('2026-09-30T21:59:00.000Z'), // 23:59 on 30 September in Amsterdam: Q3, not in the export
    incident('2026-09-30T22:00:00.000Z', { description: "=cmd|' /C calc'!A0", paging: acked }), // 00:00 on 1 October: Q4
    incident('2026-10-14T12:30:00.000Z', {
      category: 'verbal-aggression',
      registrationReason: 'persisting-aggression',
      channel: 'desk',
      description: 'Schold; riep "ik kom terug"\nen liep weg',
      patternIncidentIds: ['inc-1'],
      reporterId: 'anna',
      sanction: { decidedAt: '2026-10-16T09:00:00.000Z', measure: 'written-contact-only', until: '2027-04-16' },
    }),
    incident('2026-11-02T09:15:00.000Z', { consentTeamMeeting: false, description: 'GEHEIM: de burger noemde zijn naam', channel: 'email', firstResponse: false, paging: undefined }),
    incident('2026-11-20T15:00:00.000Z', { category: 'emotion-self', registration: 'not-required', registrationReason: 'emotion' }), // not registered
    incident('2026-12-01T10:00:00.000Z', { category: 'emotion-criticism', registrationReason: 'pattern', patternIncidentIds: ['inc-5'], description: '+31 6 is geen formule, @iedereen ook niet', paging: { ...acked, status: 'exhausted', acknowledgedBy: undefined, acknowledgedAt: undefined } }),
    incident('2026-12-02T10:00:00.000Z', { teamId: 'kcc-zuid', reporterId: 'piet' }), // another team
    incident('2026-12-31T23:00:00.000Z'), // 1 January 2027 00:00 in Amsterdam: 2027-Q1
  ]) {
    await store.incidents.create(i);
  }
  return store;
}

test('the quarter export matches the golden file byte for byte', async () => {
  const store = await seeded();
  const data = await girExport(store, directory, team, '2026-Q4');
  const csv = toCsv(data, 'nl');
  if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, csv);
  expect(csv.equals(readFileSync(GOLDEN))).toBe(true);
  expect(exportFileName(data, 'csv')).toBe('melden-kcc-noord-2026-Q4.csv');
  await store.close();
});

test('only registered incidents of the team and quarter, nothing the reporter did not consent to share', async () => {
  const store = await seeded();
  const data = await girExport(store, directory, team, '2026-q4');
  expect(data.records.map((r) => r.number)).toEqual(['2026-0002', '2026-0003', '2026-0004', '2026-0006']);
  const text = toCsv(data, 'nl').toString('utf8');
  expect(text).not.toMatch(/GEHEIM|Z-CITIZEN/);
  // The non-consenting reporter's row: no name, no description.
  expect(text).toContain('2026-0004;2026-11-02 10:15;Medewerker (naam niet gedeeld);Bedreiging, intimidatie;(niet gedeeld door de melder);');
  expect(text).not.toContain('Piet');
  await store.close();
});

test('CSV for Dutch Excel: BOM, semicolons, CRLF, quoted cells, formula injection escaped', async () => {
  const store = await seeded();
  const csv = toCsv(await girExport(store, directory, team, '2026-Q4'), 'nl');
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = csv.toString('utf8').slice(1);
  expect(text.split('\r\n')[0]).toBe('Meldingnummer;Wanneer;Wie;Wat;Wat (omschrijving);Waar;Waarmee;Waarom;Hoe;Regiemaatregel');
  expect(text).toContain(`;'=cmd|' /C calc'!A0;`);
  expect(text).not.toMatch(/;=cmd/);
  expect(text).toContain(`;"Schold; riep ""ik kom terug""\nen liep weg";`);
  expect(text).toContain(`;'+31 6 is geen formule, @iedereen ook niet;`);
  await store.close();
});

test.each([
  ['=1+1', "'=1+1"],
  ['+1', "'+1"],
  ['-1', "'-1"],
  ['@SUM(A1)', "'@SUM(A1)"],
  ['\tx', "'\tx"],
  ['a;b', '"a;b"'],
  ['=a;"b"', `"'=a;""b"""`],
  ['gewoon', 'gewoon'],
  ['a=b', 'a=b'],
])('csvCell(%j) → %j', (input, expected) => {
  expect(csvCell(input)).toBe(expected);
});

test('JSON: the same 7 W rows with team and quarter; English headers are not needed there', async () => {
  const store = await seeded();
  const json = JSON.parse(toJson(await girExport(store, directory, team, '2026-Q4'), 'en'));
  expect(json).toMatchObject({ teamId: 'kcc-noord', quarter: '2026-Q4', from: '2026-09-30T22:00:00.000Z', to: '2026-12-31T23:00:00.000Z' });
  expect(json.rows).toHaveLength(4);
  expect(Object.keys(json.rows[0])).toEqual(['nummer', 'wanneer', 'wie', 'wat', 'omschrijving', 'waar', 'waarmee', 'waarom', 'hoe', 'regiemaatregel']);
  expect(json.rows[1]).toMatchObject({ wie: 'Employee: Anna de Vries', waarmee: 'Front desk', regiemaatregel: expect.stringContaining('until 2027-04-16') });
  expect(json.rows[2]).toMatchObject({ wie: 'Employee (name not shared)', omschrijving: '(not shared by the reporter)' });
  await store.close();
});

test('a bad quarter is refused', async () => {
  const store = new SqliteStore(':memory:');
  await expect(girExport(store, directory, team, '2026-Q5')).rejects.toThrow('not a quarter');
  await expect(girExport(store, directory, team, '2026')).rejects.toThrow('not a quarter');
  await store.close();
});
