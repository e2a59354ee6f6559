/**
 * The one access policy of the domain (docs/roles.md is the matrix it implements): what a viewer may see of an
 * incident, and whether an actor may act on it. Every handler (Teams, Slack), view builder, export and command
 * answer asks here instead of carrying its own check.
 *
 * Two rules carry most of the weight:
 * - an actor acts as a member of the incident's own team. Person ids are unique per team only, so "dirk" of
 *   another team is not KCC Noord's "dirk": the actor's membership is looked up in the incident's team by their
 *   chat identity, never by person id alone;
 * - roles are per incident: the reporter, a colleague who was paged for it, a witness, and the team's lead,
 *   aftercare person and coordinator. The team channel is a viewer too, with the least of all.
 */
import type { PersonConfig } from './people';
import type { PersonInTeam } from './directory';
import type { AftercareMoment, Incident } from './model';

export const INCIDENT_ROLES = ['reporter', 'paged', 'witness', 'lead', 'aftercare', 'coordinator', 'team-channel'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

/** What of an incident can be shown; docs/roles.md lists each with who sees it. */
export const DATA_KINDS = [
  'when-category', // when it happened and what kind of behaviour
  'who-where', // who reported it, the contact channel, whether support was asked
  'description', // the reporter's own account
  'citizen-ref', // the case or customer number
  'checkin-answers', // the answers of check-ins and notes (health-adjacent)
  'checkin-status', // whether check-ins were answered (done / not done only)
  'sanction', // the measure decided
  'team-summary', // the short text the reporter wrote for the team, with consent
] as const;
export type DataKind = (typeof DATA_KINDS)[number];

/** The matrix of docs/roles.md. The team channel sees team-summary and when-category only with consent. */
const MATRIX: Record<IncidentRole, readonly DataKind[]> = {
  reporter: ['when-category', 'who-where', 'description', 'citizen-ref', 'checkin-answers', 'checkin-status', 'sanction', 'team-summary'],
  paged: ['when-category', 'who-where'],
  witness: ['when-category', 'checkin-answers'], // the witness's own check-ins only
  lead: ['when-category', 'who-where', 'description', 'citizen-ref', 'checkin-status', 'sanction', 'team-summary'],
  aftercare: ['when-category', 'who-where', 'description', 'checkin-answers', 'checkin-status'],
  coordinator: ['when-category', 'who-where', 'description', 'citizen-ref', 'sanction', 'team-summary'],
  'team-channel': ['when-category', 'team-summary'],
};

/** Lead: description and citizen reference only on request (a button on the task card, written to the audit log). */
export const ON_REQUEST: Partial<Record<IncidentRole, readonly DataKind[]>> = { lead: ['description', 'citizen-ref'] };

export function maySee(role: IncidentRole, kind: DataKind, incident?: Pick<Incident, 'consentTeamMeeting'>): boolean {
  if (role === 'team-channel' && incident && !incident.consentTeamMeeting) return false;
  return MATRIX[role].includes(kind);
}

/** The roles a member of the incident's team has on it; none for anyone of another team. */
export function rolesOn(incident: Incident, who: PersonInTeam): IncidentRole[] {
  if (who.team.id !== incident.teamId) return [];
  const roles: IncidentRole[] = [];
  const id = who.person.id;
  if (incident.reporterId === id) roles.push('reporter');
  if (incident.paging?.pages.some((p) => p.personId === id)) roles.push('paged');
  if (incident.aftercare?.witnesses.some((w) => w.personId === id)) roles.push('witness');
  for (const role of ['lead', 'aftercare', 'coordinator'] as const) if (who.person.roles.includes(role)) roles.push(role);
  return roles;
}

export type IncidentAction =
  | { type: 'page.respond' }
  | { type: 'sanction.decide' }
  | { type: 'checkin.answer'; moment: AftercareMoment }
  | { type: 'task.complete'; moment: AftercareMoment }
  | { type: 'witness.add' }
  | { type: 'details.open' }
  /** Waar ben je?, Ik ben veilig, Melding aanvullen: the reporter of a help request only (docs/first-response.md). */
  | { type: 'help.own' }
  /** Wijzigen: correct the report within the team's edit window; the reporter only (docs/first-week.md). */
  | { type: 'report.edit' }
  /** Aangifte voorbereiden: the 7 W's from the report; the reporter, and the lead for the support talk (docs/police-report.md). */
  | { type: 'police-report.prepare' };

const CHECKIN_KINDS: readonly string[] = ['checkin-72h', 'checkin-2w', 'checkin-6w'];

/** Whether this member may do this to the incident. */
export function mayAct(incident: Incident, who: PersonInTeam, action: IncidentAction): boolean {
  const roles = rolesOn(incident, who);
  if (roles.length === 0) return false;
  switch (action.type) {
    case 'page.respond':
      return roles.includes('paged');
    case 'sanction.decide':
      return roles.includes('coordinator');
    case 'checkin.answer':
      return CHECKIN_KINDS.includes(action.moment.kind) && action.moment.subjectId === who.person.id;
    case 'task.complete':
      // A talk request (on a check-in) is the aftercare person's; the lead's own moments are the lead's.
      return CHECKIN_KINDS.includes(action.moment.kind) ? roles.includes('aftercare') : roles.includes('lead');
    case 'witness.add':
      return roles.includes('reporter') || roles.includes('lead');
    case 'details.open':
      return roles.includes('lead') || roles.includes('coordinator') || roles.includes('reporter');
    case 'help.own':
      return !!incident.help && roles.includes('reporter');
    case 'report.edit':
      return roles.includes('reporter') && !incident.help?.reportPending;
    case 'police-report.prepare':
      return !incident.help?.reportPending && (roles.includes('reporter') || roles.includes('lead'));
  }
}

/**
 * Of a chat user's memberships (a person may be in several teams, e.g. a lead of two), the one in the incident's
 * team; otherwise the first, whose every check will then refuse.
 */
export function memberFor(incident: Pick<Incident, 'teamId'> | undefined, memberships: readonly PersonInTeam[]): PersonInTeam | undefined {
  return (incident && memberships.find((m) => m.team.id === incident.teamId)) ?? memberships[0];
}

/** The coordinator's audit read: the teams a person serves as coordinator. */
export function coordinatedTeams(memberships: readonly PersonInTeam[]): string[] {
  return memberships.filter((m) => m.person.roles.includes('coordinator')).map((m) => m.team.id);
}

/**
 * `check <zaaknummer>` (docs/measures.md): any configured member of a team may ask whether a measure is in force on
 * a citizen of their own teams; the answer holds no incident, name or description, and every look-up is audited.
 */
export function mayLookUpMeasures(memberships: readonly PersonInTeam[]): boolean {
  return memberships.length > 0;
}

/** A measure's reminders (extend, end) are for a coordinator of the measure's own team only. */
export function mayManageMeasure(measure: { teamId: string }, who: PersonInTeam): boolean {
  return who.team.id === measure.teamId && who.person.roles.includes('coordinator');
}

/**
 * `overzicht`: the team's open incidents with first response, aftercare done / not done and pending decisions
 * (docs/first-week.md). The team's lead only, for their own team: no description, no check-in answers.
 */
export const mayReadOverview = (who: PersonInTeam): boolean => who.person.roles.includes('lead');

export const isCoordinator = (person: PersonConfig) => person.roles.includes('coordinator');
