/**
 * The statistics fields of an incident, derived from the document once for both stores: SQLite keeps them as
 * columns (with a covering index), Cosmos as fields of the stored document, so IncidentRepository.stats can count
 * in the store instead of reading every incident.
 */
import type { Incident } from '../services/model';

/** The statistics columns of an incident row, derived from the document (kept in step by create and replace). */
export function statsColumns(i: Incident): Record<string, unknown> {
  const pages = i.paging?.pages ?? [];
  const ackMs = i.paging?.acknowledgedAt && pages[0] ? Date.parse(i.paging.acknowledgedAt) - Date.parse(pages[0].at) : NaN;
  const { sent, answered } = checkinCounts(i);
  return {
    pattern: (i.patternIncidentIds?.length ?? 0) > 0 ? 1 : 0,
    consent: i.consentTeamMeeting ? 1 : 0,
    ackMs: Number.isFinite(ackMs) ? Math.max(0, Math.round(ackMs)) : null,
    sanctionDecidedAt: i.sanction?.decidedAt ?? null,
    checkinsSent: sent,
    checkinsAnswered: answered,
  };
}

/** Check-ins that went out and were answered; read defensively, aftercare may be absent or partly filled. */
export function checkinCounts(i: Incident): { sent: number; answered: number } {
  const moments = (i as { aftercare?: { moments?: unknown } }).aftercare?.moments;
  let sent = 0;
  let answered = 0;
  if (Array.isArray(moments)) {
    for (const m of moments as { kind?: unknown; sentAt?: unknown; answeredAt?: unknown }[]) {
      if (typeof m?.kind !== 'string' || !m.kind.startsWith('checkin-') || !m.sentAt) continue;
      sent += 1;
      if (m.answeredAt) answered += 1;
    }
  }
  return { sent, answered };
}
