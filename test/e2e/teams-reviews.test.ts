/**
 * The review calendar end to end: seeded incidents over three quarters, the fake clock to the quarter start →
 * one quarterly review in the team channel with the right numbers; the meeting agenda with consented incidents,
 * counts for the rest, open actions and deviations; a restart does not repost; a missed agenda comes late, once.
 */
import type { LocalConnector } from '../helpers/connector';
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { TeamsFixture } from '../helpers/fixture';
import { cardAction, message, post } from '../helpers/teams';
import type { Incident } from '../../src/services/model';

const CHANNEL = '19:kcc-noord@thread.tacv2';
const EVA = { id: '29:eva', name: 'Eva Smit' };
const ANNA = { id: '29:anna', name: 'Anna de Vries' };
const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
// Wednesday 30 September 2026, 12:00 in Amsterdam; Thursday 1 October is the first working day of Q4.
const START = '2026-09-30T10:00:00.000Z';
const QUARTER_START = '2026-10-01T07:00:00.000Z'; // 09:00 CEST
const MEETING_POST = '2026-10-06T07:00:00.000Z'; // Tuesday 6 October 09:00, the meeting at 10:00

let connector: LocalConnector;
let clock: FakeClock;
let bot: RunningBot;
const options = () => ({ clock, scheduler: { pollMs: 3_600_000 } });

const fixture = new TeamsFixture({ now: START });
beforeEach(async () => {
  ({ connector, clock, bot } = await fixture.start());
  // The bot learns the team channel (and Eva's and Anna's chats) from messages there.
  await post(bot.url, message(connector.url, EVA, 'help', { channel: true }));
  for (const user of [EVA, ANNA, FLEUR]) await post(bot.url, message(connector.url, user, 'help'));
  connector.calls.length = 0;
});

afterEach(() => fixture.stop());

// Every send to the channel after the setup is a proactive post (the tests write nothing in the channel).
const channelPosts = () => connector.sent(CHANNEL).filter((c) => c.status === 200);
const cardOf = (call: { body: any }) => call.body.attachments?.[0]?.content;
const json = (x: unknown) => JSON.stringify(x);
const facts = (card: any): Record<string, string> =>
  Object.fromEntries(card.body.filter((b: any) => b.type === 'FactSet').flatMap((f: any) => f.facts.map((x: any) => [x.title, x.value])));

let seq = 0;
function incident(occurredAt: string, overrides: Partial<Incident> = {}): Incident {
  seq += 1;
  return {
    id: `inc-seed-${seq}`,
    number: `2026-${String(seq).padStart(4, '0')}`,
    teamId: 'kcc-noord',
    reporterId: 'fleur',
    platform: 'teams',
    locale: 'nl',
    occurredAt,
    reportedAt: occurredAt,
    channel: 'phone',
    category: 'threat',
    description: `Omschrijving ${seq}`,
    stoppedAfterLimit: false,
    conversationEnded: true,
    firstResponseRequested: false,
    supportRequested: false,
    firstResponse: false,
    consentTeamMeeting: false,
    registration: 'required',
    registrationReason: 'threat',
    patternIncidentIds: [],
    timeline: [],
    version: 1,
    ...overrides,
  };
}

const acked = (pagedAt: string, seconds: number): Partial<Incident> => ({
  firstResponse: true,
  paging: {
    status: 'acknowledged',
    ladder: ['anna'],
    step: 0,
    pages: [{ personId: 'anna', at: pagedAt }],
    declined: [],
    acknowledgedBy: 'anna',
    acknowledgedAt: new Date(Date.parse(pagedAt) + seconds * 1000).toISOString(),
  },
});

const checkins = (...states: ('answered' | 'sent')[]): Partial<Incident> =>
  ({
    aftercare: {
      moments: states.map((s, i) => ({
        id: `checkin-${i}:fleur`,
        kind: i === 0 ? 'checkin-72h' : 'checkin-2w',
        subjectId: 'fleur',
        dueAt: '2026-08-01T08:00:00.000Z',
        sentAt: '2026-08-01T08:00:00.000Z',
        ...(s === 'answered' ? { answeredAt: '2026-08-01T09:00:00.000Z', answer: { feeling: 'okay', wantsTalk: false } } : {}),
      })),
      stoppedBy: [],
      witnesses: [],
    },
  }) as Partial<Incident>;

async function seedThreeQuarters() {
  const store = bot.melden.store;
  const seeds = [
    // A year ago (2025-Q3): 2 emotion-self, 1 threat (pending).
    incident('2025-07-10T08:00:00.000Z', { category: 'emotion-self', registration: 'not-required', registrationReason: 'emotion' }),
    incident('2025-08-10T08:00:00.000Z', { category: 'emotion-self', registration: 'not-required', registrationReason: 'emotion' }),
    incident('2025-09-10T08:00:00.000Z'),
    // Last quarter (2026-Q2): 1 verbal aggression (decided), 2 threats (1 decided).
    incident('2026-04-10T08:00:00.000Z', { category: 'verbal-aggression', registrationReason: 'persisting-aggression', sanction: { decidedAt: '2026-04-12T08:00:00.000Z', measure: 'warning-letter' } }),
    incident('2026-05-10T08:00:00.000Z', { sanction: { decidedAt: '2026-05-12T08:00:00.000Z', measure: 'contact-ban' } }),
    incident('2026-06-10T08:00:00.000Z'),
    // This quarter (2026-Q3).
    incident('2026-07-06T09:00:00.000Z', { consentTeamMeeting: true, ...acked('2026-07-06T09:01:00.000Z', 90), ...checkins('answered', 'sent'), sanction: { decidedAt: '2026-07-08T08:00:00.000Z', measure: 'warning-letter' } }),
    incident('2026-08-03T09:00:00.000Z', { description: 'GEHEIM: beller noemde zijn naam', citizenRef: 'Z-SECRET-1', ...acked('2026-08-03T09:00:30.000Z', 240), ...checkins('answered') }),
    incident('2026-08-20T12:00:00.000Z', { category: 'verbal-aggression', registrationReason: 'persisting-aggression', consentTeamMeeting: true, patternIncidentIds: ['inc-seed-7'], ...acked('2026-08-20T12:00:10.000Z', 30) }),
    incident('2026-09-02T12:00:00.000Z', { category: 'emotion-criticism', registration: 'not-required', registrationReason: 'emotion', description: 'GEHEIM: kritiek' }),
    incident('2026-09-29T12:00:00.000Z', { category: 'emotion-self', registrationReason: 'pattern', patternIncidentIds: ['x'], consentTeamMeeting: true }),
  ];
  for (const i of seeds) await store.incidents.create(i);
}

test('quarter start → exactly one quarterly review in the channel, with the right numbers and a chart; restart does not repost', async () => {
  await seedThreeQuarters();
  await post(bot.url, message(connector.url, EVA, 'actie Terugbelverzoeken wekelijks nalopen voor: anna uiterlijk: 30-10-2026'));

  clock.set('2026-10-01T06:59:00.000Z');
  await bot.melden.scheduler.runDue();
  expect(channelPosts()).toHaveLength(0);

  clock.set(QUARTER_START);
  await bot.melden.scheduler.runDue();
  await connector.waitFor(() => channelPosts().length === 1);
  const card = cardOf(channelPosts()[0]);
  expect(card.body[0].items[0].text).toBe('Kwartaalevaluatie 3e kwartaal 2026');
  expect(json(card)).not.toContain('Later geplaatst');
  expect(facts(card)).toEqual({
    Meldingen: '5 (vorige periode 3, een jaar eerder 3)',
    Registratieplichtig: '4',
    'Hulpvragen zonder melding': '0',
    'Patronen herkend': '2',
    'Eerste opvang opgepakt na': 'mediaan 1 min 30 s, 90% binnen 4 min 0 s (3 oproepen)',
    'Check-ins beantwoord': '67% (2 van 3)',
    // This quarter's 2026-0008, -0009, -0011, last quarter's -0006 and a year ago's -0003.
    'Regiemaatregel nog te beslissen': '5',
    Verbeteracties: '1 open, 0 afgerond in deze periode',
    'Afwijkingen ingebracht': '0',
    'Maatregelen op burgers': '0 gestart, 0 lopend, 0 afgelopen',
  });
  const image = card.body.find((b: any) => b.type === 'Image');
  expect(image.url).toMatch(/^data:image\/png;base64,/);
  expect(image.url.length).toBeLessThan(25_000);
  expect(Buffer.from(image.url.split(',')[1], 'base64').subarray(1, 4).toString()).toBe('PNG');
  expect(image.altText).toContain('Bedreiging, intimidatie — 3e kwartaal 2026: 2, 2e kwartaal 2026: 2, 3e kwartaal 2025: 1');
  expect(image.altText).not.toMatch(/\(\d{4}-Q\d\)/); // the period as people say it, the category as on the form
  expect(image.altText).toContain('Emotioneel gedrag — gericht op zichzelf — 3e kwartaal 2026: 1, 2e kwartaal 2026: 0, 3e kwartaal 2025: 2');
  expect(card.actions.map((a: any) => a.verb ?? a.title)).toEqual(['review.export', 'Verbeteractie toevoegen']);
  expect(json(card)).toContain('Terugbelverzoeken wekelijks nalopen');
  // Statistics only: nothing of any incident's text or citizen reference.
  expect(json(card)).not.toMatch(/GEHEIM|Z-SECRET|Omschrijving/);

  // More passes, and a restart on the same data, post nothing more.
  await bot.melden.scheduler.runDue();
  await bot.stop({ keepData: true });
  clock.set('2026-10-01T08:00:00.000Z');
  bot = await fixture.startBot({ ...options(), dataDir: bot.dataDir });
  await bot.melden.scheduler.runDue();
  expect(channelPosts()).toHaveLength(1);
  expect((await bot.melden.store.reviews.get('review:kcc-noord:quarter:2026-Q3@teams'))!.state).toBe('posted');
});

test('meeting agenda: consented incidents listed without citizen data, the rest as counts, open actions and deviations', async () => {
  await seedThreeQuarters();
  await post(bot.url, message(connector.url, EVA, 'actie Terugbelverzoeken wekelijks nalopen voor: anna uiterlijk: 30-10-2026'));
  await post(bot.url, message(connector.url, ANNA, 'afwijking Gesprek beëindigd zonder het gedrag eerst te benoemen'));
  const confirmation = connector.sentTo(ANNA.id).map(cardOf).pop();
  expect(json(confirmation)).toContain('Afwijking D-1 staat op de agenda van het volgende overleg');
  // Reported after the previous meeting's agenda (Tuesday 29 September 09:00): on this agenda.
  await bot.melden.store.incidents.create(incident('2026-10-02T08:00:00.000Z', { consentTeamMeeting: true, description: 'Meneer Jan de Vries (Kerkstraat 5) dreigde terug te komen', teamSummary: 'Dreiging aan de balie, collega kwam snel', citizenRef: 'Z-777', ...acked('2026-10-02T08:01:00.000Z', 60) }));
  await bot.melden.store.incidents.create(incident('2026-10-05T08:00:00.000Z', { category: 'verbal-aggression', description: 'GEHEIM: schold', citizenRef: 'Z-888' }));

  clock.set(QUARTER_START);
  await bot.melden.scheduler.runDue(); // the quarterly review
  clock.set(MEETING_POST);
  await bot.melden.scheduler.runDue();
  await connector.waitFor(() => channelPosts().length === 2);
  const agenda = cardOf(channelPosts()[1]);
  const text = json(agenda);
  expect(agenda.body[0].items[0].text).toBe('Agenda teamoverleg dinsdag 6 oktober, 10:00');
  expect(agenda.body[0].items[1].text).toBe('KCC Noord · meldingen sinds dinsdag 29 september, 09:00');
  // 2026-0011 (29 Sep 14:00 local) and the two new ones.
  expect(text).toContain('3 meldingen sinds het vorige overleg: 2 met toestemming om te bespreken, 1 alleen in de aantallen.');
  // The team channel: category, date and the reporter's text for the team; never the description, the citizen
  // reference or anything of first response or aftercare (docs/roles.md).
  expect(text).toContain('Dreiging aan de balie, collega kwam snel');
  expect(text).not.toMatch(/Jan de Vries|Kerkstraat|dreigde terug te komen/);
  expect(text).not.toContain('Ja, een collega kwam');
  expect(text).toContain('Zonder toestemming om te bespreken (alleen aantallen): (Non-)verbale agressie — gericht op de medewerker 1.');
  expect(text).not.toMatch(/GEHEIM|Z-777|Z-888/);
  // No reporter's name with any incident (names appear only in the owner picker of the add-action form).
  expect(json(agenda.body)).not.toContain('Fleur');
  expect(text).toContain('A-1');
  expect(text).toContain('Terugbelverzoeken wekelijks nalopen');
  expect(text).toContain('Anna de Vries · uiterlijk 30 okt 2026');
  expect(text).toContain('D-1');
  expect(text).toContain('Gesprek beëindigd zonder het gedrag eerst te benoemen');
  expect(text).toContain('Hoe voorkom je dat integriteit in het geding komt'); // seed 004's fourth dilemma, in turn
  expect(text).not.toContain('Later geplaatst');

  // Completing the action takes it off the next agenda.
  await post(bot.url, message(connector.url, ANNA, 'klaar A-1'));
  expect(json(connector.sentTo(ANNA.id).map(cardOf).pop())).toContain('Verbeteractie A-1 is afgerond.');
  expect(await bot.melden.store.actions.find({ teamId: 'kcc-noord', state: 'open', kind: 'action' })).toEqual([]);

  // Reported on Wednesday about Monday — after Tuesday's agenda, about a day that agenda covered: on the next one.
  await bot.melden.store.incidents.create(
    incident('2026-10-05T10:00:00.000Z', { reportedAt: '2026-10-07T10:00:00.000Z', consentTeamMeeting: true, number: '2026-0099', description: 'Later gemeld: bleef aandringen' }),
  );
  expect(text).not.toContain('2026-0099');
  clock.set('2026-10-13T07:00:00.000Z'); // Tuesday 13 October 09:00
  await bot.melden.scheduler.runDue();
  await connector.waitFor(() => channelPosts().length === 3);
  const next = json(cardOf(channelPosts()[2]));
  // Listed by number and category; the description never reaches the channel (docs/roles.md).
  expect(next).toContain('2026-0099 · Bedreiging, intimidatie · 5 okt 2026');
  expect(next).not.toContain('Later gemeld');
  expect(next).toContain('1 melding sinds het vorige overleg: 1 met toestemming om te bespreken, 0 alleen in de aantallen.');
});

test('an agenda missed while the bot was down is posted late, once, and says so', async () => {
  const dataDir = bot.dataDir;
  await bot.stop({ keepData: true });
  clock.set('2026-10-06T09:30:00.000Z'); // 11:30: the meeting has been and gone
  bot = await fixture.startBot({ ...options(), dataDir });
  await bot.melden.scheduler.runDue();
  await connector.waitFor(() => channelPosts().length === 2); // the quarterly review and the agenda, both late
  const posted = channelPosts().map(cardOf);
  const review = posted.find((c) => json(c).includes('Kwartaalevaluatie'));
  const agenda = posted.find((c) => json(c).includes('Agenda teamoverleg'));
  expect(json(review)).toContain('Later geplaatst: deze agenda stond gepland voor donderdag 1 oktober, 09:00');
  expect(json(agenda)).toContain('Later geplaatst: deze agenda stond gepland voor dinsdag 6 oktober, 09:00');
  expect(json(agenda)).toContain('Het overleg is al begonnen of geweest');

  await bot.melden.scheduler.runDue();
  await bot.stop({ keepData: true });
  bot = await fixture.startBot({ ...options(), dataDir });
  await bot.melden.scheduler.runDue();
  expect(channelPosts()).toHaveLength(2);
  // The next agenda is planned for the following Tuesday, on time.
  expect((await bot.melden.store.jobs.get('review:kcc-noord:meeting:2026-10-13'))!.state).toBe('pending');
});

test('the export button: only a lead or coordinator; the file goes through a consent card and an upload', async () => {
  await seedThreeQuarters();
  const deny = await post(bot.url, cardAction(connector.url, ANNA, 'review.export', { teamId: 'kcc-noord', quarter: '2026-Q3' }));
  expect(deny.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
  expect(deny.body.value).toContain('Alleen de leidinggevende of de coördinator');

  const res = await post(bot.url, cardAction(connector.url, EVA, 'review.export', { teamId: 'kcc-noord', quarter: '2026-Q3' }));
  expect(res.body.value).toContain('privéchat');
  await connector.waitFor(() => connector.sentTo(EVA.id).length === 1);
  const consent = connector.sentTo(EVA.id)[0].body.attachments[0];
  expect(consent).toMatchObject({ contentType: 'application/vnd.microsoft.teams.card.file.consent', name: 'melden-kcc-noord-2026-Q3.csv' });
  expect(consent.content.acceptContext).toEqual({ teamId: 'kcc-noord', quarter: '2026-Q3' });

  const uploadUrl = `${connector.url}upload/melden-kcc-noord-2026-Q3.csv`;
  const accept = {
    ...cardAction(connector.url, EVA, 'x', {}),
    name: 'fileConsent/invoke',
    value: {
      type: 'fileUpload',
      action: 'accept',
      context: consent.content.acceptContext,
      uploadInfo: { name: 'melden-kcc-noord-2026-Q3.csv', uploadUrl, contentUrl: 'https://contoso.sharepoint.com/x.csv', uniqueId: 'u-1', fileType: 'csv' },
    },
  };
  expect((await post(bot.url, accept)).status).toBe(200);
  const upload = connector.calls.find((c) => c.method === 'PUT' && c.path.startsWith('/upload/'));
  expect(upload).toBeDefined();
  const csv = upload!.body as string;
  expect(csv.startsWith('\uFEFFMeldingnummer;Wanneer;Wie;Wat;')).toBe(true);
  expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1 + 4); // the header and Q3's registered 2026-0007, -0008, -0009, -0011
  expect(csv).not.toMatch(/GEHEIM|Z-SECRET/);
  await connector.waitFor(() => connector.sentTo(EVA.id).length === 2);
  expect(connector.sentTo(EVA.id)[1].body.attachments[0]).toMatchObject({ contentType: 'application/vnd.microsoft.teams.card.file.info', name: 'melden-kcc-noord-2026-Q3.csv' });
});

test('a post the connector refuses is retried and then posted once', async () => {
  // A 403 (e.g. the bot was just removed from the channel and added back): botbuilder does not retry it itself.
  connector.failNext((c) => c.method === 'POST' && c.conversationId === CHANNEL, 403);
  clock.set(QUARTER_START);
  await bot.melden.scheduler.runDue();
  expect(connector.sent(CHANNEL).map((c) => c.status)).toEqual([403]);
  expect(await bot.melden.store.reviews.get('review:kcc-noord:quarter:2026-Q3@teams')).toBeUndefined(); // released
  clock.advance(5_000); // the scheduler's first backoff is at most 5 s
  await bot.melden.scheduler.runDue();
  await bot.melden.scheduler.runDue();
  expect(channelPosts()).toHaveLength(1);
  expect(json(cardOf(channelPosts()[0]))).not.toContain('Later geplaatst');
});

test('the agenda\'s "Verbeteractie toevoegen" form records an action once, even when clicked twice', async () => {
  const data = { teamId: 'kcc-noord', actionText: 'Scherm bij de balie verhogen', actionOwner: 'bram', actionDue: '2026-11-30' };
  const first = await post(bot.url, cardAction(connector.url, ANNA, 'review.action.add', data));
  expect(first.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
  expect(first.body.value).toContain('Verbeteractie A-1 is vastgelegd');
  const again = await post(bot.url, cardAction(connector.url, ANNA, 'review.action.add', data));
  expect(again.body.value).toContain('A-1');
  const open = await bot.melden.store.actions.find({ teamId: 'kcc-noord', state: 'open' });
  expect(open).toMatchObject([{ number: 'A-1', ownerId: 'bram', dueDate: '2026-11-30', createdBy: 'anna' }]);

  const empty = await post(bot.url, cardAction(connector.url, ANNA, 'review.deviation.add', { teamId: 'kcc-noord', deviationText: ' ' }));
  expect(empty.body.value).toContain('Schrijf erachter waarin je bent afgeweken');

  // "Afgerond" on the list: only the owner, the creator, the lead or the coordinator.
  const denied = await post(bot.url, cardAction(connector.url, FLEUR, 'review.action.done', { actionId: open[0].id }));
  expect(denied.body.value).toContain('Alleen wie de actie oppakt');
  const done = await post(bot.url, cardAction(connector.url, EVA, 'review.action.done', { actionId: open[0].id }));
  expect(done.body.type).toBe('application/vnd.microsoft.card.adaptive');
  expect(json(done.body.value)).toContain('Verbeteractie A-1 is afgerond.');
});
