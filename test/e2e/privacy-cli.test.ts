/**
 * `npm run privacy` on both stores (docs/privacy.md): the real script in a child process, on the same store files
 * (SQLite) or database (Cosmos wire server) the bot uses. An export gives everything held about the subject as JSON;
 * an erasure anonymises it (the incident and its counts stay); each leaves audit entries without content, which
 * `audit` lists.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Store } from '../../src/services/ports';
import { SqliteStore } from '../../src/store/sqlite';
import { incident } from '../contract/store-contract';
import { EXAMPLE_CONFIG } from '../helpers/app';
import { CosmosWireServer } from '../helpers/cosmos-server';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');

async function privacy(env: Record<string, string>, ...args: string[]): Promise<{ code: number; json: any; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/privacy.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', MELDEN_CONFIG: EXAMPLE_CONFIG, ...env },
    });
    return { code: 0, json: stdout.trim() ? JSON.parse(stdout) : undefined, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, json: undefined, stderr: e.stderr };
  }
}

async function seed(store: Store): Promise<void> {
  await store.incidents.create(incident({ id: 'i1', teamId: 'kcc-noord', reporterId: 'fleur', citizenRef: 'Z-4242', description: 'Meneer Jan de Vries schold' }));
  await store.incidents.create(incident({ id: 'i2', number: '2026-0002', teamId: 'kcc-noord', reporterId: 'anna', citizenRef: 'Z-7', description: 'Andere burger' }));
}

async function scenario(env: Record<string, string>, reopen: () => Promise<Store>): Promise<void> {
  const usage = await privacy(env, 'export');
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain('usage: npm run privacy');

  const citizen = await privacy(env, 'export', '--citizen', 'z-4242');
  expect(citizen.code).toBe(0);
  expect(citizen.json.subject).toEqual({ citizenRef: 'Z-4242' });
  expect(citizen.json.incidents.map((i: any) => [i.id, i.description])).toEqual([['i1', 'Meneer Jan de Vries schold']]);

  const person = await privacy(env, 'export', '--person', 'fleur');
  expect(person.json.reported.map((i: any) => i.id)).toEqual(['i1']);
  expect(person.json.configured).toEqual([expect.objectContaining({ teamId: 'kcc-noord', name: 'Fleur Mulder' })]);

  expect((await privacy(env, 'erase', '--citizen', 'Z-4242')).code).toBe(2); // without --yes nothing happens
  const erased = await privacy(env, 'erase', '--citizen', 'Z-4242', '--yes');
  expect(erased.json).toEqual({ incidents: 1, actions: 0, conversations: 0 });
  const erasedPerson = await privacy(env, 'erase', '--person', 'anna', '--yes');
  expect(erasedPerson.json.incidents).toBe(1);

  const store = await reopen();
  try {
    const i1 = (await store.incidents.get('i1'))!;
    expect(i1.citizenRef).toBeUndefined();
    expect(i1.description).toBe('');
    expect(i1.category).toBe('threat'); // the register still counts it
    const i2 = (await store.incidents.get('i2'))!;
    expect(i2.reporterId).toBe('erased');
    expect(i2.citizenRef).toBe('Z-7');
    expect((await store.incidents.stats({ teamId: 'kcc-noord' })).total).toBe(2);
  } finally {
    await store.close();
  }

  const audit = await privacy(env, 'audit', '--team', 'kcc-noord');
  expect(audit.json.map((e: any) => [e.actorId, e.action, e.incidentId])).toEqual([
    ['operator', 'privacy.export', 'i1'],
    ['operator', 'privacy.export', 'i1'],
    ['operator', 'privacy.erase', 'i1'],
    ['operator', 'privacy.erase', 'i2'],
  ]);
  // No content in the log: not the reference, not the person asked about, not the description.
  expect(JSON.stringify(audit.json)).not.toMatch(/Z-4242|fleur|Jan de Vries/);
  const all = await privacy(env, 'audit');
  expect(all.json.at(-1)).toMatchObject({ actorId: 'operator', action: 'audit.read', teamId: 'kcc-noord' });
}

test('SQLite: export, erase and audit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'melden-privacy-'));
  try {
    const file = join(dir, 'melden.sqlite');
    const store = new SqliteStore(file);
    await seed(store);
    await store.close();
    await scenario({ DATA_DIR: dir }, async () => new SqliteStore(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 150_000);

describe('Cosmos', () => {
  const server = new CosmosWireServer();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  test('export, erase and audit', async () => {
    const database = server.newDatabase('privacy');
    const store = await server.open(database);
    await seed(store);
    await store.close();
    await scenario(server.env(database), () => server.open(database));
  }, 150_000);
});
