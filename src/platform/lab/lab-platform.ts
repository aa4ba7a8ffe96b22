import { parseConflist, requiredPluginTypes } from '../../core/cni/conflist.js';
import { applyNodeIpam } from '../../core/cni/node-ipam.js';
import type { CniConflist } from '../../core/cni/types.js';
import { UserError } from '../../core/errors.js';
import { canonicalJson, configHash } from '../../core/results/fingerprint.js';
import type { Environment, Subject } from '../../core/results/types.js';
import type { TopologyId } from '../../core/scenarios.js';
import type { SuiteConfig } from '../../core/suite/types.js';
import type { Placement, Platform, SkipReason } from '../platform.js';
import { LAB_STATE_ROOT, MAX_LAB_NODES, labAddresses, labNames, validateRunId } from './address-plan.js';
import type { CniRuntimeContext } from './cni-runtime.js';
import { isLabDatapath, type LabDatapath, type LabRouting } from './datapaths.js';
import type { LabDeps } from './deps.js';
import { detectIpvlan } from './ipvlan-probe.js';
import { buildFabric } from './fabric.js';
import { applyImpairment, validateImpairment, type LabImpairment } from './impairment.js';
import { openBpfFs, type MountPolicy } from './bpf/bpf-fs.js';
import { createHostRouting, type HostRouting } from './bpf/hostrouting.js';
import { HOSTROUTING_NEEDS, SOCKLB_NEEDS, missingBpfFeature } from './bpf/kernel-features.js';
import { removeBpfLeftovers } from './bpf/leftovers.js';
import { readBpfMapMemory } from './bpf/map-memory.js';
import { BPF_OBJECTS, bpfObject, defaultBpfObjectDir } from './bpf/objects.js';
import {
  createServiceProxy,
  isKubeProxyMode,
  KUBE_PROXY_MODES,
  type KubeProxyMode,
  type ServiceProxy,
} from './service-proxy.js';
import { destroyNamespace, listNamespaces } from './netns.js';
import { createPlacement } from './placement.js';
import { checkPrivileges, requireTools, resolvePlugins } from './prerequisites.js';
import { presetConflist } from './presets.js';
import { labRequiredTools } from './required-tools.js';
import { parseCpuInfo, parseIperf3Version, parseNginxVersion, parseWrkVersion } from './tool-versions.js';

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
}

/** Default CNI plugin search path. */
export const DEFAULT_CNI_PATH = '/usr/lib/cni:/opt/cni/bin';

const UNDERLAY_POD_SKIP =
  "pods on the underlay (macvlan/ipvlan) bypass their node's network stack, so kube-proxy's iptables rules in the node never see their ClusterIP traffic";

const HOSTROUTING_NETFILTER_SKIP =
  "BPF host routing hands a pod's packets to the peer pod or the underlay before the node's netfilter sees them, so a netfilter kube-proxy (iptables/nftables) can neither DNAT the ClusterIP nor undo it on the reply (Cilium enables BPF host routing only with its kube-proxy replacement): use --kube-proxy ebpf";

/** Where the CNI plugin path came from, for messages. */
export type CniPathSource = 'option' | 'CNI_PATH' | 'default';

function resolveCniPath(
  options: LabPlatformOptions,
  cniPathEnv: string | undefined,
): { cniPath: string; cniPathSource: CniPathSource } {
  if (options.cniPath !== undefined) return { cniPath: options.cniPath, cniPathSource: 'option' };
  if (cniPathEnv) return { cniPath: cniPathEnv, cniPathSource: 'CNI_PATH' };
  return { cniPath: DEFAULT_CNI_PATH, cniPathSource: 'default' };
}

function resolveOptions(options: LabPlatformOptions, cniPathEnv: string | undefined) {
  const runId = validateRunId(options.runId);
  if (!isLabDatapath(options.datapath))
    throw new UserError(`lab datapath "${String(options.datapath)}" is unknown`);
  const nodes = options.nodes ?? 2;
  if (!Number.isInteger(nodes) || nodes < 2 || nodes > MAX_LAB_NODES) {
    throw new UserError(`lab nodes must be an integer from 2 to ${MAX_LAB_NODES}, got ${nodes}`);
  }
  const mtu = options.mtu ?? 1500;
  if (mtu !== 1500 && mtu !== 9000) throw new UserError(`lab mtu must be 1500 or 9000, got ${String(mtu)}`);
  const stateDir = options.stateDir ?? `${LAB_STATE_ROOT}/${runId}`;
  if (!stateDir.startsWith('/') || stateDir.split('/').filter((p) => p !== '').length < 2) {
    throw new UserError(
      `lab stateDir "${stateDir}" must be an absolute path at least two levels deep (it is deleted at teardown)`,
    );
  }
  let routing: LabRouting;
  let custom: { conflist: CniConflist; source: string } | undefined;
  if (options.datapath === 'custom') {
    const source = options.conflistSource ?? 'custom conflist';
    if (options.conflist === undefined)
      throw new UserError('datapath custom needs a conflist: pass --cni-config FILE');
    if (options.routing !== 'host-gw' && options.routing !== 'vxlan') {
      throw new UserError(
        `datapath custom needs a routing mode "host-gw" or "vxlan" for ${source}, got ${String(options.routing)}`,
      );
    }
    routing = options.routing;
    custom = { conflist: parseConflist(options.conflist, source), source };
  } else {
    routing = {
      host: 'host',
      'bridge-hostgw': 'host-gw',
      'bridge-vxlan': 'vxlan',
      'ptp-hostgw': 'host-gw',
      'ebpf-hostrouting': 'host-gw',
      macvlan: 'underlay',
      ipvlan: 'underlay',
    }[options.datapath] as LabRouting;
  }
  const kubeProxy = options.kubeProxy ?? 'iptables';
  if (!isKubeProxyMode(kubeProxy)) {
    throw new UserError(
      `lab kube-proxy mode "${String(kubeProxy)}" is unknown; valid: ${KUBE_PROXY_MODES.join(', ')}`,
    );
  }
  return {
    runId,
    kubeProxy,
    nodes,
    mtu,
    stateDir,
    routing,
    custom,
    ...resolveCniPath(options, cniPathEnv),
    datapath: options.datapath,
  };
}

/** The resolved options of a lab platform. */
type ResolvedLabOptions = ReturnType<typeof resolveOptions>;

/** What prepare builds that placements and teardown use. */
interface LabBuilt {
  proxy?: ServiceProxy;
  hostRouting?: HostRouting;
  /** Where the run's BPF programs are pinned, once it loaded some (their maps' memory is read). */
  pinRoot?: string;
  /** `<object file>` → `sha256:…` of the BPF objects this run loaded (recorded in the subject). */
  readonly bpfHashes: Record<string, string>;
}

/** Null when the kernel has what the run's eBPF pieces need, else the one-line reason per piece. */
async function probeBpf(
  deps: LabDeps,
  run: { readonly hostRouting: boolean; readonly kubeProxy: KubeProxyMode },
): Promise<{ datapath: string | null; proxy: string | null }> {
  const probe = await deps.exec.run('bpftool', ['-j', 'feature', 'probe', 'kernel'], { timeoutMs: 30_000 });
  const json = probe.exitCode === 0 ? probe.stdout : '';
  const datapath = run.hostRouting ? missingBpfFeature(json, HOSTROUTING_NEEDS) : null;
  let proxyReason = run.kubeProxy === 'ebpf' ? missingBpfFeature(json, SOCKLB_NEEDS) : null;
  if (run.kubeProxy === 'ebpf' && proxyReason === null) {
    const filesystems = await deps.readFile('/proc/filesystems').catch(() => '');
    if (!/\scgroup2$/m.test(filesystems))
      proxyReason = 'the kernel has no cgroup2 file system (cgroup BPF needs it)';
  }
  return {
    datapath: datapath && `ebpf-hostrouting is not supported by this kernel (${datapath})`,
    proxy: proxyReason && `kube-proxy ebpf is not supported by this kernel (${proxyReason})`,
  };
}

/**
 * Builds the fabric (nodes, underlay, cross-node routing), the BPF host routing, the service proxy
 * (kube-proxy rules, or iptables when eBPF socket LB is unsupported) and an impairment, recording
 * each piece in `built` as soon as it exists so that teardown finds it.
 */
async function buildFabricAndRules(
  deps: LabDeps,
  built: LabBuilt,
  run: {
    readonly o: ResolvedLabOptions;
    readonly options: LabPlatformOptions;
    readonly dummyServices: number;
    readonly bpfObjectDir: string;
    /** The eBPF datapath is unsupported here: mount no bpffs for it. */
    readonly skipBpf: boolean;
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
  if (usesBpf && !run.skipBpf)
    pinRoot = (await openBpfFs(deps, o.runId, o.stateDir, options.bpfMounts)).pinRoot;
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

/** The lab subject: datapath, kube-proxy mode, CNI facts and the config hash. */
function labSubject(
  o: ResolvedLabOptions,
  facts: {
    readonly hashForm: CniConflist | null;
    readonly pluginBinaries: Record<string, { path: string; sha256: string }> | undefined;
    readonly bpfHashes: Readonly<Record<string, string>>;
    readonly impairment: LabImpairment | undefined;
  },
): Subject {
  const bpf = Object.keys(facts.bpfHashes).length > 0 ? { ...facts.bpfHashes } : undefined;
  return {
    platform: 'lab',
    datapath: o.datapath,
    kubeProxy: o.kubeProxy,
    cni: {
      plugins: facts.hashForm ? facts.hashForm.plugins.map((p) => p.type) : [],
      routing: o.routing,
      ...(facts.hashForm ? { cniVersion: facts.hashForm.cniVersion, name: facts.hashForm.name } : {}),
      ...(o.custom ? { conflistSource: o.custom.source } : {}),
      mtu: o.mtu,
      ...(facts.hashForm ? { cniPath: o.cniPath } : {}),
      ...(facts.pluginBinaries ? { pluginBinaries: facts.pluginBinaries } : {}),
      ...(facts.impairment ? { impairment: { ...facts.impairment } } : {}),
    },
    ...(bpf ? { bpf } : {}),
    configHash: configHash(
      canonicalJson({
        datapath: o.datapath,
        routing: o.routing,
        mtu: o.mtu,
        conflist: facts.hashForm,
        // Absent for iptables so that configurations hashed before kube-proxy modes keep their hash.
        ...(o.kubeProxy !== 'iptables' ? { kubeProxy: o.kubeProxy } : {}),
        ...(bpf ? { bpf } : {}),
      }),
    ),
  };
}

/** This machine's environment: kernel, CPU, underlay MTU and tool versions. */
async function labEnvironment(deps: LabDeps, mtu: number): Promise<Omit<Environment, 'fingerprint'>> {
  const kernel = (await deps.exec.run('uname', ['-r'])).stdout.trim() || 'unknown';
  const { cpuModel, cpus } = parseCpuInfo(await deps.readFile('/proc/cpuinfo').catch(() => ''));
  const tools: Record<string, string> = {};
  const version = async (
    name: string,
    args: string[],
    parse: (t: string) => string | undefined,
  ): Promise<void> => {
    const r = await deps.exec.run(name, args, { timeoutMs: 5_000 });
    if (r.exitCode === 127) return;
    tools[name] = parse(`${r.stdout}\n${r.stderr}`) ?? 'unknown';
  };
  await version('iperf3', ['--version'], parseIperf3Version);
  await version('wrk', ['-v'], parseWrkVersion);
  await version('nginx', ['-v'], parseNginxVersion);
  return { kernel, cpuModel, cpus, mtu, tools, kubernetes: null };
}

/** Resolves the conflist's plugin binaries on the CNI path and hashes each (recorded in the subject). */
async function resolvePluginBinaries(
  deps: LabDeps,
  o: ResolvedLabOptions,
  hashForm: CniConflist,
  source: string,
): Promise<{
  plugins: Map<string, string>;
  pluginBinaries: Record<string, { path: string; sha256: string }>;
}> {
  const plugins = await resolvePlugins(
    deps,
    o.cniPath,
    requiredPluginTypes(hashForm),
    source,
    o.cniPathSource,
  );
  const pluginBinaries: Record<string, { path: string; sha256: string }> = {};
  for (const [type, path] of plugins) pluginBinaries[type] = { path, sha256: await deps.sha256File(path) };
  return { plugins, pluginBinaries };
}

/**
 * What this kernel cannot do for the run: `unsupported` = the datapath at all (ipvlan, BPF host
 * routing), `proxyUnsupported` = the eBPF kube-proxy (service topologies then skip).
 */
async function probeKernel(
  deps: LabDeps,
  o: ResolvedLabOptions,
): Promise<{ unsupported: string | null; proxyUnsupported: string | null }> {
  if (o.datapath === 'ipvlan') {
    const probe = await detectIpvlan(deps, labNames.probe(o.runId));
    if (probe !== null) {
      return { unsupported: `ipvlan is not supported by this kernel (${probe})`, proxyUnsupported: null };
    }
  }
  const usesHostRouting = o.datapath === 'ebpf-hostrouting';
  if (!usesHostRouting && o.kubeProxy !== 'ebpf') return { unsupported: null, proxyUnsupported: null };
  const missing = await probeBpf(deps, { hostRouting: usesHostRouting, kubeProxy: o.kubeProxy });
  return { unsupported: missing.datapath, proxyUnsupported: missing.proxy };
}

/** Why a topology cannot run on this datapath and kube-proxy mode (beyond the kernel), or null. */
function labSkipReason(
  topology: TopologyId,
  o: ResolvedLabOptions,
  proxyUnsupported: string | null,
): SkipReason {
  const service = topology === 'pod-to-service-cross-node' || topology === 'nodeport-via-other-node';
  if (topology === 'pod-to-service-cross-node' && (o.datapath === 'macvlan' || o.datapath === 'ipvlan'))
    return UNDERLAY_POD_SKIP;
  if (service && proxyUnsupported) return proxyUnsupported;
  if (topology === 'pod-to-service-cross-node' && o.datapath === 'ebpf-hostrouting' && o.kubeProxy !== 'ebpf')
    return HOSTROUTING_NETFILTER_SKIP;
  return null;
}

/** Removes everything of the run but its placements: proxy, namespaces, BPF leftovers, state dir. */
async function removeLabResources(deps: LabDeps, o: ResolvedLabOptions, built: LabBuilt): Promise<void> {
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

/**
 * The lab platform: nodes and pods are network namespaces on this machine, pods are attached by
 * executing the real CNI plugin binaries, everything is named `cpg-<runId>-…`.
 * Throws a UserError at once for bad options or an invalid custom conflist.
 */
export function createLabPlatform(options: LabPlatformOptions, deps: LabDeps): Platform {
  const o = resolveOptions(options, deps.cniPathEnv);
  if (options.impairment) validateImpairment(options.impairment);
  const signal = options.signal;
  const source = o.custom?.source ?? o.datapath;
  const ipamDir = (node: number): string => `${o.stateDir}/ipam/n${node}`;
  /** The conflist node `i` uses; `dataDir` may be a placeholder (for the config hash). */
  const conflistFor = (node: number, dataDir: string): CniConflist | null =>
    o.custom
      ? applyNodeIpam(o.custom.conflist, { podCidr: labAddresses.podCidr(node), dataDir }, source)
      : presetConflist(o.datapath, { nodeIndex: node, mtu: o.mtu, dataDir });
  const hashForm = conflistFor(0, '{{dataDir}}');

  let unsupported: string | null = null;
  /** Why the kube-proxy mode cannot serve the service topologies here (kernel feature missing). */
  let proxyUnsupported: string | null = null;
  let suite: SuiteConfig | undefined;
  let plugins = new Map<string, string>();
  /** Plugin type → resolved binary and its SHA-256 (recorded in the subject after prepare). */
  let pluginBinaries: Record<string, { path: string; sha256: string }> | undefined;
  let counter = 0;
  const placements = new Set<Placement>();
  const usesHostRouting = o.datapath === 'ebpf-hostrouting';
  const bpfObjectDir = options.bpfObjectDir ?? defaultBpfObjectDir();
  const built: LabBuilt = { bpfHashes: {} };

  const cniContext = (node: number): CniRuntimeContext => ({
    nodeNamespace: labNames.node(o.runId, node),
    conflist: conflistFor(node, ipamDir(node))!,
    plugins,
    cniPath: o.cniPath,
    ...(signal ? { signal } : {}),
  });

  const platform: Platform = {
    kind: 'lab',
    leftoverHint: 'run `cni-perf-gate cleanup` to remove leftovers',
    subject: (): Subject =>
      labSubject(o, { hashForm, pluginBinaries, bpfHashes: built.bpfHashes, impairment: options.impairment }),

    async prepare(s) {
      signal?.throwIfAborted();
      await checkPrivileges(deps);
      await requireTools(
        deps,
        labRequiredTools(s.tests, options.impairment, {
          kubeProxy: o.kubeProxy,
          hostRouting: usesHostRouting,
        }),
      );
      if (hashForm) ({ plugins, pluginBinaries } = await resolvePluginBinaries(deps, o, hashForm, source));
      await deps.mkdir(o.stateDir);
      await deps.writeFile(`${o.stateDir}/owner`, `${deps.pid}\n`);
      ({ unsupported, proxyUnsupported } = await probeKernel(deps, o));
      if (unsupported) return;
      suite = s;
      try {
        await buildFabricAndRules(deps, built, {
          o,
          options,
          dummyServices: options.dummyServices ?? s.dummyServices,
          bpfObjectDir,
          skipBpf: usesHostRouting && unsupported !== null,
          proxyUnsupported,
        });
      } catch (error) {
        if (signal?.aborted)
          throw new UserError(`lab run ${o.runId} aborted during prepare (teardown removes what was built)`);
        throw error;
      }
    },

    environment: (): Promise<Omit<Environment, 'fingerprint'>> => labEnvironment(deps, o.mtu),

    supports: (topology: TopologyId): SkipReason =>
      unsupported ?? labSkipReason(topology, o, proxyUnsupported),

    async place(topology) {
      const reason = platform.supports(topology);
      if (reason) throw new UserError(`${topology} cannot run on the lab datapath ${o.datapath}: ${reason}`);
      const { proxy, hostRouting } = built;
      if (!suite || !proxy) throw new Error('lab platform: place() before prepare()');
      const placement = await createPlacement(
        {
          deps,
          runId: o.runId,
          stateDir: o.stateDir,
          cni: hashForm ? cniContext : null,
          dummyServices: options.dummyServices ?? suite.dummyServices,
          proxy,
          ...(hostRouting ? { hostRouting } : {}),
          serverReadyTimeoutS: suite.serverReadyTimeoutS,
          responseBytes: suite.http.responseBytes,
          nextId: () => counter++,
          ...(signal ? { signal } : {}),
        },
        topology,
      );
      placements.add(placement);
      const release = placement.release;
      return {
        ...placement,
        release: async () => {
          placements.delete(placement);
          await release();
        },
      };
    },

    async teardown() {
      for (const placement of [...placements]) {
        placements.delete(placement);
        await placement.release().catch(() => undefined);
      }
      suite = undefined;
      await removeLabResources(deps, o, built);
    },
  };
  return { ...platform, resourceProbe: () => readBpfMapMemory(deps, built.pinRoot) };
}
