import type { KubeProxyMode } from '../../core/kube-proxy.js';
import type { TopologyId } from '../../core/scenarios.js';
import type { SkipReason } from '../platform.js';
import { labNames } from './address-plan.js';
import { openCgroup, type MountPolicy } from './bpf/bpf-fs.js';
import type { SocketLbService } from './bpf/map-entries.js';
import { createNodePortLb, type NodePortLb } from './bpf/nodeport.js';
import { createSocketLb, type SocketLb, type SocketLbCounters } from './bpf/socket-lb.js';
import { inNamespace } from './commands.js';
import type { LabDeps } from './deps.js';
import { kubeProxyBaseRules, serviceRules, type LabService } from './kube-proxy-rules.js';
import { nftBaseRules, nftServiceRules } from './nft-rules.js';

export { KUBE_PROXY_MODES, isKubeProxyMode, type KubeProxyMode } from '../../core/kube-proxy.js';

/** A client command line, possibly wrapped (the ebpf mode runs clients in the run's cgroup). */
export interface CommandLine {
  readonly command: string;
  readonly args: readonly string[];
}

/** The service path of one lab run. */
export interface ServiceProxy {
  readonly mode: KubeProxyMode;
  /** Base rules or programs on every node, with `dummyServices` dummy services preloaded. */
  prepare(nodes: number, dummyServices: number, signal?: AbortSignal): Promise<void>;
  /** Installs a placement's service where `node`'s clients see it; returns its removal. */
  addService(node: number, service: LabService): Promise<() => Promise<void>>;
  /** The command line a client (and its readiness probe) runs with. */
  wrapClient(line: CommandLine): CommandLine;
  /** Why a topology cannot use this mode here, or null. */
  supports(topology: TopologyId): SkipReason;
  /** Detaches what prepare attached outside the run's namespaces (the caller removes pins, cgroup, mounts). */
  detach(): Promise<void>;
  /** ebpf only: what the socket LB counted. */
  counters?(): Promise<SocketLbCounters>;
}

/** What the service proxies need from the platform. */
export interface ServiceProxyContext {
  readonly deps: LabDeps;
  readonly runId: string;
  readonly stateDir: string;
  /** ebpf: the run's pin root and the socket-LB object. */
  readonly bpf?: {
    readonly pinRoot: string;
    readonly objectPath: string;
    /** bpf/nodeport.o: NodePort DNAT/SNAT on the ingress node; without it NodePort is skipped. */
    readonly nodePortObjectPath?: string;
    readonly mounts?: MountPolicy;
  };
}

const unchanged = (line: CommandLine): CommandLine => line;

/** kube-proxy iptables mode: KUBE-SERVICES chains (kube-proxy-rules.ts). */
function iptablesProxy(ctx: ServiceProxyContext): ServiceProxy {
  const restore = (node: number, input: string, signal?: AbortSignal) =>
    inNamespace(ctx.deps, labNames.node(ctx.runId, node), 'iptables-restore', ['--noflush'], {
      input,
      ...(signal ? { signal } : {}),
    });
  return {
    mode: 'iptables',
    async prepare(nodes, dummyServices, signal) {
      const base = kubeProxyBaseRules(dummyServices);
      for (let i = 0; i < nodes; i++) await restore(i, base, signal);
    },
    async addService(node, service) {
      const rules = serviceRules(service);
      await restore(node, rules.add);
      return async () => {
        await restore(node, rules.remove);
      };
    },
    wrapClient: unchanged,
    supports: () => null,
    detach: async () => undefined,
  };
}

/** kube-proxy nftables mode: verdict maps in one table per run (nft-rules.ts). */
function nftablesProxy(ctx: ServiceProxyContext): ServiceProxy {
  const nft = (node: number, input: string, signal?: AbortSignal) =>
    inNamespace(ctx.deps, labNames.node(ctx.runId, node), 'nft', ['-f', '-'], {
      input,
      ...(signal ? { signal } : {}),
    });
  return {
    mode: 'nftables',
    async prepare(nodes, dummyServices, signal) {
      const base = nftBaseRules(ctx.runId, dummyServices);
      for (let i = 0; i < nodes; i++) await nft(i, base, signal);
    },
    async addService(node, service) {
      const rules = nftServiceRules(ctx.runId, service);
      await nft(node, rules.add);
      return async () => {
        await nft(node, rules.remove);
      };
    },
    wrapClient: unchanged,
    supports: () => null,
    detach: async () => undefined,
  };
}

/** Skip reason of NodePort traffic in the ebpf mode when its tc program is not available. */
export const EBPF_NODEPORT_SKIP =
  'kube-proxy ebpf translates connect() of clients inside the cluster (socket LB); NodePort traffic from outside needs the tc DNAT/SNAT program bpf/nodeport.o on the ingress node, which this run did not load';

/**
 * eBPF mode: socket-level LB (cgroup/connect4 + sendmsg4 + recvmsg4 rewrite ClusterIP:port to a
 * backend) for clients in the cluster, and a tc program on every node's underlay device for
 * NodePort traffic from outside (DNAT to the backend, SNAT to the node, reverse on the reply).
 */
function ebpfProxy(ctx: ServiceProxyContext): ServiceProxy {
  const bpf = ctx.bpf;
  if (!bpf) throw new Error('internal: kube-proxy ebpf without a BPF context');
  let lb: SocketLb | undefined;
  let nodePorts: NodePortLb | undefined;
  let cgroupDir: string | undefined;
  return {
    mode: 'ebpf',
    async prepare(nodes, dummyServices) {
      const cgroup = await openCgroup(ctx.deps, ctx.runId, ctx.stateDir, bpf.mounts);
      cgroupDir = cgroup.dir;
      lb = createSocketLb(ctx.deps, bpf.pinRoot, ctx.stateDir, bpf.objectPath, cgroup.dir);
      await lb.prepare(dummyServices);
      if (bpf.nodePortObjectPath) {
        nodePorts = createNodePortLb(ctx.deps, ctx.runId, bpf.pinRoot, bpf.nodePortObjectPath);
        for (let i = 0; i < nodes; i++) await nodePorts.prepareNode(i);
      }
    },
    async addService(node, service) {
      if (!lb) throw new Error('kube-proxy ebpf: addService() before prepare()');
      const removals: (() => Promise<void>)[] = [];
      try {
        if (service.ports.some((p) => p.nodePort !== undefined)) {
          if (!nodePorts) throw new Error(`kube-proxy ebpf: ${EBPF_NODEPORT_SKIP}`);
          removals.push(await nodePorts.add(node, service));
        }
        const vip = service.vip;
        if (vip) {
          const frontends: SocketLbService[] = service.ports.map((p) => ({
            vip,
            port: p.port,
            protocol: p.protocol,
            backends: [{ ip: service.backend, port: p.targetPort }],
          }));
          removals.push(await lb.add(frontends));
        }
      } catch (error) {
        for (const remove of removals) await remove().catch(() => undefined);
        throw error;
      }
      return async () => {
        for (const remove of removals) await remove();
      };
    },
    wrapClient(line) {
      if (!cgroupDir) return line;
      // The client joins the run's cgroup before exec, so every socket it opens meets the hooks.
      return {
        command: 'bash',
        args: ['-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', cgroupDir, line.command, ...line.args],
      };
    },
    supports: (topology) =>
      topology === 'nodeport-via-other-node' && !bpf.nodePortObjectPath ? EBPF_NODEPORT_SKIP : null,
    async detach() {
      await lb?.detach();
    },
    counters: () => (lb ? lb.counters() : Promise.resolve({ rewrites: 0, misses: 0 })),
  };
}

/** The service proxy of a mode. */
export function createServiceProxy(mode: KubeProxyMode, ctx: ServiceProxyContext): ServiceProxy {
  switch (mode) {
    case 'iptables':
      return iptablesProxy(ctx);
    case 'nftables':
      return nftablesProxy(ctx);
    case 'ebpf':
      return ebpfProxy(ctx);
  }
}
