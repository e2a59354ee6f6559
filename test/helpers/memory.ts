/** Resident memory after a full garbage collection, so a growth figure shows retained memory, not GC lag. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export function settledRss(): number {
  gc();
  gc();
  return process.memoryUsage().rss;
}
