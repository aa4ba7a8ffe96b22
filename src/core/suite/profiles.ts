import { TEST_IDS, TOPOLOGY_IDS } from '../scenarios.js';
import type { InterferenceTolerance, PodChurnSettings, SuiteConfig } from './types.js';

/** The names of the built-in suite profiles. */
export const SUITE_PROFILES = ['default', 'quick'] as const;

/** One of the built-in suite profile names. */
export type SuiteProfile = (typeof SUITE_PROFILES)[number];

/**
 * Interference tolerance of both profiles (calibrated by `npm run bench:drift`,
 * docs/drift-quality.md): one co-tenant busy on one of two cores is 50% foreign CPU.
 */
export const DEFAULT_INTERFERENCE: InterferenceTolerance = {
  maxForeignCpuPercent: 10,
  maxStealPercent: 10,
  retakeBudget: 1,
};

/** pod-churn settings of both profiles: bursts of 20 pods, 4 set up at a time. */
export const DEFAULT_POD_CHURN: PodChurnSettings = { pods: 20, parallel: 4, connectTimeoutS: 10 };

/**
 * The `default` profile: every topology × every test, 10 repetitions of 5 s samples.
 * Why 10: the gate Holm-corrects across every scenario × metric of the run (about 100 here), and the
 * exact Mann-Whitney test of n vs n cannot go below 1 / C(2n, n): 2.9e-4 for n = 7 (too weak for
 * α 0.01 / 100 = 1e-4), 5.4e-6 for n = 10 (enough for families of up to ~1800 metrics).
 */
export const DEFAULT_SUITE: SuiteConfig = {
  profile: 'default',
  topologies: [...TOPOLOGY_IDS],
  tests: [...TEST_IDS],
  repetitions: 10,
  maxRepetitions: 32,
  timeBudgetS: 3600,
  iperf: {
    durationS: 5,
    omitS: 1,
    parallelStreams: 4,
    udpRateBps: 1_000_000_000,
    udpLengthBytes: null,
  },
  http: {
    durationS: 5,
    connections: 32,
    threads: 2,
    fixedRateFraction: 0.5,
    responseBytes: 1024,
  },
  podChurn: DEFAULT_POD_CHURN,
  dummyServices: 0,
  kubeProxy: ['iptables'],
  serverReadyTimeoutS: 10,
  control: true,
  interference: DEFAULT_INTERFERENCE,
};

/**
 * The `quick` profile: the headline cross-node scenarios only (TCP throughput and HTTP max RPS),
 * 7 repetitions of 1 s samples (iperf3 without omit: ABBA pairs and interleaved rounds meet the
 * same TCP ramp on both sides). Sized so that three datapaths finish well inside 3 minutes on a
 * 2-core machine, setup and teardown included. 7 vs 7 is the smallest n whose exact test can pass
 * the Holm bound of this suite's ~15 metrics (1 / C(14, 7) = 2.9e-4 < 0.01 / 15): it catches clear
 * regressions; the default profile is the one to gate releases on. Paired (the pull-request gate)
 * it samples up to 60 pairs, with RPS and p50 judged at 3% (src/core/metrics.ts). Sample length,
 * pairs and threshold are what bench:gate measures (docs/gate-quality.md, the 40 quiet A/A trials
 * holding 60 pairs, batches 4–7): A/A `pass` 38/40 and exact 5% RPS drops caught 37/40 at 60
 * pairs and 3%, against 30/84 over all A/A trials at the earlier 36 pairs and 5% (a true 5% drop
 * sits on a 5% threshold); median time to a verdict 72 s (A/A), while an open verdict samples all
 * 60 pairs (~265 s). 1 s samples keep the median under 90 s on the 2-core machine, where 2 s
 * after a 1 s omit cost 2.5× the time per pair for at most half the variance.
 */
export const QUICK_SUITE: SuiteConfig = {
  profile: 'quick',
  topologies: ['pod-to-pod-cross-node'],
  tests: ['tcp-stream', 'http-max'],
  repetitions: 7,
  maxRepetitions: 60,
  timeBudgetS: 900,
  iperf: { ...DEFAULT_SUITE.iperf, durationS: 1, omitS: 0 },
  http: { ...DEFAULT_SUITE.http, durationS: 1 },
  podChurn: DEFAULT_POD_CHURN,
  dummyServices: DEFAULT_SUITE.dummyServices,
  kubeProxy: DEFAULT_SUITE.kubeProxy,
  serverReadyTimeoutS: DEFAULT_SUITE.serverReadyTimeoutS,
  control: true,
  interference: DEFAULT_INTERFERENCE,
};

/** The built-in profiles by name. */
export const BUILT_IN_SUITES: Readonly<Record<SuiteProfile, SuiteConfig>> = {
  default: DEFAULT_SUITE,
  quick: QUICK_SUITE,
};
