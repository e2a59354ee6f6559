/**
 * Review statistics (docs/protocol.md: "Borging en monitoring"): per category this period vs the previous one vs the same
 * period a year ago, registrations, patterns, time to acknowledge first-response pages, check-ins answered,
 * improvement actions and pending sanction decisions. The counting happens in the store (IncidentRepository.stats),
 * so this stays fast for 100,000 incidents; here only the shaping.
 */
import { DateTime } from 'luxon';
import { measureCounts } from './measures';
import type { ReviewType } from './model';
import type { IncidentStats, Store } from './ports';
import { CATEGORIES, type Category } from './protocol';
import type { ReviewStatistics } from './review-views';
import { shiftPeriod, type Period } from './review-calendar';

export type { CategoryComparison, ReviewStatistics } from './review-views';

/** Nearest-rank percentile of an ascending list; undefined when empty. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Median: the mean of the two middle values for an even count. */
export function median(sorted: readonly number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The periods compared: the reviewed one, the one before, and (for quarters and half years) the same one a year ago. */
export function comparisonPeriods(type: Exclude<ReviewType, 'meeting'>, current: Period, zone: string): ReviewStatistics['periods'] {
  const perYear = type === 'quarter' ? 4 : type === 'half-year' ? 2 : 1;
  return {
    current,
    previous: shiftPeriod(type, current, zone, 1),
    yearAgo: perYear > 1 ? shiftPeriod(type, current, zone, perYear) : undefined,
  };
}

export async function reviewStatistics(
  store: Store,
  teamId: string,
  type: Exclude<ReviewType, 'meeting'>,
  current: Period,
  zone: string,
  now: Date,
): Promise<ReviewStatistics> {
  const periods = comparisonPeriods(type, current, zone);
  const window = (p: Period) => ({ teamId, from: p.from, to: p.to });
  const [cur, prev, ago, untilNow, open, done, created, deviations, measures] = await Promise.all([
    store.incidents.stats(window(periods.current)),
    store.incidents.stats(window(periods.previous)),
    periods.yearAgo ? store.incidents.stats(window(periods.yearAgo)) : Promise.resolve(undefined),
    store.incidents.stats({ teamId, to: now.toISOString() }),
    store.actions.find({ teamId, kind: 'action', state: 'open' }),
    store.actions.find({ teamId, kind: 'action', doneFrom: current.from, doneTo: current.to }),
    store.actions.find({ teamId, kind: 'action', createdFrom: current.from, createdTo: current.to }),
    store.actions.find({ teamId, kind: 'deviation', createdFrom: current.from, createdTo: current.to }),
    store.measures.find({ teamIds: [teamId] }),
  ]);
  const localDate = (iso: string) => DateTime.fromISO(iso, { zone }).toISODate()!;
  const count = (s: IncidentStats | undefined, c: Category) => s?.byCategory[c] ?? 0;
  return {
    periods,
    categories: CATEGORIES.map((category) => ({
      category,
      current: count(cur, category),
      previous: count(prev, category),
      yearAgo: ago ? count(ago, category) : undefined,
    })),
    totals: { current: cur.total, previous: prev.total, yearAgo: ago?.total },
    registrationsRequired: cur.registrationRequired,
    helpWithoutReport: cur.helpWithoutReport,
    patterns: cur.patterns,
    consented: cur.consented,
    ack: { count: cur.ackMillis.length, medianMs: median(cur.ackMillis), p90Ms: percentile(cur.ackMillis, 90) },
    checkins: {
      sent: cur.checkinsSent,
      answered: cur.checkinsAnswered,
      share: cur.checkinsSent > 0 ? cur.checkinsAnswered / cur.checkinsSent : undefined,
    },
    sanctionsPending: untilNow.sanctionsPending,
    actions: { open: open.length, doneInPeriod: done.length, createdInPeriod: created.length },
    deviationsInPeriod: deviations.length,
    measures: measureCounts(measures, localDate(current.from), localDate(current.to), zone),
  };
}
