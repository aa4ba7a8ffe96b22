/**
 * http-fixed-rate pacing on real wrk against a real nginx (loopback platform): the generated
 * schedule script must hold the target rate, unlike a fixed per-connection pause.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWrk } from '../../../src/core/parsers/wrk.js';
import { QUICK_SUITE } from '../../../src/core/suite/profiles.js';
import type { SuiteConfig } from '../../../src/core/suite/types.js';
import { fixedRateInvocation } from '../../../src/runner/invocations.js';
import { createLoopbackPlatform } from '../../helpers/loopback-platform.js';

const suite: SuiteConfig = { ...QUICK_SUITE, http: { ...QUICK_SUITE.http, durationS: 2 } };
const platform = createLoopbackPlatform({ datapath: 'loopback' });

// Prepared once: each prepare makes a scratch directory, and teardown removes the last one.
beforeAll(() => platform.prepare(suite));
afterAll(async () => {
  await platform.teardown();
  expect(platform.livePids()).toEqual([]);
});

describe('wrk paced by the generated Lua schedule', () => {
  it.each([1000, 4000])('achieves %i req/s within five percent', async (target) => {
    const placement = await platform.place('pod-to-pod-cross-node');
    const endpoint = await placement.startServer('http');
    const output = await placement.runClient(fixedRateInvocation(suite, endpoint, target, 'wrk-lua-delay'));
    expect(output.exitCode).toBe(0);
    const achieved = parseWrk(`${output.stdout}\n${output.stderr}`).metrics.http_rps!;
    expect(Math.abs(achieved / target - 1)).toBeLessThan(0.05);
    await placement.release();
  });
});
