/**
 * The GIR export laid out as the 7 W's (wie, wat, waar, wanneer, waarmee, waarom, hoe), in CSV for Dutch Excel
 * (UTF-8 with BOM, ";" between cells, CRLF) or JSON. Formula injection is defused: a cell starting with =, +, -, @,
 * tab or CR gets a leading apostrophe, so Excel shows it as text instead of running it.
 */
import { DateTime } from 'luxon';
import type { GirExport, GirRecord } from '../services/gir-export';
import { APPROACHES, PROTOCOL, type Locale } from '../services/protocol';
import { measureLabel } from './sanction-text';
import { t, type StringKey } from './strings';

export const GIR_COLUMNS = ['nummer', 'wanneer', 'wie', 'wat', 'omschrijving', 'waar', 'waarmee', 'waarom', 'hoe', 'regiemaatregel'] as const;
export type GirColumn = (typeof GIR_COLUMNS)[number];
export type GirRow = Record<GirColumn, string>;

export function girRow(r: GirRecord, locale: Locale): GirRow {
  const how = [
    APPROACHES[r.approach].title[locale],
    r.stoppedAfterLimit === undefined ? undefined : t(locale, r.stoppedAfterLimit ? 'export.stopped' : 'export.notStopped'),
    r.conversationEnded ? t(locale, 'export.ended') : undefined,
    t(locale, `export.firstResponse.${r.firstResponse}` as StringKey),
  ];
  const why = [t(locale, `export.reason.${r.registrationReason}` as StringKey), r.pattern && r.registrationReason !== 'pattern' ? t(locale, 'export.pattern') : undefined];
  const measure = r.sanction.decided
    ? [r.sanction.measure ? measureLabel(locale, r.sanction.measure) : '', r.sanction.until ? t(locale, 'export.until', { date: r.sanction.until }) : ''].filter(Boolean).join(' ')
    : t(locale, 'export.decisionPending');
  return {
    nummer: r.number,
    wanneer: DateTime.fromISO(r.occurredAt, { zone: r.timezone }).toFormat('yyyy-MM-dd HH:mm'),
    wie: r.reporterName ? t(locale, 'export.reporter', { name: r.reporterName }) : t(locale, 'export.anonymous'),
    wat: PROTOCOL[r.category].label[locale],
    omschrijving: r.description ?? t(locale, 'export.notShared'),
    waar: r.teamName,
    waarmee: t(locale, `channel.${r.channel}` as StringKey),
    // Commas, not semicolons, inside a cell: the CSV stays readable without quoting.
    waarom: why.filter(Boolean).join(', '),
    hoe: how.filter(Boolean).join(', '),
    regiemaatregel: measure,
  };
}

/** A cell Excel would run as a formula becomes text; cells with ; " or line breaks are quoted. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(data: GirExport, locale: Locale): Buffer {
  const lines = [GIR_COLUMNS.map((c) => csvCell(t(locale, `export.column.${c}` as StringKey))).join(';')];
  for (const record of data.records) {
    const row = girRow(record, locale);
    lines.push(GIR_COLUMNS.map((c) => csvCell(row[c])).join(';'));
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

/** The same rows as JSON, keyed by the W's, with the team and quarter. */
export function toJson(data: GirExport, locale: Locale): string {
  const { records, ...meta } = data;
  return JSON.stringify({ ...meta, rows: records.map((r) => girRow(r, locale)) }, null, 2) + '\n';
}
