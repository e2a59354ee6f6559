/**
 * Data-subject rights (AVG art. 15 and 17; how to answer a request: docs/privacy.md): everything held about a
 * citizen reference or a person, and its erasure. Erasure anonymises the incidents instead of deleting them, so the
 * register's counts (and the quarterly statistics) stay right. Every export and erasure is written to the audit log,
 * without the reference or person it was about (the log holds no content).
 */
import { randomUUID } from 'node:crypto';
import type { Directory } from './directory';
import { updateIncident } from './incidents';
import type { AuditEntry, ConversationAddress, Incident, TeamAction } from './model';
import type { AuditQuery, Clock, Store } from './ports';

/** What replaces an erased person's id wherever it was stored. */
export const ERASED = 'erased';

export interface CitizenExport {
  subject: { citizenRef: string };
  exportedAt: string;
  incidents: Incident[];
}

export interface PersonExport {
  subject: { personId: string };
  exportedAt: string;
  /** The person as configured, per team. */
  configured: { teamId: string; name: string; roles: string[]; teamsUserId?: string; slackUserId?: string }[];
  /** Incidents they reported (in full). */
  reported: Incident[];
  /** Incidents they were paged for, witnessed or had check-ins on: only what concerns them. */
  involved: { incidentId: string; teamId: string; number: string; occurredAt: string; paged: boolean; witness: boolean; checkins: unknown[] }[];
  actions: TeamAction[];
  conversations: ConversationAddress[];
  audit: AuditEntry[];
}

export interface EraseResult {
  incidents: number;
  actions: number;
  conversations: number;
}

export class PrivacyService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly directory: Directory,
  ) {}

  async exportCitizen(citizenRef: string, actorId: string): Promise<CitizenExport> {
    const ref = citizenRef.trim().toUpperCase();
    const incidents = await this.citizenIncidents(ref);
    await this.audit(actorId, 'privacy.export', incidents);
    return { subject: { citizenRef: ref }, exportedAt: this.now(), incidents };
  }

  async exportPerson(personId: string, actorId: string): Promise<PersonExport> {
    const configured = this.directory.teams.flatMap((t) =>
      t.people.filter((p) => p.id === personId).map((p) => ({ teamId: t.id, name: p.name, roles: p.roles, teamsUserId: p.teamsUserId, slackUserId: p.slackUserId })),
    );
    const all = await this.allIncidents();
    const reported = all.filter((i) => i.reporterId === personId);
    const involved = all
      .filter((i) => i.reporterId !== personId)
      .map((i) => ({
        incidentId: i.id,
        teamId: i.teamId,
        number: i.number,
        occurredAt: i.occurredAt,
        paged: !!i.paging?.pages.some((p) => p.personId === personId),
        witness: !!i.aftercare?.witnesses.some((w) => w.personId === personId),
        checkins: (i.aftercare?.moments ?? []).filter((m) => m.subjectId === personId).map(({ refs: _refs, ...m }) => m),
      }))
      .filter((x) => x.paged || x.witness || x.checkins.length > 0);
    const actions = (await this.allActions()).filter((a) => a.ownerId === personId || a.createdBy === personId || a.doneBy === personId);
    const conversations = await this.conversationsOf(personId);
    const audit = await this.store.audit.find({ actorId: personId });
    await this.audit(actorId, 'privacy.export', [...reported, ...involved.map((x) => ({ id: x.incidentId, teamId: x.teamId }))]);
    return { subject: { personId }, exportedAt: this.now(), configured, reported, involved, actions, conversations, audit };
  }

  /** The citizen reference and the description of the behaviour go; category, dates and counts stay. */
  async eraseCitizen(citizenRef: string, actorId: string): Promise<EraseResult> {
    const ref = citizenRef.trim().toUpperCase();
    const incidents = await this.citizenIncidents(ref);
    for (const i of incidents) {
      await updateIncident(this.store, i.id, (x) => {
        delete x.citizenRef;
        x.description = '';
        delete x.teamSummary;
        return true;
      });
    }
    await this.audit(actorId, 'privacy.erase', incidents);
    return { incidents: incidents.length, actions: 0, conversations: 0 };
  }

  /**
   * The person's id is replaced by "erased" wherever it is stored, the descriptions they wrote and their check-in
   * answers are blanked, their conversation references deleted. The audit log is kept (it records who did what to
   * the register, a legal obligation); the operator also removes the person from the team file.
   */
  async erasePerson(personId: string, actorId: string): Promise<EraseResult> {
    const touched: Incident[] = [];
    for (const i of await this.allIncidents()) {
      const updated = await updateIncident(this.store, i.id, (x) => {
        let changed = false;
        if (x.reporterId === personId) {
          x.reporterId = ERASED;
          x.description = '';
          delete x.teamSummary;
          changed = true;
        }
        for (const e of x.timeline) if (e.personId === personId) ((e.personId = ERASED), (changed = true));
        for (const p of x.paging?.pages ?? []) if (p.personId === personId) ((p.personId = ERASED), (changed = true));
        if (x.paging) {
          x.paging.ladder = x.paging.ladder.map((id) => (id === personId ? ((changed = true), ERASED) : id));
          x.paging.declined = x.paging.declined.map((id) => (id === personId ? ((changed = true), ERASED) : id));
          if (x.paging.acknowledgedBy === personId) ((x.paging.acknowledgedBy = ERASED), (changed = true));
        }
        if (x.sanction?.decidedBy === personId) ((x.sanction.decidedBy = ERASED), (changed = true));
        for (const w of x.aftercare?.witnesses ?? []) {
          if (w.personId === personId) ((w.personId = ERASED), (changed = true));
          if (w.addedBy === personId) ((w.addedBy = ERASED), (changed = true));
        }
        if (x.aftercare) {
          x.aftercare.stoppedBy = x.aftercare.stoppedBy.map((id) => (id === personId ? ((changed = true), ERASED) : id));
          for (const m of x.aftercare.moments) {
            if (m.subjectId === personId) {
              m.subjectId = ERASED;
              m.id = `${m.kind}:${ERASED}`;
              delete m.answer;
              changed = true;
            }
            if (m.doneBy === personId) ((m.doneBy = ERASED), (changed = true));
          }
        }
        return changed;
      });
      if (updated?.changed) touched.push(i);
    }
    let actions = 0;
    for (const a of await this.allActions()) {
      if (a.ownerId !== personId && a.createdBy !== personId && a.doneBy !== personId) continue;
      // Actions are create-only in the store: the anonymised copy replaces the original under the same id.
      const copy: TeamAction = { ...a };
      if (copy.ownerId === personId) copy.ownerId = ERASED;
      if (copy.createdBy === personId) copy.createdBy = ERASED;
      if (copy.doneBy === personId) copy.doneBy = ERASED;
      await this.store.actions.delete(a.id);
      await this.store.actions.create(copy);
      actions++;
    }
    const conversations = await this.conversationsOf(personId);
    for (const c of conversations) await this.store.conversations.delete(c.key);
    await this.audit(actorId, 'privacy.erase', touched);
    return { incidents: touched.length, actions, conversations: conversations.length };
  }

  /** The audit log, oldest first; reading it is itself logged. */
  async readAudit(query: AuditQuery, actorId: string, teamId?: string): Promise<AuditEntry[]> {
    const entries = await this.store.audit.find(query);
    await this.store.audit.append({ id: randomUUID(), at: this.now(), actorId, teamId, action: 'audit.read' });
    return entries;
  }

  private async citizenIncidents(ref: string): Promise<Incident[]> {
    const found: Incident[] = [];
    for (const t of this.directory.teams) found.push(...(await this.store.incidents.find({ teamId: t.id, citizenRef: ref })));
    return found;
  }

  private async allIncidents(): Promise<Incident[]> {
    const found: Incident[] = [];
    for (const t of this.directory.teams) found.push(...(await this.store.incidents.find({ teamId: t.id })));
    return found;
  }

  private async allActions(): Promise<TeamAction[]> {
    const found: TeamAction[] = [];
    for (const t of this.directory.teams) found.push(...(await this.store.actions.find({ teamId: t.id })));
    return found;
  }

  private async conversationsOf(personId: string): Promise<ConversationAddress[]> {
    const ids = new Set(this.directory.teams.flatMap((t) => t.people.filter((p) => p.id === personId).map((p) => p.teamsUserId).filter((x): x is string => !!x)));
    return (await this.store.conversations.list()).filter((c) => {
      const user = (c.reference as { user?: { id?: string } }).user?.id;
      return (c.key.startsWith('teams:user:') && ids.has(c.key.slice('teams:user:'.length))) || (!!user && ids.has(user));
    });
  }

  /** One entry per incident touched (per team), or one without an incident when nothing matched. */
  private async audit(actorId: string, action: string, incidents: Pick<Incident, 'id' | 'teamId'>[]): Promise<void> {
    const at = this.now();
    const request = randomUUID();
    if (incidents.length === 0) await this.store.audit.append({ id: request, at, actorId, action });
    for (const i of incidents) await this.store.audit.append({ id: `${request}:${i.id}`, at, actorId, teamId: i.teamId, action, incidentId: i.id });
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
