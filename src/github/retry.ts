import { isTransient } from './errors.js';

/** How often and how patiently to retry transient GitHub failures. */
export interface RetryPolicy {
  /** Extra attempts after the first one. */
  readonly retries: number;
  /** Delay before the first retry; doubles each time. */
  readonly initialDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Runs `fn`, retrying on 5xx/429 per `policy`; the last error is rethrown. */
export async function withRetry<T>(policy: RetryPolicy, fn: () => Promise<T>): Promise<T> {
  let delay = policy.initialDelayMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= policy.retries || !isTransient(error)) throw error;
      await policy.sleep(delay);
      delay *= 2;
    }
  }
}
