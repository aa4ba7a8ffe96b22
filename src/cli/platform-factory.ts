import { UserError } from '../core/errors.js';
import type { PlatformKind } from '../core/results/types.js';
import {
  createLabPlatform,
  createNodeLabDeps,
  LAB_DATAPATHS,
  makeRunId,
  type LabDatapath,
  type LabDeps,
} from '../platform/lab/index.js';
import type { Platform } from '../platform/platform.js';

/** Platforms `--platform` accepts. */
export const PLATFORM_KINDS: readonly PlatformKind[] = ['lab', 'kubernetes'];

/** The datapaths `run` compares when `--datapath` is not given (the README's default comparison). */
export const DEFAULT_DATAPATHS: readonly string[] = ['host', 'bridge-hostgw', 'bridge-vxlan'];

/** Routing modes of the lab's `custom` datapath. */
export const CUSTOM_ROUTINGS = ['host-gw', 'vxlan'] as const;

/** Underlay MTUs the lab supports. */
export const LAB_MTUS = [1500, 9000] as const;

/** What to build, in CLI terms (the CLI's flags and the Action's inputs both map onto it). */
export interface PlatformRequest {
  /** Default `lab`. */
  readonly platform?: PlatformKind;
  /** One platform per datapath, in this order (the interleaving order). */
  readonly datapaths: readonly string[];
  /** The user's conflist for `custom`: its text and where it came from (for messages and results). */
  readonly cniConfig?: { readonly source: string; readonly text: string };
  /** Cross-node routing of `custom`: `host-gw` (default) or `vxlan`. */
  readonly routing?: string;
  /** Absolute path of a kubeconfig (`--platform kubernetes`). */
  readonly kubeconfig?: string;
  /** Lab underlay MTU, 1500 (default) or 9000. */
  readonly mtu?: number;
  /** Dummy kube-proxy services preloaded in the lab. */
  readonly dummyServices?: number;
  /** Side effects of the lab (default: the real ones). */
  readonly labDeps?: LabDeps;
  /** Random source for run ids (default Math.random). */
  readonly random?: () => number;
  /** Aborts platform work in flight (SIGINT/SIGTERM); teardown still cleans up. */
  readonly signal?: AbortSignal;
  /** Told the run id of each lab platform (its resources are named `cpg-<runId>-…`). */
  readonly onRunId?: (datapath: string, runId: string) => void;
}

/**
 * Validates a request and builds its platforms (nothing is created on the machine until
 * `prepare`). Every problem is one UserError naming the flag and the valid values.
 */
export function createPlatforms(request: PlatformRequest): Platform[] {
  const kind = request.platform ?? 'lab';
  if (!PLATFORM_KINDS.includes(kind)) {
    throw new UserError(
      `--platform must be one of ${PLATFORM_KINDS.join(', ')} (got ${JSON.stringify(kind)})`,
    );
  }
  if (request.datapaths.length === 0) {
    throw new UserError(`--datapath needs at least one name; valid: ${LAB_DATAPATHS.join(', ')}`);
  }
  const seen = new Set<string>();
  for (const datapath of request.datapaths) {
    if (seen.has(datapath))
      throw new UserError(`--datapath lists ${datapath} twice; name each datapath once`);
    seen.add(datapath);
  }
  if (kind === 'kubernetes') {
    throw new UserError('the kubernetes platform is not available in this build; use --platform lab');
  }
  return createLabPlatforms(request);
}

function createLabPlatforms(request: PlatformRequest): Platform[] {
  for (const datapath of request.datapaths) {
    if (!(LAB_DATAPATHS as readonly string[]).includes(datapath)) {
      throw new UserError(
        `--datapath ${JSON.stringify(datapath)} is not a lab datapath; valid: ${LAB_DATAPATHS.join(', ')}`,
      );
    }
  }
  const custom = request.datapaths.includes('custom');
  if (custom && !request.cniConfig) {
    throw new UserError('--datapath custom needs --cni-config FILE (your conflist)');
  }
  if (!custom && request.cniConfig) {
    throw new UserError(
      `--cni-config ${request.cniConfig.source} is only used with --datapath custom; add custom to --datapath`,
    );
  }
  if (request.routing !== undefined && !custom) {
    throw new UserError('--routing is only used with --datapath custom (the presets have their own routing)');
  }
  const routing = request.routing ?? 'host-gw';
  if (!(CUSTOM_ROUTINGS as readonly string[]).includes(routing)) {
    throw new UserError(
      `--routing must be one of ${CUSTOM_ROUTINGS.join(', ')} (got ${JSON.stringify(routing)})`,
    );
  }
  const mtu = request.mtu ?? 1500;
  if (!(LAB_MTUS as readonly number[]).includes(mtu)) {
    throw new UserError(`--mtu must be one of ${LAB_MTUS.join(', ')} (got ${String(request.mtu)})`);
  }
  if (request.kubeconfig !== undefined) {
    throw new UserError('--kubeconfig is only used with --platform kubernetes');
  }
  const deps = request.labDeps ?? createNodeLabDeps();
  const random = request.random ?? Math.random;
  return request.datapaths.map((datapath) => {
    const runId = makeRunId(random);
    request.onRunId?.(datapath, runId);
    return createLabPlatform(
      {
        datapath: datapath as LabDatapath,
        runId,
        mtu: mtu as (typeof LAB_MTUS)[number],
        ...(request.signal ? { signal: request.signal } : {}),
        dummyServices: request.dummyServices ?? 0,
        ...(datapath === 'custom' && request.cniConfig
          ? {
              conflist: request.cniConfig.text,
              conflistSource: request.cniConfig.source,
              routing: routing as (typeof CUSTOM_ROUTINGS)[number],
            }
          : {}),
      },
      deps,
    );
  });
}
