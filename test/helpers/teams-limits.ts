/**
 * Teams' documented send limits for a bot, as a local connector enforces them (test/helpers/connector.ts and the
 * bench's connector): per conversation 7 / 1 s, 8 / 2 s, 60 / 30 s; per tenant 50 / s, every request counted
 * (create-conversation included, and a refused one too, as Teams counts it).
 */
export interface Window {
  ms: number;
  max: number;
}

export const TEAMS_PER_CONVERSATION: Window[] = [
  { ms: 1000, max: 7 },
  { ms: 2000, max: 8 },
  { ms: 30_000, max: 60 },
];
export const TEAMS_PER_TENANT: Window[] = [{ ms: 1000, max: 50 }];

/** Arrival stamps per key; `exceeds` answers the Retry-After (seconds) a request arriving `now` would get, if any. */
export class Windows {
  private readonly stamps = new Map<string, number[]>();

  exceeds(key: string, windows: Window[], now: number): number | undefined {
    const list = this.stamps.get(key) ?? [];
    for (const w of windows) {
      const inWindow = list.filter((t) => t > now - w.ms);
      if (inWindow.length >= w.max) return Math.ceil((inWindow[inWindow.length - w.max] + w.ms - now) / 1000);
    }
    return undefined;
  }

  record(key: string, now: number): void {
    const list = (this.stamps.get(key) ?? []).filter((t) => t > now - 30_000);
    list.push(now);
    this.stamps.set(key, list);
  }

  /** Checks a request to `conversationId` (none: creating one) arriving now and counts it; the Retry-After if refused. */
  admit(conversationId: string | undefined, now: number): number | undefined {
    const retryAfter = this.exceeds('tenant', TEAMS_PER_TENANT, now) ?? (conversationId ? this.exceeds(conversationId, TEAMS_PER_CONVERSATION, now) : undefined);
    this.record('tenant', now);
    if (conversationId) this.record(conversationId, now);
    return retryAfter;
  }
}
