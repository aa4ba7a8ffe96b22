import { openBpfFs } from './bpf/bpf-fs.js';
import { createHostRouting, type HostRouting } from './bpf/hostrouting.js';
import { removeBpfLeftovers } from './bpf/leftovers.js';
import { BPF_OBJECTS, bpfObject } from './bpf/objects.js';
import type { LabDeps } from './deps.js';
import { buildFabric } from './fabric.js';
import { applyImpairment } from './impairment.js';
import { destroyNamespace, listNamespaces } from './netns.js';
import type { LabPlatformOptions, ResolvedLabOptions } from './run-options.js';
import { createServiceProxy, type KubeProxyMode, type ServiceProxy } from './service-proxy.js';
import type { MountPolicy } from './bpf/bpf-fs.js';

/** What prepare builds that placements and teardown use. */
export interface LabBuilt {
  proxy?: ServiceProxy;
  hostRouting?: HostRouting;
  /** Where the run's BPF programs are pinned, once it loaded some (their maps' memory is read). */
  pinRoot?: string;
  /** `<object file>` → `sha256:…` of the BPF objects this run loaded (recorded in the subject). */
  readonly bpfHashes: Record<string, string>;
}

/**
 * Builds the fabric (nodes, underlay, cross-node routing), the BPF host routing, the service proxy
 * (kube-proxy rules, or iptables when eBPF socket LB is unsupported) and an impairment, recording
 * each piece in `built` as soon as it exists so that teardown finds it.
 */
export async function buildFabricAndRules(
  deps: LabDeps,
  built: LabBuilt,
  run: {
    readonly o: ResolvedLabOptions;
    readonly options: LabPlatformOptions;
    readonly dummyServices: number;
    readonly bpfObjectDir: string;
    /** Why eBPF socket LB is unsupported here (the proxy then falls back to iptables), or null. */
    readonly proxyUnsupported: string | null;
  },
): Promise<void> {
  const { o, options } = run;
  const signal = options.signal;
  const usesHostRouting = o.datapath === 'ebpf-hostrouting';
  const usesBpf = usesHostRouting || o.kubeProxy === 'ebpf';
  await buildFabric(deps, {
    runId: o.runId,
    nodes: o.nodes,
    mtu: o.mtu,
    routing: o.routing,
    ...(signal ? { signal } : {}),
  });
  let pinRoot: string | undefined;
  if (usesBpf) pinRoot = (await openBpfFs(deps, o.runId, o.stateDir, options.bpfMounts)).pinRoot;
  if (usesHostRouting && pinRoot) {
    const object = await bpfObject(deps, run.bpfObjectDir, 'hostrouting');
    built.bpfHashes[BPF_OBJECTS.hostrouting] = object.hash;
    built.hostRouting = createHostRouting(deps, o.runId, pinRoot, object.path);
    for (let i = 0; i < o.nodes; i++) await built.hostRouting.prepareNode(i);
  }
  const mode: KubeProxyMode = o.kubeProxy === 'ebpf' && run.proxyUnsupported ? 'iptables' : o.kubeProxy;
  let bpf:
    { pinRoot: string; objectPath: string; nodePortObjectPath: string; mounts?: MountPolicy } | undefined;
  if (mode === 'ebpf' && pinRoot) {
    const object = await bpfObject(deps, run.bpfObjectDir, 'socketLb');
    built.bpfHashes[BPF_OBJECTS.socketLb] = object.hash;
    const nodePort = await bpfObject(deps, run.bpfObjectDir, 'nodePort');
    built.bpfHashes[BPF_OBJECTS.nodePort] = nodePort.hash;
    bpf = {
      pinRoot,
      objectPath: object.path,
      nodePortObjectPath: nodePort.path,
      ...(options.bpfMounts ? { mounts: options.bpfMounts } : {}),
    };
  }
  built.proxy = createServiceProxy(mode, {
    deps,
    runId: o.runId,
    stateDir: o.stateDir,
    ...(bpf ? { bpf } : {}),
  });
  await built.proxy.prepare(o.nodes, run.dummyServices, signal);
  if (pinRoot && (built.hostRouting || bpf)) built.pinRoot = pinRoot;
  if (options.impairment) await applyImpairment(deps, o.runId, o.nodes, options.impairment, signal);
  signal?.throwIfAborted();
}

/** Removes everything of the run but its placements: proxy, namespaces, BPF leftovers, state dir. */
export async function removeLabResources(
  deps: LabDeps,
  o: ResolvedLabOptions,
  built: LabBuilt,
): Promise<void> {
  let first: unknown;
  await built.proxy?.detach().catch((error: unknown) => (first ??= error));
  built.proxy = undefined;
  built.hostRouting = undefined;
  const prefix = `cpg-${o.runId}-`;
  for (const ns of await listNamespaces(deps)) {
    if (ns.startsWith(prefix)) await destroyNamespace(deps, ns);
  }
  // Cgroup, pins and the run's own mounts: before the state dir (the mounts live under it).
  await removeBpfLeftovers(deps, o.runId, o.stateDir).catch((error: unknown) => (first ??= error));
  await deps.remove(o.stateDir);
  if (first !== undefined) throw first;
}
