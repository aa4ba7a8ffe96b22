import type { RetryPolicy } from '../../../adapters/retry.js';
import { sleep } from '../../../adapters/sleep.js';

/** Default: 6 attempts, 200 ms doubling to at most 5 s (≈ 10 s worst case per call). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  sleep,
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
