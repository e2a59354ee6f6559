/** `/melden` in Teams end to end: real HTTP server, real botbuilder, SQLite file, local connector. */
import type { LocalConnector } from '../helpers/connector';
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { TeamsFixture } from '../helpers/fixture';
import { cardAction, fetchTask, installInPersonalScope, message, post, submitAction } from '../helpers/teams';

const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
const STRANGER = { id: '29:stranger', name: 'Onbekend' };
// Friday 20 November 2026, 10:45 in Amsterdam.
const NOW = '2026-11-20T09:45:00.000Z';

let connector: LocalConnector;
let bot: RunningBot;
let clock: FakeClock;

// This bot polls its job table as in production.
const fixture = new TeamsFixture({ now: NOW, bot: { scheduler: undefined } });
beforeEach(async () => ({ connector, bot, clock } = await fixture.start()));
afterEach(() => fixture.stop());

const svc = () => connector.url;
const cardOf = (call: { body: any }) => call.body.attachments[0].content;
const texts = (card: any): string[] => JSON.stringify(card).match(/"(?:text|value)":"(?:[^"\\]|\\.)*"/g) ?? [];

function threatForm(formId: string, overrides: Record<string, string> = {}) {
  return {
    formId,
    date: '2026-11-20',
    time: '10:30',
    channel: 'phone',
    category: 'threat',
    description: 'Beller zei: "ik weet waar je woont". Ik heb het gesprek beëindigd.',
    stoppedAfterLimit: 'false',
    conversationEnded: 'true',
    citizenRef: 'z-2026-1234',
    firstResponse: 'true',
    consentTeamMeeting: 'false',
    ...overrides,
  };
}

test('installing the app in personal scope sends the welcome card', async () => {
  const res = await post(bot.url, installInPersonalScope(svc(), FLEUR));
  expect(res.status).toBe(200);
  await connector.waitFor(() => connector.sent().length === 1);
  const card = cardOf(connector.sent()[0]);
  expect(card.type).toBe('AdaptiveCard');
  expect(card.body[0].text).toBe('Hallo, ik ben Melden');
  expect(connector.sent()[0].conversationId).toBe(`a:dm-${FLEUR.id}`);
  // The install taught the bot how to reach Fleur later.
  expect(await bot.melden.store.conversations.get('teams:user:29:fleur')).toBeDefined();
});

test('"melden" in a 1:1 chat answers with the Dutch report form', async () => {
  await post(bot.url, message(svc(), FLEUR, 'melden'));
  await connector.waitFor(() => connector.sent().length === 1);
  const card = cardOf(connector.sent()[0]);
  expect(card.body[0].text).toBe('Melding maken');
  const ids = JSON.stringify(card).match(/"id":"[a-zA-Z]+"/g);
  expect(ids).toEqual(expect.arrayContaining(['"id":"date"', '"id":"category"', '"id":"description"', '"id":"citizenRef"', '"id":"consentTeamMeeting"']));
  expect(card.actions[0]).toMatchObject({ type: 'Action.Execute', verb: 'report.submit' });
  expect(card.actions[0].data.formId).toMatch(/^[0-9a-f-]{36}$/);
  // Defaults: now, in Amsterdam.
  expect(JSON.stringify(card)).toContain('"value":"2026-11-20"');
  expect(JSON.stringify(card)).toContain('"value":"10:45"');
});

test('"/melden" with an English client gets the English form', async () => {
  await post(bot.url, message(svc(), FLEUR, '/melden', { locale: 'en-US' }));
  await connector.waitFor(() => connector.sent().length === 1);
  expect(cardOf(connector.sent()[0]).body[0].text).toBe('Make a report');
});

test('@mention "melden" in a channel sends the form privately, not into the channel', async () => {
  await post(bot.url, message(svc(), FLEUR, 'melden', { channel: true }));
  await connector.waitFor(() => connector.sent().length === 2);
  expect(connector.created()).toHaveLength(1);
  expect(connector.created()[0].body.members).toEqual([{ id: FLEUR.id, name: '' }]);
  const [form, notice] = connector.sent();
  expect(form.conversationId).toBe('a:dm-29:fleur');
  expect(cardOf(form).body[0].text).toBe('Melding maken');
  expect(notice.conversationId).toBe('19:kcc-noord@thread.tacv2');
  expect(notice.body.text).toContain('privéchat');
  expect(notice.body.attachments ?? []).toHaveLength(0);
});

test('a threat submitted with Action.Execute is stored as registration required and confirmed in place', async () => {
  const res = await post(bot.url, cardAction(svc(), FLEUR, 'report.submit', threatForm('11111111-2222-3333-4444-555555555555')));
  expect(res.status).toBe(200);
  expect(res.body.statusCode).toBe(200);
  expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
  const card = res.body.value;
  expect(card.body[0].items[0].text).toBe('Melding 2026-0001 is ontvangen');
  const all = texts(card).join('\n');
  expect(all).toContain('GRENS STELLEN EN EINDE GESPREK');
  expect(all).toContain('Wordt geregistreerd');
  expect(all).toContain('Bij elke bedreiging beëindigen we het gesprek'); // the team's own norm from the config

  const stored = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    reporterId: 'fleur',
    category: 'threat',
    registration: 'required',
    registrationReason: 'threat',
    firstResponse: true,
    citizenRef: 'Z-2026-1234',
    occurredAt: '2026-11-20T09:30:00.000Z',
    consentTeamMeeting: false,
  });
});

test('an invalid submit returns the form with errors beside the fields, values kept, nothing stored', async () => {
  const res = await post(
    bot.url,
    cardAction(svc(), FLEUR, 'report.submit', threatForm('22222222-2222-3333-4444-555555555555', {
      description: '',
      category: 'shouting',
      citizenRef: 'Jan Jansen',
      date: '2026-11-21', // tomorrow
      firstResponse: 'false', // with the toggle on, a colleague is paged first (teams-help.test.ts)
    })),
  );
  expect(res.status).toBe(200);
  const card = res.body.value;
  const all = texts(card).join('\n');
  expect(all).toContain('Controleer de gemarkeerde velden');
  expect(all).toContain('Dit veld is verplicht.');
  expect(all).toContain('Kies een van de opties.');
  expect(all).toContain('geen naam');
  expect(all).toContain('Dit tijdstip ligt in de toekomst.');
  expect(JSON.stringify(card)).toContain('"value":"Jan Jansen"');
  expect(card.actions[0].data.formId).toBe('22222222-2222-3333-4444-555555555555');
  expect(await bot.melden.store.incidents.find({ teamId: 'kcc-noord' })).toHaveLength(0);
});

test('a report older than 30 days or a description over 2,000 characters is refused with a clear message', async () => {
  const res = await post(
    bot.url,
    cardAction(svc(), FLEUR, 'report.submit', threatForm('33333333-2222-3333-4444-555555555555', { date: '2026-10-01', description: 'x'.repeat(2001), firstResponse: 'false' })),
  );
  const all = texts(res.body.value).join('\n');
  expect(all).toContain('Meldingen kunnen tot 30 dagen terug');
  expect(all).toContain('Te lang: maximaal 2000 tekens.');
  expect(await bot.melden.store.incidents.find({ teamId: 'kcc-noord' })).toHaveLength(0);
});

test('the same submit delivered twice makes one incident', async () => {
  const activity = cardAction(svc(), FLEUR, 'report.submit', threatForm('44444444-2222-3333-4444-555555555555'));
  const [a, b] = await Promise.all([post(bot.url, activity), post(bot.url, activity)]);
  const again = await post(bot.url, activity);
  for (const r of [a, b, again]) expect(r.body.value.body[0].items[0].text).toBe('Melding 2026-0001 is ontvangen');
  expect(await bot.melden.store.incidents.find({ teamId: 'kcc-noord' })).toHaveLength(1);
});

test('the message extension dialog round trip: fetchTask → form, submitAction → stored + confirmation', async () => {
  const fetched = await post(bot.url, fetchTask(svc(), FLEUR));
  expect(fetched.status).toBe(200);
  const form = fetched.body.task.value.card.content;
  expect(fetched.body.task.type).toBe('continue');
  expect(form.body[0].text).toBe('Melding maken');
  expect(form.actions[0].type).toBe('Action.Submit');
  const formId = form.actions[0].data.formId;

  const invalid = await post(bot.url, submitAction(svc(), FLEUR, { ...threatForm(formId), description: '' }));
  expect(texts(invalid.body.task.value.card.content).join('\n')).toContain('Dit veld is verplicht.');

  const submitted = await post(bot.url, submitAction(svc(), FLEUR, threatForm(formId, { category: 'verbal-aggression', stoppedAfterLimit: 'true' })));
  expect(submitted.status).toBe(200);
  const confirmation = submitted.body.task.value.card.content;
  expect(confirmation.body[0].items[0].text).toBe('Melding 2026-0001 is ontvangen');
  expect(texts(confirmation).join('\n')).toContain('GRENS STELLEN');
  const stored = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ category: 'verbal-aggression', registration: 'not-required', registrationReason: 'corrected' });
});

test('an unknown user is told how to get added, and nothing is stored', async () => {
  await post(bot.url, message(svc(), STRANGER, 'melden'));
  await connector.waitFor(() => connector.sent().length === 1);
  expect(connector.sent()[0].body.text).toContain('29:stranger');
  const res = await post(bot.url, cardAction(svc(), STRANGER, 'report.submit', threatForm('55555555-2222-3333-4444-555555555555')));
  expect(texts(res.body.value).join('\n')).toContain('Ik ken je nog niet');
  expect(await bot.melden.store.incidents.find({ teamId: 'kcc-noord' })).toHaveLength(0);
});

test('help and unknown text get answers in Dutch', async () => {
  await post(bot.url, message(svc(), FLEUR, 'help'));
  await post(bot.url, message(svc(), FLEUR, 'wat is dit'));
  await connector.waitFor(() => connector.sent().length === 2);
  expect(cardOf(connector.sent()[0]).body[0].text).toBe('Zo werkt Melden');
  expect(connector.sent()[1].body.text).toContain('Dat begrijp ik niet');
});
