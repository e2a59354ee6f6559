/** The shared command vocabulary (services/commands.ts) and Slack's message markup read back as typed text. */
import { chatIntent, commandPhrase, parseTeamActionCommand } from '../../src/services/commands';
import { fromSlackText, intentOf } from '../../src/bots/slack/review-commands';
import type { PersonConfig } from '../../src/config';

const bram = { id: 'bram', name: 'Bram Jansen' } as PersonConfig;
const colleague = (id: string) => (id === 'U0BRAM' ? bram : undefined);

test.each([
  ['actie balie ophogen', { verb: 'actie', rest: 'balie ophogen' }],
  ['/Acties', { verb: 'acties', rest: '' }],
  ['  klaar A-3 ', { verb: 'klaar', rest: 'A-3' }],
  ['afwijking niet gemeld\nna schelden', { verb: 'afwijking', rest: 'niet gemeld\nna schelden' }],
  ['actief', undefined],
  ['melden', undefined],
])('parseTeamActionCommand(%j)', (text, expected) => {
  expect(parseTeamActionCommand(text)).toEqual(expected);
});

test('the Teams words everywhere; Slack adds a bare /melden (report) and "duty"', () => {
  expect(chatIntent(commandPhrase('  /Wie heeft  dienst? '))).toBe('duty');
  expect(chatIntent(commandPhrase('getuige 2026-0042 bram'))).toBe('witness');
  expect(chatIntent('')).toBeUndefined();
  expect(chatIntent('duty')).toBeUndefined();
  expect(chatIntent('constructor')).toBeUndefined();
  expect(intentOf('')).toBe('report');
  expect(intentOf('duty')).toBe('duty');
  expect(intentOf('Hulp!')).toBe('acute');
  expect(intentOf('nood')).toBe('acute');
  expect(intentOf('help nu')).toBe('acute');
  expect(intentOf('help')).toBe('help');
  expect(intentOf('acties')).toBeUndefined();
});

test('Slack markup → the text as typed: mentions, owner keyword, links, channels, entities', () => {
  expect(fromSlackText('bel <@U0BRAM> terug', colleague)).toEqual({ text: 'bel Bram Jansen terug', mentioned: undefined });
  expect(fromSlackText('bel <@U0BRAM> terug', colleague, 'owner')).toEqual({ text: 'bel  terug', mentioned: 'bram' });
  expect(fromSlackText('balie voor: <@U0BRAM> uiterlijk: 31-12', colleague, 'owner')).toEqual({ text: 'balie voor: bram uiterlijk: 31-12', mentioned: undefined });
  // Someone outside the team: never an owner; after voor: their id, which the service refuses as unknown.
  expect(fromSlackText('x <@U0OTHER|piet> y', colleague, 'owner')).toEqual({ text: 'x  y', mentioned: undefined });
  expect(fromSlackText('x @voor <@U0OTHER>', colleague, 'owner').text).toBe('x @voor U0OTHER');
  expect(fromSlackText('zie <https://intra.example/p|het protocol> in <#C0KCC|kcc> &amp; <!here> &lt;b&gt;', colleague).text).toBe(
    'zie het protocol in #kcc & @here <b>',
  );
  expect(fromSlackText('mail <mailto:a@b.nl|a@b.nl> of <https://x.example>', colleague).text).toBe('mail a@b.nl of https://x.example');
});
