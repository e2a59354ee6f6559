/**
 * Acute help (`hulp`): one tap, no form first. The incident exists from the tap; everyone on first-response duty
 * is paged at once (PagingService), the lead is told, and the report may follow later — pre-filled, with one
 * gentle reminder if it does not come. The rules are in docs/first-response.md.
 */
import { DateTime } from 'luxon';
import type { TeamConfig } from './people';
import { DEFAULT_AFTERCARE_PLAN } from './aftercare-plan';
import { deliverTo } from './delivery';
import { incidentIdFor, nextIncidentNumber, updateIncident, type Reporter } from './incidents';
import type { HelpView, OutboundMessage } from './messages';
import type { Incident } from './model';
import type { PagingService } from './paging';
import { DomainService, type ServicePorts } from './domain-service';
import type { JobHandlers, JobKind } from './job-kinds';
import { nextWorkingMoment } from './working-calendar';
import { waitAtMost } from './wait';

export const HELP_JOBS = { start: 'help.start', tellLead: 'help.tell-lead', reminder: 'help.report-reminder' } as const satisfies Record<string, JobKind>;

/** A second tap (or `hulp` typed again) within this time joins the open request instead of paging anew. */
const JOIN_WINDOW_MS = 10 * 60_000;
/** The one reminder to complete the report: this long after the tap, moved into working hours. */
const REMINDER_AFTER_HOURS = 3;
export const PLACE_MAX = 80;

export class HelpService extends DomainService {
  constructor(ports: ServicePorts, private readonly paging: PagingService) {
    super(ports);
  }

  handlers(): JobHandlers {
    return {
      [HELP_JOBS.start]: ({ payload }) => this.start(payload.incidentId),
      [HELP_JOBS.tellLead]: ({ payload }) => this.tellLead(payload.incidentId, payload.personId),
      [HELP_JOBS.reminder]: ({ payload }) => this.remind(payload.incidentId),
    };
  }

  /**
   * The tap. Creates the help incident (or joins the reporter's open one), pages at once, and answers with the
   * incident as it is after the pages went out (waiting at most `waitMs` for them). `key` identifies the tap: the
   * same key gives the same incident (a form id, so a form with "eerste opvang nu" that is not complete yet pages
   * first and is completed later).
   */
  async request(reporter: Reporter, key: string, waitMs = 1000): Promise<Incident> {
    const now = this.clock.now();
    const id = incidentIdFor(reporter.team.id, key);
    const incident = (await this.store.incidents.get(id)) ?? (await this.openRequest(reporter, now)) ?? (await this.create(id, reporter, now));
    const jobId = `help:${incident.id}`;
    await this.jobs.schedule({ id: jobId, kind: HELP_JOBS.start, dueAt: now, payload: { incidentId: incident.id } });
    // A failed run is the scheduler's to retry (and to log); the reporter is answered either way.
    await waitAtMost(this.jobs.runNow(jobId).catch(() => false), waitMs);
    return (await this.store.incidents.get(incident.id)) ?? incident;
  }

  /** "Waar ben je?": the place shows on every page card at once. The reporter only. */
  async setPlace(incidentId: string, personId: string, place: unknown): Promise<Incident | undefined> {
    const text = typeof place === 'string' ? place.replace(/\s+/g, ' ').trim().slice(0, PLACE_MAX) : '';
    if (!text) return this.store.incidents.get(incidentId);
    const updated = await updateIncident(this.store, incidentId, (incident) => {
      if (incident.reporterId !== personId || !incident.help || incident.help.place === text) return false;
      incident.help.place = text;
      incident.timeline.push({ at: this.clock.now().toISOString(), type: 'place-given', personId });
      return true;
    });
    if (updated?.changed) await this.paging.placeChanged(updated.incident);
    return updated?.incident;
  }

  /** "Ik ben veilig": everyone stands down (page cards updated, no further escalation). The reporter only. */
  safe(incidentId: string, personId: string): Promise<Incident | undefined> {
    return this.paging.standDown(incidentId, personId);
  }

  /** The reporter's own view of the request (the answer to the tap, and to "Ik ben veilig" / "Waar ben je?"). */
  view(incident: Incident, team: TeamConfig): OutboundMessage {
    const paging = incident.paging;
    const state: HelpView['state'] =
      paging?.status === 'stood-down' ? 'safe' : paging?.status === 'acknowledged' ? 'coming' : paging?.status === 'exhausted' || !paging ? 'nobody' : 'paging';
    const help: HelpView = {
      incidentId: incident.id,
      incidentNumber: incident.number,
      state,
      pagedNames: this.paging.pagedNames(incident),
      comingName: paging?.acknowledgedBy ? this.directory.person(team.id, paging.acknowledgedBy)?.name : undefined,
      place: incident.help?.place,
      places: team.firstResponse.places,
      reportPending: !!incident.help?.reportPending,
      threat: incident.category === 'threat',
    };
    return { type: 'help', locale: incident.locale, help };
  }

  /** Starts paging (idempotent), tells the leads, plans the reminder. Durable: a crash before it ran repeats it. */
  private async start(incidentId: string): Promise<void> {
    await this.paging.start(incidentId);
    const incident = await this.store.incidents.get(incidentId);
    if (!incident?.help) return;
    const team = this.directory.teamOf(incident);
    const leads = team.people.filter((p) => p.roles.includes('lead') && !p.absent && p.id !== incident.reporterId);
    await Promise.all(
      leads.map(async (lead) => {
        const id = `help-lead:${incidentId}:${lead.id}`;
        await this.jobs.schedule({ id, kind: HELP_JOBS.tellLead, dueAt: this.clock.now(), payload: { incidentId, personId: lead.id } });
        await this.jobs.runNow(id);
      }),
    );
    const workingHours = team.aftercare.workingHours ?? DEFAULT_AFTERCARE_PLAN.workingHours;
    const due = nextWorkingMoment(DateTime.fromISO(incident.help.requestedAt, { zone: team.timezone }).plus({ hours: REMINDER_AFTER_HOURS }), {
      timezone: team.timezone,
      workingHours,
    });
    await this.jobs.schedule({ id: `help-reminder:${incidentId}`, kind: HELP_JOBS.reminder, dueAt: due.toJSDate(), payload: { incidentId } });
  }

  private async tellLead(incidentId: string, personId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    const lead = incident && this.directory.person(incident.teamId, personId);
    if (!incident || !lead) return;
    const names = this.paging.pagedNames(incident).join(', ') || '—';
    const reporter = this.directory.person(incident.teamId, incident.reporterId)?.name ?? incident.reporterId;
    await deliverTo(this.messenger, lead, incident.platform, {
      type: 'notice',
      locale: lead.locale ?? incident.locale,
      key: 'lead.helpRequested',
      vars: { reporter, number: incident.number, names },
    });
  }

  /** One gentle reminder, only while the report is still missing. */
  private async remind(incidentId: string): Promise<void> {
    const incident = await this.store.incidents.get(incidentId);
    if (!incident?.help?.reportPending) return;
    const team = this.directory.teamOf(incident);
    const reporter = this.directory.person(team.id, incident.reporterId);
    if (!reporter) return;
    const message = this.view(incident, team);
    if (message.type === 'help') message.help.reminder = true;
    await deliverTo(this.messenger, reporter, incident.platform, message);
  }

  /** The reporter's request of the last minutes that is still open (a second tap must not page everyone again). */
  private async openRequest(reporter: Reporter, now: Date): Promise<Incident | undefined> {
    const from = new Date(now.getTime() - JOIN_WINDOW_MS).toISOString();
    const recent = await this.store.incidents.find({ teamId: reporter.team.id, reporterId: reporter.personId, from });
    return recent.reverse().find((i) => i.help && i.paging?.status !== 'stood-down' && i.platform === reporter.platform);
  }

  private async create(id: string, reporter: Reporter, now: Date): Promise<Incident> {
    const at = now.toISOString();
    const incident: Incident = {
      id,
      number: await nextIncidentNumber(this.store, reporter.team.id, now),
      teamId: reporter.team.id,
      reporterId: reporter.personId,
      platform: reporter.platform,
      locale: reporter.locale,
      occurredAt: at,
      reportedAt: at,
      channel: 'other',
      description: '',
      stoppedAfterLimit: false,
      conversationEnded: false,
      firstResponseRequested: true,
      supportRequested: false,
      firstResponse: true,
      consentTeamMeeting: false,
      registration: 'not-required',
      registrationReason: 'help-request',
      patternIncidentIds: [],
      timeline: [{ at, type: 'help-requested', personId: reporter.personId }],
      help: { requestedAt: at, reportPending: true },
      version: 1,
    };
    const result = await this.store.incidents.create(incident);
    return result === 'created' ? incident : ((await this.store.incidents.get(id)) ?? incident);
  }
}
