import { describe, expect, it } from 'vitest';
import { withRetry } from '../../../src/adapters/retry.js';
import { isRetryable } from '../../../src/platform/kubernetes/api/retry.js';

const apiError = (code: number) => Object.assign(new Error(`HTTP ${code}`), { code });

describe('API retry policy', () => {
  it.each([
    [apiError(429), true],
    [apiError(500), true],
    [apiError(503), true],
    [apiError(404), false],
    [apiError(409), false],
    [apiError(422), false],
    [Object.assign(new Error('reset'), { code: 'ECONNRESET' }), true],
    [Object.assign(new Error('fetch failed'), { type: 'system', errno: 'ECONNREFUSED' }), true],
    [new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'EPIPE' }) }), true],
    [new Error('plain bug'), false],
  ])('%s retryable: %s', (error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });

  it('backs off exponentially up to the cap and stops after the bounded attempts', async () => {
    const delays: number[] = [];
    let calls = 0;
    const policy = {
      attempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 500,
      sleep: async (ms: number) => void delays.push(ms),
    };
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw apiError(503);
        },
        policy,
        isRetryable,
      ),
    ).rejects.toThrow('HTTP 503');
    expect(calls).toBe(5);
    expect(delays).toEqual([100, 200, 400, 500]);
  });

  it('does not retry a 404 and returns the first success', async () => {
    let calls = 0;
    const policy = { attempts: 5, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined };
    await expect(
      withRetry(async () => (++calls, Promise.reject(apiError(404))), policy, isRetryable),
    ).rejects.toThrow('HTTP 404');
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withRetry(async () => (++calls < 3 ? Promise.reject(apiError(429)) : 'ok'), policy, isRetryable),
    ).resolves.toBe('ok');
    expect(calls).toBe(3);
  });
});
