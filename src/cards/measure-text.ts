/**
 * What measures on citizen references say, platform-free (docs/measures.md): the citizen's history, the reminder's
 * texts, the `check` answer and the warning on a report's confirmation. Rendered by teams/measures.ts and
 * slack/measures.ts.
 */
import { DateTime } from 'luxon';
import type { MeasureHistoryView, MeasureView } from '../services/messages';
import type { CheckOutcome, MeasureService } from '../services/measures';
import type { PersonInTeam } from '../services/directory';
import type { Incident } from '../services/model';
import { PROTOCOL, type Locale } from '../services/protocol';
import { measureLabel, untilSuffix } from './sanction-text';
import { t, type StringKey } from './strings';

export const MEASURE_VERBS = { extend: 'measure.extend', end: 'measure.end', consult: 'sanction.consult' } as const;

const dateText = (locale: Locale, date: string) => DateTime.fromISO(date).setLocale(locale === 'nl' ? 'nl-NL' : 'en-GB').toFormat('d LLLL yyyy');

/** The team's own instruction, else the catalogue's default for the kind. */
export function instructionText(locale: Locale, kind: string, instruction: string): string {
  return instruction || t(locale, `measure.instruction.${kind}` as StringKey);
}

/** The history block's lines: earlier incidents (date, category) and measures — never descriptions or names. */
export function historyLines(locale: Locale, h: MeasureHistoryView, timezone: string): { incidents: string; incidentLines: string[]; measureLines: string[]; violated: string } {
  const incidentLines = h.incidents.map((i) =>
    t(locale, 'measure.history.incident', {
      date: DateTime.fromISO(i.occurredAt, { zone: timezone }).setLocale(locale === 'nl' ? 'nl-NL' : 'en-GB').toFormat('d LLL yyyy'),
      category: PROTOCOL[i.category].label[locale],
    }),
  );
  const measureLines = h.measures.map((m) =>
    t(locale, 'measure.history.measure', {
      measure: measureLabel(locale, m.kind),
      start: dateText(locale, m.startDate),
      until: untilSuffix(locale, m.endDate),
      state: t(locale, m.inForce ? 'measure.history.inForce' : 'measure.history.over'),
    }),
  );
  return {
    incidents: h.incidents.length ? t(locale, 'measure.history.incidents', { count: h.incidents.length }) : t(locale, 'measure.history.noIncidents'),
    incidentLines,
    measureLines: measureLines.length ? measureLines : [t(locale, 'measure.history.noMeasures')],
    violated: h.violated ? t(locale, 'measure.violated', { measure: measureLabel(locale, h.violated.kind), until: untilSuffix(locale, h.violated.endDate) }) : '',
  };
}

/** The reminder's title, body and state line, for both platforms. */
export function measureText(locale: Locale, m: MeasureView): { title: string; body: string; instruction: string; status: string; open: boolean } {
  const titles = { ending: t(locale, 'measure.card.ending', { date: m.endDate ? dateText(locale, m.endDate) : '' }), reevaluate: t(locale, 'measure.card.reevaluate'), extended: t(locale, 'measure.card.extendedTitle'), ended: t(locale, 'measure.card.endedTitle') };
  const status = m.reason === 'extended' ? t(locale, 'measure.card.extended', { date: m.endDate ? dateText(locale, m.endDate) : '' }) : m.reason === 'ended' || m.endedAt ? t(locale, 'measure.card.ended') : '';
  return {
    title: titles[m.reason],
    body: t(locale, 'measure.card.body', { ref: m.citizenRef, number: m.incidentNumber, measure: measureLabel(locale, m.kind), start: dateText(locale, m.startDate), until: untilSuffix(locale, m.endDate) }),
    instruction: t(locale, 'measure.card.instruction', { instruction: instructionText(locale, m.kind, m.instruction) }),
    status,
    open: !status && m.inForce,
  };
}

/** `check <zaaknummer>`: the one summary line (or how to use it). */
export function checkText(locale: Locale, outcome: CheckOutcome): string {
  switch (outcome.result) {
    case 'usage':
      return t(locale, 'measure.check.usage');
    case 'forbidden':
      return t(locale, 'access.refused');
    case 'none':
      return t(locale, 'measure.check.none', { ref: outcome.ref });
    case 'in-force':
      return t(locale, 'measure.check.inForce', { ref: outcome.ref, date: dateText(locale, outcome.endDate), measure: measureLabel(locale, outcome.kind), instruction: instructionText(locale, outcome.kind, outcome.instruction) });
  }
}

/** The reporter's warning on the confirmation of a report about a citizen under a measure; '' when none. */
export function confirmationWarning(locale: Locale, incident: Pick<Incident, 'measureInForce'>): string {
  const m = incident.measureInForce;
  if (!m) return '';
  return t(locale, 'measure.confirmation', { date: m.endDate ? dateText(locale, m.endDate) : '', measure: measureLabel(locale, m.kind), instruction: instructionText(locale, m.kind, m.instruction) });
}

/** `check <zaaknummer>`: the summary line only, audited. */
export async function checkCommand(measures: MeasureService | undefined, memberships: readonly PersonInTeam[], phrase: string, key: string, locale: Locale): Promise<string> {
  if (!measures) return t(locale, 'measure.check.usage');
  const ref = phrase.split(' ').slice(1).join(' ');
  if (!ref) return t(locale, 'measure.check.usage');
  return checkText(locale, await measures.check(memberships, ref, key));
}
