/**
 * The team file parsed on a worker thread at start-up (src/config-thread.ts) gives what the synchronous parse
 * gives, and a bad file stops the process with the same field message. Run as real processes under tsx, so the
 * worker really starts (inside jest it could not load TypeScript and would fall back to the synchronous parse).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_CONFIG } from '../helpers/app';
import { loadTeamsConfig } from '../../src/config';

const ROOT = join(__dirname, '../..');
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--require', 'tsx/cjs', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });

test('off the main thread: the same team file as the synchronous parse, from a worker', () => {
  const script = `const { loadTeamsConfigOffThread } = require('./src/config-thread');
    let workers = 0;
    let answers = 0;
    process.on('worker', (w) => { workers++; w.on('message', (m) => { if (m.ok) answers++; }); });
    loadTeamsConfigOffThread(process.argv[1]).then((t) => process.stdout.write(JSON.stringify({ teams: t, workers, answers })));`;
  const result = run(['-e', script, EXAMPLE_CONFIG]);
  expect(result.stderr).toBe('');
  const out = JSON.parse(result.stdout);
  // One worker, and the file came from it (not from the synchronous fallback).
  expect([out.workers, out.answers]).toEqual([1, 1]);
  expect(out.teams).toEqual(JSON.parse(JSON.stringify(loadTeamsConfig(EXAMPLE_CONFIG))));
});

test('a bad team file stops the start with the field, parsed off the main thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'melden-cfg-'));
  const file = join(dir, 'melden.yaml');
  writeFileSync(file, 'teams:\n  - { id: x, name: X, people: [{ id: a, name: A }], firstResponse: { rota: [nobody] } }\n');
  const result = run(['src/index.ts'], { MELDEN_CONFIG: file, DATA_DIR: join(dir, 'data') });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('Melden kan niet starten / cannot start');
  expect(result.stderr).toContain('teams.0.firstResponse.rota.0: unknown person "nobody"');
  expect(result.stderr).not.toMatch(/\n\s+at /);
});
