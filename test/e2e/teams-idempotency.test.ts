/**
 * One effect per interaction, and private answers to commands typed in a channel (docs/privacy.md), over Teams:
 * the same check-in answer delivered four times (twice in a row, twice at once) forwards the note once; `getuige`
 * typed in the team channel is confirmed to the sender alone.
 */
import type { LocalConnector } from '../helpers/connector';
import type { FakeClock } from '../helpers/clock';
import type { RunningBot } from '../helpers/app';
import { TeamsFixture } from '../helpers/fixture';
import { cardAction, channelConversation, message, post } from '../helpers/teams';

const FLEUR = { id: '29:fleur', name: 'Fleur Mulder' };
const CARLA = { id: '29:carla', name: 'Carla Bos' };
const NOTE = 'Ik slaap er slecht van';

let connector: LocalConnector;
let clock: FakeClock;
let bot: RunningBot;

const fixture = new TeamsFixture({ now: '2026-11-20T09:45:00.000Z', introduce: [FLEUR, CARLA] });
beforeEach(async () => ({ connector, clock, bot } = await fixture.start()));
afterEach(() => fixture.stop());

const cards = (user: { id: string }) => connector.sentTo(user.id).map((c) => c.body.attachments?.[0]?.content);

async function report() {
  await post(
    bot.url,
    cardAction(connector.url, FLEUR, 'report.submit', {
      formId: '99999999-0000-0000-0000-000000000042',
      date: '2026-11-20',
      time: '10:30',
      channel: 'phone',
      category: 'emotion-criticism',
      description: 'Bleef maar doorgaan over de regels.',
      stoppedAfterLimit: 'true',
      firstResponse: 'false',
      supportRequested: 'true',
    }),
  );
  for (let n = 0; ; n++) {
    const [incident] = await bot.melden.store.incidents.find({ teamId: 'kcc-noord' });
    if (incident?.aftercare) return incident;
    if (n > 500) throw new Error('aftercare was never planned');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('the same check-in answer delivered 4× (in a row and at once) is recorded once and forwards one note', async () => {
  const incident = await report();
  clock.set('2026-11-23T09:45:00.000Z');
  await bot.melden.scheduler.runDue();
  await connector.waitFor(() => cards(FLEUR).some((c) => c?.body?.[0]?.text === 'Hoe gaat het nu met je?'));

  const answer = cardAction(connector.url, FLEUR, 'checkin.answer', { incidentId: incident.id, momentId: 'checkin-72h:fleur', feeling: 'okay', wantsTalk: 'false', note: NOTE });
  const responses = [await post(bot.url, answer), await post(bot.url, answer), ...(await Promise.all([post(bot.url, answer), post(bot.url, answer)]))];
  for (const res of responses) expect(JSON.stringify(res.body.value)).toContain('Je antwoord: Gaat wel');
  // The note is forwarded inline, before the answer returns: once all four answers are back, every send is done.
  await bot.melden.scheduler.runDue();
  const notes = cards(CARLA).filter((c) => JSON.stringify(c).includes(NOTE));
  expect(notes).toHaveLength(1);
  const stored = (await bot.melden.store.incidents.get(incident.id))!.aftercare!.moments.find((m) => m.id === 'checkin-72h:fleur')!;
  expect(stored.answer).toEqual({ feeling: 'okay', wantsTalk: false });
});

test('getuige typed in the team channel: the confirmation reaches only the sender, the channel hears nothing of it', async () => {
  const incident = await report();
  connector.calls.length = 0;
  const res = await post(bot.url, message(connector.url, FLEUR, `getuige ${incident.number} carla`, { channel: true }));
  expect(res.status).toBe(200);
  await connector.waitFor(() => connector.sentTo(FLEUR.id).length === 1);
  expect(JSON.stringify(connector.sentTo(FLEUR.id)[0].body)).toContain(`Carla Bos is toegevoegd als getuige bij melding ${incident.number}`);
  const inChannel = connector.sent(channelConversation.id);
  expect(inChannel.map((c) => c.body.text)).toEqual(['Ik heb je antwoord in een privéchat gestuurd.']);
  expect(JSON.stringify(inChannel)).not.toMatch(/Carla|getuige|2026-/);
  expect((await bot.melden.store.incidents.get(incident.id))!.aftercare!.witnesses.map((w) => w.personId)).toEqual(['carla']);
});
