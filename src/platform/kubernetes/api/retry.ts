/** How hard to retry a Kubernetes API call. */
export interface RetryPolicy {
  /** Total attempts, including the first. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Waits; injectable so tests do not sleep. */
  readonly sleep: (ms: number) => Promise<void>;
}

/** Default: 6 attempts, 200 ms doubling to at most 5 s (≈ 10 s worst case per call). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/** HTTP status of an API error (client-node's ApiException has `code`), if any. */
export function httpStatusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** True for throttling (429), server errors (5xx) and dropped connections. */
export function isRetryable(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status !== undefined) return status === 429 || status >= 500;
  const e = error as { code?: unknown; errno?: unknown; type?: unknown; cause?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.errno === 'string' ? e.errno : '';
  if (CONNECTION_CODES.has(code)) return true;
  if (e?.type === 'system') return true;
  return e?.cause !== undefined && e.cause !== error ? isRetryable(e.cause) : false;
}

/** Runs `fn`, retrying retryable failures with exponential backoff; the last error is rethrown. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryable(error)) throw error;
      const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await policy.sleep(delay);
    }
  }
}
