/**
 * Teams buttons of the first week: *Wijzigen* (open the pre-filled form, submit the correction), *Aangifte
 * voorbereiden*, and the confirmation card with both. The domain decides (EditService, policeReportDraft, access.ts).
 */
import { randomUUID } from 'node:crypto';
import type { TeamConfig } from '../../services/people';
import { editFormCard, policeReportCard, withConfirmationActions } from '../../cards/teams/firstweek';
import { FIRSTWEEK_VERBS } from '../../cards/firstweek-text';
import { AFTERCARE_VERBS } from '../../cards/actions';
import { formatDate } from '../../cards/dates';
import { confirmationCard, noticeCard } from '../../cards/teams/report';
import { t } from '../../cards/strings';
import type { AdaptiveCardJson } from '../../cards/teams/templates';
import type { PersonInTeam } from '../../services/directory';
import { editableUntil, formValuesOf, type EditOutcome, type EditService } from '../../services/edits';
import type { Incident } from '../../services/model';
import type { Clock, Store } from '../../services/ports';
import { policeReportDraft } from '../../services/police-report';
import { categoryOf, type Locale } from '../../services/protocol';
import { echoValues, type ReportFormValues } from '../../services/report-form';

export interface FirstWeekDeps {
  store: Store;
  clock: Clock;
  edits: EditService;
}

/** The confirmation as the reporter sees it in chat: with Wijzigen (until the window ends) and Aangifte voorbereiden. */
export function confirmationWithActions(locale: Locale, incident: Incident, team: TeamConfig, duplicate: boolean, note?: string): AdaptiveCardJson {
  const base = confirmationCard({ locale, incident, timezone: team.timezone, teamNorm: team.norms[categoryOf(incident)], duplicate });
  return withConfirmationActions(base, locale, incident, editableUntil(incident, team), team.timezone, note);
}

/** Why a correction cannot be made: not yours, or the window closed (and whom to turn to instead). */
function refusal(locale: Locale, outcome: Extract<EditOutcome, { result: 'refused' | 'expired' }>, who: PersonInTeam): AdaptiveCardJson {
  if (outcome.result === 'refused') return noticeCard(t(locale, 'edit.notYours'), '', 'Attention');
  const lead = who.team.people.find((p) => p.roles.includes('lead'));
  const text = t(locale, 'edit.expired', {
    number: outcome.incident.number,
    until: formatDate(locale, outcome.until, who.team.timezone),
    lead: lead ? lead.name : t(locale, 'edit.theLead'),
  });
  return noticeCard(text, '', 'Attention');
}

export async function handleFirstWeekAction(deps: FirstWeekDeps, verb: string, data: Record<string, unknown>, who: PersonInTeam, locale: Locale, key: string): Promise<AdaptiveCardJson> {
  const incidentId = typeof data.incidentId === 'string' ? data.incidentId : '';
  if (verb === FIRSTWEEK_VERBS.policeReport) {
    const outcome = await policeReportDraft(deps, incidentId, who, key);
    if (outcome.result !== 'ok') return noticeCard(t(locale, 'police.refused'), '', 'Attention');
    const card = policeReportCard(locale, outcome.draft, who.team.timezone);
    // From the lead's task card: the task can still be completed from here (the card replaced it in place).
    if (typeof data.momentId !== 'string') return card;
    return { ...card, actions: [{ type: 'Action.Execute', title: t(locale, 'details.back'), verb: AFTERCARE_VERBS.done, data: { incidentId, momentId: data.momentId } }] };
  }
  if (verb === FIRSTWEEK_VERBS.editOpen) {
    const checked = await deps.edits.check(incidentId, who);
    if (checked.result !== 'edited') return refusal(locale, checked, who);
    return editFormCard(locale, checked.incident, randomUUID(), formValuesOf(checked.incident, who.team.timezone));
  }
  const formId = typeof data.formId === 'string' ? data.formId : randomUUID();
  let outcome: EditOutcome;
  try {
    outcome = await deps.edits.edit(incidentId, who, data as ReportFormValues);
  } catch {
    return noticeCard(t(locale, 'edit.failed'), '', 'Attention');
  }
  if (outcome.result === 'refused' || outcome.result === 'expired') return refusal(locale, outcome, who);
  if (outcome.result === 'invalid') return editFormCard(locale, outcome.incident, formId, echoValues(data as ReportFormValues), outcome.errors);
  return confirmationWithActions(locale, outcome.incident, who.team, false, t(locale, outcome.changed.length ? 'edit.done' : 'edit.unchanged'));
}
