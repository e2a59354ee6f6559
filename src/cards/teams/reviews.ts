/**
 * The review calendar's posts and the action list as Adaptive Cards for Teams.
 *
 * The chart is a PNG embedded as a data: URI rather than served at GET /charts/…: Teams fetches image URLs from
 * its own servers, so a served chart needs a public URL and, as the statistics are the team's, an unguessable
 * or signed one; a data URI (about 7 KB here, well below Teams' limits) shows everywhere — Teams, the emulator,
 * tests — and leaves nothing to fetch or leak. The numbers are in the FactSet and the image's alt text too.
 */
import type { Locale } from '../../services/protocol';
import type { ActionListView, AgendaAction, AgendaDeviation, ListOverflow, MeetingAgendaView, PeriodReviewView } from '../../services/review-views';
import { ACTION_TEXT_MAX } from '../../services/team-actions';
import { barChartPng, pngDataUri } from '../chart';
import { actionLine, agendaSubtitle, agendaTitle, chartData, chartSummary, dayAndTime, incidentFacts, incidentHeading, incidentsSummary, lateText, statisticsFacts, periodName, withheldText } from '../review-text';
import { t } from '../strings';
import { expandTemplate, type AdaptiveCardJson } from './templates';
import { REVIEW_VERBS } from '../actions';

export { REVIEW_VERBS } from '../actions';

const actionItem = (locale: Locale, zone: string) => (a: AgendaAction) => ({
  id: a.id,
  number: a.number,
  text: a.text,
  line: actionLine(locale, a, zone),
  color: a.overdue ? 'Attention' : 'Default',
});

const deviationItem = (locale: Locale, zone: string) => (d: AgendaDeviation) => ({
  number: d.number,
  text: d.text,
  by: `${t(locale, 'review.deviation.by', { name: d.byName })} · ${dayAndTime(locale, d.createdAt, zone)}`,
});

/** "En nog 3." under a list that was cut short. */
function moreLines(locale: Locale, more: ListOverflow | undefined) {
  const line = (count: number | undefined, key: 'review.more' | 'review.moreActions') => (count ? t(locale, key, { count }) : '');
  return { moreActions: line(more?.actions, 'review.moreActions'), moreDeviations: line(more?.deviations, 'review.more'), moreDone: line(more?.done, 'review.more') };
}

const formStrings = (locale: Locale) => ({
  addAction: t(locale, 'review.addAction'),
  addDeviation: t(locale, 'review.addDeviation'),
  actionText: t(locale, 'review.form.actionText'),
  owner: t(locale, 'review.form.owner'),
  due: t(locale, 'review.form.due'),
  deviationText: t(locale, 'review.form.deviationText'),
  save: t(locale, 'review.form.save'),
});

/** What the meeting agenda and the period review share: heading, late note, deviations, the add forms' data. */
const agendaFields = (locale: Locale, view: MeetingAgendaView | PeriodReviewView) => ({
  verbs: REVIEW_VERBS,
  teamId: view.teamId,
  title: agendaTitle(locale, view),
  subtitle: agendaSubtitle(locale, view),
  late: view.late ? lateText(locale, view.late, view.timezone) : '',
  deviations: view.deviations.map(deviationItem(locale, view.timezone)),
  ...moreLines(locale, view.more),
  people: view.people,
  maxText: ACTION_TEXT_MAX,
});

export function meetingAgendaCard(locale: Locale, view: MeetingAgendaView): AdaptiveCardJson {
  const zone = view.timezone;
  return expandTemplate('meetingAgenda', {
    t: {
      incidents: t(locale, 'review.section.incidents'),
      dilemma: t(locale, 'review.section.dilemma'),
      actions: t(locale, 'review.section.actions'),
      deviations: t(locale, 'review.section.deviations'),
      noActions: t(locale, 'review.actions.none'),
      noDeviations: t(locale, 'review.deviations.none'),
      ...formStrings(locale),
    },
    ...agendaFields(locale, view),
    incidentsSummary: incidentsSummary(locale, view),
    incidents: view.incidents.map((i) => ({ heading: incidentHeading(locale, i, zone), facts: incidentFacts(locale, i), description: i.teamSummary ?? '' })),
    more: view.moreConsented ? t(locale, 'review.incidents.more', { count: view.moreConsented }) : '',
    withheld: withheldText(locale, view),
    dilemma: view.dilemma,
    actions: view.openActions.map(actionItem(locale, zone)),
  });
}

export function periodReviewCard(locale: Locale, view: PeriodReviewView): AdaptiveCardJson {
  const zone = view.timezone;
  const s = view.statistics;
  return expandTemplate('periodReview', {
    t: {
      items: t(locale, 'review.items.title'),
      stats: t(locale, 'review.stats.title', { period: periodName(locale, view.period) }),
      deviations: t(locale, 'review.section.deviationsPeriod'),
      done: t(locale, 'review.section.actionsDone'),
      open: t(locale, 'review.section.actions').replace(/^\d+\.\s*/, ''),
      noActions: t(locale, 'review.actions.none'),
      export: t(locale, 'review.export'),
      ...formStrings(locale),
    },
    ...agendaFields(locale, view),
    period: view.period,
    exportable: view.kind === 'quarter',
    items: t(locale, `review.${view.kind}.items`),
    chartUrl: pngDataUri(barChartPng(chartData(locale, s))),
    chartAlt: t(locale, 'review.chart.alt', { summary: chartSummary(locale, s) }),
    facts: statisticsFacts(locale, s),
    done: view.actionsDone.map(actionItem(locale, zone)),
    open: view.openActions.map(actionItem(locale, zone)),
  });
}

export function actionListCard(locale: Locale, view: ActionListView): AdaptiveCardJson {
  const zone = view.timezone;
  const event = view.event ? t(locale, `actions.event.${view.event.kind}`, { number: view.event.number }) : '';
  return expandTemplate('actionList', {
    t: {
      none: t(locale, 'actions.none'),
      deviations: t(locale, 'actions.deviations'),
      done: t(locale, 'actions.done'),
      help: t(locale, 'actions.help'),
    },
    verbs: REVIEW_VERBS,
    event,
    eventStyle: view.event?.kind === 'already-done' ? 'default' : 'good',
    title: t(locale, 'actions.title', { team: view.teamName }),
    open: view.open.map(actionItem(locale, zone)),
    deviations: view.deviations.map(deviationItem(locale, zone)),
  });
}
