/**
 * A sliding-window send limiter shared by the platforms (Teams: per conversation and tenant; Slack: one
 * chat.postMessage per second per channel). A caller waits (asynchronously) for its slot; other keys are not held
 * up by a busy one.
 *
 * Counted at the wire, not at the slot (docs/operations.md, "Send limits"): with `holdUntilDone`, a slot counts as
 * "now" while its request is in flight and from the moment the answer came back afterwards. The platform counts a
 * request when it arrives, which lies between the two, so no window the platform measures can hold more than `max`
 * of ours. `marginMs` widens each window a little more for timer and clock slack.
 *
 * Safety messages go first: a `safety` caller waiting for a key makes `bulk` callers of that key wait until it got
 * its slot, so a page does not queue behind a fan-out of check-ins.
 *
 * This limits one process. Several instances divide the platform's budget (`share`, from MELDEN_INSTANCES) rather
 * than share a counter in the store: a store round trip per send would cost more than the budget it saves.
 */
export interface Window {
  ms: number;
  max: number;
}

export interface LimiterTime {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export type SendPriority = 'safety' | 'bulk';

export interface AcquireOptions {
  priority?: SendPriority;
  /** Count the slot as in flight until the returned function is called (the answer came back). */
  holdUntilDone?: boolean;
}

const realTime: LimiterTime = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
/** How often a bulk caller looks again while a safety caller waits for a key it needs. */
const YIELD_MS = 5;

interface Stamp {
  at: number;
  inFlight: boolean;
}

export class SlidingWindowLimiter {
  private readonly history = new Map<string, Stamp[]>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly safetyWaiting = new Map<string, number>();

  constructor(
    private readonly time: LimiterTime = realTime,
    private readonly options: { marginMs?: number; share?: number } = {},
  ) {}

  /** Waits until a call under every key is allowed by its windows, then records it; returns "done". */
  async acquire(keys: { key: string; windows: readonly Window[] }[], options: AcquireOptions = {}): Promise<() => void> {
    const safety = options.priority === 'safety';
    if (safety) for (const k of keys) this.safetyWaiting.set(k.key, (this.safetyWaiting.get(k.key) ?? 0) + 1);
    // Serialise per first key (the conversation) so its calls keep their order.
    const queueKey = keys[0].key;
    const previous = this.queues.get(queueKey) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const chained = previous.then(() => mine);
    this.queues.set(queueKey, chained);
    await previous;
    let stamps: Stamp[] = [];
    try {
      for (;;) {
        const wait = Math.max(...keys.map((k) => this.waitFor(k.key, k.windows)));
        if (wait <= 0 && (safety || !keys.some((k) => (this.safetyWaiting.get(k.key) ?? 0) > 0))) break;
        await this.time.sleep(wait > 0 ? wait : YIELD_MS);
      }
      const now = this.time.now();
      stamps = keys.map((k) => this.record(k.key, now, k.windows, !!options.holdUntilDone));
    } finally {
      if (safety) for (const k of keys) this.safetyWaiting.set(k.key, (this.safetyWaiting.get(k.key) ?? 1) - 1);
      release();
      if (this.queues.get(queueKey) === chained) this.queues.delete(queueKey);
    }
    return () => {
      const now = this.time.now();
      for (const s of stamps) {
        s.at = now;
        s.inFlight = false;
      }
    };
  }

  private limit(w: Window): { ms: number; max: number } {
    return { ms: w.ms + (this.options.marginMs ?? 0), max: Math.max(1, Math.floor(w.max / (this.options.share ?? 1))) };
  }

  private waitFor(key: string, windows: readonly Window[]): number {
    const now = this.time.now();
    const stamps = this.history.get(key) ?? [];
    let wait = 0;
    for (const window of windows) {
      const w = this.limit(window);
      const inWindow = stamps.filter((s) => s.inFlight || s.at > now - w.ms);
      if (inWindow.length < w.max) continue;
      // The slot frees when the oldest counted stamp leaves the window; one still in flight: look again soon.
      const settled = inWindow.filter((s) => !s.inFlight).map((s) => s.at).sort((a, b) => a - b);
      const freeing = inWindow.length - w.max; // this many must leave
      wait = Math.max(wait, freeing < settled.length ? settled[freeing] + w.ms - now + 1 : YIELD_MS);
    }
    return wait;
  }

  private record(key: string, now: number, windows: readonly Window[], inFlight: boolean): Stamp {
    const longest = Math.max(...windows.map((w) => this.limit(w).ms));
    const stamps = (this.history.get(key) ?? []).filter((s) => s.inFlight || s.at > now - longest);
    const stamp = { at: now, inFlight };
    stamps.push(stamp);
    this.history.set(key, stamps);
    return stamp;
  }
}
