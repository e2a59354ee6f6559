/** Every card template, filled with sample data, passes the official adaptivecards parser and validator. */
import { JSDOM } from 'jsdom';
import { stringTables } from '../../src/cards/strings';
import { sampleCards } from '../helpers/card-samples';

// validateProperties() needs a DOM; the package's lib/ is ESM Node cannot load, so use the dist bundle (DESIGN §7).
const dom = new JSDOM('<!doctype html><html><body></body></html>');
Object.assign(globalThis, { window: dom.window, document: dom.window.document, HTMLElement: dom.window.HTMLElement, navigator: dom.window.navigator });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js');

const cards = Object.entries(sampleCards());

afterAll(() => dom.window.close());

/** All parse and validation messages for a card JSON. */
function issues(json: object): string[] {
  const context = new AC.SerializationContext();
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  const messages: string[] = [];
  for (let i = 0; i < context.eventCount; i++) messages.push(context.getEventAt(i).message);
  const validation = card.validateProperties();
  for (let i = 0; i < validation.validationEvents.length; i++) messages.push(validation.validationEvents[i].message);
  return messages;
}

test('the checker catches a broken card (an input without id, an unknown element)', () => {
  const broken = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Text' }, { type: 'Blink', text: 'x' }] };
  expect(issues(broken).length).toBeGreaterThanOrEqual(2);
});

test('the samples expand every template there is, so a new template cannot go unchecked', () => {
  const templates = require('../../src/cards/teams/templates');
  const spy = jest.spyOn(templates, 'expandTemplate');
  sampleCards();
  const used = new Set(spy.mock.calls.map((call) => call[0]));
  spy.mockRestore();
  expect([...used].sort()).toEqual(Object.keys(templates.TEMPLATES).sort());
});

test('there are cards to check', () => {
  expect(cards.length).toBeGreaterThanOrEqual(12);
});

test.each(cards)('%s parses and validates with 0 issues', (_name, json) => {
  expect(issues(json)).toEqual([]);
  expect(json.version).toBe('1.5');
  // Nothing of the template syntax is left after expansion.
  expect(JSON.stringify(json)).not.toMatch(/"\$(when|data)"/);
});

test('user text shows literally: ${…} in a description is not evaluated, and goes in a TextRun (no Markdown)', () => {
  const confirmation = JSON.stringify(sampleCards()['report-form-errors.nl']);
  expect(confirmation).toContain('x'.repeat(2001));
  const form = sampleCards()['report-form.nl'];
  expect(JSON.stringify(form)).not.toContain('secret');
});

test('Dutch and English string tables have the same keys and no empty strings', () => {
  const { nl, en } = stringTables();
  expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
  for (const table of [nl, en]) for (const value of Object.values(table)) expect(value.trim()).not.toBe('');
});
