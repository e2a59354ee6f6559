/** A real SQLite store whose `create` on one repository is slow or fails, as a busy database would. */
import { join } from 'node:path';
import type { Store } from '../../src/services/ports';
import { SqliteStore } from '../../src/store/sqlite';

export interface Trouble {
  delayMs?: number;
  fail?: boolean;
}

export function troubledStore(dir: string, repository: 'incidents' | 'actions', trouble: Trouble): { store: Store; real: SqliteStore } {
  const real = new SqliteStore(join(dir, 'melden.sqlite'));
  const troubled = new Proxy(real[repository], {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'create') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        await new Promise((r) => setTimeout(r, trouble.delayMs ?? 0));
        if (trouble.fail) throw new Error('database is locked');
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const store = new Proxy(real, { get: (target, prop) => (prop === repository ? troubled : (Reflect.get(target, prop) as unknown)) }) as Store;
  return { store, real };
}
