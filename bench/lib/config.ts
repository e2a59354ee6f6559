/** The benchmark's team configuration and sample data. */
import type { Incident } from '../../src/services/model';

/** A Monday, 10:00 in Amsterdam: every rota is on duty. The targets' clocks start here and run. */
export const CLOCK_AT = '2026-11-23T09:00:00.000Z';

const person = (id: string, name: string, roles: string[], slack = false) =>
  `      - { id: ${id}, name: ${name}, teamsUserId: "29:${id}"${slack ? `, slackUserId: U${id.toUpperCase()}` : ''}, roles: [${roles.join(', ')}] }`;

/**
 * The throughput cases' people: desk staff d0…d499, spread over 50 tenants. Teams limits a bot per conversation
 * (2 / s sustained) and per tenant (50 / s), and Melden keeps to that also for in-turn replies; these cases measure
 * the cost of answering, so their load is spread thin enough that no limit is reached (the fan-out case measures the
 * limits). The spread costs Melden more, not less: the service address it keeps for proactive messages is written
 * again whenever the tenant changes, which one municipality's single tenant never does. See README "Performance".
 */
export const DESK_PEOPLE = 500;
export const DESK_TENANTS = 50;
export const deskTenant = (i: number) => `tenant-desk-${i % DESK_TENANTS}`;

/**
 * Ten teams t0…t9 (a reporter r<i> also on Slack, a first responder fr<i>, a lead l<i>): the report → page cases
 * page one person per team, so a reporter's page does not queue behind another team's chat limits. Team `help`:
 * five first responders and 120 colleagues for the `hulp` taps. Team `fan`: the people who get a check-in each.
 */
export function benchConfig(fanout: number): string {
  const teams: string[] = [];
  for (let i = 0; i < 10; i++) {
    teams.push(`  - id: t${i}
    name: Team ${i}
    people:
${[person(`r${i}`, `Medewerker ${i}`, ['member'], true), person(`fr${i}`, `Opvanger ${i}`, ['member', 'first-responder']), person(`l${i}`, `Leidinggevende ${i}`, ['lead'])].join('\n')}
    firstResponse:
      rota: [fr${i}]`);
  }
  const helpPeople = [
    ...Array.from({ length: 5 }, (_, i) => person(`hfr${i}`, `Opvanger ${i}`, ['member', 'first-responder'])),
    person('hlead', 'Leidinggevende', ['lead']),
    ...Array.from({ length: 120 }, (_, i) => person(`hm${i}`, `Melder ${i}`, ['member'])),
  ];
  teams.push(`  - id: help
    name: Help
    people:
${helpPeople.join('\n')}
    firstResponse:
      rota: [${Array.from({ length: 5 }, (_, i) => `hfr${i}`).join(', ')}]`);
  const fanPeople = [person('fanlead', 'Leidinggevende', ['lead']), person('fancare', 'Nazorg', ['aftercare']), ...Array.from({ length: fanout }, (_, i) => person(`p${i}`, `Collega ${i}`, ['member']))];
  teams.push(`  - id: fan
    name: Fan
    people:
${fanPeople.join('\n')}`);
  teams.push(`  - id: desk
    name: Balie
    people:
${Array.from({ length: DESK_PEOPLE }, (_, i) => person(`d${i}`, `Baliemedewerker ${i}`, ['member'])).join('\n')}`);
  return `timezone: Europe/Amsterdam\nlocale: nl\nteams:\n${teams.join('\n')}\n`;
}

export function incidentSample(): Incident {
  const at = CLOCK_AT;
  return {
    id: 'inc-000000000000000000000001',
    number: '2026-0001',
    teamId: 't0',
    reporterId: 'r0',
    platform: 'teams',
    locale: 'nl',
    occurredAt: at,
    reportedAt: at,
    channel: 'phone',
    category: 'verbal-aggression',
    description: 'Schold mij uit aan de balie.',
    stoppedAfterLimit: false,
    conversationEnded: false,
    firstResponseRequested: false,
    supportRequested: false,
    firstResponse: false,
    consentTeamMeeting: false,
    registration: 'not-required',
    registrationReason: 'emotion',
    patternIncidentIds: [],
    timeline: [],
    version: 1,
  } as Incident;
}
