/** Typed team actions: keywords only as whole words, a person by id, name or first name (src/services/team-actions.ts). */
import { parseTeamsConfig } from '../../src/config';
import { findPerson, parseActionText } from '../../src/services/team-actions';

const team = parseTeamsConfig(`
teams:
  - id: zuid
    name: KCC Zuid
    people: [{ id: eva, name: Eva Smit }, { id: gijs, name: Gijs de Boer }]
`).teams[0];

test('a keyword is a whole word: inside an address or glued to its value it is text', () => {
  expect(parseActionText('mail@voor gijs sturen')).toEqual({ text: 'mail@voor gijs sturen', owner: undefined, due: undefined });
  expect(parseActionText('overleg voor:morgen plannen')).toEqual({ text: 'overleg voor:morgen plannen', owner: undefined, due: undefined });
  expect(parseActionText('\tbalie\nophogen voor: gijs')).toEqual({ text: 'balie ophogen', owner: 'gijs', due: undefined });
  expect(parseActionText('')).toEqual({ text: '', owner: undefined, due: undefined });
});

test('a person by id or name, with or without one leading "@"; an "@" inside is no mention', () => {
  expect(findPerson(team, '@eva')?.id).toBe('eva');
  expect(findPerson(team, '  Gijs de Boer ')?.id).toBe('gijs');
  expect(findPerson(team, 'gijs')?.id).toBe('gijs');
  expect(findPerson(team, 'ev@a')).toBeUndefined();
  expect(findPerson(team, '@@eva')).toBeUndefined();
});
