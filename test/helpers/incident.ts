import type { Incident } from '../../src/services/model';

/** A plain reported incident (team noord, a threat at the desk, no paging, no aftercare), for the rule tests. */
export function anIncident(extra: Partial<Incident> = {}): Incident {
  return {
    id: 'i1',
    number: '2026-0001',
    teamId: 'noord',
    reporterId: 'fleur',
    platform: 'teams',
    locale: 'nl',
    occurredAt: '2026-11-20T09:40:00.000Z',
    reportedAt: '2026-11-20T09:45:00.000Z',
    channel: 'desk',
    category: 'threat',
    description: 'Dreigde met geweld',
    stoppedAfterLimit: false,
    conversationEnded: true,
    firstResponseRequested: false,
    supportRequested: false,
    firstResponse: false,
    consentTeamMeeting: false,
    registration: 'required',
    registrationReason: 'threat',
    patternIncidentIds: [],
    timeline: [],
    version: 1,
    ...extra,
  };
}
