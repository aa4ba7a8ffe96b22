import type { Thresholds } from '../core/compare/types.js';
import { UserError } from '../core/errors.js';
import { KUBE_PROXY_MODES, isKubeProxyMode, subjectLabel, type KubeProxyMode } from '../core/kube-proxy.js';
import type { ResultsFile } from '../core/results/types.js';
import type { SuiteConfig } from '../core/suite/types.js';
import { LAB_DATAPATHS } from '../platform/lab/index.js';
import { createAdaptiveController } from './adaptive.js';
import { runSuite } from './run-suite.js';
import type { RunHooks } from './types.js';
import { createPlatforms, type PlatformRequest } from '../platform/factory.js';

/** One side of a paired run: a lab datapath preset, or a conflist (datapath `custom`). */
export type PairedSubject =
  | { readonly kind: 'datapath'; readonly datapath: string; readonly kubeProxy?: KubeProxyMode }
  | { readonly kind: 'conflist'; readonly source: string; readonly text: string };

/** Everything a paired run needs. */
export interface PairedRunRequest {
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
}

/**
 * Reads a `run --paired` argument: a lab datapath name (not `custom`), optionally with its
 * kube-proxy mode as `<datapath>+<mode>` (`ptp-hostgw+ebpf`), or otherwise the path of a conflist
 * to run as datapath `custom`; `readText` reads the file (UserError when it cannot).
 */
export async function pairedSubjectOf(
  argument: string,
  readText: (path: string) => Promise<string>,
): Promise<PairedSubject> {
  const isPreset = (name: string): boolean =>
    (LAB_DATAPATHS as readonly string[]).includes(name) && name !== 'custom';
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
  if (argument === 'custom') {
    throw new UserError('run --paired: pass the conflist path itself instead of "custom"');
  }
  return { kind: 'conflist', source: argument, text: await readText(argument) };
}

/** A short name of a side, for messages. */
export function describeSubject(subject: PairedSubject): string {
  return subject.kind === 'datapath'
    ? subjectLabel({ datapath: subject.datapath, kubeProxy: subject.kubeProxy })
    : `custom (${subject.source})`;
}

/**
 * Runs base and head side by side on the lab, interleaved in ABBA order after one discarded warm-up
 * pair, adaptively unless `adaptive` is false. Returns `[base, head]`, both carrying the pairing.
 */
export async function runPairedSuite(request: PairedRunRequest): Promise<[ResultsFile, ResultsFile]> {
  const build = request.createPlatforms ?? createPlatforms;
  const common: PlatformRequest = {
    ...request.platformRequest,
    platform: 'lab',
    dummyServices: request.suite.dummyServices,
    ...(request.mtu !== undefined ? { mtu: request.mtu } : {}),
    ...(request.cniPath !== undefined ? { cniPath: request.cniPath } : {}),
    ...(request.hooks?.signal ? { signal: request.hooks.signal } : {}),
  };
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
  const platformOf = (subject: PairedSubject) =>
    subject.kind === 'datapath'
      ? build({ ...common, datapaths: [subject.datapath], kubeProxy: modeOf(subject) })
      : build({
          ...common,
          kubeProxy: modeOf(subject),
          datapaths: ['custom'],
          cniConfig: { source: subject.source, text: subject.text },
          routing: request.routing ?? 'host-gw',
        });
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
  });
  const [base, head] = results;
  if (!base || !head) throw new Error('internal: a paired run returned fewer than two results files');
  return [base, head];
}
