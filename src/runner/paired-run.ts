import type { Thresholds } from '../core/compare/types.js';
import { UserError } from '../core/errors.js';
import { KUBE_PROXY_MODES, isKubeProxyMode, subjectLabel, type KubeProxyMode } from '../core/kube-proxy.js';
import type { ResultsFile } from '../core/results/types.js';
import type { SuiteConfig } from '../core/suite/types.js';
import { LAB_DATAPATHS } from '../platform/lab/index.js';
import { CNI_PRESETS } from '../platform/kubernetes/index.js';
import { createAdaptiveController } from './adaptive.js';
import { runSuite } from './run-suite.js';
import type { Profiler } from './profiler.js';
import type { RunHooks } from './types.js';
import { createPlatforms, type PlatformRequest } from '../platform/factory.js';

/**
 * One side of a paired run: a preset (a lab datapath, or a CNI preset on Kubernetes), a conflist
 * (lab datapath `custom`), or CNI manifests (Kubernetes datapath `custom`: a file or a directory).
 */
export type PairedSubject =
  | { readonly kind: 'datapath'; readonly datapath: string; readonly kubeProxy?: KubeProxyMode }
  | { readonly kind: 'conflist'; readonly source: string; readonly text: string }
  | { readonly kind: 'manifests'; readonly source: string; readonly path: string };

/** Where a paired run's two sides live: both on this machine's lab, or two kind clusters of one shape. */
export type PairedPlatform = 'lab' | 'kubernetes';

/** Everything a paired run needs. */
export interface PairedRunRequest {
  /** Default `lab`. On Kubernetes each side gets its own kind cluster, created concurrently. */
  readonly platform?: PairedPlatform;
  /** Kubernetes: the node image of both kind clusters (default: the pinned one). */
  readonly kindNodeImage?: string;
  readonly suite: SuiteConfig;
  readonly base: PairedSubject;
  readonly head: PairedSubject;
  /** Cross-node routing of a `custom` side (default host-gw); the same for both sides. */
  readonly routing?: string;
  readonly mtu?: number;
  /** CNI plugin directories of both sides (`--cni-path`). */
  readonly cniPath?: string;
  /** Adaptive sampling (default) or exactly suite.repetitions pairs. */
  readonly adaptive: boolean;
  /** Thresholds the adaptive stop rule judges with. */
  readonly thresholds?: Thresholds;
  readonly pairingId: string;
  readonly toolVersion: string;
  readonly hooks?: RunHooks;
  readonly now?: () => number;
  /** Platform construction (tests inject fakes); default: the real lab. */
  readonly createPlatforms?: (request: PlatformRequest) => ReturnType<typeof createPlatforms>;
  readonly platformRequest?: Partial<PlatformRequest>;
  /** `--profile`: CPU profiles of kept samples on both sides. */
  readonly profiler?: Profiler;
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
  const isPreset = (name: string): boolean => presets.includes(name) && name !== 'custom';
  if (isPreset(argument)) return { kind: 'datapath', datapath: argument };
  const plus = argument.lastIndexOf('+');
  if (plus > 0 && isPreset(argument.slice(0, plus))) {
    const mode = argument.slice(plus + 1);
    if (!isKubeProxyMode(mode)) {
      throw new UserError(
        `run --paired: ${argument}: "${mode}" is not a kube-proxy mode; valid: ${KUBE_PROXY_MODES.join(', ')}`,
      );
    }
    return { kind: 'datapath', datapath: argument.slice(0, plus), kubeProxy: mode };
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

/** A short name of a side, for messages. */
export function describeSubject(subject: PairedSubject): string {
  return subject.kind === 'datapath'
    ? subjectLabel({ datapath: subject.datapath, kubeProxy: subject.kubeProxy })
    : `custom (${subject.source})`;
}

/** The platform request of one side (validated by createPlatforms). */
function sideRequest(
  request: PairedRunRequest,
  subject: PairedSubject,
  kubeProxy: readonly string[],
): PlatformRequest {
  const platform = request.platform ?? 'lab';
  const common: PlatformRequest = {
    ...request.platformRequest,
    platform,
    dummyServices: request.suite.dummyServices,
    kubeProxy,
    ...(request.mtu !== undefined ? { mtu: request.mtu } : {}),
    ...(request.cniPath !== undefined ? { cniPath: request.cniPath } : {}),
    ...(request.kindNodeImage !== undefined ? { kindNodeImage: request.kindNodeImage } : {}),
    ...(request.hooks?.signal ? { signal: request.hooks.signal } : {}),
  };
  switch (subject.kind) {
    case 'datapath':
      return { ...common, datapaths: [subject.datapath] };
    case 'conflist':
      return {
        ...common,
        datapaths: ['custom'],
        cniConfig: { source: subject.source, text: subject.text },
        routing: request.routing ?? 'host-gw',
      };
    case 'manifests':
      return { ...common, datapaths: ['custom'], cniConfig: { source: subject.source, path: subject.path } };
  }
}

/**
 * Runs base and head side by side — on the lab, or in two kind clusters of the same shape (created
 * concurrently, each with its CNI) — interleaved in ABBA order after one discarded warm-up pair,
 * adaptively unless `adaptive` is false. Returns `[base, head]`, both carrying the pairing.
 */
export async function runPairedSuite(request: PairedRunRequest): Promise<[ResultsFile, ResultsFile]> {
  const build = request.createPlatforms ?? createPlatforms;
  const suiteModes = request.suite.kubeProxy ?? ['iptables'];
  const modeOf = (subject: PairedSubject): readonly string[] => {
    if (subject.kind === 'datapath' && subject.kubeProxy) return [subject.kubeProxy];
    if (suiteModes.length !== 1) {
      throw new UserError(
        `run --paired compares two subjects, but the suite lists kube-proxy modes ${suiteModes.join(', ')}: give each side its mode as <datapath>+<mode> (e.g. ptp-hostgw+ebpf) or list one mode`,
      );
    }
    return suiteModes;
  };
  const platformOf = (subject: PairedSubject) => build(sideRequest(request, subject, modeOf(subject)));
  const platforms = [...platformOf(request.base), ...platformOf(request.head)];
  const adaptive = request.adaptive
    ? createAdaptiveController(request.suite, request.thresholds ? { thresholds: request.thresholds } : {})
    : undefined;
  const results = await runSuite(platforms, {
    suite: request.suite,
    toolVersion: request.toolVersion,
    ...(request.hooks ? { hooks: request.hooks } : {}),
    ...(request.now ? { now: request.now } : {}),
    paired: { pairingId: request.pairingId, warmupPairs: 1, ...(adaptive ? { adaptive } : {}) },
    ...(request.profiler ? { profiler: request.profiler } : {}),
  });
  const [base, head] = results;
  if (!base || !head) throw new Error('internal: a paired run returned fewer than two results files');
  return [base, head];
}
