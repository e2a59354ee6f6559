/**
 * One request starts per turn of the event loop. Node's event loop takes at most one new connection from the
 * listen queue per turn, and a turn lasts as long as the requests that are ready in it take: under a burst of new
 * connections the k-th waited for the work of all k−1 before it (a Slack trigger expires after 3 s). Starting one
 * request per turn keeps a turn short, so new connections are taken at the pace of one request, and those already
 * waiting start in the order they came. Nothing waits on a request to finish; docs/operations.md, "Bursts".
 */
import type { RequestHandler } from 'express';

export function oneStartPerTurn(): RequestHandler {
  const waiting: Array<() => void> = [];
  let scheduled = false;
  const startNext = (): void => {
    const next = waiting.shift();
    scheduled = waiting.length > 0;
    if (scheduled) setImmediate(startNext);
    next?.();
  };
  return (_req, _res, next) => {
    waiting.push(next);
    if (!scheduled) {
      scheduled = true;
      setImmediate(startNext);
    }
  };
}
