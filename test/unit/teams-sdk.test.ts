/**
 * src/bots/teams/sdk.ts takes each Bot Framework class from the module that defines it, to keep botbuilder's index
 * (and what it loads) out of the start-up. These checks make an SDK upgrade that moves a class fail here.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as botbuilder from 'botbuilder';
import * as sdk from '../../src/bots/teams/sdk';

const ROOT = join(__dirname, '../..');

describe('the Teams bot’s view of the Bot Framework SDK', () => {
  it.each(Object.keys(sdk))('%s is the very export of botbuilder', (name) => {
    const ours = (sdk as Record<string, unknown>)[name];
    expect(ours).toBeDefined();
    expect(ours).toBe((botbuilder as Record<string, unknown>)[name]);
  });

  it('loading the Teams platform leaves out what only botbuilder’s index needs', () => {
    // A fresh process: jest's own module registry would not show what Node itself loads.
    const script = "require('./src/bots/teams'); console.log(JSON.stringify(Object.keys(require.cache)))";
    const loaded = JSON.parse(execFileSync(join(ROOT, 'node_modules/.bin/tsx'), ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as string[];
    expect(loaded.some((file) => file.includes('/node_modules/botbuilder/lib/cloudAdapter.js'))).toBe(true);
    expect(loaded.filter((file) => /\/node_modules\/(fs-extra|htmlparser2|dayjs)\//.test(file))).toEqual([]);
  });
});
