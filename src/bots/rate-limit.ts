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
 * Safety messages go first: callers wait in two lanes, safety and bulk, each in arrival order per first key (the
 * conversation, so its messages keep their order within a lane). Whenever a slot may have freed, safety callers are
 * served before bulk ones, and a safety caller that still has to wait holds the keys it waits for against every later
 * caller: a page does not queue behind a fan-out of check-ins, not even behind creating their conversations, which
 * all share the one tenant key. It holds only those keys: a chat at its own limit (a flood of replies) holds up no
 * page to anyone else. A safety message may thus overtake a bulk one to the same conversation.
 *
 * This limits one process. Several instances divide the platform's budget (`share`, docs/operations.md "Send
 * limits") rather than share a counter in the store: a store round trip per send would cost more than it saves.
 */
export interface Window {
  ms: number;
  max: number;
  /**
   * A budget many conversations share (Teams' per tenant): bulk sends are paced through it and leave a slot of it
   * to safety ones (waitFor).
   */
  shared?: boolean;
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
/** How soon to look again when a window is full of requests still in flight (their answers also wake the queue). */
const IN_FLIGHT_MS = 5;
/** Bulk sends are paced in tenths of a shared window (waitFor). */
const PACE_PARTS = 10;
/** Of a shared window's max, one part in this many (rounded up) is kept for safety sends: 1 of 50, 1 of 25. */
const SAFETY_RESERVE_PARTS = 50;

interface Stamp {
  /** When it counts from: the answer, or now while in flight. */
  at: number;
  inFlight: boolean;
  /** When the slot was given (pacing). */
  granted: number;
}

interface Waiter {
  keys: { key: string; windows: readonly Window[] }[];
  hold: boolean;
  grant: (done: () => void) => void;
}

export class SlidingWindowLimiter {
  private readonly history = new Map<string, Stamp[]>();
  /** Waiting callers by lane, then by first key, in arrival order. The safety lane is served first. */
  private readonly lanes: Record<SendPriority, Map<string, Waiter[]>> = { safety: new Map(), bulk: new Map() };
  private pumpQueued = false;
  /** When the earliest pending wake-up is due (one timer for all waiting callers). */
  private wakeAt: number | undefined;

  constructor(
    private readonly time: LimiterTime = realTime,
    private readonly options: { marginMs?: number; share?: number } = {},
  ) {}

  /** Waits until a call under every key is allowed by its windows, then records it; returns "done". */
  acquire(keys: { key: string; windows: readonly Window[] }[], options: AcquireOptions = {}): Promise<() => void> {
    return new Promise((grant) => {
      const lane = this.lanes[options.priority ?? 'bulk'];
      const queue = lane.get(keys[0].key) ?? [];
      queue.push({ keys, hold: !!options.holdUntilDone, grant });
      lane.set(keys[0].key, queue);
      this.queuePump();
    });
  }

  /** Pumps once after the callers of this tick are queued, so a page asked for in the same tick is seen first. */
  private queuePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  /** Grants every slot that is free now, safety lane first; arranges to look again when the next one frees. */
  private pump(): void {
    let next = Infinity;
    const heldForSafety = new Set<string>();
    for (const priority of ['safety', 'bulk'] as const) {
      const lane = this.lanes[priority];
      for (const [first, queue] of lane) {
        while (queue.length > 0) {
          const waiter = queue[0];
          // Behind a waiting safety caller on a shared key: its turn comes when that one got its slot.
          if (waiter.keys.some((k) => heldForSafety.has(k.key))) break;
          const waits = waiter.keys.map((k) => this.waitFor(k.key, k.windows, priority));
          const wait = Math.max(...waits);
          if (wait > 0) {
            next = Math.min(next, wait);
            // Only the keys it waits for: a chat at its own limit must not hold the tenant (every other page) too.
            if (priority === 'safety') waiter.keys.forEach((k, i) => waits[i] > 0 && heldForSafety.add(k.key));
            break;
          }
          queue.shift();
          waiter.grant(this.take(waiter));
        }
        if (queue.length === 0) lane.delete(first);
      }
    }
    if (next < Infinity) this.wakeIn(next);
  }

  /** Records the slot under every key; returns "done", which counts it from now on and wakes the queue. */
  private take(waiter: Waiter): () => void {
    const now = this.time.now();
    const stamps = waiter.keys.map((k) => this.record(k.key, now, k.windows, waiter.hold));
    return () => {
      const at = this.time.now();
      for (const s of stamps) {
        s.at = at;
        s.inFlight = false;
      }
      if (waiter.hold) this.queuePump();
    };
  }

  private wakeIn(ms: number): void {
    const at = this.time.now() + ms;
    if (this.wakeAt !== undefined && this.wakeAt <= at) return;
    this.wakeAt = at;
    void this.time.sleep(ms).then(() => {
      if (this.wakeAt === at) this.wakeAt = undefined;
      this.pump();
    });
  }

  /**
   * The window as counted here: widened by the margin, and this instance's part of it when `share` instances divide
   * the budget (its max divided; a max smaller than the share stretches the window instead: 1 / s among 2 is 1 / 2 s).
   */
  private limit(w: Window): Window {
    const share = Math.max(1, this.options.share ?? 1);
    const ms = w.ms + (this.options.marginMs ?? 0);
    return w.max >= share ? { ms, max: Math.floor(w.max / share) } : { ms: (ms * share) / w.max, max: 1 };
  }

  private waitFor(key: string, windows: readonly Window[], priority: SendPriority): number {
    const now = this.time.now();
    const stamps = this.history.get(key) ?? [];
    let wait = 0;
    for (const window of windows) {
      const limit = this.limit(window);
      // Bulk sends leave a slot of a shared window (the tenant's) to safety ones: a page during a fan-out finds its
      // slot free instead of waiting for the oldest send to leave a full window.
      const shared = priority === 'bulk' && !!window.shared && limit.max >= 2 * PACE_PARTS;
      const w = shared ? { ...limit, max: limit.max - Math.ceil(limit.max / SAFETY_RESERVE_PARTS) } : limit;
      wait = Math.max(wait, this.waitIn(w, stamps.filter((s) => s.inFlight || s.at > now - w.ms), now));
      // Bulk sends are also paced: at most a tenth of a shared window's max per tenth of it (counted from the grant,
      // as it is no platform limit), so slots free a few at a time all through the window instead of all at once
      // after a burst — also when the sends come one by one, each after its own store work. A few at a time go at
      // once. A page that comes while a fan-out keeps the window full waits at most a tenth of it.
      if (shared) {
        const tenth = { ms: w.ms / PACE_PARTS, max: Math.ceil(w.max / PACE_PARTS) };
        const recent = stamps.filter((s) => s.granted > now - tenth.ms).map((s) => ({ at: s.granted, inFlight: false, granted: s.granted }));
        wait = Math.max(wait, this.waitIn(tenth, recent, now));
      }
    }
    return wait;
  }

  /** How long until one more fits among `inWindow` (the stamps counted in window w now). */
  private waitIn(w: Window, inWindow: Stamp[], now: number): number {
    if (inWindow.length < w.max) return 0;
    // The slot frees when the oldest counted stamp leaves the window; one still in flight: look again soon.
    const settled = inWindow.filter((s) => !s.inFlight).map((s) => s.at).sort((a, b) => a - b);
    const freeing = inWindow.length - w.max; // this many must leave
    return freeing < settled.length ? settled[freeing] + w.ms - now + 1 : IN_FLIGHT_MS;
  }

  private record(key: string, now: number, windows: readonly Window[], inFlight: boolean): Stamp {
    const longest = Math.max(...windows.map((w) => this.limit(w).ms));
    const stamps = (this.history.get(key) ?? []).filter((s) => s.inFlight || s.at > now - longest);
    const stamp = { at: now, inFlight, granted: now };
    stamps.push(stamp);
    this.history.set(key, stamps);
    return stamp;
  }
}
