/**
 * *Wijzigen*: the reporter corrects their own report within the team's edit window (default 24 h), instead of
 * sending a second report that would make a duplicate and a false pattern. The same incident changes; its
 * timeline gets an `edited` entry naming the fields (never their content); nobody is paged again; the
 * registration is decided again only when the category changed. Rules: docs/first-week.md.
 */
import { DateTime, Duration } from 'luxon';
import type { TeamConfig } from './people';
import { mayAct } from './access';
import type { PersonInTeam } from './directory';
import { updateIncident, type IncidentService } from './incidents';
import type { Incident } from './model';
import type { Clock, Store } from './ports';
import { REPORT_FIELDS, validateReport, type FieldErrors, type ReportData, type ReportField, type ReportFormValues } from './report-form';

export type EditOutcome =
  /** `changed`: the fields that changed (none when the same correction came again). */
  | { result: 'edited'; incident: Incident; changed: EditableField[] }
  /** Not the reporter, or another team: nothing of the incident is shown. */
  | { result: 'refused' }
  /** The window has closed; `until` is when it did. */
  | { result: 'expired'; incident: Incident; until: string }
  | { result: 'invalid'; incident: Incident; errors: FieldErrors };

/** What a correction may change: everything on the form except "Ik wil nu eerste opvang" (paging already ran). */
/** The form's date and time become `occurredAt`; the first-response toggle is not offered again. */
const NOT_EDITABLE = ['firstResponse', 'date', 'time'] as const satisfies readonly ReportField[];
export type EditableField = 'occurredAt' | Exclude<ReportField, (typeof NOT_EDITABLE)[number]>;
export const EDITABLE_FIELDS: readonly EditableField[] = [
  'occurredAt',
  ...REPORT_FIELDS.filter((f): f is Exclude<ReportField, (typeof NOT_EDITABLE)[number]> => !(NOT_EDITABLE as readonly string[]).includes(f)),
] satisfies readonly (keyof ReportData & keyof Incident)[];

/** The end of the edit window: the report time plus the team's `editWindow`. */
export function editableUntil(incident: Pick<Incident, 'reportedAt'>, team: Pick<TeamConfig, 'editWindow'>): string {
  return new Date(new Date(incident.reportedAt).getTime() + Duration.fromISO(team.editWindow).toMillis()).toISOString();
}

export const editWindowOpen = (incident: Pick<Incident, 'reportedAt'>, team: Pick<TeamConfig, 'editWindow'>, now: Date): boolean =>
  now.getTime() <= new Date(editableUntil(incident, team)).getTime();

/** The incident as the report form's values, for the pre-filled form *Wijzigen* opens. */
export function formValuesOf(incident: Incident, zone: string): ReportFormValues {
  const local = DateTime.fromISO(incident.occurredAt, { zone });
  const flag = (b: boolean) => (b ? 'true' : 'false');
  return {
    date: local.toFormat('yyyy-MM-dd'),
    time: local.toFormat('HH:mm'),
    channel: incident.channel,
    category: incident.category ?? '',
    description: incident.description,
    stoppedAfterLimit: flag(incident.stoppedAfterLimit),
    conversationEnded: flag(incident.conversationEnded),
    citizenRef: incident.citizenRef ?? '',
    firstResponse: flag(incident.firstResponseRequested),
    supportRequested: flag(incident.supportRequested),
    consentTeamMeeting: flag(incident.consentTeamMeeting),
    teamSummary: incident.teamSummary ?? '',
  };
}

function differences(incident: Incident, data: ReportData): EditableField[] {
  return EDITABLE_FIELDS.filter((f) => (incident[f] ?? '') !== (data[f] ?? ''));
}

export class EditService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly incidents: IncidentService,
    /** After a change: the follow-ups that must hear of it (aftercare asked for now); idempotent, never a new page. */
    private readonly onEdited: (incident: Incident) => Promise<void> = async () => {},
  ) {}

  /** May `who` open the form for this incident now? The same checks as the submission, without changing anything. */
  async check(incidentId: string, who: PersonInTeam): Promise<Exclude<EditOutcome, { result: 'invalid' }>> {
    const incident = incidentId ? await this.store.incidents.get(incidentId) : undefined;
    if (!incident || !mayAct(incident, who, { type: 'report.edit' })) return { result: 'refused' };
    if (!editWindowOpen(incident, who.team, this.clock.now())) return { result: 'expired', incident, until: editableUntil(incident, who.team) };
    return { result: 'edited', incident, changed: [] };
  }

  /** The corrected form: the same incident changes once, however often the same correction is submitted. */
  async edit(incidentId: string, who: PersonInTeam, values: ReportFormValues): Promise<EditOutcome> {
    const checked = await this.check(incidentId, who);
    if (checked.result !== 'edited') return checked;
    const now = this.clock.now();
    const valid = validateReport(values, now, who.team.timezone);
    if (!valid.ok) return { result: 'invalid', incident: checked.incident, errors: valid.errors };
    const data = valid.data;
    // A changed category is classified again; the pattern never counts this incident itself.
    const decision =
      data.category !== checked.incident.category
        ? await this.incidents.classify(who.team, who.person.id, data, (i) => i.id !== incidentId)
        : undefined;
    let changed: EditableField[] = [];
    const updated = await updateIncident(this.store, incidentId, (incident) => {
      changed = differences(incident, data);
      if (changed.length === 0) return false;
      for (const field of changed) {
        if (data[field] === undefined) delete incident[field as 'citizenRef' | 'teamSummary'];
        else (incident as unknown as Record<string, unknown>)[field] = data[field];
      }
      if (decision && changed.includes('category')) {
        incident.registration = decision.status;
        incident.registrationReason = decision.reason;
        incident.patternIncidentIds = decision.pattern.map((i) => i.id);
        if (decision.reporterPattern.length) incident.reporterPatternIds = decision.reporterPattern.map((i) => i.id);
        else delete incident.reporterPatternIds;
      }
      incident.timeline.push({ at: now.toISOString(), type: 'edited', personId: who.person.id, detail: changed.join(',') });
      return true;
    });
    if (!updated) return { result: 'refused' };
    if (updated.changed) await this.onEdited(updated.incident);
    return { result: 'edited', incident: updated.incident, changed: updated.changed ? changed : [] };
  }
}
