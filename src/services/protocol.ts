import { Duration } from 'luxon';
/**
 * The team protocol's table "Normoverschrijdend gedrag tegengaan" (the team protocol (docs/protocol.md)) as data and pure rules.
 * Everything a user sees is keyed by locale; Dutch is the default.
 */

export const CATEGORIES = ['emotion-self', 'emotion-criticism', 'verbal-aggression', 'threat'] as const;
export type Category = (typeof CATEGORIES)[number];

export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export type Approach = 'redirect' | 'set-limit' | 'set-limit-and-end';
export type Registration = 'required' | 'not-required';
/** Why an incident's registration status is what it is; shown to the reporter and kept on the incident. */
/** `help-request`: a `hulp` tap whose report has not come yet (docs/first-response.md). */
export type RegistrationReason = 'threat' | 'persisting-aggression' | 'pattern' | 'corrected' | 'emotion' | 'help-request';

type Text = Record<Locale, string>;

export interface CategoryRule {
  code: Category;
  label: Text;
  /** One line "herkenbaar aan" hint for the form. */
  recognisedBy: Text;
  organisationNorm: Text;
  approach: Approach;
  /** A first-response colleague is always paged for this category, whatever the reporter ticked. */
  alwaysFirstResponse: boolean;
}

export const PROTOCOL: Record<Category, CategoryRule> = {
  'emotion-self': {
    code: 'emotion-self',
    label: { nl: 'Emotioneel gedrag — gericht op zichzelf', en: 'Emotional behaviour — about their own situation' },
    recognisedBy: {
      nl: '"Ik": uitzondering of begrip vragen, klagen, excuus verzinnen, claimen',
      en: '"I": asking for exceptions, complaining, making excuses, claiming',
    },
    organisationNorm: {
      nl: 'Burgers mogen klagen en boos en geïrriteerd zijn.',
      en: 'Citizens may complain and be angry or irritated.',
    },
    approach: 'redirect',
    alwaysFirstResponse: false,
  },
  'emotion-criticism': {
    code: 'emotion-criticism',
    label: { nl: 'Emotioneel gedrag — kritiek op regels of organisatie', en: 'Emotional behaviour — criticism of rules or organisation' },
    recognisedBy: {
      nl: '"Jullie": in discussie gaan, beschuldigen, schande spreken, machtsstrijd',
      en: '"You lot": arguing, blaming, denouncing, power struggle',
    },
    organisationNorm: {
      nl: 'Burgers mogen kritiek hebben op beleid en regels, dit uiten en boos en geïrriteerd zijn.',
      en: 'Citizens may criticise policy and rules, say so, and be angry or irritated.',
    },
    approach: 'redirect',
    alwaysFirstResponse: false,
  },
  'verbal-aggression': {
    code: 'verbal-aggression',
    label: { nl: '(Non-)verbale agressie — gericht op de medewerker', en: '(Non-)verbal aggression — aimed at the employee' },
    recognisedBy: {
      nl: '"Jij": sarren, treiteren, uitlokken, grof zijn, schelden, belachelijk maken',
      en: '"You": taunting, needling, provoking, being rude, swearing, ridiculing',
    },
    organisationNorm: {
      nl: 'Burgers mogen niet persoonlijk worden. We gaan pas verder als het gedrag stopt; stopt het niet, dan beëindigen we het gesprek en nemen we passende maatregelen.',
      en: 'Citizens may not get personal. We only continue once the behaviour stops; if it does not, we end the conversation and take appropriate measures.',
    },
    approach: 'set-limit',
    alwaysFirstResponse: true,
  },
  threat: {
    code: 'threat',
    label: { nl: 'Bedreiging, intimidatie', en: 'Threat, intimidation' },
    recognisedBy: {
      nl: 'Dreigen (met geweld), intimideren, seksuele intimidatie, een suggestie van geweld',
      en: 'Threats (of violence), intimidation, sexual intimidation, a suggestion of violence',
    },
    organisationNorm: {
      nl: 'Burgers mogen medewerkers niet bedreigen of intimideren. We beëindigen het gesprek en nemen gepaste maatregelen.',
      en: 'Citizens may not threaten or intimidate employees. We end the conversation and take appropriate measures.',
    },
    approach: 'set-limit-and-end',
    alwaysFirstResponse: true,
  },
};

export interface ApproachText {
  title: Text;
  steps: Record<Locale, string[]>;
}

export const APPROACHES: Record<Approach, ApproachText> = {
  redirect: {
    title: { nl: 'OMBUIGEN', en: 'REDIRECT' },
    steps: {
      nl: [
        'Zelfcontrole, geen discussie',
        'Eerst aandacht voor de emotie, laten uitpraten',
        'Dan uitleggen waarom er zo gewerkt wordt',
        'Aangeven wat de (on)mogelijkheden zijn',
        'Afronden',
      ],
      en: [
        'Self-control, no argument',
        'First attend to the emotion, let them finish',
        'Then explain why we work this way',
        'Say what is and is not possible',
        'Close the conversation',
      ],
    },
  },
  'set-limit': {
    title: { nl: 'GRENS STELLEN', en: 'SET A LIMIT' },
    steps: {
      nl: [
        'Zelfcontrole, geen discussie',
        'Gedrag benoemen',
        'Aangeven dat dit niet geaccepteerd wordt',
        'Stopt het? Gesprek voortzetten. Stopt het niet? Gesprek beëindigen',
      ],
      en: [
        'Self-control, no argument',
        'Name the behaviour',
        'Say that it is not accepted',
        'Does it stop? Continue. Does it not stop? End the conversation',
      ],
    },
  },
  'set-limit-and-end': {
    title: { nl: 'GRENS STELLEN EN EINDE GESPREK', en: 'SET A LIMIT AND END THE CONVERSATION' },
    steps: {
      nl: ['Zelfcontrole, geen discussie', 'Gedrag benoemen', 'Aangeven dat dit niet geaccepteerd wordt', 'Gesprek beëindigen'],
      en: ['Self-control, no argument', 'Name the behaviour', 'Say that it is not accepted', 'End the conversation'],
    },
  },
};

export interface RegistrationFacts {
  category: Category;
  /** Did the behaviour stop after the employee set a limit? Only meaningful for verbal aggression. */
  stoppedAfterLimit: boolean;
  /** The same citizen, or the same reporter and category, recurred within the pattern window. */
  patternFound: boolean;
}

export interface RegistrationDecision {
  status: Registration;
  reason: RegistrationReason;
}

/**
 * The column "Melden en afhandelen?" of the protocol:
 * - threat: always report and handle per sanction policy;
 * - verbal aggression: not when the citizen genuinely corrected after being addressed, unless a pattern;
 *   persisting → report;
 * - emotional behaviour (both kinds): not, unless it persists and a pattern arises.
 */
export function decideRegistration(facts: RegistrationFacts): RegistrationDecision {
  switch (facts.category) {
    case 'threat':
      return { status: 'required', reason: 'threat' };
    case 'verbal-aggression':
      if (!facts.stoppedAfterLimit) return { status: 'required', reason: 'persisting-aggression' };
      return facts.patternFound ? { status: 'required', reason: 'pattern' } : { status: 'not-required', reason: 'corrected' };
    case 'emotion-self':
    case 'emotion-criticism':
      return facts.patternFound ? { status: 'required', reason: 'pattern' } : { status: 'not-required', reason: 'emotion' };
  }
}

/**
 * The category to act on. A help request whose report has not come yet has none; until it comes, it is handled
 * as the most serious one (paging, aftercare), and it is never shown as one (docs/first-response.md).
 */
export const categoryOf = (incident: { category?: Category }): Category => incident.category ?? 'threat';

/**
 * Does this report page the colleague on first-response duty? The protocol's "always" holds for what is happening
 * now; a report about the past (older than the team's urgent window) pages only when the reporter asks.
 */
export function needsFirstResponse(category: Category, reporterAsked: boolean, urgent = true): boolean {
  return reporterAsked || (urgent && PROTOCOL[category].alwaysFirstResponse);
}

/** Did it happen within the urgent window (ISO 8601 duration, e.g. PT1H) before `now`? */
export function isUrgent(occurredAt: string, urgentWindow: string, now: Date): boolean {
  const ms = Duration.fromISO(urgentWindow).toMillis();
  return now.getTime() - new Date(occurredAt).getTime() <= (Number.isFinite(ms) ? ms : 3_600_000);
}

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

export function toLocale(value: string | undefined, fallback: Locale): Locale {
  const lang = (value ?? '').slice(0, 2).toLowerCase();
  return (LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : fallback;
}
