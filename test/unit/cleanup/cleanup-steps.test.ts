import { describe, expect, it } from 'vitest';
import { cleanupSteps } from '../../../src/core/cleanup-steps.js';

describe('cleanupSteps', () => {
  it('runs every step after a failure and rethrows the first failure at the end', async () => {
    const ran: string[] = [];
    const steps = cleanupSteps();
    await steps.run(async () => {
      ran.push('a');
      throw new Error('a failed');
    });
    await steps.run(async () => {
      ran.push('b');
      throw new Error('b failed');
    });
    await steps.run(async () => {
      ran.push('c');
    });
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(() => steps.finish()).toThrow('a failed');
  });

  it('finishes quietly when every step succeeded, and counts a thrown undefined as a failure', async () => {
    const ok = cleanupSteps();
    await ok.run(async () => undefined);
    expect(() => ok.finish()).not.toThrow();
    const odd = cleanupSteps();
    await odd.run(() => Promise.reject(undefined));
    expect(() => odd.finish()).toThrow();
  });
});
