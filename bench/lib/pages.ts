/** Waiting for what arrives at the local connector: pages after a `hulp` tap. */
import { message } from '../../test/helpers/teams';
import type { BenchConnector } from './wire';
import type { Target } from './procs';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) return false;
    await sleep(5);
  }
  return true;
}

export const isPage = (c: { title?: string }) => c.title === 'Eerste opvang gevraagd';

/** Taps of `hulp` by new reporters of team `help`: time from the tap to the last of the five pages. */
export async function helpToPages(t: Target, connector: BenchConnector, taps: number, spacingMs: number, firstReporter = 0): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < taps; i++) {
    const started = Date.now();
    const from = connector.calls.length;
    await fetch(`${t.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message(connector.url, { id: `29:hm${firstReporter + i}`, name: `Melder ${i}` }, 'hulp')) }).then((r) => r.text());
    const pages = () => connector.calls.slice(from).filter((c) => c.status === 200 && isPage(c) && /^a:dm-29:hfr\d$/.test(c.conversationId ?? ''));
    await waitFor(() => new Set(pages().map((c) => c.conversationId)).size >= 5, 30_000);
    const got = pages();
    latencies.push(got.length >= 5 ? Math.max(...got.map((c) => c.at)) - started : 30_000);
    await sleep(spacingMs);
  }
  return latencies;
}
