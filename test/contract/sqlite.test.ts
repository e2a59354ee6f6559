/** The Store contract against the embedded SQLite store: a temp file, a second instance = a second connection. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/services/ports';
import { SqliteStore } from '../../src/store/sqlite';
import { storeContract } from './store-contract';

storeContract('SqliteStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'melden-contract-'));
  const file = join(dir, 'melden.sqlite');
  const opened: Store[] = [];
  const open = async () => {
    const store = new SqliteStore(file);
    opened.push(store);
    return store;
  };
  return {
    open,
    another: open,
    async dispose() {
      for (const store of opened) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
