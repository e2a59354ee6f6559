/** Intake of reports: validation, registration status by the protocol, pattern detection, storage. */
import { Duration } from 'luxon';
import { createHash } from 'node:crypto';
import type { TeamConfig } from './people';
import type { Incident, MeasureInForce, Platform } from './model';
import type { Clock, Store } from './ports';
import { decideRegistration, isUrgent, needsFirstResponse, type Locale, type RegistrationDecision } from './protocol';
import { validateReport, type FieldErrors, type ReportData, type ReportFormValues } from './report-form';

export interface Reporter {
  team: TeamConfig;
  personId: string;
  platform: Platform;
  locale: Locale;
}

export type ReportOutcome =
  | { ok: true; incident: Incident; created: boolean }
  | { ok: false; errors: FieldErrors };

/** A form instance carries a submission key; the same key submitted twice yields the same incident. */
export function incidentIdFor(teamId: string, submissionKey: string): string {
  return 'inc-' + createHash('sha256').update(`${teamId}\n${submissionKey}`).digest('hex').slice(0, 24);
}

export class IncidentService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Called after a report is stored, and again when the same submit comes back (it must be idempotent). */
    private readonly onReported: (incident: Incident, waitMs: number) => Promise<void> = async () => {},
    /** The measure in force on a citizen at intake (MeasureService; docs/measures.md). */
    private readonly measureAt: (team: TeamConfig, citizenRef: string | undefined) => Promise<MeasureInForce | undefined> = async () => undefined,
  ) {}

  /**
   * `waitForFollowUpMs`: how long to let the follow-up (the page to the first responder) run before answering, so
   * on a healthy connector the page is out before the reporter sees the confirmation. 0 where the platform's
   * own deadline is tight (Slack's 3-second ack).
   */
  async report(reporter: Reporter, submissionKey: string, values: ReportFormValues, waitForFollowUpMs = 0, completes?: string): Promise<ReportOutcome> {
    // A form that completes a help request (`hulp`) fills in that incident; see completeHelp.
    const helpIncident = completes ? await this.store.incidents.get(completes) : undefined;
    const id = helpIncident && helpIncident.teamId === reporter.team.id && helpIncident.reporterId === reporter.personId ? helpIncident.id : incidentIdFor(reporter.team.id, submissionKey);
    // A redelivered or double-clicked submit answers with the incident it already made.
    const existing = await this.store.incidents.get(id);
    if (existing?.help?.reportPending && existing.reporterId === reporter.personId) return this.completeHelp(existing, reporter, values, waitForFollowUpMs);
    if (existing) {
      await this.onReported(existing, waitForFollowUpMs);
      return { ok: true, incident: existing, created: false };
    }

    const now = this.clock.now();
    const checked = validateReport(values, now, reporter.team.timezone);
    if (!checked.ok) return checked;

    const incident = await this.build(id, reporter, checked.data, now);
    const result = await this.store.incidents.create(incident);
    const stored = result === 'exists' ? ((await this.store.incidents.get(id)) ?? incident) : incident;
    await this.onReported(stored, waitForFollowUpMs);
    return { ok: true, incident: stored, created: result === 'created' };
  }

  /** The report of a help request arrives: the same incident gets its facts; paging already ran and is kept. */
  private async completeHelp(help: Incident, reporter: Reporter, values: ReportFormValues, waitMs: number): Promise<ReportOutcome> {
    const now = this.clock.now();
    const checked = validateReport(values, now, reporter.team.timezone);
    if (!checked.ok) return checked;
    const data = checked.data;
    const assessed = await this.assess(reporter.team, reporter.personId, data, (i) => i.id !== help.id && !i.help?.reportPending);
    const updated = await updateIncident(this.store, help.id, (incident) => {
      if (!incident.help?.reportPending) return false;
      Object.assign(incident, { ...formFacts(data), ...assessed });
      incident.help.reportPending = false;
      incident.timeline.push({ at: now.toISOString(), type: 'reported', personId: reporter.personId });
      return true;
    });
    if (!updated) return { ok: false, errors: {} };
    await this.onReported(updated.incident, waitMs);
    return { ok: true, incident: updated.incident, created: updated.changed };
  }

  /**
   * Earlier incidents in the window, split by what they mean (docs/measures.md): the same citizen recurring
   * (`citizen`: registration and the coordinator), and the same reporter meeting the same behaviour with other or
   * unknown citizens (`reporter`: the lead's attention and the aftercare person, never a sanction request).
   */
  async findPattern(team: TeamConfig, reporterId: string, data: Pick<ReportData, 'occurredAt' | 'category' | 'citizenRef'>): Promise<{ citizen: Incident[]; reporter: Incident[] }> {
    const window = Duration.fromISO(team.patternWindow);
    const from = new Date(new Date(data.occurredAt).getTime() - window.toMillis()).toISOString();
    const sameReporter = await this.store.incidents.find({ teamId: team.id, from, reporterId, category: data.category });
    const citizen = data.citizenRef ? await this.store.incidents.find({ teamId: team.id, from, citizenRef: data.citizenRef }) : [];
    const ids = new Set(citizen.map((i) => i.id));
    // Both oldest first, as the store returns them (ports.ts).
    return { citizen, reporter: sameReporter.filter((i) => !ids.has(i.id)) };
  }

  /**
   * The protocol's registration decision for a report and the patterns it makes (docs/measures.md), counting only the
   * earlier incidents `counts` accepts: a completed help request or a correction never counts itself.
   */
  async classify(
    team: TeamConfig,
    reporterId: string,
    data: Pick<ReportData, 'occurredAt' | 'category' | 'citizenRef' | 'stoppedAfterLimit'>,
    counts: (earlier: Incident) => boolean = () => true,
  ): Promise<RegistrationDecision & { pattern: Incident[]; reporterPattern: Incident[] }> {
    const found = await this.findPattern(team, reporterId, data);
    const pattern = found.citizen.filter(counts);
    const reporterPattern = found.reporter.filter(counts);
    const decision = decideRegistration({ category: data.category, stoppedAfterLimit: data.stoppedAfterLimit, patternFound: pattern.length > 0 });
    return { ...decision, pattern, reporterPattern };
  }

  /** The registration decision, its patterns and a measure in force on the citizen, as the incident records them. */
  private async assess(team: TeamConfig, reporterId: string, data: ReportData, counts?: (earlier: Incident) => boolean) {
    const decision = await this.classify(team, reporterId, data, counts);
    const measureInForce = await this.measureAt(team, data.citizenRef);
    return {
      registration: decision.status,
      registrationReason: decision.reason,
      patternIncidentIds: decision.pattern.map((i) => i.id),
      ...(decision.reporterPattern.length ? { reporterPatternIds: decision.reporterPattern.map((i) => i.id) } : {}),
      ...(measureInForce ? { measureInForce } : {}),
    };
  }

  private async build(id: string, reporter: Reporter, data: ReportData, now: Date): Promise<Incident> {
    const assessed = await this.assess(reporter.team, reporter.personId, data);
    const number = await nextIncidentNumber(this.store, reporter.team.id, now);
    const reportedAt = now.toISOString();
    return {
      id,
      number,
      teamId: reporter.team.id,
      reporterId: reporter.personId,
      platform: reporter.platform,
      locale: reporter.locale,
      reportedAt,
      ...formFacts(data),
      firstResponseRequested: data.firstResponseRequested,
      // A report about the past pages only when asked (docs/first-response.md: urgent window).
      firstResponse: needsFirstResponse(data.category, data.firstResponseRequested, isUrgent(data.occurredAt, reporter.team.firstResponse.urgentWindow, now)),
      ...(data.teamSummary ? { teamSummary: data.teamSummary } : {}),
      ...assessed,
      timeline: [{ at: reportedAt, type: 'reported', personId: reporter.personId }],
      version: 1,
    };
  }
}

/** The form's facts an incident takes over, when it is reported and when a help request's report completes it. */
const formFacts = (data: ReportData) => ({
  occurredAt: data.occurredAt,
  channel: data.channel,
  category: data.category,
  description: data.description,
  stoppedAfterLimit: data.stoppedAfterLimit,
  conversationEnded: data.conversationEnded,
  citizenRef: data.citizenRef,
  supportRequested: data.supportRequested,
  consentTeamMeeting: data.consentTeamMeeting,
});

/** The next human-readable number of the team's year: "2026-0042" (reports and help requests share it). */
export async function nextIncidentNumber(store: Store, teamId: string, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const seq = await store.nextSequence(`incident:${teamId}:${year}`);
  return `${year}-${String(seq).padStart(4, '0')}`;
}

/**
 * Read-modify-write with optimistic concurrency: `change` edits a fresh copy and returns true to write it,
 * false to leave the incident as it is. A concurrent writer makes it re-read and re-decide, so two instances
 * acknowledging at once end with exactly one winner. Returns the incident as written (or as found).
 */
export async function updateIncident(
  store: Store,
  id: string,
  change: (incident: Incident) => boolean,
): Promise<{ incident: Incident; changed: boolean } | undefined> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const incident = await store.incidents.get(id);
    if (!incident) return undefined;
    const expected = incident.version;
    if (!change(incident)) return { incident, changed: false };
    if (await store.incidents.replace(incident, expected)) return { incident, changed: true };
  }
  throw new Error(`incident ${id}: too many concurrent updates`);
}
