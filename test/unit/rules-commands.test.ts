/** Which chat command a typed text is (the pure half of src/services/commands.ts). */
import { CHAT_COMMANDS, chatIntent, commandPhrase, parseTeamActionCommand } from '../../src/services/commands';

test.each([
  ['  /Wie   HEEFT dienst?!. ', 'wie heeft dienst'],
  ['Melden', 'melden'],
  ['//melden', '/melden'],
  ['melden/', 'melden/'],
  ['wat is er?gebeurd', 'wat is er?gebeurd'],
  ['hulp\tnu', 'hulp nu'],
  ['   ', ''],
])('a typed text as a phrase: trimmed, one leading "/" off, lower case, trailing ?!. off, single spaces: %j', (typed, phrase) => {
  expect(commandPhrase(typed)).toBe(phrase);
});

test('the intent of the whole phrase first, then of its first word; own keys only', () => {
  const intents = ['help nu', 'help', 'help mij even', 'ik heb nu hulp nodig', 'melden graag', 'graag melden', 'toString', 'hasOwnProperty melden'].map((p) => chatIntent(p));
  expect(intents).toEqual(['acute', 'help', 'help', 'acute', 'report', undefined, undefined, undefined]);
  for (const [phrase, intent] of Object.entries(CHAT_COMMANDS)) expect(chatIntent(phrase)).toBe(intent);
});

test("a platform's own words add to the shared ones and win over them", () => {
  const slack = { duty: 'duty', help: 'acute' } as const;
  expect([chatIntent('duty'), chatIntent('duty', slack), chatIntent('duty now', slack), chatIntent('help', slack), chatIntent('melden', slack)]).toEqual([
    undefined,
    'duty',
    'duty',
    'acute',
    'report',
  ]);
});

test('a team-action command: the verb in lower case, the rest as typed (line breaks kept), only at the start', () => {
  expect(parseTeamActionCommand('ACTIE Balie Ophogen')).toEqual({ verb: 'actie', rest: 'Balie Ophogen' });
  expect(parseTeamActionCommand('afwijking\nregel één\nregel twee')).toEqual({ verb: 'afwijking', rest: 'regel één\nregel twee' });
  expect([parseTeamActionCommand('klaar'), parseTeamActionCommand('  /klaar A-3 '), parseTeamActionCommand('acties   alle')]).toEqual([
    { verb: 'klaar', rest: '' },
    { verb: 'klaar', rest: 'A-3' },
    { verb: 'acties', rest: 'alle' },
  ]);
  for (const text of ['nog een actie', 'klaarzetten', '//actie x', '']) expect(parseTeamActionCommand(text)).toBeUndefined();
});
