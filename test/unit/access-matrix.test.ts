/**
 * The role matrix of docs/roles.md, checked on what each role is really sent: every Teams card, Slack message and
 * export the domain builds for a role is rendered, and each data kind (found by a marker text) must be present
 * exactly where this table says — and never where access.ts does not allow it. The team channel never contains the
 * description or a citizen reference, with or without consent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTeamsConfig } from '../../src/config';
import { renderTeamsMessage } from '../../src/cards/teams/messages';
import { renderSlackMessage } from '../../src/cards/slack/messages';
import { confirmationCard } from '../../src/cards/teams/report';
import { slackConfirmation } from '../../src/cards/slack/report';
import { toCsv, toJson } from '../../src/cards/gir-format';
import { DATA_KINDS, maySee, type DataKind, type IncidentRole } from '../../src/services/access';
import { AftercareService } from '../../src/services/aftercare';
import { Directory } from '../../src/services/directory';
import { girExport } from '../../src/services/gir-export';
import type { OutboundMessage } from '../../src/services/messages';
import type { Incident } from '../../src/services/model';
import { PagingService } from '../../src/services/paging';
import type { Messenger } from '../../src/services/ports';
import { occurrenceFor } from '../../src/services/review-calendar';
import { ReviewService } from '../../src/services/reviews';
import { SanctionService } from '../../src/services/sanctions';
import { SqliteStore } from '../../src/store/sqlite';
import { FakeClock } from '../helpers/clock';

const config = parseTeamsConfig(readFileSync(join(__dirname, '../../config/melden.yaml'), 'utf8'));
const team = config.teams[0];
const directory = new Directory(config.teams);
const person = (id: string) => directory.person(team.id, id)!;

/** A text per data kind that appears nowhere else, so its presence in a rendering means the kind is shown. */
const MARKERS: Partial<Record<DataKind, string>> = {
  'when-category': 'Bedreiging',
  'who-where': 'Fleur Mulder',
  description: 'BESCHRIJVING-Jan-de-Vries',
  'citizen-ref': 'Z-31415',
  'checkin-answers': 'NOTITIE-slaap-slecht',
  sanction: 'Contactverbod',
  'team-summary': 'TEAMTEKST-balie',
};

function incident(consent: boolean): Incident {
  return {
    id: `inc-${consent}`, number: consent ? '2026-0042' : '2026-0043', teamId: team.id, reporterId: 'fleur', platform: 'teams', locale: 'nl',
    occurredAt: '2026-11-18T09:30:00.000Z', reportedAt: '2026-11-18T09:40:00.000Z', channel: 'desk', category: 'threat',
    description: `Hij zei: ${MARKERS.description}`, stoppedAfterLimit: false, conversationEnded: true, citizenRef: MARKERS['citizen-ref'],
    firstResponseRequested: true, supportRequested: true, firstResponse: true, consentTeamMeeting: consent,
    teamSummary: consent ? MARKERS['team-summary'] : undefined, registration: 'required', registrationReason: 'threat', patternIncidentIds: [],
    timeline: [], version: 1,
    paging: { status: 'acknowledged', ladder: ['anna'], step: 0, pages: [{ personId: 'anna', at: '2026-11-18T09:41:00.000Z' }], declined: [], acknowledgedBy: 'anna', acknowledgedAt: '2026-11-18T09:42:00.000Z' },
    sanction: { decidedAt: '2026-11-19T09:00:00.000Z', decidedBy: 'dirk', measure: 'contact-ban', until: '2027-05-01' },
    aftercare: {
      moments: [
        { id: 'lead-contact:fleur', kind: 'lead-contact', subjectId: 'fleur', dueAt: '2026-11-19T08:00:00.000Z', sentAt: '2026-11-19T08:00:00.000Z' },
        { id: 'checkin-72h:fleur', kind: 'checkin-72h', subjectId: 'fleur', dueAt: '2026-11-21T09:40:00.000Z', sentAt: '2026-11-21T09:40:00.000Z' },
      ],
      stoppedBy: [],
      witnesses: [],
    },
  };
}

type Rendering = { role: IncidentRole; what: string; text: string; shows: DataKind[] };
const both = (m: OutboundMessage) => [JSON.stringify(renderTeamsMessage(m)), JSON.stringify(renderSlackMessage(m))];

let renderings: Rendering[];

beforeAll(async () => {
  const store = new SqliteStore(':memory:');
  const clock = new FakeClock('2026-11-22T09:00:00.000Z');
  const sent: { to: string; message: OutboundMessage }[] = [];
  const messenger: Messenger = {
    sendToPerson: async (p, _platform, message) => (sent.push({ to: p.id, message }), { platform: 'teams', id: String(sent.length) }),
    update: async () => {},
    postToChannel: async (_t, _p, message) => (sent.push({ to: 'channel', message }), { platform: 'teams', id: 'c' }),
  };
  const jobs = { schedule: async () => 'created' as const, runNow: async () => false, cancel: async () => {} };
  for (const consent of [true, false]) await store.incidents.create(incident(consent));
  const paging = new PagingService({ store, clock, directory, messenger, jobs });
  const aftercare = new AftercareService({ store, clock, directory, messenger, jobs });
  const sanctions = new SanctionService({ store, clock, directory, messenger, jobs });
  const reviews = new ReviewService({ store, clock, directory, messenger, jobs });
  const i = (await store.incidents.get('inc-true'))!;

  renderings = [];
  const add = (role: IncidentRole, what: string, texts: string[], shows: DataKind[]) => texts.forEach((text, n) => renderings.push({ role, what: `${what} (${n ? 'Slack' : 'Teams'})`, text, shows }));
  add('paged', 'page', both(paging.pageMessage(i, person('anna'))), ['when-category', 'who-where']);
  add('coordinator', 'sanction request', both(await sanctions.message(i, person('dirk'))), ['when-category', 'who-where', 'description', 'citizen-ref', 'sanction']);
  add('lead', 'lead task', both((await aftercare.markDone(i.id, 'lead-contact:fleur', 'eva'))!), ['who-where', 'when-category']); // what to prepare: the category (docs/aftercare.md)
  add('reporter', 'confirmation', [JSON.stringify(confirmationCard({ locale: 'nl', incident: i, timezone: team.timezone, duplicate: false })), JSON.stringify(slackConfirmation({ locale: 'nl', incident: i, timezone: team.timezone, duplicate: false }))], ['when-category']);
  add('reporter', 'check-in', both(aftercare.checkinMessage(i, i.aftercare!.moments[1], 'fleur', false)), []);
  await aftercare.act(i.id, 'checkin-72h:fleur', 'fleur', { type: 'answer', feeling: 'bad', wantsTalk: true, note: MARKERS['checkin-answers'] });
  const note = sent.find((s) => s.to === 'carla' && JSON.stringify(s.message).includes(MARKERS['checkin-answers']!))!;
  add('aftercare', 'forwarded note', both(note.message), ['who-where', 'checkin-answers']);
  const agenda = await reviews.view(team, occurrenceFor(team, 'meeting', '2026-11-24')!, { label: '2026-11-24', from: '2026-11-17T08:00:00.000Z', to: '2026-11-24T08:00:00.000Z' }, false);
  // The agenda's owner picker lists every team member by name; that is the team's own list, not incident data.
  const withoutPicker = { ...agenda, people: [] };
  add('team-channel', 'meeting agenda', both({ type: 'agenda', locale: 'nl', agenda: withoutPicker }), ['when-category', 'team-summary']);
  const gir = await girExport(store, directory, team, '2026-Q4');
  add('coordinator', 'GIR export', [toCsv(gir, 'nl').toString('utf8'), toJson(gir, 'nl')], ['when-category', 'who-where', 'description', 'sanction']);
  await store.close();
});

const kindsIn = (text: string) => DATA_KINDS.filter((k) => MARKERS[k] && text.includes(MARKERS[k]!));

test('the table covers every role that is sent something, on both platforms', () => {
  expect(new Set(renderings.map((r) => r.role))).toEqual(new Set(['paged', 'coordinator', 'lead', 'reporter', 'aftercare', 'team-channel']));
});

test.each(DATA_KINDS.filter((k) => MARKERS[k]))('%s: present exactly where the table says, and only where the policy allows', (kind) => {
  for (const r of renderings) {
    const present = r.text.includes(MARKERS[kind]!);
    expect({ what: r.what, kind, present }).toEqual({ what: r.what, kind, present: r.shows.includes(kind) });
    if (present) expect({ what: r.what, kind, allowed: maySee(r.role, kind) }).toEqual({ what: r.what, kind, allowed: true });
  }
});

test('the team channel never holds the description or a citizen reference, with or without consent', () => {
  for (const r of renderings.filter((x) => x.role === 'team-channel')) {
    expect(kindsIn(r.text)).not.toContain('description');
    expect(kindsIn(r.text)).not.toContain('citizen-ref');
    expect(r.text).not.toContain('Fleur Mulder');
    expect(r.text).toContain('2026-0042'); // consented: listed
    expect(r.text).not.toContain('2026-0043'); // not consented: counts only
  }
});
