import type { Thresholds } from '../core/compare/types.js';
import { subjectLabel, type KubeProxyMode } from '../core/kube-proxy.js';
import type { ResultsFile } from '../core/results/types.js';
import type { SuiteConfig } from '../core/suite/types.js';
import { createAdaptiveController } from './adaptive.js';
import { runSuite } from './run-suite.js';
import type { Profiler } from './profiler.js';
import type { RunHooks } from './types.js';
import {
  createPlatforms,
  type CustomRouting,
  type LabMtu,
  type PlatformDatapath,
  type PlatformRequest,
} from '../platform/factory.js';

/**
 * One side of a paired run: a preset (a lab datapath, or a CNI preset on Kubernetes), a conflist
 * (lab datapath `custom`), or CNI manifests (Kubernetes datapath `custom`: a file or a directory).
 */
export type PairedSubject =
  | { readonly kind: 'datapath'; readonly datapath: PlatformDatapath; readonly kubeProxy?: KubeProxyMode }
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
  /** Cross-node routing of a lab `custom` side (default host-gw); the same for both sides. */
  readonly routing?: CustomRouting;
  /** Lab underlay MTU of both sides (default 1500). */
  readonly mtu?: LabMtu;
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

/** A short name of a side, for messages. */
export function describeSubject(subject: PairedSubject): string {
  return subject.kind === 'datapath'
    ? subjectLabel({ datapath: subject.datapath, kubeProxy: subject.kubeProxy })
    : `custom (${subject.source})`;
}

/** The platform request of one side (createPlatforms asserts it). */
function sideRequest(
  request: PairedRunRequest,
  subject: PairedSubject,
  kubeProxy: readonly KubeProxyMode[],
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
 * The kube-proxy mode of each side: its own (`<datapath>+<mode>`), else the suite's one mode. The
 * entry points make sure a side without its own mode meets a suite with one mode
 * (cli/commands/run-paired-flags.ts, action/inputs/suite-input.ts).
 */
function sideModes(suite: SuiteConfig, subject: PairedSubject): readonly KubeProxyMode[] {
  if (subject.kind === 'datapath' && subject.kubeProxy) return [subject.kubeProxy];
  const modes = suite.kubeProxy ?? ['iptables'];
  if (modes.length !== 1) {
    throw new Error(
      `internal: a paired side without its own kube-proxy mode needs a suite with one mode (got ${modes.join(', ')})`,
    );
  }
  return modes;
}

/**
 * Runs base and head side by side — on the lab, or in two kind clusters of the same shape (created
 * concurrently, each with its CNI) — interleaved in ABBA order after one discarded warm-up pair,
 * adaptively unless `adaptive` is false. Returns `[base, head]`, both carrying the pairing.
 */
export async function runPairedSuite(request: PairedRunRequest): Promise<[ResultsFile, ResultsFile]> {
  const build = request.createPlatforms ?? createPlatforms;
  const platformOf = (subject: PairedSubject) =>
    build(sideRequest(request, subject, sideModes(request.suite, subject)));
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
