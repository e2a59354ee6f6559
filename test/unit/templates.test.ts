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
