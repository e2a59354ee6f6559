/** Waits for `work`, but at most `ms`: the caller answers in time, the work goes on (e.g. a page being sent). */
export async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  if (ms <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms).unref()));
  await Promise.race([work, budget]);
  clearTimeout(timer);
}
