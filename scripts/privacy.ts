/**
 * Data-subject rights and the audit log, for the privacy officer or the functional administrator (docs/privacy.md):
 *
 *   npm run privacy -- export --citizen <ref> | --person <id> [--out file]   everything held, as readable JSON
 *   npm run privacy -- erase  --citizen <ref> | --person <id> --yes          anonymises; counts are kept
 *   npm run privacy -- audit [--team <id>] [--incident <id>] [--actor <id>] [--action <a>] [--from <iso>] [--to <iso>]
 *
 * Reads the same configuration and store as the bot (MELDEN_CONFIG, STORE, DATA_DIR or COSMOS_*). Every export,
 * erasure and audit read is itself written to the audit log (actor "operator", or --actor-id).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openStore } from '../src/app';
import { ConfigError, loadAppConfig } from '../src/config';
import { Directory } from '../src/services/directory';
import { systemClock } from '../src/services/ports';
import { PrivacyService } from '../src/services/privacy';

const USAGE = [
  'usage: npm run privacy -- export (--citizen <ref> | --person <id>) [--out <file>]',
  '       npm run privacy -- erase (--citizen <ref> | --person <id>) --yes',
  '       npm run privacy -- audit [--team <id>] [--incident <id>] [--actor <id>] [--action <action>] [--from <iso>] [--to <iso>]',
].join('\n');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      citizen: { type: 'string' },
      person: { type: 'string' },
      out: { type: 'string' },
      yes: { type: 'boolean', default: false },
      team: { type: 'string' },
      incident: { type: 'string' },
      actor: { type: 'string' },
      action: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'actor-id': { type: 'string', default: 'operator' },
    },
  });
  const subject = values.citizen ? 'citizen' : values.person ? 'person' : undefined;
  if (!['export', 'erase', 'audit'].includes(command ?? '') || (command !== 'audit' && (!subject || (values.citizen && values.person)))) {
    console.error(USAGE);
    return 2;
  }
  if (command === 'erase' && !values.yes) {
    console.error('erase changes the register for good: add --yes to confirm.');
    return 2;
  }
  const config = loadAppConfig(process.env);
  const store = openStore(config);
  try {
    const ready = (store as Partial<{ ready(): Promise<void> }>).ready;
    if (typeof ready === 'function') await ready.call(store);
    const privacy = new PrivacyService(store, systemClock, new Directory(config.teams.teams));
    const actor = values['actor-id']!;
    let result: unknown;
    if (command === 'export') {
      result = subject === 'citizen' ? await privacy.exportCitizen(values.citizen!, actor) : await privacy.exportPerson(values.person!, actor);
    } else if (command === 'erase') {
      result = subject === 'citizen' ? await privacy.eraseCitizen(values.citizen!, actor) : await privacy.erasePerson(values.person!, actor);
    } else {
      result = await privacy.readAudit(
        { teamIds: values.team ? [values.team] : undefined, incidentId: values.incident, actorId: values.actor, action: values.action, from: values.from, to: values.to },
        actor,
        values.team,
      );
    }
    const body = JSON.stringify(result, null, 2) + '\n';
    if (values.out) {
      writeFileSync(values.out, body);
      console.error(`wrote ${values.out}`);
    } else process.stdout.write(body);
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err instanceof ConfigError ? err.message : `privacy failed: ${err.message}`);
    process.exit(1);
  },
);
