/**
 * The Teams app package: manifest and localization file against the JSON schemas bundled in
 * @microsoft/app-manifest (offline: the network is blocked during the test), the icons' sizes and
 * pixels, and the command words the bot must understand.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { AppManifestUtils } from '@microsoft/app-manifest';

// @microsoft/app-manifest requires strip-bom@5, which is ESM only; Node 20 loads it, but Jest's CommonJS
// runtime cannot (before Node 24.9). Stand in for the package's own nested copy with the same one-liner.
jest.mock(
  require.resolve('strip-bom', { paths: [require('node:path').dirname(require.resolve('@microsoft/app-manifest'))] }),
  () => ({ __esModule: true, default: (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) }),
);

const MANIFEST_DIR = join(__dirname, '..', '..', 'manifest');
const readJson = (file: string): Record<string, any> => JSON.parse(readFileSync(join(MANIFEST_DIR, file), 'utf8'));

const manifest = readJson('manifest.json');

/** The schemas ship inside the package under build/json-schemas/teams/v<version>/. */
const packageDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
const schemaDir = join(packageDir, 'build', 'json-schemas', 'teams', `v${manifest.manifestVersion}`);
const bundledSchema = (name: string) => JSON.parse(readFileSync(join(schemaDir, name), 'utf8'));

describe('Teams app manifest', () => {
  let fetchSpy: jest.SpyInstance;
  beforeEach(() => {
    // Prove validation is offline: any attempt to download a schema fails the test.
    fetchSpy = jest.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('network is not allowed in this test'));
  });
  afterEach(() => fetchSpy.mockRestore());

  it('points $schema at the published schema of its manifestVersion', () => {
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
  });

  it('validates against the bundled schema with 0 errors', async () => {
    const errors = await AppManifestUtils.validateAgainstSchema(manifest as never, bundledSchema('MicrosoftTeams.schema.json'));
    expect(errors).toEqual([]);
  });

  it('validates through $schema, resolved to the bundled copy without network', async () => {
    const errors = await AppManifestUtils.validateAgainstSchema(manifest as never);
    expect(errors).toEqual([]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('reads back through the package\'s typed converter as a v' + manifest.manifestVersion + ' manifest', async () => {
    const [typed, errors] = await AppManifestUtils.readAndValidateTeamsManifest(join(MANIFEST_DIR, 'manifest.json'));
    expect(errors).toEqual([]);
    expect(typed.manifestVersion).toBe(manifest.manifestVersion);
  });

  it('is really checked: a broken manifest yields errors', async () => {
    const broken = { ...manifest, bots: [{ ...manifest.bots[0], scopes: ['everywhere'] }] };
    const errors = await AppManifestUtils.validateAgainstSchema(broken as never, bundledSchema('MicrosoftTeams.schema.json'));
    expect(errors.length).toBeGreaterThan(0);
  });

  it('uses one placeholder GUID for the app and the bot (set by scripts/package-manifest.ts)', () => {
    expect(manifest.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(manifest.bots[0].botId).toBe(manifest.id);
    expect(manifest.composeExtensions[0].botId).toBe(manifest.bots[0].botId);
  });

  it('is Dutch-first with an English localization file', () => {
    expect(manifest.name).toEqual({ short: 'Melden', full: 'Melden — Veilige Publieke Dienstverlening' });
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('nl-NL');
    expect(manifest.localizationInfo.additionalLanguages).toEqual([{ languageTag: 'en-US', file: 'en.json' }]);
  });

  it('has a localization file that validates against the bundled localization schema', () => {
    const en = readJson('en.json');
    expect(en.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.Localization.schema.json`);
    // AppManifestUtils cannot compile this schema: one of its patterns ("\b]") is invalid under ajv's default
    // unicode regexes. So compile it with the package's own ajv (draft-04, same formats), unicode off.
    const requireFromPackage = createRequire(require.resolve('@microsoft/app-manifest'));
    const Ajv = requireFromPackage('ajv-draft-04');
    const addFormats = requireFromPackage('ajv-formats');
    const ajv = new Ajv({ allErrors: true, strictTypes: false, unicodeRegExp: false });
    addFormats(ajv, ['uri', 'email', 'regex']);
    const validate = ajv.compile(bundledSchema('MicrosoftTeams.Localization.schema.json'));
    expect(validate(en) ? [] : validate.errors).toEqual([]);
    expect(validate({ ...en, 'bots[0].unknown': 'x' })).toBe(false);
  });

  it('keeps the bot command words untranslated in every language (they are what the bot reads)', () => {
    const en = readJson('en.json');
    expect(Object.keys(en).filter((key) => /^bots\[0\]\.commandLists\[\d\]\.commands\[\d\]\.title$/.test(key))).toEqual([]);
  });
});

describe('bot commands in the manifest', () => {
  // Deliberately not imported from src/bots: the words are a contract the bot has to keep.
  const bot = manifest.bots[0];

  it('offers hulp, melden, help and wie heeft dienst in personal and team scope', () => {
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    // Files: the quarterly GIR export reaches the lead as a file through a file consent card (review-commands.ts).
    expect(bot.supportsFiles).toBe(true);
    expect(bot.commandLists).toHaveLength(1);
    expect([...bot.commandLists[0].scopes].sort()).toEqual(['personal', 'team']);
    expect(bot.commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual(['hulp', 'melden', 'help', 'wie heeft dienst']);
  });

  it('has two message extension actions, hulp (first) and melden, that fetch their dialog from the bot', () => {
    expect(manifest.composeExtensions).toHaveLength(1);
    const commands = manifest.composeExtensions[0].commands;
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatchObject({ id: 'hulp', type: 'action', fetchTask: true, title: 'Hulp nu' });
    expect(commands[1]).toMatchObject({ id: 'melden', type: 'action', fetchTask: true, title: 'Melden' });
    for (const c of commands) expect([...c.context].sort()).toEqual(['commandBox', 'compose']);
  });
});

// ---------------------------------------------------------------- icons

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  idat: Buffer;
}

function readPng(file: string): Png {
  const buf = readFileSync(join(MANIFEST_DIR, file));
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const idat: Buffer[] = [];
  let header: Omit<Png, 'idat'> | undefined;
  for (let offset = 8; offset < buf.length; ) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), bitDepth: data[8]!, colorType: data[9]!, interlace: data[12]! };
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  if (!header) throw new Error(`${file}: no IHDR chunk`);
  return { ...header, idat: Buffer.concat(idat) };
}

/** Decodes 8-bit RGBA, non-interlaced (all five PNG row filters). */
function rgbaPixels(png: Png): Uint8Array {
  const bpp = 4;
  const stride = png.width * bpp;
  const raw = inflateSync(png.idat);
  const out = new Uint8Array(stride * png.height);
  for (let y = 0; y < png.height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= bpp ? out[y * stride + x - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`unknown PNG filter ${filter}`);
      out[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return out;
}

describe('Teams app icons', () => {
  it('are referenced by the manifest', () => {
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('color.png is 192×192', () => {
    const png = readPng('color.png');
    expect([png.width, png.height]).toEqual([192, 192]);
  });

  it('outline.png is 32×32 RGBA, only white pixels on transparent, and not empty', () => {
    const png = readPng('outline.png');
    expect([png.width, png.height]).toEqual([32, 32]);
    expect({ bitDepth: png.bitDepth, colorType: png.colorType, interlace: png.interlace }).toEqual({ bitDepth: 8, colorType: 6, interlace: 0 });
    const pixels = rgbaPixels(png);
    const offending: string[] = [];
    let opaque = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b, alpha] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
      if (alpha === 0) continue;
      if (alpha === 255) opaque++;
      if (r !== 255 || g !== 255 || b !== 255) offending.push(`(${(i / 4) % 32},${Math.floor(i / 4 / 32)})`);
    }
    expect(offending).toEqual([]);
    expect(opaque).toBeGreaterThan(50);
  });
});
