/** Texts as people read them: counts with the right plural, and command syntax that survives a card render. */
import { JSDOM } from 'jsdom';
import { countsIn, stringTables, t, type StringKey } from '../../src/cards/strings';
import { noticeCard } from '../../src/cards/teams/report';
import type { Locale } from '../../src/services/protocol';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
Object.assign(globalThis, { window: dom.window, document: dom.window.document, HTMLElement: dom.window.HTMLElement, navigator: dom.window.navigator });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js');
afterAll(() => dom.window.close());

const tables = stringTables();
const withCounts = (Object.keys(tables.nl) as StringKey[]).filter((key) => countsIn(tables.nl[key]).length > 0);

test('the strings that take a count are found (and English takes the same counts)', () => {
  expect(withCounts).toEqual(expect.arrayContaining(['sanction.why.pattern', 'review.stats.ack.value', 'review.incidents.summary', 'review.incidents.more', 'export.consent', 'overview.count', 'overview.more']));
  for (const key of withCounts) expect(countsIn(tables.en[key]).sort()).toEqual(countsIn(tables.nl[key]).sort());
});

describe.each(['nl', 'en'] as Locale[])('%s: every count string with 0, 1 and 2', (locale) => {
  test.each(withCounts)('%s', (key) => {
    const names = countsIn(tables[locale][key]);
    for (const name of names) {
      // the other placeholders get a word, the other counts 3
      const others = Object.fromEntries([...tables[locale][key].matchAll(/\{(\w+)[}:]/g)].map((m) => [m[1], names.includes(m[1]) ? 3 : 'X']));
      const [zero, one, two] = [0, 1, 2].map((n) => t(locale, key, { ...others, [name]: n }));
      for (const text of [zero, one, two]) expect(text).not.toMatch(/[{}|]/);
      // "1 x" is singular, "0 xs" and "2 xs" the same plural word
      const word = (text: string, n: number) => new RegExp(`(?:^|\\W)${n} (\\S+(?: \\S+)?)`).exec(text)?.[1];
      expect(word(zero, 0)).toBe(word(two, 2));
      expect(word(one, 1)).not.toBe(word(two, 2));
    }
  });
});

test('the Dutch plurals people expect', () => {
  expect(t('nl', 'sanction.why.pattern', { count: 1 })).toBe('patroon (1 eerdere melding)');
  expect(t('nl', 'sanction.why.pattern', { count: 2 })).toBe('patroon (2 eerdere meldingen)');
  expect(t('nl', 'review.stats.ack.value', { median: '1 min', p90: '2 min', count: 1 })).toContain('(1 oproep)');
  expect(t('nl', 'review.stats.ack.value', { median: '1 min', p90: '2 min', count: 0 })).toContain('(0 oproepen)');
  expect(t('nl', 'review.incidents.summary', { total: 1, consented: 1, withheld: 0 })).toMatch(/^1 melding sinds/);
});

test('no user-facing string holds <…>: Teams renders it as an HTML tag and drops it, Slack reads it as markup', () => {
  for (const locale of ['nl', 'en'] as Locale[]) {
    for (const key of ['help.body', 'actions.help', 'witness.usage', 'slack.help.commands', 'slack.actions.help'] as StringKey[]) expect(tables[locale][key]).toMatch(/\[[^\]]+\]/);
    for (const [key, text] of Object.entries(tables[locale])) expect([key, text]).toEqual([key, expect.not.stringMatching(/<[^>]*>/)]);
  }
});

test('no text suggests sending a new report about the same incident: Wijzigen corrects it (docs/first-week.md)', () => {
  for (const locale of ['nl', 'en'] as Locale[]) {
    for (const [key, text] of Object.entries(tables[locale])) expect([key, text]).toEqual([key, expect.not.stringMatching(/(stuur|maak|send|make) (een |a )?(nieuwe|new) (melding|report)|voor de nieuwe melding|for the new report/i)]);
  }
});

test("the lead's overview in plain Dutch", () => {
  expect(t('nl', 'overview.count', { count: 1, pending: 0 })).toBe('1 open melding, 0 besluiten open.');
  expect(t('nl', 'overview.count', { count: 2, pending: 1 })).toBe('2 open meldingen, 1 besluit open.');
  expect(t('nl', 'overview.more', { count: 1 })).toMatch(/^En nog 1 melding:/);
});

test('the help card keeps its command syntax through an Adaptive Card parse and an HTML pass (what the Teams sanitiser does)', () => {
  const json = noticeCard(t('nl', 'help.body'), t('nl', 'help.title'));
  const card = new AC.AdaptiveCard();
  card.parse(json);
  const body = (card.toJSON() as { body: { text?: string }[] }).body.map((b) => b.text ?? '').join('\n');
  expect(body).toContain('voor: [naam] en uiterlijk: [datum]');
  // Text treated as HTML keeps every placeholder: nothing in it looks like a tag.
  const el = document.createElement('div');
  el.innerHTML = body;
  expect(el.textContent).toContain('voor: [naam] en uiterlijk: [datum]');
  expect(el.textContent).toContain('**klaar** [nummer]');
  expect(el.children).toHaveLength(0);
});
