/** Text of the review posts and the action list, shared by the Teams cards and the Slack rendering. */
import { DateTime } from 'luxon';
import type { AgendaAction, AgendaIncident, AgendaLate, MeetingAgendaView, PeriodReviewView } from '../services/review-views';
import { APPROACHES, PROTOCOL, type Locale } from '../services/protocol';
import type { ReviewStatistics } from '../services/statistics';
import { formatDate } from './dates';
import { t } from './strings';


/** "dinsdag 24 november, 10:00" */
export function dayAndTime(locale: Locale, iso: string, zone: string): string {
  return formatDate(locale, iso, zone, 'dayTime');
}

/** "24 nov 2026" for a calendar date or an instant. */
export function shortDate(locale: Locale, isoOrDate: string, zone: string): string {
  return formatDate(locale, isoOrDate, zone, 'short');
}

export function duration(locale: Locale, ms: number | undefined): string {
  if (ms === undefined) return t(locale, 'review.stats.none');
  const total = Math.round(ms / 1000);
  if (total < 60) return t(locale, 'duration.seconds', { s: total });
  if (total < 3600) return t(locale, 'duration.minutes', { m: Math.floor(total / 60), s: total % 60 });
  return t(locale, 'duration.hours', { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60) });
}

export function lateText(locale: Locale, late: AgendaLate, zone: string): string {
  const text = t(locale, 'review.late', { due: dayAndTime(locale, late.dueAt, zone) });
  return late.meetingPassed ? `${text} ${t(locale, 'review.late.meetingPassed')}` : text;
}

export function agendaTitle(locale: Locale, view: MeetingAgendaView | PeriodReviewView): string {
  if (view.kind === 'meeting') return t(locale, 'review.meeting.title', { date: dayAndTime(locale, view.meetingAt, view.timezone) });
  return t(locale, `review.${view.kind}.title`, { period: periodName(locale, view.period) });
}

export function agendaSubtitle(locale: Locale, view: MeetingAgendaView | PeriodReviewView): string {
  if (view.kind === 'meeting') return t(locale, 'review.meeting.subtitle', { team: view.teamName, since: dayAndTime(locale, view.since, view.timezone) });
  const { from, to } = view.statistics.periods.current;
  const last = DateTime.fromISO(to, { zone: view.timezone }).minus({ days: 1 }).toISO()!;
  return t(locale, 'review.period.subtitle', { team: view.teamName, from: shortDate(locale, from, view.timezone), to: shortDate(locale, last, view.timezone) });
}

export function incidentsSummary(locale: Locale, view: MeetingAgendaView): string {
  if (view.total === 0) return t(locale, 'review.incidents.none');
  return t(locale, 'review.incidents.summary', { total: view.total, consented: view.total - view.withheld.total, withheld: view.withheld.total });
}

export function withheldText(locale: Locale, view: MeetingAgendaView): string {
  if (view.withheld.total === 0) return '';
  const counts = view.withheld.byCategory.map((c) => `${PROTOCOL[c.category].label[locale]} ${c.count}`).join(', ');
  return t(locale, 'review.incidents.withheld', { counts });
}

export function incidentHeading(locale: Locale, i: AgendaIncident, zone: string): string {
  return `${i.number} · ${PROTOCOL[i.category].label[locale]} · ${shortDate(locale, i.occurredAt, zone)}`;
}

/** The protocol's approach for the category: what the team discusses; nothing about the people involved. */
export function incidentFacts(locale: Locale, i: AgendaIncident): { title: string; value: string }[] {
  return [{ title: t(locale, 'review.incident.approach'), value: APPROACHES[PROTOCOL[i.category].approach].title[locale] }];
}

export function actionLine(locale: Locale, a: AgendaAction, zone: string): string {
  if (a.doneAt) return t(locale, 'review.action.done', { owner: a.ownerName, done: shortDate(locale, a.doneAt, zone) });
  const due = a.dueDate ? shortDate(locale, a.dueDate, zone) : '—';
  return t(locale, a.overdue ? 'review.action.overdue' : 'review.action.owner', { owner: a.ownerName, due });
}

export function statisticsFacts(locale: Locale, s: ReviewStatistics): { title: string; value: string }[] {
  const none = t(locale, 'review.stats.none');
  const incidents =
    s.totals.yearAgo === undefined
      ? t(locale, 'review.stats.incidents.value', { current: s.totals.current, previous: s.totals.previous })
      : t(locale, 'review.stats.incidents.valueYearAgo', { current: s.totals.current, previous: s.totals.previous, yearAgo: s.totals.yearAgo });
  const share = s.checkins.share === undefined ? undefined : `${Math.round(s.checkins.share * 100)}%`;
  return [
    { title: t(locale, 'review.stats.incidents'), value: incidents },
    { title: t(locale, 'review.stats.required'), value: String(s.registrationsRequired) },
    { title: t(locale, 'review.stats.helpWithoutReport'), value: String(s.helpWithoutReport) },
    { title: t(locale, 'review.stats.patterns'), value: String(s.patterns) },
    {
      title: t(locale, 'review.stats.ack'),
      value: s.ack.count ? t(locale, 'review.stats.ack.value', { median: duration(locale, s.ack.medianMs), p90: duration(locale, s.ack.p90Ms), count: s.ack.count }) : none,
    },
    {
      title: t(locale, 'review.stats.checkins'),
      value: share ? t(locale, 'review.stats.checkins.value', { share, answered: s.checkins.answered, sent: s.checkins.sent }) : none,
    },
    { title: t(locale, 'review.stats.sanctions'), value: String(s.sanctionsPending) },
    { title: t(locale, 'review.stats.actions'), value: t(locale, 'review.stats.actions.value', { open: s.actions.open, done: s.actions.doneInPeriod }) },
    { title: t(locale, 'review.stats.deviations'), value: String(s.deviationsInPeriod) },
    ...(s.measures ? [{ title: t(locale, 'review.stats.measures'), value: t(locale, 'review.stats.measures.value', s.measures) }] : []),
  ];
}

/**
 * The chart's data: series are the compared periods, named as people say them ("3e kwartaal 2026"); groups the
 * categories, named exactly as on the report form.
 */
export function chartData(locale: Locale, s: ReviewStatistics) {
  const labels = [s.periods.current.label, s.periods.previous.label, ...(s.periods.yearAgo ? [s.periods.yearAgo.label] : [])];
  const series = labels.map((label) => periodName(locale, label));
  const groups = s.categories.map((c) => ({
    label: PROTOCOL[c.category].label[locale],
    values: [c.current, c.previous, ...(c.yearAgo === undefined ? [] : [c.yearAgo])],
  }));
  return { series, groups };
}

/** The chart as words, for screen readers and clients that do not show images: "Bedreiging, intimidatie — 3e kwartaal 2026: 2, …". */
export function chartSummary(locale: Locale, s: ReviewStatistics): string {
  const { series, groups } = chartData(locale, s);
  return groups.map((g) => `${g.label} — ${g.values.map((v, i) => `${series[i]}: ${v}`).join(', ')}`).join('; ');
}

/** A period as people say it: "2026-Q3" → "3e kwartaal 2026" (en "Q3 2026"), "2026-H1" → "1e halfjaar 2026". */
export function periodName(locale: Locale, label: string): string {
  const m = /^(\d{4})-([QH])(\d)$/.exec(label);
  if (!m) return label;
  const [, year, kind, n] = m;
  if (locale === 'nl') return `${n}e ${kind === 'Q' ? 'kwartaal' : 'halfjaar'} ${year}`;
  return kind === 'Q' ? `Q${n} ${year}` : `${n === '1' ? 'first' : 'second'} half of ${year}`;
}
