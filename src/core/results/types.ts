import type { SampleDiagnostics } from '../diagnostics/types.js';
import type { SampleProfile, ScenarioProfile } from '../profile/types.js';
import type { MetricId, MetricValues } from '../metrics.js';
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
  /** How service traffic reaches its backend (`iptables`, `nftables`, `ebpf`); absent in older files. */
  readonly kubeProxy?: string;
  /** BPF object file → `sha256:<hex>` of the programs the run loaded (eBPF datapaths and kube-proxy). */
  readonly bpf?: Readonly<Record<string, string>>;
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
  /** CPU architecture of the nodes the workload images run on (`amd64`, `arm64`), when known. */
  readonly architecture?: string;
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
  /**
   * Present when the sample was taken under interference beyond the suite's tolerance and kept only
   * because the re-take budget ran out: why (e.g. "foreign CPU 48% > 10%"). `compare` never blames
   * the PR on a scenario with such samples.
   */
  readonly disturbed?: string;
  /**
   * Paired runs: present when this sample's pair saw load beyond the tolerance on BOTH sides, within
   * the tolerance of each other (a steady co-tenant): the pair is kept, since its ratio cancels load
   * that hits A and B alike, and this says how much (e.g. "load on both sides: foreign CPU 48% / 51%").
   */
  readonly sharedLoad?: string;
  /** `run --profile`: this sample's CPU profile (kernel CPU per function, the work it did). */
  readonly profile?: SampleProfile;
  /**
   * Kernel counters over the sample, per namespace and machine-wide (platforms that can read them):
   * never gating; `compare` reports the ones that moved per unit of work.
   */
  readonly diagnostics?: SampleDiagnostics;
}

/** A sample taken and then set aside (interference beyond tolerance); it was re-taken. */
export interface DiscardedSample extends Sample {
  readonly discardReason: string;
}

/** All samples of one `<topology>/<test>`. */
export interface ScenarioResult {
  readonly id: ScenarioId;
  readonly topology: TopologyId;
  readonly test: TestId;
  readonly samples: readonly Sample[];
  /** Present when the scenario was skipped (e.g. ipvlan on a kernel without it). */
  readonly skipped?: string;
  /** Present when the samples were taken adaptively: how many, at which looks, and why it stopped. */
  readonly sampling?: ScenarioSampling;
  /** Samples discarded for interference and re-taken, in the order they were taken. */
  readonly discarded?: readonly DiscardedSample[];
  /**
   * Metrics this scenario would carry that some or all of its samples lack, and why (one line each;
   * e.g. `cni_agent_memory_bytes`: the kubelet stats endpoint answered 403). Additive; `compare`
   * names the reason when one side lacks a metric the other has.
   */
  readonly unavailable?: Readonly<Partial<Record<MetricId, string>>>;
  /**
   * Why the scenario's samples have no kernel counters (`diagnostics`) although the test has a
   * unit of work: the platform cannot read them there (e.g. an existing Kubernetes cluster).
   */
  readonly countersUnavailable?: string;
  /** `run --profile`: the kept samples' folded stacks, summed (a differential flame graph's input). */
  readonly profile?: ScenarioProfile;
}

/** Why adaptive sampling of a scenario stopped. */
export type StopReason =
  'settled' | 'no-material-regression' | 'futile' | 'regression' | 'max-repetitions' | 'time-budget';

/** How a scenario's samples were taken under adaptive sampling (per side: n pairs / samples). */
export interface ScenarioSampling {
  /** Samples kept (pairs in paired mode), warm-up excluded. */
  readonly n: number;
  /** Sample counts at which the stop rule looked. */
  readonly looks: readonly number[];
  readonly stopReason: StopReason;
}

/** The pairing of two results files run side by side (paired mode, ABBA order). */
export interface Pairing {
  /** Shared by the base and the head file of one paired run. */
  readonly id: string;
  readonly order: 'ABBA';
  readonly role: 'base' | 'head';
  /** Pairs run and discarded before the first kept pair. */
  readonly warmupPairs: number;
}

/** The adaptive-sampling plan a run used (absent: a fixed number of repetitions). */
export interface SamplingPlan {
  readonly mode: 'adaptive';
  /** Family-wise α of the gate, and the α each look is judged at (Bonferroni over the planned looks). */
  readonly alpha: number;
  readonly alphaPerLook: number;
  /**
   * The α one scenario's look is judged at: alphaPerLook split evenly over the suite's scenarios,
   * each scenario its own Holm family. `compare` judges such files per scenario at this α (absent
   * in files written before it: those are judged at alphaPerLook over all scenarios together).
   */
  readonly alphaPerScenarioLook?: number;
  /** Planned look sizes (samples, or pairs). */
  readonly looks: readonly number[];
  readonly maxRepetitions: number;
  readonly timeBudgetS: number;
}

/**
 * Where a run came from (provenance; optional, additive to schema version 1): filled by the CLI
 * from `git` when run inside a repository and by the Action from its workflow context.
 */
export interface Source {
  /** Full commit SHA of the checked-out tree. */
  readonly commit?: string;
  /** Git ref (`refs/heads/main`, a branch name, a tag). */
  readonly ref?: string;
  /** Repository, `owner/name` or a URL, when known. */
  readonly repository?: string;
  /** URL of the workflow run that produced the file. */
  readonly runUrl?: string;
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
  /** Present when this file is one side of a paired (ABBA) run. */
  readonly pairing?: Pairing;
  /** Present when the samples were taken adaptively. */
  readonly sampling?: SamplingPlan;
  /** Provenance: commit, ref, workflow run (optional). */
  readonly source?: Source;
}
