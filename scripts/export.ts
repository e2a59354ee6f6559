/**
 * The quarter's registered incidents of one team in a GIR-oriented layout (the 7 W's), as CSV for Dutch Excel or
 * as JSON. Only what the reporters consented to share (see src/services/gir-export.ts).
 *
 *   npm run export -- --team kcc-noord --quarter 2026-Q4 [--format csv|json] [--locale nl|en] [--out file]
 *
 * Reads the same configuration and store as the bot (MELDEN_CONFIG, STORE, DATA_DIR or COSMOS_*). Without --out the file goes to
 * standard output: `npm run --silent export -- … > kwartaal.csv`.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openStore } from '../src/app';
import { ConfigError, loadAppConfig } from '../src/config';
import { Directory } from '../src/services/directory';
import { exportFileName, girExport } from '../src/services/gir-export';
import { toCsv, toJson } from '../src/cards/gir-format';
import { LOCALES, type Locale } from '../src/services/protocol';

const USAGE = 'usage: npm run export -- --team <id> --quarter <YYYY-Qn> [--format csv|json] [--locale nl|en] [--out <file>]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      team: { type: 'string' },
      quarter: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      locale: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values.team || !values.quarter || !['csv', 'json'].includes(values.format ?? '')) {
    console.error(USAGE);
    return 2;
  }
  const config = loadAppConfig(process.env);
  const teams = config.teams;
  const team = teams.teams.find((t) => t.id === values.team);
  if (!team) {
    console.error(`unknown team "${values.team}"; configured: ${teams.teams.map((t) => t.id).join(', ')}`);
    return 2;
  }
  if (values.locale && !(LOCALES as readonly string[]).includes(values.locale)) {
    console.error(USAGE);
    return 2;
  }
  const locale = (values.locale as Locale | undefined) ?? team.locale;
  const store = openStore(config);
  try {
    const ready = (store as Partial<{ ready(): Promise<void> }>).ready;
    if (typeof ready === 'function') await ready.call(store);
    const data = await girExport(store, new Directory(teams.teams), team, values.quarter);
    const body = values.format === 'json' ? Buffer.from(toJson(data, locale), 'utf8') : toCsv(data, locale);
    if (values.out) {
      writeFileSync(values.out, body);
      console.error(`wrote ${data.records.length} incident(s) of ${team.name}, ${data.quarter} to ${values.out} (suggested name ${exportFileName(data, values.format as 'csv' | 'json')})`);
    } else {
      process.stdout.write(body);
    }
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err instanceof ConfigError ? err.message : `export failed: ${err.message}`);
    process.exit(1);
  },
);
