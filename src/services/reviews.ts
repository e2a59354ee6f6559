/**
 * The review calendar as durable jobs, and the content of its posts (the team protocol (docs/protocol.md): every incident is a fixed item of
 * the team meeting; each quarter deviations, incidents and improvement actions; each half year whether the approach
 * works; each year whether the protocol needs revising).
 *
 * One job per occurrence (`review:<team>:<type>:<label>`); on start and after every post the next occurrence of
 * each type is scheduled. A job that comes due while the bot is down runs on restart (the scheduler catches up),
 * once, and its post says it is late; later missed occurrences were never scheduled, so nothing piles up.
 * The handler claims the post in the store before sending (`reviews.claim`): a repeated run never posts twice.
 */
import { maySee } from './access';
import { DateTime } from 'luxon';
import type { TeamConfig } from './people';
import type { OutboundMessage } from './messages';
import type { Incident, Platform, ReviewType } from './model';
import { DeliveryError } from './ports';
import { DomainService, type ServicePorts } from './domain-service';
import type { JobHandlers, JobKind, JobOf } from './job-kinds';
import { CATEGORIES, categoryOf, type Locale } from './protocol';
import { MAX_AGE_DAYS } from './report-form';
import { forScheduler } from './delivery';
import { nextOccurrence, nextOccurrences, occurrenceFor, previousMeeting, REVIEW_TYPES, type Occurrence, type Period } from './review-calendar';
import type { AgendaIncident, AgendaLate, AgendaView, MeetingAgendaView, PeriodReviewView } from './review-views';
import { reviewStatistics } from './statistics';
import { toAgendaAction, toAgendaDeviation } from './team-actions';

export const REVIEW_JOB = 'review.post' satisfies JobKind;
/** Posted later than this after it was due, a post says it is late (polling and retries stay well within it). */
export const LATE_GRACE_MS = 30 * 60_000;
/**
 * Caps that keep one post within Teams' message size (about 28 KB, the chart included): consented incidents listed
 * (more are counted), characters of a description shown, actions and deviations listed (more are counted).
 */
export const AGENDA_MAX_INCIDENTS = 10;
export const AGENDA_DESCRIPTION_MAX = 300;
export const AGENDA_MAX_ITEMS = 10;
export const AGENDA_ITEM_TEXT_MAX = 200;

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

/** The first `max` items, their text shortened, and how many were left off. */
function capped<T extends { text: string }>(items: T[], max = AGENDA_MAX_ITEMS): { shown: T[]; more: number } {
  return { shown: items.slice(0, max).map((i) => ({ ...i, text: shorten(i.text, AGENDA_ITEM_TEXT_MAX) })), more: Math.max(0, items.length - max) };
}

/** Seed 004 "Onze dilemma's", the default list a team discusses in turn (one per meeting). */
export const DEFAULT_DILEMMAS: Record<Locale, readonly string[]> = {
  nl: [
    'Wat zie je door de vingers en wat niet als je een burger lang hebt laten wachten aan de telefoon?',
    'Wat levert het op om het telefoongesprek te beëindigen? De burger belt dan toch weer terug. Dan zit een collega ermee.',
    'Wat doen we als agressie ontstaat omdat ons informatiesysteem niet de juiste informatie bevat om de burger snel het juiste antwoord te kunnen geven?',
    'Hoe voorkom je dat integriteit in het geding komt als de ene collega grenzen stelt en de andere collega niet?',
    'Wat doen we als we vinden dat de burger gelijk heeft, bv. omdat er al diverse terugbelverzoeken naar de vakafdeling zijn gegaan, maar de burger steeds niet wordt teruggebeld?',
    'Kun je rekenen op steun van de organisatie als je grenzen stelt volgens de norm, of moet de burger tóch geholpen worden?',
  ],
  en: [
    'What do you let slide, and what not, when a citizen has been kept waiting on the phone for a long time?',
    'What does ending the call achieve? The citizen calls back anyway, and then a colleague has to deal with it.',
    'What do we do when aggression arises because our information system lacks the information to give the citizen the right answer quickly?',
    'How do you keep integrity intact when one colleague sets limits and another does not?',
    'What do we do when we think the citizen is right, e.g. several call-back requests went to the department but the citizen is never called back?',
    'Can you count on the organisation’s support when you set limits by the norm, or must the citizen be helped after all?',
  ],
};

export class ReviewService extends DomainService {
  constructor(
    ports: ServicePorts,
    /** Platforms with a messenger; a team's post goes to each of these it has a channel on. */
    private readonly platforms: readonly Platform[] = ['teams'],
  ) {
    super(ports);
  }

  handlers(): JobHandlers {
    return { [REVIEW_JOB]: (job) => this.post(job) };
  }

  /** Schedules every team's next post of every type (idempotent; on start and after each post). */
  async ensureScheduled(): Promise<void> {
    for (const { team, type, occurrence } of nextOccurrences(this.directory.teams, this.clock.now())) await this.schedule(team, type, occurrence);
  }

  private async scheduleNext(team: TeamConfig, type: ReviewType): Promise<void> {
    const next = nextOccurrence(team, type, this.clock.now());
    if (next) await this.schedule(team, type, next);
  }

  private async schedule(team: TeamConfig, type: ReviewType, next: Occurrence): Promise<void> {
    await this.jobs.schedule({ id: next.id, kind: REVIEW_JOB, dueAt: next.dueAt, payload: { teamId: team.id, type, label: next.period.label } });
  }

  private async post(job: JobOf<'review.post'>): Promise<void> {
    const { type, label } = job.payload;
    const team = this.directory.team(job.payload.teamId);
    // A review type no longer on the calendar (a job from an older release) is left alone.
    if (!team || !REVIEW_TYPES.includes(type)) return;
    const occurrence = occurrenceFor(team, type, label);
    // The configuration changed since it was scheduled (another meeting day): it is no longer on the calendar.
    if (!occurrence || occurrence.id !== job.id) return this.scheduleNext(team, type);

    // Plan the next one first: a post that keeps failing (e.g. the bot was never in the channel) must not end the calendar.
    await this.scheduleNext(team, type);
    const now = this.clock.now();
    const late = now.getTime() - Date.parse(occurrence.dueAt) > LATE_GRACE_MS;
    const window = type === 'meeting' ? await this.meetingWindow(team, occurrence) : occurrence.period;
    let message: OutboundMessage | undefined;
    // Every platform gets its chance: one that fails (the bot not yet in the Teams channel) must not keep the
    // agenda from Slack. The job is retried for the failed one; the claims keep the others from posting twice.
    let failure: unknown;
    for (const platform of this.platformsOf(team)) {
      const id = `${occurrence.id}@${platform}`;
      const claim = await this.store.reviews.claim({ id, teamId: team.id, type, periodStart: window.from, periodEnd: window.to, claimedAt: now.toISOString(), late });
      if (claim === 'exists') continue; // posted (or being posted) already
      message ??= { type: 'agenda', locale: team.locale, agenda: await this.view(team, occurrence, window, late) };
      try {
        const ref = await this.messenger.postToChannel(team, platform, message);
        await this.store.reviews.markPosted(id, this.clock.now().toISOString(), ref);
      } catch (err) {
        // The platform said no: nothing was posted, so the retry may post. (A crash mid-send keeps the claim:
        // at most once, as an agenda twice in the channel is worse than one posted by hand.)
        if (err instanceof DeliveryError) await this.store.reviews.release(id);
        failure ??= forScheduler(err);
      }
    }
    if (failure) throw failure;
  }

  private platformsOf(team: TeamConfig): Platform[] {
    return this.platforms.filter((p) => (p === 'teams' ? !!team.channel.teams : !!team.channel.slack));
  }

  /** Incidents "since the last meeting": from the end of the previous agenda's window (none lost after downtime). */
  private async meetingWindow(team: TeamConfig, occurrence: Occurrence): Promise<Period> {
    const latest = await this.store.reviews.latest(team.id, 'meeting');
    // A retry after one platform was posted keeps the window that post used.
    if (latest?.id.startsWith(`${occurrence.id}@`)) return { label: occurrence.period.label, from: latest.periodStart, to: latest.periodEnd };
    const fallback = previousMeeting(team, occurrence)?.dueAt ?? DateTime.fromISO(occurrence.dueAt).minus({ weeks: 1 }).toUTC().toISO()!;
    const from = latest && latest.periodEnd < occurrence.dueAt ? latest.periodEnd : fallback;
    return { label: occurrence.period.label, from, to: occurrence.dueAt };
  }

  /**
   * The incidents *reported* in the window, so each is on exactly one meeting agenda: one reported on Wednesday
   * about last Monday (before the previous agenda's window closed) comes on the next agenda, not on none
   * (docs/agendas.md). The store queries by occurrence; a report is at most MAX_AGE_DAYS after it happened.
   */
  private async reportedIn(team: TeamConfig, window: Period): Promise<Incident[]> {
    const from = DateTime.fromISO(window.from).minus({ days: MAX_AGE_DAYS + 1 }).toUTC().toISO()!;
    const to = DateTime.fromISO(window.to).plus({ minutes: 10 }).toUTC().toISO()!; // reports may run a little ahead
    const found = await this.store.incidents.find({ teamId: team.id, from, to });
    return found.filter((i) => i.reportedAt >= window.from && i.reportedAt < window.to);
  }

  /** The post's content; exported for the card samples and tests through `buildAgenda`. */
  async view(team: TeamConfig, occurrence: Occurrence, window: Period, late: boolean): Promise<AgendaView> {
    const lateInfo: AgendaLate | undefined = late
      ? { dueAt: occurrence.dueAt, meetingPassed: occurrence.meetingAt ? Date.parse(occurrence.meetingAt) <= this.clock.now().getTime() : undefined }
      : undefined;
    return occurrence.type === 'meeting' ? this.meetingView(team, occurrence, window, lateInfo) : this.periodView(team, occurrence, lateInfo);
  }

  private async meetingView(team: TeamConfig, occurrence: Occurrence, window: Period, late?: AgendaLate): Promise<MeetingAgendaView> {
    const today = this.today(team);
    const [incidents, open, deviations] = await Promise.all([
      this.reportedIn(team, window),
      this.store.actions.find({ teamId: team.id, kind: 'action', state: 'open' }),
      this.store.actions.find({ teamId: team.id, kind: 'deviation', createdFrom: window.from, createdTo: window.to }),
    ]);
    const consented = incidents.filter((i) => i.consentTeamMeeting);
    const withheld = incidents.filter((i) => !i.consentTeamMeeting);
    return {
      kind: 'meeting',
      teamId: team.id,
      teamName: team.name,
      timezone: team.timezone,
      meetingAt: occurrence.meetingAt!,
      since: window.from,
      until: window.to,
      late,
      total: incidents.length,
      incidents: consented.slice(0, AGENDA_MAX_INCIDENTS).map(agendaIncident),
      moreConsented: Math.max(0, consented.length - AGENDA_MAX_INCIDENTS),
      withheld: {
        total: withheld.length,
        byCategory: CATEGORIES.map((category) => ({ category, count: withheld.filter((i) => i.category === category).length })).filter((c) => c.count > 0),
      },
      dilemma: dilemmaFor(team, occurrence.period.label),
      openActions: capped(open).shown.map((a) => toAgendaAction(a, this.directory, today)),
      deviations: capped(deviations).shown.map((d) => toAgendaDeviation(d, this.directory)),
      more: { actions: capped(open).more, deviations: capped(deviations).more },
      people: team.people.map((p) => ({ id: p.id, name: p.name })),
    };
  }

  private async periodView(team: TeamConfig, occurrence: Occurrence, late?: AgendaLate): Promise<PeriodReviewView> {
    const type = occurrence.type as PeriodReviewView['kind'];
    const { period } = occurrence;
    const today = this.today(team);
    const [statistics, open, done, deviations] = await Promise.all([
      reviewStatistics(this.store, team.id, type, period, team.timezone, this.clock.now()),
      this.store.actions.find({ teamId: team.id, kind: 'action', state: 'open' }),
      this.store.actions.find({ teamId: team.id, kind: 'action', doneFrom: period.from, doneTo: period.to }),
      this.store.actions.find({ teamId: team.id, kind: 'deviation', createdFrom: period.from, createdTo: period.to }),
    ]);
    return {
      kind: type,
      teamId: team.id,
      teamName: team.name,
      timezone: team.timezone,
      period: period.label,
      late,
      statistics,
      deviations: capped(deviations).shown.map((d) => toAgendaDeviation(d, this.directory)),
      actionsDone: capped(done).shown.map((a) => toAgendaAction(a, this.directory, today)),
      openActions: capped(open).shown.map((a) => toAgendaAction(a, this.directory, today)),
      more: { actions: capped(open).more, deviations: capped(deviations).more, done: capped(done).more },
      people: team.people.map((p) => ({ id: p.id, name: p.name })),
    };
  }

  private today(team: TeamConfig): string {
    return DateTime.fromJSDate(this.clock.now(), { zone: team.timezone }).toISODate()!;
  }
}

/** The team's dilemmas in turn: the n-th meeting since 2026 discusses dilemma n modulo the list. */
export function dilemmaFor(team: TeamConfig, meetingDate: string): string {
  const list = team.dilemmas?.length ? team.dilemmas : DEFAULT_DILEMMAS[team.locale];
  const weeks = Math.floor(DateTime.fromISO(meetingDate, { zone: 'utc' }).diff(DateTime.utc(2026, 1, 5), 'weeks').weeks);
  const n = Math.floor(weeks / team.meetings.every);
  return list[((n % list.length) + list.length) % list.length];
}

/**
 * An incident as the team channel may see it (consented incidents only; the caller filters): what access.ts allows
 * the role 'team-channel', and nothing else.
 */
export function agendaIncident(i: Incident): AgendaIncident {
  const item: AgendaIncident = { number: i.number, occurredAt: i.occurredAt, category: categoryOf(i) };
  if (i.teamSummary && maySee('team-channel', 'team-summary', i)) item.teamSummary = shorten(i.teamSummary, AGENDA_DESCRIPTION_MAX);
  return item;
}
