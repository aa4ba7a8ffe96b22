import { parseConflist } from '../../core/cni/conflist.js';
import { applyNodeIpam } from '../../core/cni/node-ipam.js';
import type { CniConflist } from '../../core/cni/types.js';
import { UserError } from '../../core/errors.js';
import type { Environment, Subject } from '../../core/results/types.js';
import type { TopologyId } from '../../core/scenarios.js';
import type { SuiteConfig } from '../../core/suite/types.js';
import type { Placement, Platform, SkipReason } from '../platform.js';
import { LAB_STATE_ROOT, MAX_LAB_NODES, labAddresses, labNames, validateRunId } from './address-plan.js';
import { readBpfMapMemory } from './bpf/map-memory.js';
import { defaultBpfObjectDir } from './bpf/objects.js';
import type { CniRuntimeContext } from './cni-runtime.js';
import { isLabDatapath, type LabRouting } from './datapaths.js';
import type { LabDeps } from './deps.js';
import { validateImpairment } from './impairment.js';
import { labSkipReason, probeKernel } from './kernel-support.js';
import { buildFabricAndRules, removeLabResources, type LabBuilt } from './lab-build.js';
import { labEnvironment, labSubject, resolvePluginBinaries } from './lab-subject.js';
import { createPlacement } from './placement.js';
import { checkPrivileges, requireTools } from './prerequisites.js';
import { presetConflist } from './presets.js';
import { labRequiredTools } from './required-tools.js';
import type { CniPathSource, LabPlatformOptions, ResolvedLabOptions } from './run-options.js';
import { isKubeProxyMode, KUBE_PROXY_MODES } from './service-proxy.js';

export type { CniPathSource, LabPlatformOptions } from './run-options.js';

/** Default CNI plugin search path. */
export const DEFAULT_CNI_PATH = '/usr/lib/cni:/opt/cni/bin';

function resolveCniPath(
  options: LabPlatformOptions,
  cniPathEnv: string | undefined,
): { cniPath: string; cniPathSource: CniPathSource } {
  if (options.cniPath !== undefined) return { cniPath: options.cniPath, cniPathSource: 'option' };
  if (cniPathEnv) return { cniPath: cniPathEnv, cniPathSource: 'CNI_PATH' };
  return { cniPath: DEFAULT_CNI_PATH, cniPathSource: 'default' };
}

function resolveOptions(options: LabPlatformOptions, cniPathEnv: string | undefined): ResolvedLabOptions {
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
    if (options.conflist === undefined) throw new Error('internal: lab datapath custom needs a conflist');
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
    pinning: options.pinning ?? null,
  };
}

/** What a lab platform learns and builds during its run (one record, reset by teardown). */
interface LabRunState {
  /** Why the datapath cannot run on this kernel at all, or null. */
  unsupported: string | null;
  /** Why the kube-proxy mode cannot serve the service topologies here (kernel feature missing). */
  proxyUnsupported: string | null;
  /** The suite prepare was called with (placements size servers and services from it). */
  suite: SuiteConfig | undefined;
  /** Plugin type → resolved binary. */
  plugins: Map<string, string>;
  /** Plugin type → resolved binary and its SHA-256 (recorded in the subject after prepare). */
  pluginBinaries: Record<string, { path: string; sha256: string }> | undefined;
  /** Placement ids handed out so far (namespace names). */
  counter: number;
  readonly placements: Set<Placement>;
  readonly built: LabBuilt;
}

/** The node conflists of a run: `custom`'s with per-node IPAM, or the preset's. */
function conflistsOf(o: ResolvedLabOptions): (node: number, dataDir: string) => CniConflist | null {
  const source = o.custom?.source ?? o.datapath;
  return (node, dataDir) =>
    o.custom
      ? applyNodeIpam(o.custom.conflist, { podCidr: labAddresses.podCidr(node), dataDir }, source)
      : presetConflist(o.datapath, { nodeIndex: node, mtu: o.mtu, dataDir });
}

/**
 * The lab platform: nodes and pods are network namespaces on this machine, pods are attached by
 * executing the real CNI plugin binaries, everything is named `cpg-<runId>-…`.
 * Throws a UserError at once for bad options or an invalid custom conflist.
 */
export function createLabPlatform(options: LabPlatformOptions, deps: LabDeps): Platform {
  const o = resolveOptions(options, deps.cniPathEnv);
  if (options.impairment) validateImpairment(options.impairment);
  const conflistFor = conflistsOf(o);
  /** The config hash's form of the conflist (`dataDir` a placeholder). */
  const hashForm = conflistFor(0, '{{dataDir}}');
  const state: LabRunState = {
    unsupported: null,
    proxyUnsupported: null,
    suite: undefined,
    plugins: new Map(),
    pluginBinaries: undefined,
    counter: 0,
    placements: new Set(),
    built: { bpfHashes: {} },
  };
  const platform: Platform = {
    kind: 'lab',
    leftoverHint: 'run `cni-perf-gate cleanup` to remove leftovers',
    subject: (): Subject =>
      labSubject(o, {
        hashForm,
        pluginBinaries: state.pluginBinaries,
        bpfHashes: state.built.bpfHashes,
        impairment: options.impairment,
      }),
    prepare: (suite) => prepareLab(deps, o, options, state, { suite, hashForm }),
    environment: (): Promise<Omit<Environment, 'fingerprint'>> => labEnvironment(deps, o.mtu),
    supports: (topology: TopologyId): SkipReason =>
      state.unsupported ?? labSkipReason(topology, o, state.proxyUnsupported),
    async place(topology) {
      const reason = platform.supports(topology);
      if (reason) throw new UserError(`${topology} cannot run on the lab datapath ${o.datapath}: ${reason}`);
      return placeOnLab(deps, o, options, state, {
        topology,
        cni: hashForm ? (node) => cniContextOf(o, options, state, conflistFor, node) : null,
      });
    },
    async teardown() {
      for (const placement of [...state.placements]) {
        state.placements.delete(placement);
        await placement.release().catch(() => undefined);
      }
      state.suite = undefined;
      await removeLabResources(deps, o, state.built);
    },
  };
  return { ...platform, resourceProbe: () => readBpfMapMemory(deps, state.built.pinRoot) };
}

/** How node `node` runs the CNI chain: its namespace, conflist (with its IPAM dir) and plugins. */
function cniContextOf(
  o: ResolvedLabOptions,
  options: LabPlatformOptions,
  state: LabRunState,
  conflistFor: (node: number, dataDir: string) => CniConflist | null,
  node: number,
): CniRuntimeContext {
  return {
    nodeNamespace: labNames.node(o.runId, node),
    conflist: conflistFor(node, `${o.stateDir}/ipam/n${node}`)!,
    plugins: state.plugins,
    cniPath: o.cniPath,
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

/**
 * Prepares the run: privileges and tools, the plugins' binaries, the state dir, what the kernel
 * supports; then (when the datapath can run here) the fabric and rules.
 */
async function prepareLab(
  deps: LabDeps,
  o: ResolvedLabOptions,
  options: LabPlatformOptions,
  state: LabRunState,
  { suite, hashForm }: { readonly suite: SuiteConfig; readonly hashForm: CniConflist | null },
): Promise<void> {
  const signal = options.signal;
  signal?.throwIfAborted();
  await checkPrivileges(deps);
  await requireTools(
    deps,
    labRequiredTools(suite.tests, options.impairment, {
      kubeProxy: o.kubeProxy,
      hostRouting: o.datapath === 'ebpf-hostrouting',
    }),
  );
  if (hashForm) {
    const resolved = await resolvePluginBinaries(deps, o, hashForm, o.custom?.source ?? o.datapath);
    state.plugins = resolved.plugins;
    state.pluginBinaries = resolved.pluginBinaries;
  }
  await deps.mkdir(o.stateDir);
  await deps.writeFile(`${o.stateDir}/owner`, `${deps.pid}\n`);
  ({ unsupported: state.unsupported, proxyUnsupported: state.proxyUnsupported } = await probeKernel(deps, o));
  if (state.unsupported) return;
  state.suite = suite;
  try {
    await buildFabricAndRules(deps, state.built, {
      o,
      options,
      dummyServices: options.dummyServices ?? suite.dummyServices,
      bpfObjectDir: options.bpfObjectDir ?? defaultBpfObjectDir(),
      proxyUnsupported: state.proxyUnsupported,
    });
  } catch (error) {
    if (signal?.aborted)
      throw new UserError(`lab run ${o.runId} aborted during prepare (teardown removes what was built)`);
    throw error;
  }
}

/** Places a topology on the prepared lab; the placement leaves the run's set when released. */
async function placeOnLab(
  deps: LabDeps,
  o: ResolvedLabOptions,
  options: LabPlatformOptions,
  state: LabRunState,
  {
    topology,
    cni,
  }: { readonly topology: TopologyId; readonly cni: ((node: number) => CniRuntimeContext) | null },
): Promise<Placement> {
  const { proxy, hostRouting } = state.built;
  const suite = state.suite;
  if (!suite || !proxy) throw new Error('lab platform: place() before prepare()');
  const placement = await createPlacement(
    {
      deps,
      runId: o.runId,
      stateDir: o.stateDir,
      cni,
      dummyServices: options.dummyServices ?? suite.dummyServices,
      proxy,
      ...(hostRouting ? { hostRouting } : {}),
      serverReadyTimeoutS: suite.serverReadyTimeoutS,
      responseBytes: suite.http.responseBytes,
      nextId: () => state.counter++,
      ...(o.pinning ? { pinning: o.pinning } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    topology,
  );
  state.placements.add(placement);
  const release = placement.release;
  return {
    ...placement,
    release: async () => {
      state.placements.delete(placement);
      await release();
    },
  };
}
