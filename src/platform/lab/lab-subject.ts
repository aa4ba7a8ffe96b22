import type { CniConflist } from '../../core/cni/types.js';
import { requiredPluginTypes } from '../../core/cni/conflist.js';
import { canonicalJson, configHash } from '../../core/results/fingerprint.js';
import type { Environment, Subject } from '../../core/results/types.js';
import type { LabDeps } from './deps.js';
import type { LabImpairment } from './impairment.js';
import { resolvePlugins } from './prerequisites.js';
import type { ResolvedLabOptions } from './run-options.js';
import { parseCpuInfo, parseIperf3Version, parseNginxVersion, parseWrkVersion } from './tool-versions.js';

/** The lab subject: datapath, kube-proxy mode, CNI facts and the config hash. */
export function labSubject(
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
export async function labEnvironment(deps: LabDeps, mtu: number): Promise<Omit<Environment, 'fingerprint'>> {
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
export async function resolvePluginBinaries(
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
