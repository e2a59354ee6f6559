/** The two 429 (throttling) retry budgets of the Cosmos clients: interactive calls fail fast, background calls wait. */

/** SDK throttling (429) retry budget; see RetryOptions in @azure/cosmos. */
export interface RetryBudget {
  maxRetryAttemptCount: number;
  /** Wait this long between retries instead of the server's x-ms-retry-after-ms (bounds the total wait). */
  fixedRetryIntervalInMilliseconds?: number;
  maxWaitTimeInSeconds: number;
}

/**
 * Interactive calls (a Teams invoke, a Slack ack path, a report) give up after at most 3 × 250 ms of throttling,
 * so a request never hangs on a throttled store: the caller fails fast and the platform (or the scheduler) retries.
 */
export const INTERACTIVE_RETRY: RetryBudget = { maxRetryAttemptCount: 3, fixedRetryIntervalInMilliseconds: 250, maxWaitTimeInSeconds: 1 };
/**
 * Background calls (the scheduler's due/complete/fail, the purge) follow the server's Retry-After up to the SDK
 * defaults: losing a complete() to throttling would make a job run twice.
 */
export const BACKGROUND_RETRY: RetryBudget = { maxRetryAttemptCount: 9, maxWaitTimeInSeconds: 30 };
