import type { MetricValues } from '../metrics.js';
import type { ScenarioId, TestId, TopologyId } from '../scenarios.js';
import type { SuiteConfig } from '../suite/types.js';

/** The only results schema version this build reads and writes. */
export const RESULTS_SCHEMA_VERSION = 1;

/** Where the pods lived. */
export type PlatformKind = 'lab' | 'kubernetes';

/** What the PR changes: the CNI under test. */
export interface Subject {
  readonly platform: PlatformKind;
  /** Lab datapath preset (`bridge-vxlan`, `custom`, …) or the Kubernetes CNI preset name. */
  readonly datapath: string;
  /** CNI facts: name, version, conflist/manifest path, routing mode… (free-form, reported). */
  readonly cni: Readonly<Record<string, unknown>>;
  /** `sha256:<hex>` of the CNI configuration under test. */
  readonly configHash: string;
}

/** Facts about a Kubernetes cluster, when the platform was kubernetes. */
export interface KubernetesEnvironment {
  readonly version: string;
  readonly nodeImage: string | null;
  readonly nodes: number;
  readonly kubeProxyMode: string | null;
  readonly cni: { readonly name: string; readonly version: string | null };
}

/** What must match for a comparison to be fair. */
export interface Environment {
  readonly kernel: string;
  readonly cpuModel: string;
  readonly cpus: number;
  readonly mtu: number;
  /** Tool name → version, e.g. `{ iperf3: "3.12", wrk: "4.1.0" }`. */
  readonly tools: Readonly<Record<string, string>>;
  readonly kubernetes: KubernetesEnvironment | null;
  /** `sha256:<hex>` over the fields above (see fingerprint.ts). */
  readonly fingerprint: string;
}

/** One measurement of one scenario. */
export interface Sample {
  readonly metrics: MetricValues;
  readonly startedAt: string;
  readonly durationS: number;
  /** Free-form facts about how the sample was taken (e.g. `{ "pacing": "wrk-lua-delay", "achievedRps": 5012 }`). */
  readonly notes?: Readonly<Record<string, string | number | boolean>>;
}

/** All samples of one `<topology>/<test>`. */
export interface ScenarioResult {
  readonly id: ScenarioId;
  readonly topology: TopologyId;
  readonly test: TestId;
  readonly samples: readonly Sample[];
  /** Present when the scenario was skipped (e.g. ipvlan on a kernel without it). */
  readonly skipped?: string;
}

/** A results file, schema version 1. */
export interface ResultsFile {
  readonly schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  readonly tool: { readonly name: 'cni-perf-gate'; readonly version: string };
  readonly createdAt: string;
  readonly subject: Subject;
  readonly environment: Environment;
  readonly suite: SuiteConfig | Readonly<Record<string, unknown>>;
  readonly scenarios: readonly ScenarioResult[];
}
