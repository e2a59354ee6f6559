/** Registered incidents go to the aggression coordinator for a sanction decision; the reporter hears the outcome. */
import type { LocalConnector } from '../helpers/connector';
import type { RunningBot } from '../helpers/app';
import { TeamsFixture } from '../helpers/fixture';
import { cardAction, message, post } from '../helpers/teams';

const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
const DIRK = { id: '29:dirk', name: 'Dirk Visser' };
const ANNA = { id: '29:anna', name: 'Anna de Vries' };

let connector: LocalConnector;
let bot: RunningBot;

const fixture = new TeamsFixture({ now: '2026-11-20T09:45:00.000Z', introduce: [FLEUR] });
beforeEach(async () => ({ connector, bot } = await fixture.start()));
afterEach(() => fixture.stop());

const cards = (user: { id: string }) => connector.sentTo(user.id).map((c) => c.body.attachments?.[0]?.content);
const sanctionCards = (user: { id: string }) => cards(user).filter((c) => c?.body?.[0]?.items?.[0]?.text === 'Besluit over een regiemaatregel gevraagd');

async function report(category: string, extra: Record<string, string> = {}) {
  await post(
    bot.url,
    cardAction(connector.url, FLEUR, 'report.submit', {
      formId: `77777777-0000-0000-0000-${category.length.toString().padStart(12, '0')}`,
      date: '2026-11-20',
      time: '10:30',
      channel: 'desk',
      category,
      description: 'Zei: ik kom je na je werk opwachten.',
      citizenRef: 'Z-4242',
      ...extra,
    }),
  );
  const [incident] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord', category });
  return incident;
}

test('a threat reaches the coordinator with description and case number; a decision is recorded once and told to the reporter', async () => {
  const incident = await report('threat');
  await connector.waitFor(() => sanctionCards(DIRK).length === 1);
  const card = JSON.stringify(sanctionCards(DIRK)[0]);
  expect(card).toContain('ik kom je na je werk opwachten');
  expect(card).toContain('Z-4242');
  expect(card).toContain('Contactverbod');

  const missingDate = await post(bot.url, cardAction(connector.url, DIRK, 'sanction.decide', { incidentId: incident.id, measure: 'contact-ban', until: '' }));
  expect(JSON.stringify(missingDate.body.value)).toContain('Een beperkende maatregel heeft een einddatum nodig.');
  const notCoordinator = await post(bot.url, cardAction(connector.url, ANNA, 'sanction.decide', { incidentId: incident.id, measure: 'none' }));
  expect(JSON.stringify(notCoordinator.body.value)).not.toContain('Besloten door');

  const decided = await post(bot.url, cardAction(connector.url, DIRK, 'sanction.decide', { incidentId: incident.id, measure: 'contact-ban', until: '2027-05-20' }));
  expect(JSON.stringify(decided.body.value)).toContain('Besloten door Dirk Visser: Contactverbod (tot 20 mei 2027).');
  await connector.waitFor(() => cards(FLEUR).some((c) => JSON.stringify(c).includes('Over je melding')));
  const outcome = cards(FLEUR).find((c) => JSON.stringify(c).includes('Over je melding'));
  expect(JSON.stringify(outcome)).toContain(`Over je melding ${incident.number} is besloten: Contactverbod (tot 20 mei 2027).`);
  await connector.waitFor(() => connector.updates().some((u) => u.conversationId === `a:dm-${DIRK.id}`));

  const again = await post(bot.url, cardAction(connector.url, DIRK, 'sanction.decide', { incidentId: incident.id, measure: 'none' }));
  expect(JSON.stringify(again.body.value)).toContain('Contactverbod');
  expect((await bot.melden.store.incidents.get(incident.id))!.sanction).toMatchObject({ measure: 'contact-ban', until: '2027-05-20', decidedBy: 'dirk' });
  // One audit entry for the decision (the repeat changed nothing), without content.
  const audit = await bot.melden.store.audit.find({ incidentId: incident.id, action: 'sanction.decided' });
  expect(audit).toEqual([expect.objectContaining({ actorId: 'dirk', teamId: 'kcc-noord', action: 'sanction.decided', incidentId: incident.id })]);
});

test('an emotional report that needs no registration does not go to the coordinator', async () => {
  await report('emotion-self', { stoppedAfterLimit: 'true' });
  await bot.melden.scheduler.runDue();
  expect(sanctionCards(DIRK)).toHaveLength(0);
});
