/** The card template compiler (src/cards/templates.ts): the part of the templating language the cards use. */
import { expandTemplate } from '../../src/cards/teams/templates';

test('notice: a whole-string expression keeps its value; a $when that is not true drops the element', () => {
  const card: any = expandTemplate('notice', { title: '', text: 'Hallo ${t.x}', color: 'Good' });
  expect(JSON.stringify(card)).toContain('Hallo ${t.x}'); // data is never parsed as template
  const withTitle: any = expandTemplate('notice', { title: 'Titel', text: 'x', color: 'Good' });
  expect(JSON.stringify(withTitle)).toContain('Titel');
  expect(JSON.stringify(card).length).toBeLessThan(JSON.stringify(withTitle).length);
});

test('the same template expands many times with different data, each from its own data', () => {
  const a = JSON.stringify(expandTemplate('notice', { title: 'A', text: 'eerste', color: 'Default' }));
  const b = JSON.stringify(expandTemplate('notice', { title: 'B', text: 'tweede', color: 'Attention' }));
  expect(a).toContain('eerste');
  expect(a).not.toContain('tweede');
  expect(b).toContain('tweede');
  expect(b).toContain('Attention');
});

/**
 * The compiler against the official templating SDK (adaptivecards-templating, kept as a devDependency for this):
 * every card the bot sends (test/helpers/card-samples.ts) is expanded by both from the same template and data, and
 * must come out the same. A template that uses more of the language than the compiler knows fails here first.
 */
test('every sample card expands exactly as adaptivecards-templating expands it', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const templates = require('../../src/cards/teams/templates') as typeof import('../../src/cards/teams/templates');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ACData = require('adaptivecards-templating') as typeof import('adaptivecards-templating');
  const calls: Array<{ name: Parameters<typeof expandTemplate>[0]; data: object; out: unknown }> = [];
  const original = templates.expandTemplate;
  const spy = jest.spyOn(templates, 'expandTemplate').mockImplementation((name, data) => {
    const out = original(name, data);
    calls.push({ name, data, out });
    return out;
  });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('../helpers/card-samples') as typeof import('../helpers/card-samples')).sampleCards();
  } finally {
    spy.mockRestore();
  }
  const names = new Set(calls.map((c) => c.name));
  expect(names.size).toBe(Object.keys(templates.TEMPLATES).length); // every template is exercised
  for (const call of calls) {
    const reference = new ACData.Template(templates.TEMPLATES[call.name]).expand({ $root: call.data });
    expect({ name: call.name, card: call.out }).toEqual({ name: call.name, card: reference });
  }
});
