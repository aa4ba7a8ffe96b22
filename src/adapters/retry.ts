/** How often and how patiently to retry a transient failure. */
export interface RetryPolicy {
  /** Total attempts, including the first. */
  readonly attempts: number;
  /** Delay before the first retry; it doubles with each further retry. */
  readonly baseDelayMs: number;
  /** Longest delay between attempts (default: no cap). */
  readonly maxDelayMs?: number;
  /** Waits; injectable so tests do not sleep. */
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Runs `fn`, retrying failures that `isRetryable` accepts with exponential backoff, at most
 * `policy.attempts` attempts in all; the last error is rethrown.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  isRetryable: (error: unknown) => boolean,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryable(error)) throw error;
      const delay = policy.baseDelayMs * 2 ** (attempt - 1);
      await policy.sleep(Math.min(policy.maxDelayMs ?? Infinity, delay));
    }
  }
}
