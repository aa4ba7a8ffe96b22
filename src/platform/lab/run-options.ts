import type { CpuPinning } from './cpu-pinning.js';
import type { CniConflist } from '../../core/cni/types.js';
import type { LabDatapath, LabRouting } from './datapaths.js';
import type { MountPolicy } from './bpf/bpf-fs.js';
import type { LabImpairment } from './impairment.js';
import type { KubeProxyMode } from './service-proxy.js';

/** Where the CNI plugin path came from, for messages. */
export type CniPathSource = 'option' | 'CNI_PATH' | 'default';

/** A lab platform's options once resolved and checked (lab-platform.ts `resolveOptions`). */
export interface ResolvedLabOptions {
  readonly runId: string;
  readonly datapath: LabDatapath;
  readonly kubeProxy: KubeProxyMode;
  /** Nodes, 2–4. */
  readonly nodes: number;
  /** Underlay MTU. */
  readonly mtu: 1500 | 9000;
  /** The run's state directory (removed by teardown). */
  readonly stateDir: string;
  readonly routing: LabRouting;
  /** `custom`: the parsed conflist and where it came from. */
  readonly custom: { readonly conflist: CniConflist; readonly source: string } | undefined;
  readonly cniPath: string;
  readonly cniPathSource: CniPathSource;
  /** Where the client tool and the server run; null: not pinned. */
  readonly pinning: CpuPinning | null;
}

/** Options of the lab platform (README "How it works → Platforms"). */
export interface LabPlatformOptions {
  readonly datapath: LabDatapath;
  /** `custom` only: the conflist text (may use `{{podCIDR}}`; host-local ranges are set per node). */
  readonly conflist?: string;
  /** `custom` only: where the conflist came from, for messages and results. */
  readonly conflistSource?: string;
  /** `custom` only: how pod traffic crosses nodes. */
  readonly routing?: 'host-gw' | 'vxlan';
  /** Nodes (2–4, default 2); an external-client namespace is added for NodePort. */
  readonly nodes?: number;
  /** Underlay MTU (default 1500). */
  readonly mtu?: 1500 | 9000;
  /** 1–8 lower-case letters/digits; prefixes every resource (`cpg-<runId>-…`). */
  readonly runId: string;
  /** CNI plugin directories (`--cni-path`; default `CNI_PATH` of the environment, else `/usr/lib/cni:/opt/cni/bin`). */
  readonly cniPath?: string;
  /** Default `/run/cni-perf-gate/<runId>`. Removed by teardown. */
  readonly stateDir?: string;
  /** Dummy kube-proxy services preloaded on every node (default: the suite's `dummyServices`). */
  readonly dummyServices?: number;
  /** How service traffic reaches its backend (default `iptables`): README "kube-proxy modes". */
  readonly kubeProxy?: KubeProxyMode;
  /** Where the built BPF objects are (default: `bpf/out` of this checkout or package). */
  readonly bpfObjectDir?: string;
  /** Tests only: make the run mount its own bpffs and cgroup2 even when the system has them. */
  readonly bpfMounts?: MountPolicy;
  /** Aborts prepare/place/runs in flight; teardown still cleans up. */
  readonly signal?: AbortSignal;
  /**
   * Benchmark only: a known slowdown (tbf rate limit on the underlay, extra FORWARD rules) to inject
   * regressions of known size (bench/gate-quality.ts). Recorded in the subject's `cni.impairment`.
   */
  readonly impairment?: LabImpairment;
  /**
   * Benchmark option: the CPUs the client tool and the server are pinned to (default: not pinned).
   * bench:gate batch 4 tried client on CPU 0 and server on CPU 1 on the 2-vCPU VM: the verdicts did
   * not change, and pinned runs sat through the hypervisor's slow stretches of a vCPU
   * (bench/data/gate-quality-notes-batch4.md), so the product leaves placement to the scheduler.
   */
  readonly pinning?: CpuPinning | null;
}
