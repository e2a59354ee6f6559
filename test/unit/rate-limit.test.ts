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

test('no conversation ever gets more than 7 sends in 1 s, 8 in 2 s or 60 in 30 s', async () => {
  const time = virtualTime();
  const limiter = new SlidingWindowLimiter(time);
  const stamps: number[] = [];
  for (let i = 0; i < 130; i++) {
    await limiter.acquire(conv('a'));
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
  for (let i = 0; i < 7; i++) await limiter.acquire(conv('a'));
  expect(time.current).toBe(0);
  await limiter.acquire(conv('a'));
  expect(time.current).toBeGreaterThanOrEqual(1000);
});

test('the tenant-wide limit of 50 per second holds across conversations', async () => {
  const time = virtualTime();
  const limiter = new SlidingWindowLimiter(time);
  const stamps: number[] = [];
  for (let i = 0; i < 120; i++) {
    await limiter.acquire(conv(`c${i}`));
    stamps.push(time.current);
  }
  for (const start of stamps) expect(stamps.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(50);
  expect(stamps.slice(0, 50).every((t) => t === 0)).toBe(true);
});

test('concurrent callers on one conversation are served in order', async () => {
  const time = virtualTime();
  const limiter = new SlidingWindowLimiter(time);
  const order: number[] = [];
  await Promise.all([...Array(10).keys()].map((i) => limiter.acquire(conv('a')).then(() => order.push(i))));
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
  for (let i = 0; i < 50; i++) await limiter.acquire(conv(`warm${i}`));
  const bulk = [...Array(5).keys()].map((i) => limiter.acquire(conv(`bulk${i}`), { priority: 'bulk' }).then(() => order.push(`bulk${i}`)));
  const page = limiter.acquire(conv('page'), { priority: 'safety' }).then(() => order.push('page'));
  await Promise.all([...bulk, page]);
  expect(order[0]).toBe('page');
});
