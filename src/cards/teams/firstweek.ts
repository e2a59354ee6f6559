/**
 * Teams cards of the first week: the confirmation's *Wijzigen* and *Aangifte voorbereiden*, the pre-filled form
 * for a correction, the 7 W's to copy, and the lead's overzicht. Built around the existing templates, so the
 * confirmation and the form stay one definition each.
 */
import type { Incident } from '../../services/model';
import type { OverviewOutcome } from '../../services/overview';
import type { PoliceReportDraft } from '../../services/police-report';
import type { Locale } from '../../services/protocol';
import type { ReportFormValues } from '../../services/report-form';
import { formatDate } from '../dates';
import { FIRSTWEEK_VERBS, OVERVIEW_MAX, overviewLine, overviewSummary, policeIntro, sevenWs, sevenWsText } from '../firstweek-text';
import { reportFormCard, VERBS } from './report';
import { t } from '../strings';
import type { AdaptiveCardJson } from './templates';

type Element = Record<string, unknown>;
const text = (value: string, extra: Element = {}): Element => ({ type: 'TextBlock', text: value, wrap: true, ...extra });
const execute = (title: string, verb: string, data: Element): Element => ({ type: 'Action.Execute', title, verb, data });

/**
 * The confirmation with a note on top (after a correction), the edit window's end, and the two buttons. Only in
 * chat (Action.Execute); a dialog's confirmation closes with the dialog and has no buttons.
 */
export function withConfirmationActions(card: AdaptiveCardJson, locale: Locale, incident: Incident, editUntil: string, zone: string, note?: string): AdaptiveCardJson {
  const body = [...((card.body as Element[]) ?? [])];
  if (note) body.splice(1, 0, text(note, { color: 'Good', weight: 'Bolder' }));
  body.push(text(t(locale, 'edit.until', { until: formatDate(locale, editUntil, zone) }), { size: 'Small', isSubtle: true, separator: true }));
  const actions = [
    execute(t(locale, 'edit.button'), FIRSTWEEK_VERBS.editOpen, { incidentId: incident.id }),
    execute(t(locale, 'police.button'), FIRSTWEEK_VERBS.policeReport, { incidentId: incident.id }),
  ];
  return { ...card, body, actions: [...((card.actions as Element[]) ?? []), ...actions] };
}

/** The report form pre-filled with the incident's values; its submit changes that incident (verb report.edit). */
export function editFormCard(locale: Locale, incident: Incident, formId: string, values: ReportFormValues, errors?: Parameters<typeof reportFormCard>[0]['errors']): AdaptiveCardJson {
  const card = reportFormCard({ locale, mode: 'execute', formId, values, errors, banner: { text: t(locale, 'edit.banner', { number: incident.number }), style: 'accent' } });
  // "Ik wil nu eerste opvang" is not on a correction: paging already ran (docs/first-week.md).
  const retarget = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      const kept = node.filter((n) => !(n && typeof n === 'object' && (n as Element).id === 'firstResponse')).map(retarget);
      return kept.filter((n) => !(n && typeof n === 'object' && (n as Element).type === 'Container' && ((n as Element).items as unknown[]).length === 0));
    }
    if (!node || typeof node !== 'object') return node;
    const out: Element = {};
    for (const [k, v] of Object.entries(node)) out[k] = retarget(v);
    if (out.type === 'Action.Execute' && out.verb === VERBS.reportSubmit) {
      out.verb = FIRSTWEEK_VERBS.editSubmit;
      out.title = t(locale, 'edit.submit');
      out.data = { ...(out.data as Element), incidentId: incident.id };
    }
    if (out.type === 'TextBlock' && out.text === t(locale, 'form.title')) out.text = t(locale, 'edit.title', { number: incident.number });
    return out;
  };
  return retarget(card) as AdaptiveCardJson;
}

const card = (body: Element[], actions: Element[] = []): AdaptiveCardJson => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body,
  ...(actions.length ? { actions } : {}),
});

/** The 7 W's as facts and as one text field to copy from, with the steps (docs/police-report.md). */
export function policeReportCard(locale: Locale, d: PoliceReportDraft, zone: string): AdaptiveCardJson {
  return card([
    text(t(locale, 'police.title', { number: d.number }), { size: 'Large', weight: 'Bolder', style: 'heading' }),
    text(policeIntro(locale, d), { spacing: 'Small' }),
    { type: 'FactSet', facts: sevenWs(locale, d, zone).map((w) => ({ title: w.label, value: w.value })) },
    { type: 'Input.Text', id: 'sevenWs', label: t(locale, 'police.copy'), isMultiline: true, value: sevenWsText(locale, d, zone) },
    text(t(locale, 'police.steps.title'), { weight: 'Bolder', separator: true, spacing: 'Medium' }),
    text(t(locale, 'police.steps', { number: d.number }), { spacing: 'Small' }),
  ]);
}

/** `overzicht` for the lead: one container per open incident, facts only (never a description or an answer). */
export function overviewCard(locale: Locale, outcome: Extract<OverviewOutcome, { result: 'ok' }>, zone: string): AdaptiveCardJson {
  const shown = outcome.items.slice(0, OVERVIEW_MAX);
  const rest = outcome.items.length - shown.length;
  return card([
    text(t(locale, 'overview.title', { team: outcome.teamName }), { size: 'Large', weight: 'Bolder', style: 'heading' }),
    text(t(locale, 'overview.intro'), { size: 'Small', isSubtle: true, spacing: 'Small' }),
    text(overviewSummary(locale, outcome.items), { weight: 'Bolder' }),
    ...shown.map((i) => {
      const line = overviewLine(locale, i, zone);
      return {
        type: 'Container',
        separator: true,
        items: [text(line.heading, { weight: 'Bolder' }), { type: 'FactSet', facts: line.facts.map((f) => ({ title: f.label, value: f.value })) }],
      };
    }),
    ...(rest > 0 ? [text(t(locale, 'overview.more', { count: rest }), { isSubtle: true })] : []),
  ]);
}
