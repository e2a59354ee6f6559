/** Sample review posts and action lists (both languages), for the card validation test and the render script. */
import { actionListCard, meetingAgendaCard, periodReviewCard } from '../../src/cards/teams/reviews';
import type { AdaptiveCardJson } from '../../src/cards/teams/templates';
import { LOCALES } from '../../src/services/protocol';
import type { ActionListView, AgendaAction, AgendaDeviation, MeetingAgendaView, PeriodReviewView } from '../../src/services/review-views';
import { DEFAULT_DILEMMAS } from '../../src/services/reviews';
import type { ReviewStatistics } from '../../src/services/statistics';

const zone = 'Europe/Amsterdam';
const people = [
  { id: 'anna', name: 'Anna de Vries' },
  { id: 'bram', name: 'Bram Jansen' },
  { id: 'eva', name: 'Eva Smit' },
];
const actions: AgendaAction[] = [
  { id: 'act-1', number: 'A-3', text: 'Terugbelverzoeken aan de vakafdeling wekelijks nalopen', ownerName: 'Bram Jansen', dueDate: '2026-11-10', overdue: true },
  { id: 'act-2', number: 'A-4', text: 'Oefenen met grens stellen in het werkoverleg ${$root.secret} [klik](https://example.org)', ownerName: 'Eva Smit', dueDate: '2026-12-18', overdue: false },
];
const deviations: AgendaDeviation[] = [
  { number: 'D-2', text: 'Gesprek beëindigd zonder het gedrag eerst te benoemen', byName: 'Anna de Vries', createdAt: '2026-11-19T13:10:00.000Z' },
];

export const sampleStatistics: ReviewStatistics = {
  periods: {
    current: { label: '2026-Q3', from: '2026-06-30T22:00:00.000Z', to: '2026-09-30T22:00:00.000Z' },
    previous: { label: '2026-Q2', from: '2026-03-31T22:00:00.000Z', to: '2026-06-30T22:00:00.000Z' },
    yearAgo: { label: '2025-Q3', from: '2025-06-30T22:00:00.000Z', to: '2025-09-30T22:00:00.000Z' },
  },
  categories: [
    { category: 'emotion-self', current: 12, previous: 9, yearAgo: 14 },
    { category: 'emotion-criticism', current: 7, previous: 11, yearAgo: 5 },
    { category: 'verbal-aggression', current: 5, previous: 3, yearAgo: 0 },
    { category: 'threat', current: 2, previous: 1, yearAgo: 3 },
  ],
  totals: { current: 26, previous: 24, yearAgo: 22 },
  registrationsRequired: 8,
  helpWithoutReport: 1,
  patterns: 3,
  consented: 17,
  ack: { count: 7, medianMs: 100_000, p90Ms: 245_000 },
  checkins: { sent: 12, answered: 9, share: 0.75 },
  sanctionsPending: 2,
  actions: { open: 2, doneInPeriod: 1, createdInPeriod: 2 },
  deviationsInPeriod: 1,
};

export function reviewSampleCards(): Record<string, AdaptiveCardJson> {
  const cards: Record<string, AdaptiveCardJson> = {};
  for (const locale of LOCALES) {
    const meeting: MeetingAgendaView = {
      kind: 'meeting',
      teamId: 'kcc-noord',
      teamName: 'KCC Noord',
      timezone: zone,
      meetingAt: '2026-11-24T09:00:00.000Z',
      since: '2026-11-17T08:00:00.000Z',
      until: '2026-11-24T08:00:00.000Z',
      total: 4,
      incidents: [
        { number: '2026-0042', occurredAt: '2026-11-20T09:41:00.000Z', category: 'threat', teamSummary: 'Dreiging aan de telefoon; we bespreken hoe we zoiets afkappen. ${$root.secret} [klik](https://example.org)' },
        { number: '2026-0044', occurredAt: '2026-11-21T14:05:00.000Z', category: 'verbal-aggression' },
      ],
      moreConsented: 0,
      withheld: { total: 2, byCategory: [{ category: 'emotion-criticism', count: 1 }, { category: 'threat', count: 1 }] },
      dilemma: DEFAULT_DILEMMAS[locale][1],
      openActions: actions,
      deviations,
      more: { actions: 3 },
      people,
    };
    cards[`agenda-meeting.${locale}`] = meetingAgendaCard(locale, meeting);
    cards[`agenda-meeting-empty-late.${locale}`] = meetingAgendaCard(locale, {
      ...meeting,
      total: 0,
      incidents: [],
      withheld: { total: 0, byCategory: [] },
      openActions: [],
      deviations: [],
      late: { dueAt: '2026-11-24T08:00:00.000Z', meetingPassed: true },
    });
    const quarter: PeriodReviewView = {
      kind: 'quarter',
      teamId: 'kcc-noord',
      teamName: 'KCC Noord',
      timezone: zone,
      period: '2026-Q3',
      statistics: sampleStatistics,
      deviations,
      actionsDone: [{ id: 'act-0', number: 'A-1', text: 'Veiligheidsknop bij de balie laten testen', ownerName: 'Eva Smit', dueDate: '2026-09-01', overdue: false, doneAt: '2026-08-28T10:00:00.000Z' }],
      openActions: actions,
      people,
    };
    cards[`review-quarter.${locale}`] = periodReviewCard(locale, quarter);
    cards[`review-half-year-late.${locale}`] = periodReviewCard(locale, {
      ...quarter,
      kind: 'half-year',
      period: '2026-H1',
      late: { dueAt: '2026-07-01T07:00:00.000Z' },
      statistics: { ...sampleStatistics, ack: { count: 0 }, checkins: { sent: 0, answered: 0 } },
      deviations: [],
      actionsDone: [],
      openActions: [],
    });
    const twoPeriods = {
      current: { label: '2026', from: '2025-12-31T23:00:00.000Z', to: '2026-12-31T23:00:00.000Z' },
      previous: { label: '2025', from: '2024-12-31T23:00:00.000Z', to: '2025-12-31T23:00:00.000Z' },
    };
    cards[`review-year.${locale}`] = periodReviewCard(locale, {
      ...quarter,
      kind: 'year',
      period: '2026',
      statistics: {
        ...sampleStatistics,
        periods: twoPeriods,
        categories: sampleStatistics.categories.map(({ yearAgo: _y, ...c }) => c),
        totals: { current: 98, previous: 91 },
      },
    });
    const list: ActionListView = { teamId: 'kcc-noord', teamName: 'KCC Noord', timezone: zone, open: actions, deviations, event: { kind: 'action-added', number: 'A-4' } };
    cards[`actions.${locale}`] = actionListCard(locale, list);
    cards[`actions-empty.${locale}`] = actionListCard(locale, { ...list, open: [], deviations: [], event: { kind: 'already-done', number: 'A-1' } });
  }
  return cards;
}
