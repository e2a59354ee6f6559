/** The Teams send limiter, on virtual time: counts per window, order kept, other conversations not held up. */
import { PER_CONVERSATION, PER_TENANT, SlidingWindowLimiter } from '../../src/bots/teams/rate-limit';

/** Virtual time: sleep() advances it; nothing waits for real. */
function virtualTime() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    get current() {
      return now;
    },
  };
}

const conv = (id: string) => [
  { key: `conv:${id}`, windows: PER_CONVERSATION },
  { key: 'tenant:t1', windows: PER_TENANT },
];

/** The virtual times of `n` sends one after the other, to conversation `id(i)` (safety: the bare limits, unpaced). */
async function sendTimes(limiter: SlidingWindowLimiter, time: ReturnType<typeof virtualTime>, n: number, id: (i: number) => string, priority: 'safety' | 'bulk' = 'safety'): Promise<number[]> {
  const stamps: number[] = [];
  for (let i = 0; i < n; i++) {
    await limiter.acquire(conv(id(i)), { priority });
    stamps.push(time.current);
  }
  return stamps;
}

/** The most stamps within any window of `ms` starting at one of them. */
const mostIn = (stamps: number[], ms: number) => Math.max(...stamps.map((start) => stamps.filter((t) => t >= start && t < start + ms).length));

test('no conversation ever gets more than 7 sends in 1 s, 8 in 2 s or 60 in 30 s', async () => {
  const time = virtualTime();
  const limiter = new SlidingWindowLimiter(time);
  const stamps: number[] = [];
  for (let i = 0; i < 130; i++) {
    await limiter.acquire(conv('a'), { priority: i % 2 ? 'safety' : 'bulk' });
    stamps.push(time.current);
  }
  for (const { ms, max } of PER_CONVERSATION) {
    for (let i = 0; i < stamps.length; i++) {
      const inWindow = stamps.filter((t) => t >= stamps[i] && t < stamps[i] + ms).length;
      expect(inWindow).toBeLessThanOrEqual(max);
    }
  }
  // It does not stall either: 130 sends fit in about 65 s (60 per 30 s).
  expect(time.current).toBeLessThan(70_000);
});

test('the first 7 sends go at once, the 8th waits', async () => {
  const time = virtualTime();
  const limiter = new SlidingWindowLimiter(time);
  for (let i = 0; i < 7; i++) await limiter.acquire(conv('a'), { priority: 'safety' });
  expect(time.current).toBe(0);
  await limiter.acquire(conv('a'), { priority: 'safety' });
  expect(time.current).toBeGreaterThanOrEqual(1000);
});

test('the tenant-wide limit of 50 per second holds across conversations', async () => {
  const time = virtualTime();
  const limiter = new SlidingWindowLimiter(time);
  const stamps = await sendTimes(limiter, time, 120, (i) => `c${i}`);
  expect(mostIn(stamps, 1000)).toBeLessThanOrEqual(50);
  expect(stamps.slice(0, 50).every((t) => t === 0)).toBe(true);
});

test('bulk sends through the tenant are paced (5 per tenth of a second) and leave one slot of its 50 to pages', async () => {
  const time = virtualTime();
  const limiter = new SlidingWindowLimiter(time);
  const stamps = await sendTimes(limiter, time, 150, (i) => `c${i}`, 'bulk');
  expect(stamps.slice(0, 5).every((t) => t === 0)).toBe(true);
  expect(stamps[5]).toBeGreaterThan(0);
  expect(mostIn(stamps, 100)).toBeLessThanOrEqual(5);
  expect(mostIn(stamps, 1000)).toBeLessThanOrEqual(49);
  // The slot left free: a page now goes at once.
  const asked = time.current;
  await limiter.acquire(conv('responder'), { priority: 'safety' });
  expect(time.current).toBe(asked);
});

test('concurrent callers on one conversation are served in order', async () => {
  const time = virtualTime();
  const limiter = new SlidingWindowLimiter(time);
  const order: number[] = [];
  await Promise.all([...Array(10).keys()].map((i) => limiter.acquire(conv('a'), { priority: 'safety' }).then(() => order.push(i))));
  expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('a slot held until its answer counts from the answer: a slow request pushes the next window back', async () => {
  const time = virtualTime();
  const limiter = new SlidingWindowLimiter(time);
  const tenant = [{ key: 'tenant:t1', windows: [{ ms: 1000, max: 1 }] }];
  const first = await limiter.acquire(tenant, { holdUntilDone: true });
  await time.sleep(300); // the first request's answer takes 300 ms
  first();
  await limiter.acquire(tenant);
  // Counted from its answer at 300 ms, the first request leaves the window after 1300 ms, not 1000 ms.
  expect(time.current).toBeGreaterThanOrEqual(1300);
});

test('a safety send waiting for the tenant goes ahead of bulk sends that wait for it too', async () => {
  const time = virtualTime();
  const limiter = new SlidingWindowLimiter(time);
  const order: string[] = [];
  for (let i = 0; i < 50; i++) await limiter.acquire(conv(`warm${i}`), { priority: 'safety' });
  const bulk = [...Array(5).keys()].map((i) => limiter.acquire(conv(`bulk${i}`), { priority: 'bulk' }).then(() => order.push(`bulk${i}`)));
  const page = limiter.acquire(conv('page'), { priority: 'safety' }).then(() => order.push('page'));
  await Promise.all([...bulk, page]);
  expect(order[0]).toBe('page');
});

/**
 * Virtual time with a timer queue: once nothing else can run, it moves to the earliest pending sleep and wakes it,
 * so concurrent sleepers overlap as they would for real. Past `limitMs` a sleep rejects: a stall fails the test.
 */
function eventTime(limitMs: number) {
  let now = 0;
  const timers: { at: number; wake: () => void; fail: (e: Error) => void }[] = [];
  let driving = false;
  const drive = async () => {
    driving = true;
    while (timers.length > 0) {
      await new Promise((r) => setImmediate(r));
      timers.sort((x, y) => x.at - y.at);
      const timer = timers.shift()!;
      now = Math.max(now, timer.at);
      if (now > limitMs) timer.fail(new Error(`still waiting at ${now} ms of virtual time`));
      else timer.wake();
    }
    driving = false;
  };
  return {
    now: () => now,
    sleep: (ms: number) =>
      new Promise<void>((wake, fail) => {
        timers.push({ at: now + ms, wake, fail });
        if (!driving) void drive();
      }),
  };
}

const tenantOnly = [{ key: 'tenant:t1', windows: PER_TENANT }];

test('a safety call on the tenant alone (creating a conversation) goes ahead of bulk ones queued before it, and all get through', async () => {
  const time = eventTime(60_000);
  const limiter = new SlidingWindowLimiter(time);
  const order: string[] = [];
  for (let i = 0; i < 50; i++) await limiter.acquire(tenantOnly, { priority: 'safety' });
  const bulk = [...Array(60).keys()].map((i) => limiter.acquire(tenantOnly, { priority: 'bulk' }).then(() => order.push(`bulk${i}`)));
  await new Promise((r) => setImmediate(r));
  const page = limiter.acquire(tenantOnly, { priority: 'safety' }).then(() => order.push('page'));
  await Promise.all([...bulk, page]);
  expect(order[0]).toBe('page');
  expect(order).toHaveLength(61);
});

test('during a fan-out of 400 check-ins (create, then send, each held until answered), a page gets its two slots within 250 ms', async () => {
  const time = eventTime(120_000);
  const limiter = new SlidingWindowLimiter(time, { marginMs: 25 });
  const answer = () => time.sleep(10); // each request takes 10 ms to answer
  const stamps: number[] = [];
  const send = async (id: string, priority: 'safety' | 'bulk') => {
    let done = await limiter.acquire(tenantOnly, { priority, holdUntilDone: true });
    stamps.push(time.now());
    await answer();
    done();
    done = await limiter.acquire(conv(id), { priority, holdUntilDone: true });
    stamps.push(time.now());
    await answer();
    done();
  };
  const sent = new Map<string, number>();
  // Batches of 50 at a time, as the scheduler runs them.
  const fanout = (async () => {
    for (let b = 0; b < 8; b++) {
      await Promise.all([...Array(50).keys()].map(async (i) => {
        await send(`p${b * 50 + i}`, 'bulk');
        sent.set(`p${b * 50 + i}`, (sent.get(`p${b * 50 + i}`) ?? 0) + 1);
      }));
    }
  })();
  while (time.now() < 3000) await time.sleep(50);
  const asked = time.now();
  await send('responder', 'safety');
  expect(time.now() - asked).toBeLessThan(250);
  await fanout;
  expect(sent.size).toBe(400);
  expect([...sent.values()].every((n) => n === 1)).toBe(true);
  stamps.sort((a, b) => a - b);
  for (const start of stamps) expect(stamps.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(50);
  // Pacing and the slot kept for pages cost little throughput: over 90 % of the tenant's 50 / s in the steady state
  // (from 1 s after the first request to 1 s before the last, as bench/lib/fanout.ts counts it).
  const from = stamps[0] + 1000;
  const to = stamps[stamps.length - 1] - 1000;
  expect(stamps.filter((t) => t >= from && t < to).length / ((to - from) / 1000)).toBeGreaterThanOrEqual(45);
});

test('with the budget shared by 2 instances (MELDEN_INSTANCES=2) one keeps to half of it: 25 / s per tenant, 3 / s per conversation', async () => {
  const time = virtualTime();
  const limiter = new SlidingWindowLimiter(time, { share: 2 });
  const stamps = await sendTimes(limiter, time, 100, (i) => `c${i}`);
  expect(mostIn(stamps, 1000)).toBeLessThanOrEqual(25);
  expect(stamps.slice(0, 25).every((t) => t === 0)).toBe(true);
  const bulk = await sendTimes(limiter, time, 100, (i) => `b${i}`, 'bulk');
  expect(mostIn(bulk, 1000)).toBeLessThanOrEqual(24);
  const one = await sendTimes(limiter, time, 12, () => 'a');
  expect(mostIn(one, 1000)).toBeLessThanOrEqual(3);
  expect(mostIn(one, 2000)).toBeLessThanOrEqual(4);
});

test('a limit below the share stretches the window: one Slack post per second per channel becomes one per 2 s', async () => {
  const time = virtualTime();
  const limiter = new SlidingWindowLimiter(time, { share: 2 });
  const channel = [{ key: 'channel:C1', windows: [{ ms: 1000, max: 1 }] }];
  const stamps: number[] = [];
  for (let i = 0; i < 4; i++) {
    await limiter.acquire(channel);
    stamps.push(time.current);
  }
  for (let i = 1; i < stamps.length; i++) expect(stamps[i] - stamps[i - 1]).toBeGreaterThanOrEqual(2000);
});

test('a chat flooded with replies (its own limit reached) holds up no page to anyone else, nor the check-ins of others', async () => {
  const time = eventTime(120_000);
  const limiter = new SlidingWindowLimiter(time, { marginMs: 25 });
  const granted: string[] = [];
  // 200 in-turn replies to one chat (safety lane): 7 go at once, the rest wait minutes for that chat's windows.
  const flood = [...Array(200).keys()].map((i) => limiter.acquire(conv('flooded'), { priority: 'safety' }).then(() => granted.push(`reply${i}`)));
  await new Promise((r) => setImmediate(r));
  const asked = time.now();
  let pagedAt = -1;
  let checkinAt = -1;
  const page = limiter.acquire(conv('responder'), { priority: 'safety' }).then(() => (pagedAt = time.now()));
  const checkin = limiter.acquire(conv('colleague'), { priority: 'bulk' }).then(() => (checkinAt = time.now()));
  await Promise.all([page, checkin]);
  expect(pagedAt - asked).toBeLessThan(50);
  expect(checkinAt - asked).toBeLessThan(250); // at most the bulk pacing's tenth of a second
  expect(granted.length).toBeLessThan(200); // the flood is still waiting for its own chat
  await Promise.all(flood);
  expect(granted).toHaveLength(200);
});
