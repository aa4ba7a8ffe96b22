import { parseDocument } from 'yaml';
import { UserError } from '../errors.js';
import { KUBE_PROXY_MODES, type KubeProxyMode } from '../kube-proxy.js';
import { TEST_IDS, TOPOLOGY_IDS, type TestId, type TopologyId } from '../scenarios.js';
import {
  BUILT_IN_SUITES,
  DEFAULT_INTERFERENCE,
  DEFAULT_POD_CHURN,
  SUITE_PROFILES,
  type SuiteProfile,
} from './profiles.js';
import type {
  CniAgentSelector,
  HttpSettings,
  InterferenceTolerance,
  IperfSettings,
  PodChurnSettings,
  SuiteConfig,
} from './types.js';
import {
  expectEnum,
  expectBoolean,
  expectEnumList,
  expectInteger,
  expectMapping,
  expectNumber,
  expectRate,
  expectText,
  type Where,
} from './validate.js';

/** Command-line overrides applied on top of the profile and the suite file. */
export interface SuiteOverrides {
  /** `--repetitions N`. */
  readonly repetitions?: number;
  /** `--duration S`: seconds per sample for iperf3 and wrk alike. */
  readonly durationS?: number;
  /** `--quick`: start from the `quick` profile instead of the file's (or `default`). */
  readonly quick?: boolean;
  /** Restrict the topologies (ids checked). */
  readonly topologies?: readonly string[];
  /** Restrict the tests (ids checked). */
  readonly tests?: readonly string[];
  /** `--kube-proxy MODE[,MODE…]` (modes checked). */
  readonly kubeProxy?: readonly string[];
}

/** What resolveSuiteConfig reads: an optional suite file's text and the overrides. */
export interface SuiteConfigInput {
  /** YAML text of a suite file; absent or empty → the profile's defaults. */
  readonly text?: string;
  /** Name of the suite file, used in error messages. */
  readonly source?: string;
  readonly overrides?: SuiteOverrides;
}

const TOP_KEYS = [
  'profile',
  'topologies',
  'tests',
  'repetitions',
  'maxRepetitions',
  'timeBudgetS',
  'iperf',
  'http',
  'podChurn',
  'dummyServices',
  'kubeProxy',
  'serverReadyTimeoutS',
  'cniAgentSelector',
  'control',
  'interference',
] as const;
const INTERFERENCE_KEYS = ['maxForeignCpuPercent', 'maxStealPercent', 'retakeBudget'] as const;
const IPERF_KEYS = ['durationS', 'omitS', 'parallelStreams', 'udpRateBps', 'udpLengthBytes'] as const;
const HTTP_KEYS = ['durationS', 'connections', 'threads', 'fixedRateFraction', 'responseBytes'] as const;
const POD_CHURN_KEYS = ['pods', 'parallel', 'connectTimeoutS'] as const;
const AGENT_SELECTOR_KEYS = ['namespace', 'labels'] as const;

/** Limits shared by the file keys and the command-line overrides. */
const LIMITS = {
  repetitions: [1, 1000],
  durationS: [1, 3600],
} as const;

/**
 * Resolves a suite: built-in profile (`--quick`, else the file's `profile`, else `default`),
 * then the file's keys, then the command-line overrides. Every field is validated; the first
 * problem is one UserError naming the file, the key path and what is allowed.
 */
export function resolveSuiteConfig(input: SuiteConfigInput = {}): SuiteConfig {
  const source = input.source ?? 'suite file';
  const file = parseSuiteYaml(input.text ?? '', source);
  const at = (path: string): Where => ({ source, path });

  const fileProfile =
    file.profile === undefined ? undefined : expectEnum(file.profile, SUITE_PROFILES, at('profile'));
  const profile: SuiteProfile = input.overrides?.quick ? 'quick' : (fileProfile ?? 'default');
  const base = BUILT_IN_SUITES[profile];

  const interference = resolveInterference(file.interference, base.interference ?? DEFAULT_INTERFERENCE, at);
  const iperf = resolveIperf(file.iperf, base.iperf, at);
  const http = resolveHttp(file.http, base.http, at, source);

  let suite: SuiteConfig = {
    profile,
    topologies: pick(file.topologies, base.topologies, (v) =>
      expectEnumList<TopologyId>(v, TOPOLOGY_IDS, at('topologies')),
    ),
    tests: pick(file.tests, base.tests, (v) => expectEnumList<TestId>(v, TEST_IDS, at('tests'))),
    repetitions: pick(file.repetitions, base.repetitions, (v) =>
      expectInteger(v, LIMITS.repetitions, at('repetitions')),
    ),
    maxRepetitions: pick(file.maxRepetitions, base.maxRepetitions ?? 32, (v) =>
      expectInteger(v, [2, 1000], at('maxRepetitions')),
    ),
    timeBudgetS: pick(file.timeBudgetS, base.timeBudgetS ?? 3600, (v) =>
      expectNumber(v, [10, 86_400], at('timeBudgetS')),
    ),
    iperf,
    http,
    podChurn: resolvePodChurn(file.podChurn, base.podChurn ?? DEFAULT_POD_CHURN, at),
    dummyServices: pick(file.dummyServices, base.dummyServices, (v) =>
      expectInteger(v, [0, 100_000], at('dummyServices')),
    ),
    kubeProxy: pick(file.kubeProxy, base.kubeProxy ?? ['iptables'], (v) =>
      expectEnumList<KubeProxyMode>(typeof v === 'string' ? [v] : v, KUBE_PROXY_MODES, at('kubeProxy')),
    ),
    serverReadyTimeoutS: pick(file.serverReadyTimeoutS, base.serverReadyTimeoutS, (v) =>
      expectNumber(v, [1, 600], at('serverReadyTimeoutS')),
    ),
    control: pick(file.control, base.control ?? true, (v) => expectBoolean(v, at('control'))),
    interference,
    ...(file.cniAgentSelector !== undefined
      ? { cniAgentSelector: resolveAgentSelector(file.cniAgentSelector, at) }
      : {}),
  };
  if (input.overrides) suite = applyOverrides(suite, input.overrides);
  return suite;
}

/** The file's `interference` keys over the profile's tolerance. */
function resolveInterference(
  value: unknown,
  tolerance: InterferenceTolerance,
  at: (path: string) => Where,
): InterferenceTolerance {
  const interferenceIn =
    value === undefined ? {} : expectMapping(value, INTERFERENCE_KEYS, at('interference'));
  return {
    maxForeignCpuPercent: pick(interferenceIn.maxForeignCpuPercent, tolerance.maxForeignCpuPercent, (v) =>
      expectNumber(v, [0, 100], at('interference.maxForeignCpuPercent')),
    ),
    maxStealPercent: pick(interferenceIn.maxStealPercent, tolerance.maxStealPercent, (v) =>
      expectNumber(v, [0, 100], at('interference.maxStealPercent')),
    ),
    retakeBudget: pick(interferenceIn.retakeBudget, tolerance.retakeBudget, (v) =>
      expectNumber(v, [0, 10], at('interference.retakeBudget')),
    ),
  };
}

/** The file's `iperf` keys over the profile's. */
function resolveIperf(value: unknown, base: IperfSettings, at: (path: string) => Where): IperfSettings {
  const iperfIn = value === undefined ? {} : expectMapping(value, IPERF_KEYS, at('iperf'));
  return {
    durationS: pick(iperfIn.durationS, base.durationS, (v) =>
      expectInteger(v, LIMITS.durationS, at('iperf.durationS')),
    ),
    omitS: pick(iperfIn.omitS, base.omitS, (v) => expectInteger(v, [0, 600], at('iperf.omitS'))),
    parallelStreams: pick(iperfIn.parallelStreams, base.parallelStreams, (v) =>
      expectInteger(v, [1, 128], at('iperf.parallelStreams')),
    ),
    udpRateBps: pick(iperfIn.udpRateBps, base.udpRateBps, (v) =>
      expectRate(v, [1000, 400e9], at('iperf.udpRateBps')),
    ),
    udpLengthBytes: pick(iperfIn.udpLengthBytes, base.udpLengthBytes, (v) =>
      v === null ? null : expectInteger(v, [16, 65507], at('iperf.udpLengthBytes')),
    ),
  };
}

/** The file's `http` keys over the profile's; wrk needs a connection per thread. */
function resolveHttp(
  value: unknown,
  base: HttpSettings,
  at: (path: string) => Where,
  source: string,
): HttpSettings {
  const httpIn = value === undefined ? {} : expectMapping(value, HTTP_KEYS, at('http'));
  const http: HttpSettings = {
    durationS: pick(httpIn.durationS, base.durationS, (v) =>
      expectInteger(v, LIMITS.durationS, at('http.durationS')),
    ),
    connections: pick(httpIn.connections, base.connections, (v) =>
      expectInteger(v, [1, 10000], at('http.connections')),
    ),
    threads: pick(httpIn.threads, base.threads, (v) => expectInteger(v, [1, 256], at('http.threads'))),
    fixedRateFraction: pick(httpIn.fixedRateFraction, base.fixedRateFraction, (v) =>
      expectNumber(v, [0.01, 1], at('http.fixedRateFraction')),
    ),
    responseBytes: pick(httpIn.responseBytes, base.responseBytes, (v) =>
      expectInteger(v, [0, 10_000_000], at('http.responseBytes')),
    ),
  };
  if (http.threads > http.connections) {
    throw new UserError(
      `${source}: http.threads (${http.threads}) must not exceed http.connections (${http.connections}); wrk needs a connection per thread`,
    );
  }
  return http;
}

/** The file's `podChurn` keys over the profile's. */
function resolvePodChurn(
  value: unknown,
  base: PodChurnSettings,
  at: (path: string) => Where,
): PodChurnSettings {
  const given = value === undefined ? {} : expectMapping(value, POD_CHURN_KEYS, at('podChurn'));
  const pods = pick(given.pods, base.pods, (v) => expectInteger(v, [1, 200], at('podChurn.pods')));
  return {
    pods,
    parallel: pick(given.parallel, base.parallel, (v) => expectInteger(v, [1, 64], at('podChurn.parallel'))),
    connectTimeoutS: pick(given.connectTimeoutS, base.connectTimeoutS, (v) =>
      expectNumber(v, [1, 600], at('podChurn.connectTimeoutS')),
    ),
  };
}

/** The file's `cniAgentSelector`: both keys required (a namespace and a label selector). */
function resolveAgentSelector(value: unknown, at: (path: string) => Where): CniAgentSelector {
  const given = expectMapping(value, AGENT_SELECTOR_KEYS, at('cniAgentSelector'));
  return {
    namespace: expectText(given.namespace, 253, at('cniAgentSelector.namespace')),
    labels: expectText(given.labels, 1000, at('cniAgentSelector.labels')),
  };
}

/** Applies (and validates) the command-line overrides. */
function applyOverrides(suite: SuiteConfig, overrides: SuiteOverrides): SuiteConfig {
  const flag = (name: string): Where => ({ source: 'command line', path: name });
  let out = suite;
  if (overrides.repetitions !== undefined) {
    out = {
      ...out,
      repetitions: expectInteger(overrides.repetitions, LIMITS.repetitions, flag('--repetitions')),
    };
  }
  if (overrides.durationS !== undefined) {
    const durationS = expectInteger(overrides.durationS, LIMITS.durationS, flag('--duration'));
    out = { ...out, iperf: { ...out.iperf, durationS }, http: { ...out.http, durationS } };
  }
  if (overrides.topologies !== undefined) {
    out = { ...out, topologies: expectEnumList(overrides.topologies, TOPOLOGY_IDS, flag('topologies')) };
  }
  if (overrides.kubeProxy !== undefined) {
    out = { ...out, kubeProxy: expectEnumList(overrides.kubeProxy, KUBE_PROXY_MODES, flag('--kube-proxy')) };
  }
  if (overrides.tests !== undefined) {
    out = { ...out, tests: expectEnumList(overrides.tests, TEST_IDS, flag('tests')) };
  }
  return out;
}

/** The file value when present, else the profile's, validated by `check`. */
function pick<T>(value: unknown, fallback: T, check: (value: unknown) => T): T {
  return value === undefined ? fallback : check(value);
}

/** Parses the YAML text into a top-level mapping with only known keys. */
function parseSuiteYaml(text: string, source: string): Partial<Record<(typeof TOP_KEYS)[number], unknown>> {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line;
    throw new UserError(
      `${source}${line ? `:${line}` : ''}: not valid YAML (${(first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}); fix the syntax`,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // e.g. an alias bomb: "Excessive alias count indicates a resource exhaustion attack".
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new UserError(
      `${source}: not a usable suite file (${reason}); write the values out without YAML aliases`,
    );
  }
  if (value === null || value === undefined) return {};
  return expectMapping(value, TOP_KEYS, { source, path: '' });
}
