/** Acute help (`hulp`) end to end in Teams: everyone on duty paged at once, one wins, Waar ben je?, Ik ben veilig, the report afterwards. */
import type { LocalConnector } from '../helpers/connector';
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { TeamsFixture } from '../helpers/fixture';
import { cardAction, fetchTask, message, post } from '../helpers/teams';

const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
const ANNA = { id: '29:anna', name: 'Anna de Vries' };
const BRAM = { id: '29:bram', name: 'Bram Jansen' };
const EVA = { id: '29:eva', name: 'Eva Smit' };
const NOW = '2026-11-20T09:45:00.000Z'; // Friday 10:45 in Amsterdam
const MINUTE = 60_000;

let connector: LocalConnector;
let clock: FakeClock;
let bot: RunningBot;

const fixture = new TeamsFixture({ now: NOW, introduce: [FLEUR], bot: { logger: process.env.DEBUG_LOG ? console : undefined } });
beforeEach(async () => ({ connector, clock, bot } = await fixture.start()));
afterEach(() => fixture.stop());

const cardOf = (call: { body: any }) => call.body.attachments?.[0]?.content;
const textOf = (x: unknown) => JSON.stringify(x);
const pagesTo = (id: string) => connector.sentTo(id).filter((c) => cardOf(c)?.body?.[0]?.items?.[0]?.text === 'Eerste opvang gevraagd');
const updatesTo = (id: string) => connector.updates().filter((c) => c.conversationId === `a:dm-${id}`);

async function tapHulp() {
  const tappedAt = Date.now();
  const res = await post(bot.url, message(connector.url, FLEUR, 'hulp'));
  expect(res.status).toBe(200);
  await connector.waitFor(() => connector.sentTo(FLEUR.id).length === 1);
  const [incident] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  return { incident, tappedAt, answer: cardOf(connector.sentTo(FLEUR.id)[0]) };
}

async function advance(ms: number) {
  clock.advance(ms);
  await bot.melden.scheduler.runDue();
}

test('hulp: both first responders are paged at once, within 1 s of the tap, before the reporter gets the card; the lead is told', async () => {
  const { incident, tappedAt, answer } = await tapHulp();
  expect(pagesTo(ANNA.id)).toHaveLength(1);
  expect(pagesTo(BRAM.id)).toHaveLength(1);
  for (const page of [...pagesTo(ANNA.id), ...pagesTo(BRAM.id)]) expect(page.at - tappedAt).toBeLessThan(1000);
  // The pages were at the connector before the reporter's own card.
  const reporterCard = connector.sentTo(FLEUR.id)[0];
  expect(Math.max(pagesTo(ANNA.id)[0].at, pagesTo(BRAM.id)[0].at)).toBeLessThanOrEqual(reporterCard.at);
  expect(textOf(answer)).toContain('Opgeroepen: Anna de Vries, Bram Jansen');
  expect(textOf(answer)).toContain('Bij direct gevaar: bel 112.');
  expect(answer.actions.map((a: any) => a.verb)).toEqual(['help.place', 'help.safe', 'help.report']);
  const page = cardOf(pagesTo(ANNA.id)[0]);
  expect(textOf(page)).toContain('Fleur Mulder vraagt nu om hulp');
  expect(textOf(page)).toContain('Acute hulpvraag (melding volgt)');
  // Chat and call the reporter straight from the page (Teams deep links from the configured e-mail).
  expect(page.actions.filter((a: any) => a.type === 'Action.OpenUrl').map((a: any) => a.url)).toEqual([
    'https://teams.microsoft.com/l/chat/0/0?users=fleur.mulder%40gemeente.example',
    'https://teams.microsoft.com/l/call/0/0?users=fleur.mulder%40gemeente.example',
  ]);
  await connector.waitFor(() => connector.sentTo(EVA.id).length === 1);
  expect(connector.sentTo(EVA.id)[0].body.attachments[0].content.body.map((b: any) => b.text).join(' ')).toContain('Fleur Mulder vraagt nu om hulp (melding');
  expect(incident).toMatchObject({ help: { reportPending: true }, firstResponse: true });
  expect(incident.category).toBeUndefined();
});

test('the first to press Ik ga wins; the other card updates in place to who is coming; the reporter is told', async () => {
  const { incident } = await tapHulp();
  const ack = await post(bot.url, cardAction(connector.url, BRAM, 'page.ack', { incidentId: incident.id }));
  expect(textOf(ack.body.value)).toContain('Jij hebt dit opgepakt');
  const late = await post(bot.url, cardAction(connector.url, ANNA, 'page.ack', { incidentId: incident.id }));
  expect(textOf(late.body.value)).toContain('Bram Jansen heeft dit opgepakt');
  await connector.waitFor(() => updatesTo(ANNA.id).length >= 1);
  expect(textOf(cardOf(updatesTo(ANNA.id).at(-1)!))).toContain('Bram Jansen heeft dit opgepakt');
  await connector.waitFor(() => connector.sentTo(FLEUR.id).some((c) => textOf(cardOf(c)).includes('Bram Jansen komt naar je toe')));
  expect((await bot.melden.store.incidents.get(incident.id))!.paging).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'bram' });
  // Nobody else is paged when the deadline passes.
  await advance(10 * MINUTE);
  expect(pagesTo(EVA.id)).toHaveLength(0);
  // Opvang afgerond: the time is recorded.
  const done = await post(bot.url, cardAction(connector.url, BRAM, 'page.done', { incidentId: incident.id }));
  expect(textOf(done.body.value)).toContain('Opvang afgerond om 10:55');
  expect((await bot.melden.store.incidents.get(incident.id))!.paging!.completedAt).toBe(clock.now().toISOString());
});

test('Waar ben je? updates the pages in place; Ik ben veilig stands everyone down and nothing escalates afterwards', async () => {
  const { incident } = await tapHulp();
  const place = await post(bot.url, cardAction(connector.url, FLEUR, 'help.place', { incidentId: incident.id, placeChoice: 'Balie 3', place: '' }));
  expect(textOf(place.body.value)).toContain('Doorgegeven aan je collega’s: Balie 3.');
  await connector.waitFor(() => updatesTo(ANNA.id).length === 1 && updatesTo(BRAM.id).length === 1);
  expect(textOf(cardOf(updatesTo(ANNA.id)[0]))).toContain('Balie 3');

  const safe = await post(bot.url, cardAction(connector.url, FLEUR, 'help.safe', { incidentId: incident.id }));
  expect(textOf(safe.body.value)).toContain('Fijn dat je veilig bent');
  expect(safe.body.value.actions.map((a: any) => a.verb)).toEqual(['help.report']);
  await connector.waitFor(() => updatesTo(ANNA.id).length === 2 && updatesTo(BRAM.id).length === 2);
  const standDown = cardOf(updatesTo(ANNA.id)[1]);
  expect(textOf(standDown)).toContain('Fleur Mulder is veilig. Je hoeft niet meer te komen.');
  expect(standDown.actions.filter((a: any) => a.type === 'Action.Execute')).toEqual([]);

  await advance(10 * MINUTE);
  expect(pagesTo(EVA.id)).toHaveLength(0);
  expect((await bot.melden.store.incidents.get(incident.id))!.paging!.status).toBe('stood-down');
  // A late Ik ga finds nobody needs to come.
  const late = await post(bot.url, cardAction(connector.url, ANNA, 'page.ack', { incidentId: incident.id }));
  expect(textOf(late.body.value)).toContain('Fleur Mulder is veilig');
});

test('only the reporter can stand down or give a place', async () => {
  const { incident } = await tapHulp();
  const res = await post(bot.url, cardAction(connector.url, ANNA, 'help.safe', { incidentId: incident.id }));
  expect(textOf(res.body.value)).toContain('Dit is niet jouw hulpvraag.');
  expect((await bot.melden.store.incidents.get(incident.id))!.paging!.status).toBe('paging');
});

test('a second tap within minutes joins the open request: nobody is paged twice', async () => {
  await tapHulp();
  await post(bot.url, message(connector.url, FLEUR, 'nood'));
  await connector.waitFor(() => connector.sentTo(FLEUR.id).length === 2);
  expect(await bot.melden.store.incidents.find({ teamId: 'kcc-noord' })).toHaveLength(1);
  expect(pagesTo(ANNA.id)).toHaveLength(1);
  expect(pagesTo(BRAM.id)).toHaveLength(1);
});

test('the report afterwards: pre-filled form, one incident, no second page; never sent → one gentle reminder', async () => {
  const { incident } = await tapHulp();
  const form = await post(bot.url, cardAction(connector.url, FLEUR, 'help.report', { incidentId: incident.id }));
  const card = form.body.value;
  expect(textOf(card)).toContain('Je vroeg om 10:45 om hulp');
  const submit = card.actions.find((a: any) => a.verb === 'report.submit');
  expect(submit.data.incidentId).toBe(incident.id);

  // Not sent: one reminder, 3 hours later (13:45, in working hours), and only one.
  await advance(3 * 60 * MINUTE);
  await connector.waitFor(() => connector.sentTo(FLEUR.id).some((c) => textOf(cardOf(c)).includes('Wil je de melding nog aanvullen?')));
  await advance(24 * 60 * MINUTE);
  expect(connector.sentTo(FLEUR.id).filter((c) => textOf(cardOf(c)).includes('Wil je de melding nog aanvullen?'))).toHaveLength(1);

  const values = { date: '2026-11-20', time: '10:45', channel: 'desk', category: 'threat', description: 'Dreigde aan de balie.', firstResponse: 'true' };
  const res = await post(bot.url, cardAction(connector.url, FLEUR, 'report.submit', { ...submit.data, ...values }));
  expect(textOf(res.body.value)).toContain(`Melding ${incident.number} is ontvangen`);
  const all = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  expect(all).toHaveLength(1);
  expect(all[0]).toMatchObject({ id: incident.id, category: 'threat', registration: 'required', help: { reportPending: false } });
  expect(pagesTo(ANNA.id)).toHaveLength(1);
});

test('a form with "Ik wil nu eerste opvang" pages before the rest is valid; completing it makes one incident', async () => {
  const formId = 'form-help-0000-0000-000000000000';
  const res = await post(bot.url, cardAction(connector.url, FLEUR, 'report.submit', { formId, firstResponse: 'true', date: '2026-11-20', time: '10:44' }));
  expect(res.body.statusCode).toBe(200);
  expect(textOf(res.body.value)).toContain('Je collega’s zijn al opgeroepen');
  expect(pagesTo(ANNA.id)).toHaveLength(1);
  expect(pagesTo(BRAM.id)).toHaveLength(1);
  const submit = res.body.value.actions.find((a: any) => a.verb === 'report.submit');
  const done = await post(
    bot.url,
    cardAction(connector.url, FLEUR, 'report.submit', { ...submit.data, firstResponse: 'true', date: '2026-11-20', time: '10:44', channel: 'phone', category: 'verbal-aggression', description: 'Schold me uit.' }),
  );
  expect(textOf(done.body.value)).toContain('is ontvangen');
  const all = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
  expect(all).toHaveLength(1);
  expect(all[0]).toMatchObject({ category: 'verbal-aggression', help: { reportPending: false } });
});

test('the message extension "Hulp nu" pages at once and says who was called', async () => {
  const res = await post(bot.url, fetchTask(connector.url, FLEUR, 'hulp'));
  expect(res.status).toBe(200);
  expect(pagesTo(ANNA.id)).toHaveLength(1);
  expect(pagesTo(BRAM.id)).toHaveLength(1);
  expect(textOf(res.body)).toContain('Opgeroepen: Anna de Vries, Bram Jansen');
});

test('a threat report: the 112 line is in the first answer, without waiting for the ladder', async () => {
  const res = await post(
    bot.url,
    cardAction(connector.url, FLEUR, 'report.submit', {
      formId: 'threat-112-0000-0000-000000000000',
      date: '2026-11-20',
      time: '10:44',
      channel: 'phone',
      category: 'threat',
      description: 'Dreigde me op te wachten.',
      firstResponse: 'false',
    }),
  );
  expect(textOf(res.body.value)).toContain('Bij direct gevaar: bel 112.');
  // An emotional report does not get it.
  const calm = await post(
    bot.url,
    cardAction(connector.url, FLEUR, 'report.submit', { formId: 'calm-112-0000-0000-000000000000', date: '2026-11-20', time: '10:44', channel: 'phone', category: 'emotion-self', description: 'Klaagde.', firstResponse: 'false' }),
  );
  expect(textOf(calm.body.value)).not.toContain('bel 112');
});
