/**
 * Builds the Teams app package for upload (Teams admin center, Developer Portal, or "Upload a custom app"):
 *   dist/teams-app/{manifest.json, en.json, color.png, outline.png}
 *   dist/melden-teams-app.zip   (the same four files at the root of the zip)
 *
 * The committed manifest carries the placeholder GUID 00000000-0000-0000-0000-000000000000; this script puts
 * the real ids in the copy it packages and validates that copy against the schema bundled in
 * @microsoft/app-manifest (offline) before zipping. The zip is written with node:zlib only.
 *
 * Environment:
 *   MicrosoftAppId  required: the bot's Entra app (client) id; goes into bots[0].botId and composeExtensions[0].botId
 *   TEAMS_APP_ID    optional: the Teams app id (manifest "id"); default MicrosoftAppId
 *   BOT_DOMAIN      optional: host name of the bot (e.g. melden.example.org), added to validDomains
 *   APP_VERSION     optional: manifest "version" (semver); raise it for every upload of a changed package
 *
 * Run: MicrosoftAppId=<guid> npx tsx scripts/package-manifest.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { crc32 } from './make-icons';

const ROOT = join(__dirname, '..');
const MANIFEST_DIR = join(ROOT, 'manifest');
const OUT_DIR = join(ROOT, 'dist', 'teams-app');
const ZIP = join(ROOT, 'dist', 'melden-teams-app.zip');
const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const FILES = ['manifest.json', 'en.json', 'color.png', 'outline.png'] as const;

interface ZipEntry {
  name: string;
  data: Buffer;
}

/** A plain ZIP (deflate, no zip64, fixed 1980-01-01 timestamps so the same input gives the same bytes). */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const crc = crc32(entry.data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // flags: UTF-8 names
    local.writeUInt16LE(8, 8); // method: deflate
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra length
    locals.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal and external attributes: all 0
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + compressed.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, end]);
}

function requireGuid(name: string, value: string | undefined): string {
  if (!value || !GUID.test(value)) throw new Error(`${name} must be a GUID (got ${value ? `"${value}"` : 'nothing'})`);
  if (value === PLACEHOLDER) throw new Error(`${name} is still the placeholder GUID`);
  return value.toLowerCase();
}

async function main(): Promise<void> {
  const botId = requireGuid('MicrosoftAppId', process.env.MicrosoftAppId);
  const appId = process.env.TEAMS_APP_ID ? requireGuid('TEAMS_APP_ID', process.env.TEAMS_APP_ID) : botId;

  const manifest = JSON.parse(readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8'));
  manifest.id = appId;
  for (const bot of manifest.bots ?? []) bot.botId = botId;
  for (const extension of manifest.composeExtensions ?? []) extension.botId = botId;
  if (process.env.BOT_DOMAIN) manifest.validDomains = [process.env.BOT_DOMAIN];
  if (process.env.APP_VERSION) manifest.version = process.env.APP_VERSION;

  const schemaFile = join(
    dirname(require.resolve('@microsoft/app-manifest/package.json')),
    'build', 'json-schemas', 'teams', `v${manifest.manifestVersion}`, 'MicrosoftTeams.schema.json',
  );
  const errors = await AppManifestUtils.validateAgainstSchema(manifest, JSON.parse(readFileSync(schemaFile, 'utf8')));
  if (errors.length > 0) throw new Error(`manifest does not validate:\n  ${errors.join('\n  ')}`);

  mkdirSync(OUT_DIR, { recursive: true });
  const entries: ZipEntry[] = FILES.map((name) => ({
    name,
    data: name === 'manifest.json' ? Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8') : readFileSync(join(MANIFEST_DIR, name)),
  }));
  for (const entry of entries) writeFileSync(join(OUT_DIR, entry.name), entry.data);
  writeFileSync(ZIP, zip(entries));
  console.log(`wrote ${ZIP} (app id ${appId}, bot id ${botId})`);
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`package-manifest: ${err.message}`);
    process.exitCode = 1;
  });
}
