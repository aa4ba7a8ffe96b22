import { TEST_IDS, TOPOLOGY_IDS } from '../scenarios.js';
import type { SuiteConfig } from './types.js';

/** The names of the built-in suite profiles. */
export const SUITE_PROFILES = ['default', 'quick'] as const;

/** One of the built-in suite profile names. */
export type SuiteProfile = (typeof SUITE_PROFILES)[number];

/**
 * The `default` profile: every topology × every test, 7 repetitions, 10 s samples.
 * Enough samples for the gate's statistics to detect the default 5% thresholds on a quiet runner.
 */
export const DEFAULT_SUITE: SuiteConfig = {
  profile: 'default',
  topologies: [...TOPOLOGY_IDS],
  tests: [...TEST_IDS],
  repetitions: 7,
  iperf: {
    durationS: 10,
    omitS: 2,
    parallelStreams: 4,
    udpRateBps: 1_000_000_000,
    udpLengthBytes: null,
  },
  http: {
    durationS: 10,
    connections: 32,
    threads: 2,
    fixedRateFraction: 0.5,
    responseBytes: 1024,
  },
  dummyServices: 0,
  serverReadyTimeoutS: 10,
};

/**
 * The `quick` profile: the headline cross-node scenarios only (TCP throughput and HTTP max RPS),
 * 5 repetitions of ~2 s samples. Sized so that three datapaths finish in about 80 s (measured) on a
 * 2-core machine, setup and teardown included — a smoke comparison, not a gate.
 */
export const QUICK_SUITE: SuiteConfig = {
  profile: 'quick',
  topologies: ['pod-to-pod-cross-node'],
  tests: ['tcp-stream', 'http-max'],
  repetitions: 5,
  iperf: {
    durationS: 2,
    omitS: 1,
    parallelStreams: 4,
    udpRateBps: 1_000_000_000,
    udpLengthBytes: null,
  },
  http: {
    durationS: 2,
    connections: 32,
    threads: 2,
    fixedRateFraction: 0.5,
    responseBytes: 1024,
  },
  dummyServices: 0,
  serverReadyTimeoutS: 10,
};

/** The built-in profiles by name. */
export const BUILT_IN_SUITES: Readonly<Record<SuiteProfile, SuiteConfig>> = {
  default: DEFAULT_SUITE,
  quick: QUICK_SUITE,
};
