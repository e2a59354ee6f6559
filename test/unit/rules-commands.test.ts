/** Which chat command a typed text is (the pure half of src/services/commands.ts). */
import { CHAT_COMMANDS, chatIntent, commandPhrase, parseTeamActionCommand } from '../../src/services/commands';

test('a typed text as a phrase: trimmed, one leading "/" off, lower case, trailing ?!. off, single spaces', () => {
  expect(commandPhrase('  /Wie   HEEFT dienst?!. ')).toBe('wie heeft dienst');
  expect(commandPhrase('Melden')).toBe('melden');
  expect(commandPhrase('//melden')).toBe('/melden');
  expect(commandPhrase('melden/')).toBe('melden/');
  expect(commandPhrase('wat is er?gebeurd')).toBe('wat is er?gebeurd');
  expect(commandPhrase('hulp\tnu')).toBe('hulp nu');
  expect(commandPhrase('   ')).toBe('');
});

test('the intent of the whole phrase first, then of its first word; own keys only', () => {
  expect(chatIntent('help nu')).toBe('acute');
  expect(chatIntent('help')).toBe('help');
  expect(chatIntent('help mij even')).toBe('help');
  expect(chatIntent('ik heb nu hulp nodig')).toBe('acute');
  expect(chatIntent('melden graag')).toBe('report');
  expect(chatIntent('graag melden')).toBeUndefined();
  expect(chatIntent('toString')).toBeUndefined();
  expect(chatIntent('hasOwnProperty melden')).toBeUndefined();
  for (const [phrase, intent] of Object.entries(CHAT_COMMANDS)) expect(chatIntent(phrase)).toBe(intent);
});

test("a platform's own words add to the shared ones and win over them", () => {
  expect(chatIntent('duty')).toBeUndefined();
  expect(chatIntent('duty', { duty: 'duty' })).toBe('duty');
  expect(chatIntent('duty now', { duty: 'duty' })).toBe('duty');
  expect(chatIntent('help', { help: 'acute' })).toBe('acute');
  expect(chatIntent('melden', { duty: 'duty' })).toBe('report');
});

test('a team-action command: the verb in lower case, the rest as typed, only at the start', () => {
  expect(parseTeamActionCommand('ACTIE Balie Ophogen')).toEqual({ verb: 'actie', rest: 'Balie Ophogen' });
  expect(parseTeamActionCommand('klaar')).toEqual({ verb: 'klaar', rest: '' });
  expect(parseTeamActionCommand('acties   alle')).toEqual({ verb: 'acties', rest: 'alle' });
  expect(parseTeamActionCommand('afwijking\nregel één\nregel twee')).toEqual({ verb: 'afwijking', rest: 'regel één\nregel twee' });
  expect(parseTeamActionCommand('/klaar A-3')).toEqual({ verb: 'klaar', rest: 'A-3' });
  expect(parseTeamActionCommand('nog een actie')).toBeUndefined();
  expect(parseTeamActionCommand('klaarzetten')).toBeUndefined();
  expect(parseTeamActionCommand('//actie x')).toBeUndefined();
  expect(parseTeamActionCommand('')).toBeUndefined();
});
