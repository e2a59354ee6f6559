/**
 * The report form in Teams (the twin of slack/report.ts): the form as a Universal Action card, in chat or in the
 * message extension's dialog, and its submission, validated and stored by IncidentService.report.
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { MessageFactory } from './sdk';
import { t } from '../../cards/strings';
import { withConfirmationWarning } from '../../cards/teams/measures';
import { confirmationCard, noticeCard, reportFormCard } from '../../cards/teams/report';
import type { AdaptiveCardJson } from '../../cards/teams/templates';
import type { PersonInTeam } from '../../services/directory';
import { categoryOf, type Locale } from '../../services/protocol';
import { defaultFormValues, echoValues, type ReportFormValues } from '../../services/report-form';
import { sendToSender, unknownCard, whoIs, type TeamsBotDeps } from './deps';
import { confirmationWithActions } from './firstweek-actions';

const FORM_ID = /^[A-Za-z0-9-]{8,64}$/;

/** Teams waits a few seconds for an invoke response: let the page go out first when the connector is quick. */
const FOLLOW_UP_WAIT_MS = 1500;

export function formCard(deps: TeamsBotDeps, who: PersonInTeam, locale: Locale, mode: 'execute' | 'submit', values?: ReportFormValues): AdaptiveCardJson {
  return reportFormCard({
    locale,
    mode,
    formId: randomUUID(),
    values: values ?? defaultFormValues(deps.clock.now(), who.team.timezone),
  });
}

/** In a 1:1 chat the form comes right here; in a channel it goes to the reporter privately. */
export async function sendForm(deps: TeamsBotDeps, context: TurnContext, locale: Locale): Promise<void> {
  const who = whoIs(deps, context);
  if (!who) {
    await context.sendActivity(MessageFactory.text(t(locale, 'unknown.user', { userId: context.activity.from.id })));
    return;
  }
  await sendToSender(deps, context, formCard(deps, who, locale, 'execute'), t(locale, 'form.sentPrivately'));
}

/** Validates and stores a submitted form; answers with the confirmation, or the form again with its errors. */
export async function submitReport(deps: TeamsBotDeps, context: TurnContext, locale: Locale, data: Record<string, unknown>, mode: 'execute' | 'submit'): Promise<AdaptiveCardJson> {
  const who = whoIs(deps, context);
  if (!who) return unknownCard(context, locale);
  const formId = typeof data.formId === 'string' && FORM_ID.test(data.formId) ? data.formId : undefined;
  if (!formId) return noticeCard(t(locale, 'error.expired'), '', 'Attention');
  const completes = typeof data.incidentId === 'string' && data.incidentId ? data.incidentId : undefined;
  const reporter = { team: who.team, personId: who.person.id, platform: 'teams' as const, locale };
  const values = echoValues(data as ReportFormValues);
  let outcome;
  try {
    outcome = await deps.incidents.report(reporter, formId, data as ReportFormValues, FOLLOW_UP_WAIT_MS, completes);
  } catch (err) {
    // Never a bare 5xx: the form comes back with what was typed and a plain message (and 112).
    deps.logger.error(`storing a report failed: ${(err as Error).message}`);
    return reportFormCard({ locale, mode, formId, completes, values, banner: { text: t(locale, 'error.saveFailed'), style: 'attention' } });
  }
  if (!outcome.ok) {
    // "Ik wil nu eerste opvang" pages before the rest of the form is valid (docs/first-response.md).
    let paged = completes;
    if (!paged && data.firstResponse === 'true') {
      paged = await deps.help.request(reporter, formId).then((i) => i.id, (err: Error) => (deps.logger.error(`paging from the form failed: ${err.message}`), undefined));
    }
    const banner = paged ? { text: t(locale, 'form.paged'), style: 'good' as const } : undefined;
    return reportFormCard({ locale, mode, formId, completes: paged, values, errors: outcome.errors, banner });
  }
  // In chat the confirmation offers Wijzigen and Aangifte voorbereiden; a dialog closes, so there it has no buttons.
  const confirmation = mode === 'execute' && !outcome.incident.help?.reportPending
    ? confirmationWithActions(locale, outcome.incident, who.team, !outcome.created)
    : confirmationCard({
      locale,
      incident: outcome.incident,
      timezone: who.team.timezone,
      teamNorm: who.team.norms[categoryOf(outcome.incident)],
      duplicate: !outcome.created,
    });
  // A citizen under a measure: the instruction on top (docs/measures.md).
  return withConfirmationWarning(confirmation, locale, outcome.incident);
}
