/**
 * Measures in Teams (docs/measures.md): "Overleggen met leidinggevende" on the sanction card, "Verlengen of
 * wijzigen" and "Beëindigen" on a measure's reminder card, and the `check <zaaknummer>` command. Who may do what
 * is decided in services/access.ts; the card returned replaces the one pressed.
 */
import { MEASURE_VERBS, measureCard } from '../../cards/teams/measures';
export { checkCommand } from '../../cards/measure-text';
import { renderTeamsMessage } from '../../cards/teams/messages';
import { noticeCard } from '../../cards/teams/report';
import { t } from '../../cards/strings';
import type { AdaptiveCardJson } from '../../cards/teams/templates';
import { mayAct, memberFor } from '../../services/access';
import type { PersonInTeam } from '../../services/directory';
import type { MeasureService } from '../../services/measures';
import type { Store } from '../../services/ports';
import type { Locale } from '../../services/protocol';
import type { SanctionService } from '../../services/sanctions';

export interface MeasureDeps {
  store: Store;
  sanctions: SanctionService;
  measures?: MeasureService;
}

const refused = (locale: Locale, key: 'access.refused' | 'measure.card.refused' = 'access.refused') => noticeCard(t(locale, key), '', 'Attention');

export async function handleMeasureAction(deps: MeasureDeps, verb: string, data: Record<string, unknown>, memberships: PersonInTeam[], locale: Locale): Promise<AdaptiveCardJson> {
  if (verb === MEASURE_VERBS.consult) {
    const incident = typeof data.incidentId === 'string' ? await deps.store.incidents.get(data.incidentId) : undefined;
    const who = memberFor(incident, memberships);
    if (!incident || !who || !mayAct(incident, who, { type: 'sanction.decide' })) return refused(locale);
    const outcome = await deps.sanctions.consult(incident.id, who.person.id);
    return 'message' in outcome ? renderTeamsMessage(outcome.message) : refused(locale);
  }
  const measureId = typeof data.measureId === 'string' ? data.measureId : '';
  const measure = measureId && deps.measures ? await deps.store.measures.get(measureId) : undefined;
  const who = memberFor(measure, memberships);
  if (!measure || !who || !deps.measures) return refused(locale, 'measure.card.refused');
  if (verb === MEASURE_VERBS.end) {
    const result = await deps.measures.end(measure.id, who);
    if (result === 'forbidden') return refused(locale, 'measure.card.refused');
    return measureCard(locale, (await deps.measures.view(measure.id, 'ended'))!);
  }
  const result = await deps.measures.extend(measure.id, who, data.endDate);
  if (result === 'forbidden') return refused(locale, 'measure.card.refused');
  if (result === 'invalid') {
    const view = (await deps.measures.view(measure.id, 'ending'))!;
    return view.endedAt ? measureCard(locale, { ...view, reason: 'ended' }) : measureCard(locale, view, t(locale, 'measure.card.invalid'));
  }
  return measureCard(locale, (await deps.measures.view(`${measure.id.split('~')[0]}~${String(data.endDate)}`, 'extended'))!);
}
