/**
 * What runSuite tests on the loopback platform share: a tiny real suite, and platforms that are
 * torn down after every test with a check that nothing they started survives.
 */
import { existsSync } from 'node:fs';
import { afterEach, expect } from 'vitest';
import { QUICK_SUITE } from '../../src/core/suite/profiles.js';
import type { SuiteConfig } from '../../src/core/suite/types.js';
import { createLoopbackPlatform, type LoopbackOptions, type LoopbackPlatform } from './loopback-platform.js';

/** A tiny real suite: 1 s samples, no warm-up; `control` as given (default off). */
export function tinySuite(overrides: Partial<SuiteConfig> = {}): SuiteConfig {
  return {
    ...QUICK_SUITE,
    control: false,
    topologies: ['pod-to-pod-cross-node'],
    tests: ['tcp-stream'],
    repetitions: 2,
    iperf: { ...QUICK_SUITE.iperf, durationS: 1, omitS: 0 },
    http: { ...QUICK_SUITE.http, durationS: 1, connections: 8, threads: 1 },
    ...overrides,
  };
}

/**
 * A `platform(options)` factory for one test file: every platform it made is torn down after each
 * test, and must leave no process and no scratch directory behind.
 */
export function trackedLoopbackPlatforms(): (options: LoopbackOptions) => LoopbackPlatform {
  const created: LoopbackPlatform[] = [];
  afterEach(async () => {
    for (const p of created.splice(0)) {
      await p.teardown();
      expect(p.livePids()).toEqual([]);
      if (p.workDir) expect(existsSync(p.workDir)).toBe(false);
    }
  });
  return (options) => {
    const p = createLoopbackPlatform(options);
    created.push(p);
    return p;
  };
}
