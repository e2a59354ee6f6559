/**
 * The fan-out case: `count` check-ins due at once (seeded by bench/targets/melden.ts), sent against a connector
 * that enforces Teams' limits, with `hulp` taps meanwhile. Every check-in is accounted for: the case waits until
 * each person got theirs or until a deadline derived from the tenant limit (twice the time its budget needs for a
 * create and a send per person, plus 10 s), then a few seconds more for late duplicates.
 */
import { TEAMS_PER_TENANT, type BenchConnector, type WireCall } from './wire';
import { helpToPages, isPage, sleep, waitFor } from './pages';
import type { Target } from './procs';

export interface FanoutFigures {
  /**
   * Accepted requests per second in the steady state: from 1 s after the first fan-out request to 1 s before the
   * last (the whole span when it is shorter than 4 s).
   */
  rate: number;
  /** The most accepted requests in any 1 s window (the tenant limit is 50). */
  peak: number;
  rejected: number;
  /** The 429s by what was refused: check-in, page, create (a conversation) or other (a turn's answer, a notice). */
  rejectedBy: Record<string, number>;
  delivered: number;
  lost: number;
  duplicated: number;
  /** From the first fan-out request to the last check-in delivered. */
  drainMs: number;
  /** hulp → all five pages, one figure per tap during the fan-out. */
  pagesDuring: number[];
}

const isCheckin = (c: WireCall) => c.op === 'send' && /^a:dm-29:p\d+$/.test(c.conversationId ?? '');
const isFanout = (c: WireCall) => isCheckin(c) || !!c.createdFor?.startsWith('29:p');

function steadyRate(accepted: number[], first: number, last: number): number {
  const [from, to] = last - first >= 4000 ? [first + 1000, last - 1000] : [first, last];
  return accepted.filter((at) => at >= from && at < to).length / ((to - from) / 1000);
}

export async function fanout(target: Target, connector: BenchConnector, count: number, taps: number): Promise<FanoutFigures> {
  const tenantPerSecond = TEAMS_PER_TENANT[0].max;
  const deadlineMs = 2 * ((2 * count) / tenantPerSecond) * 1000 + 10_000;
  await waitFor(() => connector.calls.some(isFanout), 10_000);
  const started = Date.now();
  const delivered = () => new Set(connector.calls.filter((c) => c.status === 200 && isCheckin(c)).map((c) => c.conversationId)).size;
  const pagesDuring: number[] = [];
  for (let tap = 0; tap < taps && delivered() < count; tap++) {
    await sleep(2000);
    pagesDuring.push(...(await helpToPages(target, connector, 1, 0, 100 + tap)));
  }
  await waitFor(() => delivered() >= count, Math.max(0, started + deadlineMs - Date.now()));
  await sleep(5000); // a check-in sent twice would arrive by now (a job run again after a failure backs off ~5 s)

  const calls = connector.calls;
  const fan = calls.filter(isFanout);
  const first = Math.min(...fan.map((c) => c.at));
  const last = Math.max(...fan.map((c) => c.at));
  const accepted = calls.filter((c) => c.status === 200 && c.at >= first && c.at <= last).map((c) => c.at).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < accepted.length; i++) {
    while (accepted[i] - accepted[j] >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  const rejectedBy: Record<string, number> = {};
  for (const c of calls.filter((x) => x.status === 429)) {
    const kind = c.op === 'create' ? 'create' : isCheckin(c) ? 'check-in' : isPage(c) ? 'page' : 'other';
    rejectedBy[kind] = (rejectedBy[kind] ?? 0) + 1;
  }
  const successes = calls.filter((c) => c.status === 200 && isCheckin(c));
  const distinct = new Set(successes.map((c) => c.conversationId)).size;
  return {
    rate: steadyRate(accepted, first, last),
    peak,
    rejected: connector.rejected,
    rejectedBy,
    delivered: distinct,
    lost: count - distinct,
    duplicated: successes.length - distinct,
    drainMs: (successes.length ? Math.max(...successes.map((c) => c.at)) : Date.now()) - first,
    pagesDuring,
  };
}
