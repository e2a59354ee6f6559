/**
 * The quarter's registered incidents for the incident register (GIR) and the police information form, as neutral
 * records; src/cards/gir-format.ts lays them out as the 7 W's (wie, wat, waar, wanneer, waarmee, waarom, hoe) in
 * CSV or JSON. Only what the reporter consented to share: the reporter's name and the description only with
 * consent to discuss the incident in the team, never the citizen reference.
 */
import type { TeamConfig } from './people';
import type { Directory } from './directory';
import type { ContactChannel, Incident, SanctionMeasure } from './model';
import type { Store } from './ports';
import { categoryOf, PROTOCOL, type Approach, type Category, type RegistrationReason } from './protocol';
import { parsePeriod } from './review-calendar';

export interface GirRecord {
  number: string;
  occurredAt: string;
  timezone: string;
  teamName: string;
  /** Only with the reporter's consent. */
  reporterName?: string;
  category: Category;
  /** Only with the reporter's consent. */
  description?: string;
  channel: ContactChannel;
  registrationReason: RegistrationReason;
  pattern: boolean;
  approach: Approach;
  /** Verbal aggression: did it stop after a limit was set? */
  stoppedAfterLimit?: boolean;
  conversationEnded: boolean;
  firstResponse: 'acknowledged' | 'not-reached' | 'pending' | 'not-requested';
  sanction: { decided: false } | { decided: true; measure?: SanctionMeasure; until?: string };
}

export interface GirExport {
  teamId: string;
  teamName: string;
  quarter: string;
  from: string;
  to: string;
  records: GirRecord[];
}

export function girRecord(incident: Incident, team: TeamConfig, directory: Directory): GirRecord {
  const consent = incident.consentTeamMeeting;
  const paging = incident.paging?.status;
  const sanction = incident.sanction;
  return {
    number: incident.number,
    occurredAt: incident.occurredAt,
    timezone: team.timezone,
    teamName: team.name,
    reporterName: consent ? (directory.person(team.id, incident.reporterId)?.name ?? incident.reporterId) : undefined,
    category: categoryOf(incident),
    description: consent ? incident.description : undefined,
    channel: incident.channel,
    registrationReason: incident.registrationReason,
    pattern: incident.patternIncidentIds.length > 0,
    approach: PROTOCOL[categoryOf(incident)].approach,
    stoppedAfterLimit: incident.category === 'verbal-aggression' ? incident.stoppedAfterLimit : undefined,
    conversationEnded: incident.conversationEnded,
    firstResponse: !incident.firstResponse ? 'not-requested' : paging === 'acknowledged' ? 'acknowledged' : paging === 'exhausted' ? 'not-reached' : 'pending',
    sanction: sanction?.decidedAt ? { decided: true, measure: sanction.measure, until: sanction.until } : { decided: false },
  };
}

/** The registered incidents (registration 'required') that occurred in the quarter ("2026-Q4"), oldest first. */
export async function girExport(store: Store, directory: Directory, team: TeamConfig, quarter: string): Promise<GirExport> {
  const parsed = parsePeriod(quarter, team.timezone);
  if (!parsed || parsed.type !== 'quarter') throw new Error(`not a quarter: "${quarter}" (expected e.g. 2026-Q4)`);
  const { period } = parsed;
  const incidents = await store.incidents.find({ teamId: team.id, from: period.from, to: period.to });
  const records = incidents.filter((i) => i.registration === 'required').map((i) => girRecord(i, team, directory));
  return { teamId: team.id, teamName: team.name, quarter: period.label, from: period.from, to: period.to, records };
}

export function exportFileName(data: Pick<GirExport, 'teamId' | 'quarter'>, format: 'csv' | 'json'): string {
  return `melden-${data.teamId}-${data.quarter}.${format}`;
}
