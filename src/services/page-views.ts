/** The page card's view of an incident, as each paged colleague sees it (docs/first-response.md). */
import type { Directory } from './directory';
import { waveAt } from './duty';
import type { OutboundMessage, PageView } from './messages';
import type { Incident } from './model';
import type { PersonConfig } from './people';
import { pageState } from './paging-rules';
import { isUrgent } from './protocol';

/** A person's name in the incident's team, else their id. */
export const nameOf = (directory: Directory, incident: Incident, personId: string): string => directory.person(incident.teamId, personId)?.name ?? personId;

/** The page as `viewer` sees it now: what a paged colleague may see (docs/roles.md), never the description. */
export function pageMessage(directory: Directory, incident: Incident, viewer: PersonConfig): OutboundMessage {
  const team = directory.teamOf(incident);
  const paging = incident.paging;
  const reporter = directory.person(team.id, incident.reporterId);
  const platformId = (p: PersonConfig) => (incident.platform === 'teams' ? p.teamsUserId : p.slackUserId);
  const viewerIds = [...(paging?.pages ?? []).map((p) => directory.person(team.id, p.personId)), viewer]
    .map((p) => (p ? platformId(p) : undefined))
    .filter((id): id is string => !!id);
  const page: PageView = {
    incidentId: incident.id,
    incidentNumber: incident.number,
    reporterName: reporter?.name ?? incident.reporterId,
    reporterChatId: reporter ? platformId(reporter) : undefined,
    reporterEmail: reporter?.email,
    channel: incident.help?.reportPending ? undefined : incident.channel,
    category: incident.help?.reportPending ? undefined : incident.category,
    place: incident.help?.place,
    help: !!incident.help,
    urgent: !!incident.help || isUrgent(incident.occurredAt, team.firstResponse.urgentWindow, new Date(incident.reportedAt)),
    occurredAt: incident.occurredAt,
    timezone: team.timezone,
    wantsSupport: incident.firstResponseRequested,
    state: pageState(paging, viewer.id),
    acknowledgedByName: paging?.acknowledgedBy ? nameOf(directory, incident, paging.acknowledgedBy) : undefined,
    acknowledgedAt: paging?.acknowledgedAt,
    completedAt: paging?.acknowledgedBy === viewer.id ? paging.completedAt : undefined,
    viewerIds: [...new Set(viewerIds)],
    viewerIsAcknowledger: paging?.acknowledgedBy === viewer.id,
  };
  return { type: 'page', locale: viewer.locale ?? team.locale, page };
}

/** Who is paged at the current step, by name (the help request shows the reporter at once). */
export function pagedNames(directory: Directory, incident: Incident): string[] {
  const paging = incident.paging;
  if (!paging || paging.status !== 'paging') return [];
  return waveAt(paging, paging.step).map((id) => nameOf(directory, incident, id));
}
