/**
 * Measures in Slack (docs/measures.md), the twin of teams/measures.ts: the citizen's history on the sanction
 * request, the reminder message before a measure ends or at re-evaluation ("Verlengen of wijzigen" opens a modal
 * with the new end date; "Beëindigen" acts at once), and the modal's inputs. Values hold ids only, never text.
 */
import { DateTime } from 'luxon';
import type { MeasureView, SanctionView } from '../../services/messages';
import type { Locale } from '../../services/protocol';
import { historyLines, MEASURE_VERBS, measureText } from '../measure-text';
import { LIMITS, actions, button, context, header, message, plain, textSection, type Block, type SlackMessage } from './blocks';
import type { ModalState } from './report';
import { t } from '../strings';
import { formModal } from './modals';

export const SLACK_MEASURE_ACTIONS = { extend: MEASURE_VERBS.extend, end: MEASURE_VERBS.end, consult: MEASURE_VERBS.consult } as const;
export const SLACK_MEASURE_CALLBACK = MEASURE_VERBS.extend;
export const MEASURE_INPUTS = { endDate: 'endDate' } as const;

/** The blocks the sanction request carries above its buttons: "maatregel overtreden?" and the history. */
export function sanctionHistoryBlocks(locale: Locale, s: SanctionView): Block[] {
  if (!s.history) return [];
  const h = historyLines(locale, s.history, s.timezone);
  const blocks: Block[] = [];
  if (h.violated) blocks.unshift(textSection(`⚠️ ${h.violated}`));
  blocks.push(textSection(`${t(locale, 'measure.history.title')}: ${h.incidents}`));
  if (h.incidentLines.length) blocks.push(context(h.incidentLines.join(' · ')));
  blocks.push(context(`${t(locale, 'measure.history.measures')}: ${h.measureLines.join(' · ')}`));
  blocks.push(context(t(locale, 'measure.history.scope')));
  return blocks;
}

/** The "Overleggen met leidinggevende" button, while the lead was not asked yet. */
export function consultButton(locale: Locale, s: SanctionView): Record<string, unknown>[] {
  return s.consulted ? [] : [button(t(locale, 'measure.consult'), SLACK_MEASURE_ACTIONS.consult, JSON.stringify({ incidentId: s.incidentId }))];
}

export function slackMeasure(locale: Locale, m: MeasureView): SlackMessage {
  const text = measureText(locale, m);
  const blocks: Block[] = [header(text.title), textSection(text.body), context(text.instruction)];
  if (text.status) blocks.push(textSection(text.status));
  if (text.open) {
    const value = JSON.stringify({ measureId: m.measureId });
    blocks.push(actions('measure', [button(t(locale, 'measure.card.extend'), SLACK_MEASURE_ACTIONS.extend, value, 'primary'), button(t(locale, 'measure.card.end'), SLACK_MEASURE_ACTIONS.end, value, 'danger')]));
  }
  return message(text.title, blocks);
}

export function slackMeasureModal(locale: Locale, m: MeasureView, from?: { channel: string; ts: string }): Record<string, unknown> {
  const initial = m.endDate ? DateTime.fromISO(m.endDate).plus({ months: 3 }).toISODate() : undefined;
  return formModal(locale, {
    callbackId: SLACK_MEASURE_CALLBACK,
    title: t(locale, 'slack.measure.title'),
    submit: t(locale, 'measure.card.extend'),
    metadata: { measureId: m.measureId, ...from },
    blocks: [
      textSection(measureText(locale, m).body),
      {
        type: 'input',
        block_id: MEASURE_INPUTS.endDate,
        label: plain(t(locale, 'measure.card.newEnd'), LIMITS.label),
        element: { type: 'datepicker', action_id: MEASURE_INPUTS.endDate, ...(initial ? { initial_date: initial } : {}) },
      },
    ],
  });
}

/** A measure id from a button value or a modal's private_metadata; ids only. */
export function readMeasureIds(raw: unknown): { measureId: string; channel?: string; ts?: string } | undefined {
  try {
    const o = JSON.parse(String(raw)) as Record<string, unknown>;
    const id = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 300 ? v : undefined);
    const measureId = id(o.measureId);
    return measureId ? { measureId, channel: id(o.channel), ts: id(o.ts) } : undefined;
  } catch {
    return undefined;
  }
}

export function readMeasureEndDate(state: ModalState | undefined): string | undefined {
  const value = (state?.[MEASURE_INPUTS.endDate]?.[MEASURE_INPUTS.endDate] as { selected_date?: unknown } | undefined)?.selected_date;
  return typeof value === 'string' && value ? value : undefined;
}
