/** Waiting in real time for something another part of the test (or the bot) does, without hanging the test. */

export interface UntilOptions {
  /** What is awaited, for the error when it never comes. */
  what?: string;
  timeoutMs?: number;
  /** How often the condition is asked. */
  everyMs?: number;
}

/** Until the condition holds; fails the test with `what` after `timeoutMs` instead of hanging. */
export async function until(condition: () => boolean | Promise<boolean>, { what = 'the condition', timeoutMs = 5000, everyMs = 10 }: UntilOptions = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
