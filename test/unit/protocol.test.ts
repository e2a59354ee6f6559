/** Every row of the protocol table (seed 004 "Normoverschrijdend gedrag tegengaan", DESIGN §2). */
import { APPROACHES, CATEGORIES, decideRegistration, needsFirstResponse, PROTOCOL, toLocale } from '../../src/services/protocol';

describe('registration status per category (column "Melden en afhandelen?")', () => {
  test.each([
    // category, stoppedAfterLimit, patternFound → status, reason
    ['emotion-self', true, false, 'not-required', 'emotion'],
    ['emotion-self', false, false, 'not-required', 'emotion'],
    ['emotion-self', false, true, 'required', 'pattern'],
    ['emotion-criticism', true, false, 'not-required', 'emotion'],
    ['emotion-criticism', false, false, 'not-required', 'emotion'],
    ['emotion-criticism', true, true, 'required', 'pattern'],
    ['verbal-aggression', true, false, 'not-required', 'corrected'],
    ['verbal-aggression', true, true, 'required', 'pattern'],
    ['verbal-aggression', false, false, 'required', 'persisting-aggression'],
    ['verbal-aggression', false, true, 'required', 'persisting-aggression'],
    ['threat', true, false, 'required', 'threat'],
    ['threat', false, false, 'required', 'threat'],
    ['threat', true, true, 'required', 'threat'],
  ] as const)('%s, stopped=%s, pattern=%s → %s (%s)', (category, stoppedAfterLimit, patternFound, status, reason) => {
    expect(decideRegistration({ category, stoppedAfterLimit, patternFound })).toEqual({ status, reason });
  });
});

describe('approach per category (row "Aanpak/werkinstructie")', () => {
  test.each([
    ['emotion-self', 'redirect', 'OMBUIGEN'],
    ['emotion-criticism', 'redirect', 'OMBUIGEN'],
    ['verbal-aggression', 'set-limit', 'GRENS STELLEN'],
    ['threat', 'set-limit-and-end', 'GRENS STELLEN EN EINDE GESPREK'],
  ] as const)('%s → %s (%s)', (category, approach, dutchTitle) => {
    expect(PROTOCOL[category].approach).toBe(approach);
    expect(APPROACHES[approach].title.nl).toBe(dutchTitle);
  });

  test('threat ends the conversation; verbal aggression continues only when it stops', () => {
    expect(APPROACHES['set-limit-and-end'].steps.nl.at(-1)).toBe('Gesprek beëindigen');
    expect(APPROACHES['set-limit'].steps.nl.at(-1)).toContain('Stopt het? Gesprek voortzetten');
    expect(APPROACHES.redirect.steps.nl[0]).toBe('Zelfcontrole, geen discussie');
  });

  test('every category has a Dutch and English label, hint and organisation norm', () => {
    for (const c of CATEGORIES) {
      for (const text of [PROTOCOL[c].label, PROTOCOL[c].recognisedBy, PROTOCOL[c].organisationNorm]) {
        expect(text.nl.length).toBeGreaterThan(5);
        expect(text.en.length).toBeGreaterThan(5);
        expect(text.nl).not.toBe(text.en);
      }
    }
  });
});

describe('first response', () => {
  test.each([
    ['emotion-self', false, false],
    ['emotion-self', true, true],
    ['emotion-criticism', false, false],
    ['verbal-aggression', false, true],
    ['threat', false, true],
  ] as const)('%s, asked=%s → paged=%s', (category, asked, paged) => {
    expect(needsFirstResponse(category, asked)).toBe(paged);
  });
});

test('locale: nl-NL → nl, en-US → en, anything else → the fallback', () => {
  expect(toLocale('nl-NL', 'en')).toBe('nl');
  expect(toLocale('en-US', 'nl')).toBe('en');
  expect(toLocale('de-DE', 'nl')).toBe('nl');
  expect(toLocale(undefined, 'en')).toBe('en');
});
