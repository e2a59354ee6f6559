/**
 * The quarter's registered incidents in a layout for the incident register (GIR) and the police information form:
 * the 7 W's — wie, wat, waar, wanneer, waarmee, waarom, hoe. Only what the reporter consented to share: the
 * reporter's name and the description only with consent to discuss it in the team, never the citizen reference.
 * CSV for Dutch Excel: UTF-8 with BOM, ";" between cells, CRLF, and formula injection defused (a cell starting
 * with =, +, -, @, tab or CR gets a leading apostrophe, which Excel shows as text).
 */
import { DateTime } from 'luxon';
import type { TeamConfig } from '../config';
import type { Directory } from './directory';
import type { Incident } from './model';
import type { Store } from './ports';
import { APPROACHES, PROTOCOL, type Locale } from './protocol';
import { parsePeriod } from './review-calendar';

export const GIR_COLUMNS = ['nummer', 'wanneer', 'wie', 'wat', 'omschrijving', 'waar', 'waarmee', 'waarom', 'hoe', 'regiemaatregel'] as const;
export type GirColumn = (typeof GIR_COLUMNS)[number];
export type GirRow = Record<GirColumn, string>;

const HEADERS: Record<Locale, Record<GirColumn, string>> = {
  nl: {
    nummer: 'Meldingnummer',
    wanneer: 'Wanneer',
    wie: 'Wie',
    wat: 'Wat',
    omschrijving: 'Wat (omschrijving)',
    waar: 'Waar',
    waarmee: 'Waarmee',
    waarom: 'Waarom',
    hoe: 'Hoe',
    regiemaatregel: 'Regiemaatregel',
  },
  en: {
    nummer: 'Report number',
    wanneer: 'When',
    wie: 'Who',
    wat: 'What',
    omschrijving: 'What (description)',
    waar: 'Where',
    waarmee: 'By what means',
    waarom: 'Why registered',
    hoe: 'How handled',
    regiemaatregel: 'Sanction measure',
  },
};

const T = {
  nl: {
    reporter: (name: string) => `Medewerker: ${name}`,
    anonymous: 'Medewerker (naam niet gedeeld)',
    notShared: '(niet gedeeld door de melder)',
    channel: { phone: 'Telefoon', desk: 'Balie', email: 'E-mail', chat: 'Chat', 'home-visit': 'Huisbezoek', other: 'Anders' },
    reason: {
      threat: 'Bedreiging of intimidatie: altijd melden',
      'persisting-aggression': 'Agressie hield aan na grens stellen',
      pattern: 'Patroon: herhaling binnen de patroonperiode',
      corrected: 'Gecorrigeerd na aanspreken',
      emotion: 'Emotie',
    },
    pattern: 'patroon met eerdere meldingen',
    stopped: 'gedrag stopte na grens stellen',
    notStopped: 'gedrag stopte niet',
    ended: 'gesprek beëindigd',
    firstResponse: { acknowledged: 'eerste opvang door collega', 'not-reached': 'eerste opvang: niemand bereikt', pending: 'eerste opvang gevraagd', none: 'geen eerste opvang gevraagd' },
    pending: 'Besluit nog open',
  },
  en: {
    reporter: (name: string) => `Employee: ${name}`,
    anonymous: 'Employee (name not shared)',
    notShared: '(not shared by the reporter)',
    channel: { phone: 'Phone', desk: 'Front desk', email: 'Email', chat: 'Chat', 'home-visit': 'Home visit', other: 'Other' },
    reason: {
      threat: 'Threat or intimidation: always reported',
      'persisting-aggression': 'Aggression persisted after a limit was set',
      pattern: 'Pattern: recurrence within the pattern window',
      corrected: 'Corrected after being addressed',
      emotion: 'Emotion',
    },
    pattern: 'pattern with earlier reports',
    stopped: 'behaviour stopped after a limit was set',
    notStopped: 'behaviour did not stop',
    ended: 'conversation ended',
    firstResponse: { acknowledged: 'first response by a colleague', 'not-reached': 'first response: nobody reached', pending: 'first response requested', none: 'no first response requested' },
    pending: 'Decision pending',
  },
};

export function girRow(incident: Incident, team: TeamConfig, directory: Directory, locale: Locale): GirRow {
  const t = T[locale];
  const rule = PROTOCOL[incident.category];
  const consent = incident.consentTeamMeeting;
  const name = directory.person(team.id, incident.reporterId)?.name ?? incident.reporterId;
  const paging = incident.paging?.status;
  const firstResponse = !incident.firstResponse
    ? t.firstResponse.none
    : paging === 'acknowledged'
      ? t.firstResponse.acknowledged
      : paging === 'exhausted'
        ? t.firstResponse['not-reached']
        : t.firstResponse.pending;
  const how = [
    APPROACHES[rule.approach].title[locale],
    incident.category === 'verbal-aggression' ? (incident.stoppedAfterLimit ? t.stopped : t.notStopped) : undefined,
    incident.conversationEnded ? t.ended : undefined,
    firstResponse,
  ].filter(Boolean);
  const why = [t.reason[incident.registrationReason], incident.patternIncidentIds.length && incident.registrationReason !== 'pattern' ? t.pattern : undefined];
  return {
    nummer: incident.number,
    wanneer: DateTime.fromISO(incident.occurredAt, { zone: team.timezone }).toFormat('yyyy-MM-dd HH:mm'),
    wie: consent ? t.reporter(name) : t.anonymous,
    wat: rule.label[locale],
    omschrijving: consent ? incident.description : t.notShared,
    waar: team.name,
    waarmee: t.channel[incident.channel],
    waarom: why.filter(Boolean).join('; '),
    hoe: how.join('; '),
    regiemaatregel: incident.sanction?.decidedAt ? (incident.sanction.measure ?? '') : t.pending,
  };
}

export interface GirExport {
  teamId: string;
  teamName: string;
  quarter: string;
  from: string;
  to: string;
  rows: GirRow[];
}

/** The registered incidents (registration 'required') that occurred in the quarter, oldest first. */
export async function girExport(store: Store, directory: Directory, team: TeamConfig, quarter: string, locale: Locale = team.locale): Promise<GirExport> {
  const parsed = parsePeriod(quarter, team.timezone);
  if (!parsed || parsed.type !== 'quarter') throw new Error(`not a quarter: "${quarter}" (expected e.g. 2026-Q4)`);
  const { period } = parsed;
  const incidents = await store.incidents.find({ teamId: team.id, from: period.from, to: period.to });
  const rows = incidents.filter((i) => i.registration === 'required').map((i) => girRow(i, team, directory, locale));
  return { teamId: team.id, teamName: team.name, quarter: period.label, from: period.from, to: period.to, rows };
}

/** A cell that Excel would run as a formula is made text; quotes around cells with ; " or line breaks. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(data: GirExport, locale: Locale): Buffer {
  const lines = [GIR_COLUMNS.map((c) => csvCell(HEADERS[locale][c])).join(';')];
  for (const row of data.rows) lines.push(GIR_COLUMNS.map((c) => csvCell(row[c])).join(';'));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

export function toJson(data: GirExport): string {
  return JSON.stringify(data, null, 2) + '\n';
}

export function exportFileName(data: GirExport, format: 'csv' | 'json'): string {
  return `melden-${data.teamId}-${data.quarter}.${format}`;
}
