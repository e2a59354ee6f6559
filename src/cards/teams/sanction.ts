/** The coordinator's sanction request card and the outcome wording, for Teams. */
import { DateTime } from 'luxon';
import type { SanctionView } from '../../services/messages';
import { SANCTION_MEASURES } from '../../services/model';
import { PROTOCOL, type Locale } from '../../services/protocol';
import { formatWhen } from './report';
import { t, type StringKey } from '../strings';
import { expandTemplate, type AdaptiveCardJson } from './templates';
import { SANCTION_VERB } from '../actions';
import { measureLabel, untilSuffix } from '../sanction-text';

export { SANCTION_VERB } from '../actions';
export { measureLabel, untilSuffix } from '../sanction-text';
import { historyLines, MEASURE_VERBS } from './measures';

export function sanctionCard(locale: Locale, s: SanctionView, error = ''): AdaptiveCardJson {
  const why = s.registrationReason === 'pattern' ? t(locale, 'sanction.why.pattern', { count: s.patternCount }) : t(locale, `reason.${s.registrationReason}` as StringKey);
  const key = (k: string) => t(locale, `sanction.${k}` as StringKey, { number: s.incidentNumber });
  const history = s.history ? historyLines(locale, s.history, s.timezone) : undefined;
  return expandTemplate('sanction', {
    t: {
      ...Object.fromEntries(
        ['title', 'subtitle', 'reporter', 'category', 'when', 'channel', 'citizenRef', 'why', 'description', 'measure', 'measureRequired', 'until', 'untilHint', 'decide'].map((k) => [k, key(k)]),
      ),
      ...Object.fromEntries(['start', 'reason', 'consult', 'consulted'].map((k) => [k, t(locale, `measure.${k}` as StringKey)])),
    },
    headerStyle: s.decided ? 'good' : 'warning',
    reporterName: s.reporterName,
    categoryLabel: PROTOCOL[s.category].label[locale],
    when: formatWhen(locale, s.occurredAt, s.timezone),
    channelLabel: t(locale, `channel.${s.channel}` as StringKey),
    citizenRef: s.citizenRef ?? '—',
    why,
    description: s.description,
    measures: (s.catalogue ?? SANCTION_MEASURES).map((value) => ({ value, title: measureLabel(locale, value) })),
    defaultStart: '', // empty: the day of the decision
    violated: history?.violated ?? '',
    hasHistory: !!history,
    history: history && { ...history, title: t(locale, 'measure.history.title'), scope: t(locale, 'measure.history.scope'), measuresTitle: t(locale, 'measure.history.measures') },
    consulted: !!s.consulted,
    consultVerb: MEASURE_VERBS.consult,
    defaultUntil: DateTime.fromISO(s.occurredAt, { zone: s.timezone }).plus({ months: 6 }).toISODate(),
    open: !s.decided,
    error,
    status: s.decided?.measure === 'none' ? t(locale, 'measure.decidedNone', { name: s.decided.byName, reason: s.decided.reason ?? '' }) : s.decided ? t(locale, 'sanction.decided', { name: s.decided.byName, measure: measureLabel(locale, s.decided.measure), until: untilSuffix(locale, s.decided.until) }) : '',
    verb: SANCTION_VERB,
    incidentId: s.incidentId,
  });
}
