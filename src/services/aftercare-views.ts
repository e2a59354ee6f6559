/**
 * What the aftercare messages show (docs/protocol.md): the check-in card as its subject sees it, and the task
 * cards of the aftercare person and the lead. Check-in answers are never in a task: the lead sees only whether
 * check-ins were answered.
 */
import type { Directory } from './directory';
import type { CheckinKind, CheckinView, FirstResponseOutcome, OutboundMessage, TaskKind, TaskView } from './messages';
import type { AftercareMoment, Incident } from './model';
import type { PersonConfig } from './people';
import { categoryOf } from './protocol';

const CHECKINS: readonly string[] = ['checkin-72h', 'checkin-2w', 'checkin-6w'];
export const isCheckin = (m: Pick<AftercareMoment, 'kind'>) => CHECKINS.includes(m.kind);

const nameOf = (directory: Directory, teamId: string, personId: string): string => directory.person(teamId, personId)?.name ?? personId;

/** The check-in card as `viewerId` should see it at `now`. */
export function checkinMessage(directory: Directory, incident: Incident, moment: AftercareMoment, viewerId: string, reminder: boolean, now: Date): OutboundMessage {
  const team = directory.teamOf(incident);
  const first72 = incident.aftercare?.moments.find((m) => m.kind === 'checkin-72h' && m.subjectId === moment.subjectId);
  const checkin: CheckinView = {
    incidentId: incident.id,
    momentId: moment.id,
    incidentNumber: incident.number,
    kind: moment.kind as CheckinKind,
    subjectName: nameOf(directory, team.id, moment.subjectId),
    aftercareName: directory.withRole(team.id, 'aftercare')[0]?.name ?? '',
    occurredAt: incident.occurredAt,
    timezone: team.timezone,
    // A snooze that has run out is open again: deliver() renders the returning check-in before it clears snoozedUntil.
    state: incident.aftercare?.stoppedBy.includes(moment.subjectId) ? 'stopped' : moment.answeredAt ? 'answered' : moment.snoozedUntil && new Date(moment.snoozedUntil) > now ? 'snoozed' : 'open',
    answer: moment.answer,
    snoozedUntil: moment.snoozedUntil,
    // The talk is offered again at 2 weeks when it was declined: at the 72 h check-in, or on the form (the reporter
    // did not tick "Ik wil graag nazorg") and not asked for at 72 h since.
    offerAgain:
      moment.kind === 'checkin-2w' &&
      (first72?.answer?.wantsTalk === false || (moment.subjectId === incident.reporterId && !incident.supportRequested && !first72?.answer?.wantsTalk)),
    reminder,
    teamText: team.aftercare.checkinText,
  };
  return { type: 'checkin', locale: directory.person(team.id, viewerId)?.locale ?? team.locale, checkin };
}

/** A task card (contact, talk, referral, a forwarded note) as `viewer` sees it. */
export function taskMessage(directory: Directory, incident: Incident, moment: AftercareMoment, kind: TaskKind, viewer: PersonConfig): OutboundMessage {
  const team = directory.teamOf(incident);
  const checkins = incident.aftercare?.moments.filter((m) => isCheckin(m) && m.subjectId === moment.subjectId && m.sentAt) ?? [];
  const task: TaskView = {
    kind,
    incidentId: incident.id,
    momentId: moment.id,
    incidentNumber: incident.number,
    subjectName: nameOf(directory, team.id, moment.subjectId),
    occurredAt: incident.occurredAt,
    timezone: team.timezone,
    // The lead sees only whether check-ins were answered, never the answers.
    checkinStatus: checkins.length ? (checkins.every((m) => m.answeredAt) ? 'answered' : 'open') : undefined,
    feeling: kind === 'referral' || kind === 'talk-request' || kind === 'feeling-bad' ? moment.answer?.feeling : undefined,
    doneAt: moment.doneAt,
    doneByName: moment.doneBy ? nameOf(directory, team.id, moment.doneBy) : undefined,
  };
  if (kind === 'lead-contact' || kind === 'lead-support-talk') {
    task.prepare = { category: categoryOf(incident), firstResponse: firstResponseOutcome(incident), supportRequested: incident.supportRequested };
    const talk = incident.aftercare?.moments.find((m) => m.kind === 'lead-support-talk' && m.subjectId === moment.subjectId);
    if (talk?.deadline && (kind === 'lead-support-talk' || moment.combined)) task.supportTalkBy = talk.deadline;
  }
  return { type: 'task', locale: viewer.locale ?? team.locale, task };
}

export function firstResponseOutcome(i: Incident): FirstResponseOutcome {
  if (!i.firstResponse) return 'not-requested';
  return i.paging?.status === 'acknowledged' ? 'acknowledged' : i.paging?.status === 'exhausted' ? 'not-reached' : 'pending';
}
