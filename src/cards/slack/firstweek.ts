/**
 * Slack messages of the first week, the same content as the Teams cards (teams/firstweek.ts): the
 * confirmation's Wijzigen and Aangifte voorbereiden buttons, the pre-filled modal for a correction, the 7 W's to
 * copy, and the lead's overzicht.
 */
import type { Incident } from '../../services/model';
import type { OverviewOutcome } from '../../services/overview';
import type { PoliceReportDraft } from '../../services/police-report';
import type { Locale } from '../../services/protocol';
import type { ReportFormValues } from '../../services/report-form';
import { formatDate } from '../dates';
import { FIRSTWEEK_VERBS, OVERVIEW_MAX, overviewLine, overviewSummary, policeIntro, sevenWs, sevenWsText } from '../firstweek-text';
import { LIMITS, actions, button, context, escapeMrkdwn, factsSection, header, md, message, plain, textSection, type Block, type SlackMessage } from './blocks';
import { slackReportModal } from './report';
import { t } from '../strings';
import { withoutMarkdown } from '../command-text';
import { isIncidentId, metadataField } from './modals';

export const SLACK_EDIT_CALLBACK = FIRSTWEEK_VERBS.editSubmit;

/** The confirmation with the end of the edit window and the two buttons (value: the incident id). */
export function withSlackConfirmationActions(msg: SlackMessage, locale: Locale, incident: Incident, editUntil: string, zone: string, note?: string): SlackMessage {
  const blocks = [...msg.blocks];
  if (note) blocks.splice(1, 0, textSection(note));
  blocks.push(
    context(t(locale, 'edit.until', { until: formatDate(locale, editUntil, zone) })),
    actions('firstweek', [button(t(locale, 'edit.button'), FIRSTWEEK_VERBS.editOpen, incident.id), button(t(locale, 'police.button'), FIRSTWEEK_VERBS.policeReport, incident.id)]),
  );
  return { ...msg, blocks: blocks.slice(0, LIMITS.messageBlocks) };
}

/** The report modal pre-filled with the incident; its submission (callback report.edit) changes that incident. */
export function slackEditModal(locale: Locale, incident: Incident, formId: string, values: ReportFormValues): Record<string, unknown> {
  const modal = slackReportModal({ locale, formId, values, banner: t(locale, 'edit.banner', { number: incident.number }) });
  // "Ik wil nu eerste opvang" is not on a correction: paging already ran (docs/first-week.md).
  const blocks = (modal.blocks as Block[]).filter((b) => b.block_id !== 'firstResponse');
  return {
    ...modal,
    blocks,
    title: plain(t(locale, 'edit.modalTitle'), LIMITS.modalTitle),
    callback_id: SLACK_EDIT_CALLBACK,
    submit: plain(t(locale, 'edit.submit'), LIMITS.modalButton),
    private_metadata: JSON.stringify({ formId, edits: incident.id }),
  };
}

/** The incident a correction modal edits, from its private_metadata. */
export const readEdits = (privateMetadata: unknown): string | undefined => metadataField(privateMetadata, 'edits', isIncidentId);

/** The 7 W's as facts and as a code block to copy, with the steps (docs/police-report.md). */
export function slackPoliceReport(locale: Locale, d: PoliceReportDraft, zone: string): SlackMessage {
  const title = t(locale, 'police.title', { number: d.number });
  const copy = sevenWsText(locale, d, zone).replace(/```/g, "'''");
  return message(title, [
    header(title),
    textSection(policeIntro(locale, d)),
    factsSection(sevenWs(locale, d, zone).map((w) => ({ label: w.label, value: w.value }))),
    { type: 'section', text: md(`*${escapeMrkdwn(t(locale, 'police.copy'))}*\n\`\`\`${escapeMrkdwn(copy).slice(0, LIMITS.text - 100)}\`\`\``) },
    { type: 'section', text: md(`*${escapeMrkdwn(t(locale, 'police.steps.title'))}*\n${escapeMrkdwn(t(locale, 'police.steps', { number: d.number }).replace(/^- /gm, '• '))}`) },
  ]);
}

/** `overzicht` for the lead: a heading and a facts section per open incident (at most OVERVIEW_MAX). */
export function slackOverview(locale: Locale, outcome: Extract<OverviewOutcome, { result: 'ok' }>, zone: string): SlackMessage {
  const title = t(locale, 'overview.title', { team: outcome.teamName });
  const shown = outcome.items.slice(0, OVERVIEW_MAX);
  const rest = outcome.items.length - shown.length;
  const blocks: Block[] = [header(title), context(t(locale, 'overview.intro')), textSection(overviewSummary(locale, outcome.items))];
  for (const i of shown) {
    const line = overviewLine(locale, i, zone);
    const facts = line.facts.map((f) => `${escapeMrkdwn(f.label)}: ${escapeMrkdwn(f.value)}`).join(' · ');
    blocks.push({ type: 'section', text: md(`*${escapeMrkdwn(line.heading)}*\n${facts}`) });
  }
  if (rest > 0) blocks.push(context(withoutMarkdown(t(locale, 'overview.more', { count: rest }))));
  return message(`${title}: ${overviewSummary(locale, outcome.items)}`, blocks);
}
