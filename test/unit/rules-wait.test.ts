/** Answering in time while work goes on (waitAtMost, src/services/wait.ts). */
import { waitAtMost } from '../../src/services/wait';

afterEach(() => jest.useRealTimers());

test('no budget: answers at once, without waiting for the work and without a timer', async () => {
  jest.useFakeTimers();
  await waitAtMost(new Promise(() => {}), 0);
  await waitAtMost(new Promise(() => {}), -5);
  expect(jest.getTimerCount()).toBe(0);
});

test('work done in time: answers when it is done and leaves no timer behind', async () => {
  jest.useFakeTimers();
  let done = false;
  await waitAtMost(
    Promise.resolve().then(() => {
      done = true;
    }),
    60_000,
  );
  expect(done).toBe(true);
  expect(jest.getTimerCount()).toBe(0);
});

test('slow work: answers when the budget is spent, the work goes on', async () => {
  jest.useFakeTimers();
  let answered = false;
  let finish!: () => void;
  const work = new Promise<void>((resolve) => (finish = resolve));
  const waiting = waitAtMost(work, 1_000).then(() => {
    answered = true;
  });
  await jest.advanceTimersByTimeAsync(999);
  expect(answered).toBe(false);
  await jest.advanceTimersByTimeAsync(1);
  await waiting;
  expect(answered).toBe(true);
  finish();
  await work;
});

test('failing work is not the caller\'s answer to give: waitAtMost passes the failure on', async () => {
  const failing = Promise.reject(new Error('send failed'));
  failing.catch(() => {}); // handled here too, so a run where waitAtMost ignores it ends in a failed test, not a crash
  await expect(waitAtMost(failing, 1_000)).rejects.toThrow('send failed');
});
