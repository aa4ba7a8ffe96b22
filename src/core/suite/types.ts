import type { KubeProxyMode } from '../kube-proxy.js';
import type { TestId, TopologyId } from '../scenarios.js';

/** iperf3 settings shared by the stream tests. */
export interface IperfSettings {
  /** Measured seconds per sample (`-t`). */
  readonly durationS: number;
  /** Warm-up seconds discarded by iperf3 (`-O`). */
  readonly omitS: number;
  /** Streams for `tcp-stream-parallel` (`-P`). */
  readonly parallelStreams: number;
  /** Target rate for `udp-stream` in bit/s (`-b`). */
  readonly udpRateBps: number;
  /** UDP datagram size in bytes (`-l`), or null for iperf3's default. */
  readonly udpLengthBytes: number | null;
}

/** wrk settings shared by the HTTP tests. */
export interface HttpSettings {
  /** Measured seconds per sample (`-d`). */
  readonly durationS: number;
  /** Open connections (`-c`). */
  readonly connections: number;
  /** Client threads (`-t`). */
  readonly threads: number;
  /** Fraction of the measured max RPS for `http-fixed-rate` (0 < f ≤ 1). */
  readonly fixedRateFraction: number;
  /** Bytes in the served response body. */
  readonly responseBytes: number;
}

/** pod-churn settings: one sample is one burst of pods. */
export interface PodChurnSettings {
  /** Pods created (and deleted) per sample. */
  readonly pods: number;
  /** Pods set up at the same time within a burst. */
  readonly parallel: number;
  /** Seconds a pod may take to its first successful connect before the sample fails. */
  readonly connectTimeoutS: number;
}

/** Kubernetes: the CNI agent pods, given by the user instead of the CNI's DaemonSets. */
export interface CniAgentSelector {
  /** Namespace of the agent pods. */
  readonly namespace: string;
  /** Label selector of the agent pods (e.g. `k8s-app=cilium`). */
  readonly labels: string;
}

/** How much interference a sample may see before it is discarded and re-taken. */
export interface InterferenceTolerance {
  /** Most CPU (percent of all CPUs) other processes may use during a sample. */
  readonly maxForeignCpuPercent: number;
  /** Most hypervisor steal (percent of all CPUs) during a sample. */
  readonly maxStealPercent: number;
  /**
   * Re-takes the whole run may spend, as a fraction of its planned samples (1 = up to as many
   * extra samples as planned). When it runs out, samples are kept and marked disturbed.
   */
  readonly retakeBudget: number;
}

/** The resolved suite: what runs, how often, for how long. Stored in results as `suite`. */
export interface SuiteConfig {
  readonly topologies: readonly TopologyId[];
  readonly tests: readonly TestId[];
  /** Samples per scenario (and per datapath when several are interleaved). */
  readonly repetitions: number;
  readonly iperf: IperfSettings;
  readonly http: HttpSettings;
  /**
   * pod-churn settings. Optional for compatibility with results files written before pod-churn;
   * resolveSuiteConfig always sets it (default 20 pods, 4 at a time, 10 s connect timeout).
   */
  readonly podChurn?: PodChurnSettings;
  /** Dummy kube-proxy services preloaded in the lab to show iptables rule-count scaling. */
  readonly dummyServices: number;
  /**
   * How the lab's service topologies reach their backend; several modes run interleaved as
   * separate contenders (like several datapaths). Optional for compatibility with results files
   * written before it existed; resolveSuiteConfig always sets it (default `[iptables]`).
   */
  readonly kubeProxy?: readonly KubeProxyMode[];
  /**
   * Kubernetes: which pods are the CNI agents whose memory and CPU are read (cni_agent_* metrics).
   * Absent = the pods of the CNI's DaemonSets (the preset's, the manifests', or an existing CNI's).
   */
  readonly cniAgentSelector?: CniAgentSelector;
  /** Seconds to wait for a server to listen before failing the scenario. */
  readonly serverReadyTimeoutS: number;
  /**
   * Adaptive sampling (paired runs): the most samples (pairs) per scenario before the stop rule
   * must stop. Optional for compatibility; resolveSuiteConfig always sets it.
   */
  readonly maxRepetitions?: number;
  /** Adaptive sampling: seconds of measuring the whole run may take before it stops sampling. */
  readonly timeBudgetS?: number;
  /**
   * Measure the control — the host network path between the same nodes (host-cross-node) — for
   * every test, interleaved with the pod scenarios, so `compare` can tell runner drift from a CNI
   * change. Absent (a suite built by code, or results from before it) = no control; resolveSuiteConfig
   * always sets it (default true).
   */
  readonly control?: boolean;
  /** Interference tolerance; absent = samples are not judged for interference (resolveSuiteConfig always sets it). */
  readonly interference?: InterferenceTolerance;
  /** The profile the defaults came from. */
  readonly profile: 'default' | 'quick';
}
