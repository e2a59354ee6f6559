/**
 * A sliding-window send limiter shared by the platforms (Teams: per conversation and tenant; Slack: one
 * chat.postMessage per second per channel). A caller waits (asynchronously) for its slot; other keys are not held
 * up by a busy one. This limits one process; several instances each keep their own count, and a 429 that still
 * comes back is retried by the caller.
 */
export interface Window {
  ms: number;
  max: number;
}

export interface LimiterTime {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realTime: LimiterTime = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export class SlidingWindowLimiter {
  private readonly history = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly time: LimiterTime = realTime) {}

  /** Waits until a call under every key is allowed by its windows, then records it. */
  async acquire(keys: { key: string; windows: readonly Window[] }[]): Promise<void> {
    // Serialise per first key (the conversation) so its calls keep their order.
    const queueKey = keys[0].key;
    const previous = this.queues.get(queueKey) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const chained = previous.then(() => mine);
    this.queues.set(queueKey, chained);
    await previous;
    try {
      for (;;) {
        const wait = Math.max(...keys.map((k) => this.waitFor(k.key, k.windows)));
        if (wait <= 0) break;
        await this.time.sleep(wait);
      }
      const now = this.time.now();
      for (const k of keys) this.record(k.key, now, k.windows);
    } finally {
      release();
      if (this.queues.get(queueKey) === chained) this.queues.delete(queueKey);
    }
  }

  private waitFor(key: string, windows: readonly Window[]): number {
    const now = this.time.now();
    const stamps = this.history.get(key) ?? [];
    let wait = 0;
    for (const w of windows) {
      const inWindow = stamps.filter((t) => t > now - w.ms);
      if (inWindow.length >= w.max) wait = Math.max(wait, inWindow[inWindow.length - w.max] + w.ms - now + 1);
    }
    return wait;
  }

  private record(key: string, now: number, windows: readonly Window[]): void {
    const longest = Math.max(...windows.map((w) => w.ms));
    const stamps = (this.history.get(key) ?? []).filter((t) => t > now - longest);
    stamps.push(now);
    this.history.set(key, stamps);
  }
}
