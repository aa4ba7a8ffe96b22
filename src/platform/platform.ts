import type { CounterReading } from '../core/diagnostics/types.js';
import type { CpuUsage } from '../core/parsers/proc-stat.js';
import type { PodTiming } from '../core/pod-churn.js';
import type { ResourceReading } from '../core/resources.js';
import type { Environment, PlatformKind, Subject } from '../core/results/types.js';
import type { TopologyId } from '../core/scenarios.js';
import type { SuiteConfig } from '../core/suite/types.js';

export type { CounterReading, CpuUsage, ResourceReading };

/** A measuring tool the suite runs in a client. */
export type ClientTool = 'iperf3' | 'wrk' | 'wrk2';

/** A server the suite needs on the server side of a placement. */
export type ServerKind = 'iperf3' | 'http';

/** An extra file a client needs (e.g. a wrk Lua script). */
export interface InvocationFile {
  /** Base name; arguments refer to it as `@file:<name>` and the platform substitutes the real path. */
  readonly name: string;
  readonly content: string;
}

const FILE_ARG = /^@file:(.+)$/;
const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Throws unless every file of an invocation has a plain file name (no path, no leading dot). */
export function assertPlainFileNames(files: readonly Pick<InvocationFile, 'name'>[]): void {
  for (const file of files) {
    if (!SAFE_FILE_NAME.test(file.name))
      throw new Error(`invocation file name "${file.name}" is not a plain file name`);
  }
}

/**
 * Replaces each `@file:<name>` argument by `pathOf(name)`, where the platform put that file.
 * A name that is not a plain file name, or names no file of the invocation, throws.
 */
export function substituteFileArgs(
  args: readonly string[],
  files: readonly Pick<InvocationFile, 'name'>[],
  pathOf: (name: string) => string,
): string[] {
  return args.map((arg) => {
    const m = FILE_ARG.exec(arg);
    if (!m) return arg;
    const name = m[1]!;
    if (!SAFE_FILE_NAME.test(name) || !files.some((f) => f.name === name)) {
      throw new Error(`invocation argument ${arg} names no file of the invocation`);
    }
    return pathOf(name);
  });
}

/** One tool run in the client of a placement. */
export interface ToolInvocation {
  readonly tool: ClientTool;
  /** Arguments after the binary; `@file:<name>` is replaced by the path of that file. */
  readonly args: readonly string[];
  readonly files?: readonly InvocationFile[];
  /** Kill the tool after this long; the scenario then fails naming the tool. */
  readonly timeoutMs: number;
}

/** What one tool run printed, and when. */
export interface ToolOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly startedAt: string;
  readonly durationS: number;
  /** Absent when the platform cannot measure CPU (reported as unavailable). */
  readonly cpu?: CpuUsage;
  /** True when the tool was killed because it ran past the invocation's `timeoutMs`. */
  readonly timedOut?: boolean;
}

/** Where the client connects for each server kind. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/** What one pod-churn sample asks of a placement: a burst of pods, each connecting to `target`. */
export interface PodChurnRequest {
  /** Pods in the burst (each created, timed, deleted). */
  readonly pods: number;
  /** Pods being set up at the same time within the burst. */
  readonly parallel: number;
  /** The server each pod connects to (on another node). */
  readonly target: Endpoint;
  /** Give up on a pod's first connect after this long (the sample then fails naming the pod). */
  readonly connectTimeoutMs: number;
}

/** One pod of a pod-churn burst, in milliseconds. */
export type PodChurnTiming = PodTiming;

/** What a pod-churn burst measured. */
export interface PodChurnOutput {
  readonly startedAt: string;
  readonly durationS: number;
  readonly pods: readonly PodChurnTiming[];
}

/** Server and client set up for one topology; valid until released. */
export interface Placement {
  readonly topology: TopologyId;
  /** Human description, e.g. "client pod on node-0 → server pod on node-1 via ClusterIP". */
  readonly description: string;
  /** Starts the server (if not already running) and resolves once it accepts connections. */
  startServer(kind: ServerKind): Promise<Endpoint>;
  /** Runs one tool in the client and returns its output; never throws on a non-zero exit. */
  runClient(invocation: ToolInvocation): Promise<ToolOutput>;
  /**
   * pod-churn: creates a burst of pods with the CNI under test (beside this placement's client),
   * times each pod's setup, and deletes every pod it created, also on failure. Absent when the
   * platform cannot create pods here (e.g. the lab's `host` datapath).
   */
  churnPods?(request: PodChurnRequest): Promise<PodChurnOutput>;
  /**
   * Diagnostics: the cumulative kernel counters of the network namespaces this placement's traffic
   * crosses and of the machine, read now (the runner reads them around each tool run). Absent
   * when the platform cannot read them; throws when a reading fails (the sample is kept without).
   */
  readCounters?(): Promise<CounterReading>;
  /** Why the platform reads no kernel counters here, when it reads none (said once per run, recorded per scenario). */
  readonly countersUnavailable?: string;
  /** Stops servers and removes the client/server of this placement. */
  release(): Promise<void>;
}

/** Why a topology cannot run on this platform/datapath, or null when it can. */
export type SkipReason = string | null;

/**
 * Where pods live: the lab (network namespaces on this machine) or a Kubernetes cluster.
 * Lifecycle: prepare → (place → startServer/runClient… → release)* → teardown.
 * teardown is idempotent and safe after a failed prepare.
 */
export interface Platform {
  readonly kind: PlatformKind;
  /** The datapath / CNI under test, as recorded in results. */
  subject(): Subject;
  /** Creates nodes and deploys the CNI. Checks tools and privileges first. */
  prepare(suite: SuiteConfig): Promise<void>;
  /** Facts that must match for a fair comparison (fingerprint filled in by the caller). */
  environment(): Promise<Omit<Environment, 'fingerprint'>>;
  /** Null when the topology can run here, else the reason it is skipped. */
  supports(topology: TopologyId): SkipReason;
  place(topology: TopologyId): Promise<Placement>;
  /**
   * Optional: reads the CNI's own resources now (Kubernetes: the CNI agent pods' working set and
   * cumulative CPU from the kubelets; lab: the memory of the run's BPF maps). The runner reads it
   * right before and right after each sample of the scenario that carries the resource metrics
   * (core/resources.ts). Never throws for a missing source: `available: false` with one line why.
   * Null when this platform has nothing to read (e.g. a lab datapath without BPF programs).
   */
  resourceProbe?(): Promise<ResourceReading | null>;
  teardown(): Promise<void>;
  /** What the user should do to remove leftovers when teardown fails (one sentence fragment). */
  readonly leftoverHint: string;
}
