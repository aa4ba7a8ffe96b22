import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import { KUBE_PROXY_MODES, isKubeProxyMode, type KubeProxyMode } from '../../core/kube-proxy.js';
import type { SuiteConfig } from '../../core/suite/types.js';
import { kubernetesKubeProxyConflict, type PlatformDatapath } from '../../platform/factory.js';
import { CNI_PRESETS } from '../../platform/kubernetes/index.js';
import { LAB_DATAPATHS } from '../../platform/lab/index.js';
import type { PairedPlatform, PairedRunRequest, PairedSubject } from '../../runner/paired-run.js';
import { expectPositionals } from '../args.js';
import type { CliIo } from '../command.js';
import { readInputFile } from '../files.js';
import { thresholdsFromFlags } from '../thresholds.js';
import { DEFAULT_OUT_DIR, suiteFromFlags, type RunValues } from './run-flags.js';
import { mtuFlag, platformFlag, routingFlag } from './run-platform-flags.js';

const USAGE =
  'cni-perf-gate run --paired BASE HEAD [options] (lab: each a datapath name or a conflist path; --platform kubernetes: each a CNI preset or a manifests file or directory)';

/** A pairing id from the clock: `20260304T050607-k3x9q1`. */
function newPairingId(nowMs: number): string {
  return `${new Date(nowMs).toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** What `run --paired` flags ask for: the paired run's options (without hooks and platforms) and `--out`. */
export interface PairedFlags {
  readonly options: Omit<
    PairedRunRequest,
    'toolVersion' | 'hooks' | 'now' | 'createPlatforms' | 'platformRequest'
  >;
  /** The `--out` directory. */
  readonly out: string;
}

/** How `pairedSubjectOf` reads the files an argument names (UserError when it cannot). */
export interface PairedSubjectFiles {
  /** The text of a lab conflist. */
  readText(path: string): Promise<string>;
  /** The absolute path of Kubernetes manifests (a file or a directory), checked to exist. */
  manifestsPath?(path: string): Promise<string>;
}

/**
 * Reads a `run --paired` argument: a preset of the platform (a lab datapath, a Kubernetes CNI
 * preset; not `custom`), optionally with its kube-proxy mode as `<preset>+<mode>`
 * (`ptp-hostgw+ebpf`), or otherwise a path: the conflist of lab datapath `custom`, or the CNI
 * manifests (file or directory) of Kubernetes datapath `custom`.
 */
export async function pairedSubjectOf(
  argument: string,
  files: PairedSubjectFiles | ((path: string) => Promise<string>),
  platform: PairedPlatform = 'lab',
): Promise<PairedSubject> {
  const read: PairedSubjectFiles = typeof files === 'function' ? { readText: files } : files;
  const presets: readonly string[] = platform === 'lab' ? LAB_DATAPATHS : CNI_PRESETS;
  const isPreset = (name: string): name is PlatformDatapath => presets.includes(name) && name !== 'custom';
  if (isPreset(argument)) return { kind: 'datapath', datapath: argument };
  const plus = argument.lastIndexOf('+');
  const preset = argument.slice(0, plus);
  if (plus > 0 && isPreset(preset)) {
    const mode = argument.slice(plus + 1);
    if (!isKubeProxyMode(mode)) {
      throw new UserError(
        `run --paired: ${argument}: "${mode}" is not a kube-proxy mode; valid: ${KUBE_PROXY_MODES.join(', ')}`,
      );
    }
    return { kind: 'datapath', datapath: preset, kubeProxy: mode };
  }
  const what = platform === 'lab' ? 'conflist' : 'manifests';
  if (argument === 'custom' || argument === 'existing') {
    throw new UserError(
      `run --paired: pass the ${what} path itself instead of "${argument}"${platform === 'kubernetes' ? ' (paired runs create both clusters; an existing cluster cannot be one side)' : ''}`,
    );
  }
  if (platform === 'lab') return { kind: 'conflist', source: argument, text: await read.readText(argument) };
  if (!read.manifestsPath) throw new Error('internal: pairedSubjectOf on Kubernetes needs manifestsPath');
  return { kind: 'manifests', source: argument, path: await read.manifestsPath(argument) };
}

/**
 * Reads `run --paired BASE HEAD` flags (and the files they name) into the paired run's options;
 * every bad flag is a UserError before anything is created.
 */
export async function pairedFlags(
  values: RunValues,
  positionals: readonly string[],
  io: CliIo,
  now: () => number,
): Promise<PairedFlags> {
  expectPositionals('run --paired', positionals, ['BASE', 'HEAD'], USAGE);
  for (const flag of ['datapath', 'cni-config'] as const) {
    if (values[flag] !== undefined) {
      throw new UserError(`run --paired: --${flag} is not used; name both sides as BASE and HEAD`);
    }
  }
  if (values.kubeconfig !== undefined) {
    throw new UserError(
      'run --paired: --kubeconfig is not used: a paired Kubernetes run creates two kind clusters of the same shape, one per side (compare an existing cluster with run --kubeconfig … and compare)',
    );
  }
  const platform = pairedPlatformOf(values);
  if (values['pairing-id']?.trim() === '') {
    throw new UserError('run --paired: --pairing-id must not be empty');
  }
  const suite = await suiteFromFlags(values, io);
  const thresholds = await thresholdsFromFlags(values.threshold, values.thresholds, io.cwd);
  const files = {
    readText: (path: string): Promise<string> => readInputFile(path, io.cwd, 'CNI config'),
    manifestsPath: (path: string): Promise<string> => manifestsPathOf(path, io.cwd),
  };
  const [baseArg, headArg] = positionals as [string, string];
  const base = await pairedSubjectOf(baseArg, files, platform);
  const head = await pairedSubjectOf(headArg, files, platform);
  if (values.routing !== undefined && base.kind === 'datapath' && head.kind === 'datapath') {
    throw new UserError('run --paired: --routing is only used when BASE or HEAD is a conflist path');
  }
  checkSideModes(suite, platform, [base, head]);
  const out = values.out ?? DEFAULT_OUT_DIR;
  if (/\.json$/i.test(out)) {
    throw new UserError(
      `run --paired writes two files (base.json, head.json): --out must be a directory, got ${out}`,
    );
  }
  if (values['kind-node-image'] !== undefined && platform !== 'kubernetes') {
    throw new UserError('run --paired: --kind-node-image is only used with --platform kubernetes');
  }
  const routing = routingFlag('run --paired', values.routing);
  const mtu = mtuFlag('run --paired', values.mtu);
  const options = {
    platform,
    ...(values['kind-node-image'] !== undefined ? { kindNodeImage: values['kind-node-image'] } : {}),
    suite,
    base,
    head,
    ...(routing !== undefined ? { routing } : {}),
    ...(mtu !== undefined ? { mtu } : {}),
    ...(values['cni-path'] !== undefined ? { cniPath: values['cni-path'] } : {}),
    adaptive: values['fixed-n'] !== true,
    thresholds,
    pairingId: values['pairing-id'] ?? newPairingId(now()),
  };
  return { options, out };
}

/**
 * The kube-proxy mode of each side (its own `+<mode>`, else the suite's one mode) and, on
 * Kubernetes, whether the side's CNI runs with it (ebpf is the cilium-kpr preset, which runs only
 * with ebpf).
 */
function checkSideModes(suite: SuiteConfig, platform: PairedPlatform, sides: readonly PairedSubject[]): void {
  const suiteModes = suite.kubeProxy ?? ['iptables'];
  for (const side of sides) {
    const own = side.kind === 'datapath' ? side.kubeProxy : undefined;
    if (own === undefined && suiteModes.length !== 1) {
      throw new UserError(
        `run --paired compares two subjects, but the suite lists kube-proxy modes ${suiteModes.join(', ')}: give each side its mode as <datapath>+<mode> (e.g. ptp-hostgw+ebpf) or list one mode`,
      );
    }
    if (platform !== 'kubernetes') continue;
    const modes: readonly KubeProxyMode[] = own !== undefined ? [own] : suiteModes;
    const datapath = side.kind === 'datapath' ? side.datapath : 'custom';
    const conflict = kubernetesKubeProxyConflict(datapath, modes, false);
    if (conflict?.kind === 'ebpf-needs-cilium-kpr') {
      throw new UserError(
        `run --paired: ${side.kind === 'datapath' ? datapath : side.source} with kube-proxy ebpf: on Kubernetes ebpf is Cilium's kube-proxy replacement, the preset cilium-kpr (name that side cilium-kpr or cilium-kpr+ebpf)`,
      );
    }
    if (conflict?.kind === 'cilium-kpr-needs-ebpf') {
      throw new UserError(
        `run --paired: cilium-kpr replaces kube-proxy with eBPF: it runs only with kube-proxy ebpf (got ${conflict.mode}); name that side cilium-kpr+ebpf`,
      );
    }
  }
}

/**
 * `--platform` of a paired run: the lab, or Kubernetes with two kind clusters the run creates
 * (flags that only the lab uses, and `--kubeconfig`, are refused here in domain words).
 */
function pairedPlatformOf(values: RunValues): PairedPlatform {
  const platform = platformFlag('run --paired', values.platform);
  if (platform === 'kubernetes') {
    for (const flag of ['routing', 'mtu', 'cni-path'] as const) {
      if (values[flag] !== undefined) {
        throw new UserError(
          `run --paired: --${flag} is only used with --platform lab (on Kubernetes the CNI's manifests set it)`,
        );
      }
    }
  }
  return platform;
}

/** The absolute path of Kubernetes manifests named on the command line: a file or a directory that exists. */
async function manifestsPathOf(path: string, cwd: string): Promise<string> {
  const absolute = resolve(cwd, path);
  const info = await stat(absolute).catch(() => null);
  if (!info || !(info.isFile() || info.isDirectory())) {
    throw new UserError(
      `run --paired: ${path} is neither a CNI preset nor a manifests file or directory (${info ? 'not a regular file' : 'no such file'}); presets: ${CNI_PRESETS.join(', ')}`,
    );
  }
  return absolute;
}
