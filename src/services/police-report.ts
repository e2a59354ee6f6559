/**
 * *Aangifte voorbereiden*: the facts of a report arranged as the 7 W's the police asks for (wie, wat, waar,
 * wanneer, waarmee, waarom, hoe), for the reporter to copy into their own police report, and — for the support
 * talk — for the lead. Built from the stored incident each time; nothing new is stored, except an audit line when
 * the lead opens it (the lead sees the description only on request). The steps: docs/police-report.md.
 */
import { mayAct } from './access';
import type { PersonInTeam } from './directory';
import type { ContactChannel, Incident } from './model';
import type { Clock, Store } from './ports';
import { categoryOf, type Category } from './protocol';

export interface PoliceReportDraft {
  number: string;
  reporterName: string;
  organisation: string;
  occurredAt: string;
  channel: ContactChannel;
  category: Category;
  description: string;
  citizenRef?: string;
  stoppedAfterLimit: boolean;
  conversationEnded: boolean;
  /** Opened by the lead (who may report on behalf of the organisation), not by the reporter. */
  forLead: boolean;
}

export type PoliceReportOutcome = { result: 'ok'; draft: PoliceReportDraft } | { result: 'refused' };

export async function policeReportDraft(
  deps: { store: Store; clock: Clock },
  incidentId: string,
  who: PersonInTeam,
  key: string,
): Promise<PoliceReportOutcome> {
  const incident: Incident | undefined = incidentId ? await deps.store.incidents.get(incidentId) : undefined;
  if (!incident || !mayAct(incident, who, { type: 'police-report.prepare' })) return { result: 'refused' };
  const forLead = incident.reporterId !== who.person.id;
  if (forLead) {
    // The lead reads the description on request only, and each request is logged (docs/privacy.md).
    await deps.store.audit.append({ id: `${key}:police-report`, at: deps.clock.now().toISOString(), actorId: who.person.id, teamId: incident.teamId, incidentId: incident.id, action: 'incident.police-report-prepared' });
  }
  const reporter = who.team.people.find((p) => p.id === incident.reporterId);
  return {
    result: 'ok',
    draft: {
      number: incident.number,
      reporterName: reporter?.name ?? incident.reporterId,
      organisation: who.team.name,
      occurredAt: incident.occurredAt,
      channel: incident.channel,
      category: categoryOf(incident),
      description: incident.description,
      ...(incident.citizenRef ? { citizenRef: incident.citizenRef } : {}),
      stoppedAfterLimit: incident.stoppedAfterLimit,
      conversationEnded: incident.conversationEnded,
      forLead,
    },
  };
}
