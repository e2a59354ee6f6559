/** Every card the bot sends, filled with sample data: walked by the card validation test and the render script. */
import { confirmationCard, noticeCard, reportFormCard, welcomeCard } from '../../src/cards/teams/report';
import { helpCard } from '../../src/cards/teams/help';
import { pageCard } from '../../src/cards/teams/page';
import { checkinCard, taskCard } from '../../src/cards/teams/aftercare';
import { sanctionCard } from '../../src/cards/teams/sanction';
import { measureCard, withConfirmationWarning } from '../../src/cards/teams/measures';
import type { SanctionView } from '../../src/services/messages';
import type { CheckinView, TaskView } from '../../src/services/messages';
import type { PageView } from '../../src/services/messages';
import type { AdaptiveCardJson } from '../../src/cards/teams/templates';
import type { Incident } from '../../src/services/model';
import { LOCALES } from '../../src/services/protocol';
import { reviewSampleCards } from './review-samples';

export const sampleIncident: Incident = {
  id: 'inc-sample',
  number: '2026-0042',
  teamId: 'kcc-noord',
  reporterId: 'fleur',
  platform: 'teams',
  locale: 'nl',
  occurredAt: '2026-11-20T09:41:00.000Z',
  reportedAt: '2026-11-20T09:50:00.000Z',
  channel: 'phone',
  category: 'threat',
  description: 'Beller dreigde "ik weet waar je woont" en ${$root.secret} [klik](https://example.org)',
  stoppedAfterLimit: false,
  conversationEnded: true,
  citizenRef: 'Z-2026-1234',
  firstResponseRequested: true,
  supportRequested: false,
  firstResponse: true,
  consentTeamMeeting: true,
  registration: 'required',
  registrationReason: 'threat',
  patternIncidentIds: [],
  timeline: [],
  version: 1,
};

export function sampleCards(): Record<string, AdaptiveCardJson> {
  const cards: Record<string, AdaptiveCardJson> = {};
  for (const locale of LOCALES) {
    cards[`report-form.${locale}`] = reportFormCard({
      locale,
      formId: 'form-1',
      mode: 'execute',
      values: { date: '2026-11-20', time: '10:41', channel: 'phone', firstResponse: 'false', consentTeamMeeting: 'false' },
    });
    cards[`report-form-errors.${locale}`] = reportFormCard({
      locale,
      formId: 'form-1',
      mode: 'submit',
      values: { date: '2026-11-20', time: '10:41', channel: 'phone', category: 'threat', description: 'x'.repeat(2001), citizenRef: 'Jan Jansen' },
      errors: { description: 'too-long', citizenRef: 'citizen-ref-format', date: 'in-future' },
    });
    cards[`confirmation.${locale}`] = confirmationCard({
      locale,
      incident: { ...sampleIncident, locale },
      timezone: 'Europe/Amsterdam',
      teamNorm: 'Bij elke bedreiging beëindigen we het gesprek en melden we het direct.',
      duplicate: false,
    });
    cards[`confirmation-emotion.${locale}`] = confirmationCard({
      locale,
      incident: { ...sampleIncident, locale, category: 'emotion-self', registration: 'not-required', registrationReason: 'emotion', firstResponse: false, consentTeamMeeting: false },
      timezone: 'Europe/Amsterdam',
      duplicate: true,
    });
    const page: PageView = {
      incidentId: 'inc-sample',
      incidentNumber: '2026-0042',
      reporterName: 'Fleur Mulder',
      channel: 'desk',
      category: 'threat',
      occurredAt: '2026-11-20T09:41:00.000Z',
      timezone: 'Europe/Amsterdam',
      wantsSupport: true,
      help: false,
      urgent: true,
      state: 'open',
      viewerIds: ['29:anna', '29:bram'],
    };
    cards[`page-open.${locale}`] = pageCard(locale, page);
    cards[`page-acknowledged.${locale}`] = pageCard(locale, { ...page, state: 'acknowledged', acknowledgedByName: 'Anna de Vries', acknowledgedAt: '2026-11-20T09:42:00.000Z' });
    cards[`page-acknowledged-you.${locale}`] = pageCard(locale, { ...page, state: 'acknowledged', acknowledgedByName: 'Anna de Vries', acknowledgedAt: '2026-11-20T09:42:00.000Z', viewerIsAcknowledger: true });
    cards[`page-exhausted.${locale}`] = pageCard(locale, { ...page, state: 'exhausted' });
    const help: PageView = { ...page, help: true, category: undefined, channel: undefined, place: 'Balie 3', reporterEmail: 'fleur@gemeente.example' };
    cards[`page-help.${locale}`] = pageCard(locale, help);
    cards[`page-help-done.${locale}`] = pageCard(locale, { ...help, state: 'acknowledged', acknowledgedByName: 'Anna de Vries', acknowledgedAt: '2026-11-20T09:42:00.000Z', viewerIsAcknowledger: true, completedAt: '2026-11-20T10:02:00.000Z' });
    cards[`page-stood-down.${locale}`] = pageCard(locale, { ...help, state: 'stood-down' });
    cards[`page-past.${locale}`] = pageCard(locale, { ...page, category: 'verbal-aggression', urgent: false });
    const helpView = { incidentId: 'inc-sample', incidentNumber: '2026-0042', state: 'paging' as const, pagedNames: ['Anna de Vries', 'Bram Jansen'], places: ['Balie 3', 'Spreekkamer 2', 'Thuiswerk'], reportPending: true, threat: false };
    cards[`help-paging.${locale}`] = helpCard(locale, helpView);
    cards[`help-free-place.${locale}`] = helpCard(locale, { ...helpView, places: [] });
    cards[`help-coming.${locale}`] = helpCard(locale, { ...helpView, state: 'coming', comingName: 'Anna de Vries', place: 'Balie 3' });
    cards[`help-nobody.${locale}`] = helpCard(locale, { ...helpView, state: 'nobody', pagedNames: [] });
    cards[`help-safe.${locale}`] = helpCard(locale, { ...helpView, state: 'safe' });
    cards[`help-reminder.${locale}`] = helpCard(locale, { ...helpView, reminder: true });
    cards[`form-prefilled.${locale}`] = reportFormCard({ locale, mode: 'execute', formId: 'form-x', completes: 'inc-sample', values: { firstResponse: 'true', date: '2026-11-20', time: '10:41' }, banner: { text: 'Je vroeg om 10:41 om hulp (Balie 3). Vul aan wat er gebeurde.', style: 'accent' } });
    const checkin: CheckinView = {
      incidentId: 'inc-sample',
      momentId: 'checkin-2w:fleur',
      incidentNumber: '2026-0042',
      kind: 'checkin-2w',
      subjectName: 'Fleur Mulder',
      aftercareName: 'Carla Bos',
      occurredAt: '2026-11-20T09:41:00.000Z',
      timezone: 'Europe/Amsterdam',
      state: 'open',
      offerAgain: true,
      reminder: false,
      teamText: 'Liever met iemand buiten het team praten? Bel de vertrouwenspersoon: 020-1234567.',
    };
    cards[`checkin-open.${locale}`] = checkinCard(locale, checkin, 'Kies hoe het met je gaat.');
    cards[`checkin-answered.${locale}`] = checkinCard(locale, { ...checkin, state: 'answered', answer: { feeling: 'okay', wantsTalk: true } });
    cards[`checkin-snoozed.${locale}`] = checkinCard(locale, { ...checkin, state: 'snoozed', snoozedUntil: '2026-12-07T08:00:00.000Z' });
    const task: TaskView = {
      kind: 'lead-support-talk',
      incidentId: 'inc-sample',
      momentId: 'lead-support-talk:fleur',
      incidentNumber: '2026-0042',
      subjectName: 'Fleur Mulder',
      occurredAt: '2026-11-20T09:41:00.000Z',
      timezone: 'Europe/Amsterdam',
      checkinStatus: 'open',
    };
    cards[`task-lead.${locale}`] = taskCard(locale, task);
    cards[`task-done.${locale}`] = taskCard(locale, { ...task, kind: 'lead-contact', doneAt: '2026-11-23T10:00:00.000Z', doneByName: 'Eva Smit' });
    cards[`task-note.${locale}`] = taskCard(locale, { ...task, kind: 'note', note: 'Ik slaap slecht. [link](https://x.example) ${$root.t}' });
    cards[`task-referral.${locale}`] = taskCard(locale, { ...task, kind: 'referral', feeling: 'bad' });
    const sanction: SanctionView = {
      incidentId: 'inc-sample',
      incidentNumber: '2026-0042',
      reporterName: 'Fleur Mulder',
      category: 'threat',
      channel: 'desk',
      occurredAt: '2026-11-20T09:41:00.000Z',
      timezone: 'Europe/Amsterdam',
      description: sampleIncident.description,
      citizenRef: 'Z-2026-1234',
      registrationReason: 'pattern',
      patternCount: 2,
    };
    cards[`sanction-open.${locale}`] = sanctionCard(locale, sanction, 'Kies een maatregel.');
    cards[`sanction-decided.${locale}`] = sanctionCard(locale, { ...sanction, decided: { measure: 'contact-ban', until: '2027-05-20', byName: 'Dirk Visser', at: '2026-11-21T10:00:00.000Z' } });
    const history = {
      incidents: [{ occurredAt: '2026-10-02T08:00:00.000Z', category: 'verbal-aggression' as const }],
      measures: [{ kind: 'contact-ban', startDate: '2026-10-05', endDate: '2027-01-31', inForce: true }],
      violated: { kind: 'contact-ban', endDate: '2027-01-31' },
    };
    cards[`sanction-history.${locale}`] = sanctionCard(locale, { ...sanction, history, catalogue: ['none', 'warning-letter', 'contact-ban'] });
    const measure = { measureId: 'msr-inc-sample', reason: 'ending' as const, kind: 'contact-ban', citizenRef: 'Z-2026-1234', incidentNumber: '2026-0042', startDate: '2026-11-20', endDate: '2027-01-31', instruction: '', inForce: true };
    cards[`measure-ending.${locale}`] = measureCard(locale, measure);
    cards[`measure-reevaluate.${locale}`] = measureCard(locale, { ...measure, reason: 'reevaluate' }, 'Kies een nieuwe einddatum vanaf vandaag.');
    cards[`measure-ended.${locale}`] = measureCard(locale, { ...measure, reason: 'ended', endedAt: '2026-12-01T10:00:00.000Z', inForce: false });
    const warned = { ...sampleIncident, measureInForce: { measureId: 'msr-1', kind: 'contact-ban', endDate: '2027-01-31', instruction: '' } };
    cards[`confirmation-measure.${locale}`] = withConfirmationWarning(confirmationCard({ locale, incident: warned, timezone: 'Europe/Amsterdam', duplicate: false }), locale, warned);
    cards[`welcome.${locale}`] = welcomeCard(locale);
    cards[`notice.${locale}`] = noticeCard('Tekst', 'Titel', 'Attention');
  }
  Object.assign(cards, reviewSampleCards());
  return cards;
}
