/** The texts of Aangifte voorbereiden and of the lead's overzicht, shared by the Teams card and the Slack message. */
import type { OverviewItem } from '../services/overview';
import type { PoliceReportDraft } from '../services/police-report';
import { PROTOCOL, type Locale } from '../services/protocol';
import { formatDate } from './dates';
import { t } from './strings';

export const FIRSTWEEK_VERBS = {
  editOpen: 'report.edit.open',
  editSubmit: 'report.edit',
  policeReport: 'police.open',
} as const;

/** The 7 W's as label and text, filled from the report; what the report does not hold is asked for. */
export function sevenWs(locale: Locale, d: PoliceReportDraft, zone: string): { label: string; value: string }[] {
  const citizen = d.citizenRef ? t(locale, 'police.citizen.ref', { organisation: d.organisation, ref: d.citizenRef }) : t(locale, 'police.citizen.unknown');
  const how = [t(locale, d.stoppedAfterLimit ? 'police.how.limit' : 'police.how.noLimit'), ...(d.conversationEnded ? [t(locale, 'police.how.ended')] : [])].join(' ');
  return [
    { label: t(locale, 'police.who'), value: t(locale, 'police.who.value', { name: d.reporterName, organisation: d.organisation, citizen }) },
    { label: t(locale, 'police.what'), value: t(locale, 'police.what.value', { category: PROTOCOL[d.category].label[locale], description: d.description }) },
    { label: t(locale, 'police.where'), value: t(locale, 'police.where.value', { organisation: d.organisation, channel: t(locale, `channel.${d.channel}`) }) },
    { label: t(locale, 'police.when'), value: formatDate(locale, d.occurredAt, zone) },
    { label: t(locale, 'police.with'), value: t(locale, 'police.with.value') },
    { label: t(locale, 'police.why'), value: t(locale, 'police.why.value') },
    { label: t(locale, 'police.how'), value: how },
  ];
}

/** The 7 W's as one plain text to copy into a police report. */
export const sevenWsText = (locale: Locale, d: PoliceReportDraft, zone: string) =>
  sevenWs(locale, d, zone).map((w) => `${w.label}: ${w.value}`).join('\n');

export const policeIntro = (locale: Locale, d: PoliceReportDraft) =>
  d.forLead ? t(locale, 'police.introLead', { name: d.reporterName }) : t(locale, 'police.intro');

/** How many incidents the overview lists at most (a Slack message holds 50 blocks). */
export const OVERVIEW_MAX = 20;

export function overviewLine(locale: Locale, i: OverviewItem, zone: string): { heading: string; facts: { label: string; value: string }[] } {
  return {
    heading: `${i.number} · ${PROTOCOL[i.category].label[locale]} · ${formatDate(locale, i.occurredAt, zone, 'short')}`,
    facts: [
      { label: t(locale, 'overview.firstResponse'), value: t(locale, `overview.firstResponse.${i.firstResponse}`) },
      { label: t(locale, 'overview.aftercare'), value: t(locale, i.aftercareDone ? 'overview.aftercare.done' : 'overview.aftercare.open') },
      { label: t(locale, 'overview.decision'), value: t(locale, i.decisionPending ? 'overview.decision.pending' : 'overview.decision.none') },
    ],
  };
}

export const overviewSummary = (locale: Locale, items: OverviewItem[]) =>
  items.length === 0 ? t(locale, 'overview.none') : t(locale, 'overview.count', { count: items.length, pending: items.filter((i) => i.decisionPending).length });
