import type { Thresholds } from '../../core/compare/types.js';
import { resolveSuiteConfig } from '../../core/suite/config.js';
import type { SuiteConfig } from '../../core/suite/types.js';
import type { PairedRunRequest, PairedSubject } from '../../runner/paired-run.js';
import type { CustomRouting, PlatformDatapath } from '../../platform/factory.js';
import type { ActionPlatform } from '../inputs/inputs.js';

/**
 * What the action asks the suite runner to measure (one datapath on one platform), built from
 * inputs that action/inputs/ checked: the runner and the root CLI only assert.
 */
export interface SuiteRunRequest {
  readonly platform: ActionPlatform;
  /** A datapath of `platform` (`custom` for a paired request). */
  readonly datapath: PlatformDatapath;
  /** Absolute path of the user's conflist or manifests (datapath custom), or null. */
  readonly cniConfig: string | null;
  readonly routing: CustomRouting | null;
  readonly kubeconfig: string | null;
  /** Suite file text and its name for messages, or null for the built-in profile. */
  readonly suite: { readonly text: string; readonly source: string } | null;
  readonly quick: boolean;
  readonly repetitions: number | null;
  /**
   * Mode `paired`: run these two conflists side by side (ABBA, adaptive) instead of `datapath`;
   * the runner then returns `[base, head]` (see {@link pairedRunOptions}).
   */
  readonly paired?: PairedSuiteRequest;
}

/**
 * One side of a paired request, run as datapath `custom`: a conflist's text (lab) or the path of
 * CNI manifests, a file or a directory (Kubernetes: each side in its own kind cluster).
 */
export type PairedSideInput =
  { readonly source: string; readonly text: string } | { readonly source: string; readonly path: string };

/** The paired part of a suite run request: the two sides (both run as datapath `custom`). */
export interface PairedSuiteRequest {
  readonly base: PairedSideInput;
  readonly head: PairedSideInput;
  /** Shared by both results files. */
  readonly pairingId: string;
  /** Thresholds the adaptive stop rule judges with. */
  readonly thresholds: Thresholds;
  /** False: exactly `repetitions` (or the suite's) pairs, no adaptive stopping. Default true. */
  readonly adaptive?: boolean;
}

/**
 * The suite a request asks for: its file (or the default profile) with the quick and repetitions
 * inputs, as action/inputs/suite-input.ts resolved and checked it (one kube-proxy mode).
 */
export function suiteConfigOf(request: SuiteRunRequest): SuiteConfig {
  const suite = resolveSuiteConfig({
    ...(request.suite ? { text: request.suite.text, source: request.suite.source } : {}),
    overrides: {
      quick: request.quick,
      ...(request.repetitions !== null ? { repetitions: request.repetitions } : {}),
    },
  });
  const modes = suite.kubeProxy ?? [];
  if (modes.length > 1) {
    throw new Error(
      `internal: an action suite request with kube-proxy modes ${modes.join(', ')} (one expected)`,
    );
  }
  return suite;
}

/** The runner's subject for one side of a paired request. */
export function pairedSubjectOfSide(side: PairedSideInput): PairedSubject {
  return 'text' in side
    ? { kind: 'conflist', source: side.source, text: side.text }
    : { kind: 'manifests', source: side.source, path: side.path };
}

/** How a paired request samples and judges: the options its lab run gets, in-process or through the root CLI. */
export type PairedRequestOptions = Pick<
  PairedRunRequest,
  'routing' | 'adaptive' | 'thresholds' | 'pairingId'
>;

/**
 * The one place a paired request's run options are derived: the in-process run passes them to
 * runPairedSuite, the root CLI gets them as `run --paired` flags (root-cli.ts).
 */
export function pairedRunOptions(request: SuiteRunRequest, paired: PairedSuiteRequest): PairedRequestOptions {
  return {
    ...(request.routing ? { routing: request.routing } : {}),
    adaptive: paired.adaptive ?? true,
    thresholds: paired.thresholds,
    pairingId: paired.pairingId,
  };
}
