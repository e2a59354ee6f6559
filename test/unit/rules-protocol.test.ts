/** The protocol's rules (src/services/protocol.ts): registration, first response, urgency, categories, locales. */
import { CATEGORIES, PROTOCOL, categoryOf, decideRegistration, isCategory, isUrgent, needsFirstResponse, toLocale } from '../../src/services/protocol';

test('registration: a threat always; verbal aggression unless it stopped after a limit, a pattern anyway; emotion only as a pattern', () => {
  const decide = (category: (typeof CATEGORIES)[number], stoppedAfterLimit: boolean, patternFound: boolean) => decideRegistration({ category, stoppedAfterLimit, patternFound });
  for (const stopped of [true, false]) for (const pattern of [true, false]) expect(decide('threat', stopped, pattern)).toEqual({ status: 'required', reason: 'threat' });
  expect(decide('verbal-aggression', false, false)).toEqual({ status: 'required', reason: 'persisting-aggression' });
  expect(decide('verbal-aggression', false, true)).toEqual({ status: 'required', reason: 'persisting-aggression' });
  expect(decide('verbal-aggression', true, true)).toEqual({ status: 'required', reason: 'pattern' });
  expect(decide('verbal-aggression', true, false)).toEqual({ status: 'not-required', reason: 'corrected' });
  for (const category of ['emotion-self', 'emotion-criticism'] as const) {
    for (const stopped of [true, false]) {
      expect(decide(category, stopped, true)).toEqual({ status: 'required', reason: 'pattern' });
      expect(decide(category, stopped, false)).toEqual({ status: 'not-required', reason: 'emotion' });
    }
  }
});

test('first response: always for threat and verbal aggression while urgent, for emotion only when asked', () => {
  expect(CATEGORIES.filter((c) => PROTOCOL[c].alwaysFirstResponse)).toEqual(['verbal-aggression', 'threat']);
  expect(needsFirstResponse('threat', false)).toBe(true);
  expect(needsFirstResponse('verbal-aggression', false, true)).toBe(true);
  expect(needsFirstResponse('threat', false, false)).toBe(false);
  expect(needsFirstResponse('threat', true, false)).toBe(true);
  expect(needsFirstResponse('emotion-self', false)).toBe(false);
  expect(needsFirstResponse('emotion-criticism', true)).toBe(true);
});

test('urgent: within the window before now, the window included; an unreadable window is one hour', () => {
  const now = new Date('2026-11-20T10:00:00.000Z');
  expect(isUrgent('2026-11-20T09:00:00.000Z', 'PT1H', now)).toBe(true);
  expect(isUrgent('2026-11-20T08:59:59.000Z', 'PT1H', now)).toBe(false);
  expect(isUrgent('2026-11-20T09:30:00.000Z', 'PT15M', now)).toBe(false);
  expect(isUrgent('2026-11-20T09:50:00.000Z', 'PT15M', now)).toBe(true);
  expect(isUrgent('2026-11-20T09:00:00.000Z', 'nonsense', now)).toBe(true);
  expect(isUrgent('2026-11-20T08:59:00.000Z', 'nonsense', now)).toBe(false);
});

test('an incident without a category (a help request) is handled as a threat', () => {
  expect(categoryOf({})).toBe('threat');
  expect(categoryOf({ category: 'emotion-self' })).toBe('emotion-self');
});

test('categories: only the four codes', () => {
  for (const c of CATEGORIES) expect(isCategory(c)).toBe(true);
  for (const v of ['', 'Threat', 'violence', 1, undefined, null, ['threat']]) expect(isCategory(v)).toBe(false);
  for (const c of CATEGORIES) expect(PROTOCOL[c].code).toBe(c);
  expect(PROTOCOL.threat.approach).toBe('set-limit-and-end');
  expect(PROTOCOL['verbal-aggression'].approach).toBe('set-limit');
  expect(PROTOCOL['emotion-self'].approach).toBe('redirect');
  expect(PROTOCOL['emotion-criticism'].approach).toBe('redirect');
});

test('locale: the language part of a tag, known languages only, else the fallback', () => {
  expect(toLocale('en-US', 'nl')).toBe('en');
  expect(toLocale('EN', 'nl')).toBe('en');
  expect(toLocale('nl-NL', 'en')).toBe('nl');
  expect(toLocale('de-DE', 'nl')).toBe('nl');
  expect(toLocale('de-DE', 'en')).toBe('en');
  expect(toLocale(undefined, 'en')).toBe('en');
  expect(toLocale('', 'nl')).toBe('nl');
  expect(toLocale('english', 'nl')).toBe('en');
});
