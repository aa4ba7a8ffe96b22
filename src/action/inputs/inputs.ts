import { createHash } from 'node:crypto';
import { UserError } from '../../core/errors.js';
import { CUSTOM_ROUTINGS, type CustomRouting } from '../../platform/factory.js';

/** The action's modes (see docs/action.md). */
export const ACTION_MODES = ['baseline', 'gate', 'compare', 'paired', 'comment'] as const;
/** One of the action's modes. */
export type ActionMode = (typeof ACTION_MODES)[number];

/** When to post the sticky PR comment. */
export const COMMENT_POLICIES = ['always', 'on-change', 'never'] as const;
/** One of the comment policies. */
export type CommentPolicy = (typeof COMMENT_POLICIES)[number];

/** Which verdicts fail the step. */
export const FAIL_ON_POLICIES = ['regression', 'inconclusive', 'never'] as const;
/** One of the fail policies. */
export type FailOn = (typeof FAIL_ON_POLICIES)[number];

/** Platforms the action accepts. */
export const ACTION_PLATFORMS = ['lab', 'kubernetes'] as const;
/** One of the platforms. */
export type ActionPlatform = (typeof ACTION_PLATFORMS)[number];

/** Where thresholds come from: nowhere (catalogue defaults), a file, or inline `metric=PCT` lines. */
export type ThresholdsInput =
  | { readonly kind: 'none' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'inline'; readonly lines: readonly string[] };

/** Every action input, read and validated once. Paths are as given (relative to the workspace). */
export interface ActionInputs {
  readonly mode: ActionMode;
  readonly platform: ActionPlatform;
  readonly datapath: string;
  readonly cniConfig: string | null;
  /** Cross-node routing of lab datapath `custom` and of mode `paired` on the lab; null = host-gw. */
  readonly routing: CustomRouting | null;
  readonly suite: string | null;
  readonly quick: boolean;
  readonly thresholds: ThresholdsInput;
  readonly repetitions: number | null;
  /** Names the baseline artifact and the sticky comment. */
  readonly baselineKey: string;
  /** Workflow file name or id that uploads baselines; null = the workflow running now. */
  readonly baselineWorkflow: string | null;
  /** Branch whose runs carry baselines; null = the repository's default branch. */
  readonly baselineBranch: string | null;
  readonly baselineResults: string | null;
  readonly headResults: string | null;
  readonly strictEnvironment: boolean;
  readonly comment: CommentPolicy;
  readonly failOn: FailOn;
  readonly githubToken: string;
  readonly kubeconfig: string | null;
  /** Artifact name for the fork-safe report bundle (upload in gate/compare, download in comment). */
  readonly reportArtifact: string | null;
  /** Run id holding the report artifact (comment mode); null = the triggering workflow_run. */
  readonly reportRunId: number | null;
  /**
   * Baselines of history to read (0 = none): baseline mode charts the last K runs (this one
   * included); gate mode compares with the last K baselines after their latest change point.
   */
  readonly history: number;
}

/** Reads one raw input (the runner's `INPUT_<NAME>`); empty string when unset. */
export type InputReader = (name: string) => string;

/** Facts from the runner used for input defaults. */
export interface InputDefaults {
  /** `RUNNER_OS` (Linux, macOS, Windows); lower-cased into the default baseline key. */
  readonly runnerOs: string;
}

/** Characters allowed in a baseline key (artifact names and HTML comments must stay safe). */
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const ARTIFACT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

function oneOf<T extends string>(read: InputReader, name: string, allowed: readonly T[], fallback: T): T {
  const raw = read(name).trim();
  if (raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new UserError(`input '${name}' must be one of ${allowed.join(', ')} (got '${raw}')`);
}

/** Like oneOf, null when the input is empty. */
function optionalOneOf<T extends string>(read: InputReader, name: string, allowed: readonly T[]): T | null {
  return read(name).trim() === '' ? null : oneOf(read, name, allowed, allowed[0]!);
}

function optional(read: InputReader, name: string): string | null {
  const raw = read(name).trim();
  return raw === '' ? null : raw;
}

function bool(read: InputReader, name: string, fallback: boolean): boolean {
  const raw = read(name).trim();
  if (raw === '') return fallback;
  if (TRUE_VALUES.includes(raw)) return true;
  if (FALSE_VALUES.includes(raw)) return false;
  throw new UserError(`input '${name}' must be true or false (got '${raw}')`);
}

function positiveInt(read: InputReader, name: string, max: number): number | null {
  const raw = read(name).trim();
  if (raw === '') return null;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new UserError(`input '${name}' must be a whole number from 1 to ${max} (got '${raw}')`);
  }
  return Number(raw);
}

/** Lower-cases and replaces anything a key cannot hold by `-`. */
export function sanitizeKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The default baseline key: `<platform>-<datapath>-<runner os>`, e.g. `lab-bridge-vxlan-linux`. */
export function defaultBaselineKey(platform: string, datapath: string, runnerOs: string): string {
  return sanitizeKey(`${platform}-${datapath}-${runnerOs || 'unknown'}`);
}

/**
 * The default key of a paired check: `<platform>-paired-<what is compared>-<runner os>`, e.g.
 * `lab-paired-cni-10-mynet.conflist-linux` for `cni-config: cni/10-mynet.conflist`: it names the
 * configuration under review, so two paired checks of two conflists in one repo keep two comments.
 * Longer than a key may be, it keeps its end (the file name) and a hash of the whole.
 */
export function pairedKey(platform: string, compared: string, runnerOs: string): string {
  const key = sanitizeKey(`${platform}-paired-${compared}-${runnerOs || 'unknown'}`);
  if (key.length <= 100) return key;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return `${sanitizeKey(key.slice(key.length - 90))}-${hash}`.replace(/^[^a-z0-9]+/, '');
}

/** A threshold value is inline when it looks like `metric=PCT` (one per line or comma); otherwise a file path. */
export function parseThresholdsInput(raw: string): ThresholdsInput {
  const text = raw.trim();
  if (text === '') return { kind: 'none' };
  if (/^[A-Za-z0-9_]+\s*=/.test(text)) {
    const lines = text
      .split(/[\n,]/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    return { kind: 'inline', lines };
  }
  if (text.includes('\n')) {
    throw new UserError(
      `input 'thresholds' must be a file path or 'metric=PCT' lines such as 'tcp_throughput_bps=5' (got '${text.split('\n')[0]}…')`,
    );
  }
  return { kind: 'file', path: text };
}

/**
 * Reads and validates every action input in one place. Errors name the input and
 * say what it accepts, e.g. "input 'fail-on' must be one of regression, inconclusive, never (got 'always')".
 */
export function readActionInputs(read: InputReader, defaults: InputDefaults): ActionInputs {
  const mode = oneOf(read, 'mode', ACTION_MODES, 'gate');
  const platform = oneOf(read, 'platform', ACTION_PLATFORMS, 'lab');
  const datapath = optional(read, 'datapath') ?? 'bridge-vxlan';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(datapath)) {
    throw new UserError(`input 'datapath' must be a datapath name such as bridge-vxlan (got '${datapath}')`);
  }
  const keyInput = optional(read, 'baseline-key');
  if (keyInput !== null && !KEY_PATTERN.test(keyInput)) {
    throw new UserError(
      `input 'baseline-key' must be 1-100 letters, digits, '.', '_' or '-' starting with a letter or digit (got '${keyInput}')`,
    );
  }
  const cniConfig = optional(read, 'cni-config');
  const baselineKey =
    keyInput ??
    (mode === 'paired'
      ? pairedKey(platform, cniConfig ?? datapath, defaults.runnerOs)
      : defaultBaselineKey(platform, datapath, defaults.runnerOs));
  const reportArtifact = optional(read, 'report-artifact');
  if (reportArtifact !== null && !ARTIFACT_PATTERN.test(reportArtifact)) {
    throw new UserError(
      `input 'report-artifact' must be an artifact name of letters, digits, '.', '_' or '-' (got '${reportArtifact}')`,
    );
  }
  const inputs: ActionInputs = {
    mode,
    platform,
    datapath,
    cniConfig,
    routing: optionalOneOf(read, 'routing', CUSTOM_ROUTINGS),
    suite: optional(read, 'suite'),
    quick: bool(read, 'quick', false),
    thresholds: parseThresholdsInput(read('thresholds')),
    repetitions: positiveInt(read, 'repetitions', 1000),
    baselineKey,
    baselineWorkflow: optional(read, 'baseline-workflow'),
    baselineBranch: optional(read, 'baseline-branch'),
    baselineResults: optional(read, 'baseline-results'),
    headResults: optional(read, 'head-results'),
    strictEnvironment: bool(read, 'strict-environment', false),
    comment: oneOf(read, 'comment', COMMENT_POLICIES, 'always'),
    failOn: oneOf(read, 'fail-on', FAIL_ON_POLICIES, 'regression'),
    githubToken: read('github-token').trim(),
    kubeconfig: optional(read, 'kubeconfig'),
    reportArtifact,
    reportRunId: positiveInt(read, 'report-run-id', Number.MAX_SAFE_INTEGER),
    history: positiveInt(read, 'history', MAX_HISTORY) ?? 0,
  };
  checkInputCombinations(inputs);
  return inputs;
}

/** Most baselines `history` may ask for (each is one artifact download). */
export const MAX_HISTORY = 100;

/**
 * Combinations of inputs that cannot work, whatever the event (mode-requirements.ts adds the event,
 * suite-input.ts the suite file, platform-inputs.ts the platform inputs of a step that measures).
 */
function checkInputCombinations(inputs: ActionInputs): void {
  if (inputs.history > 0 && inputs.mode !== 'baseline' && inputs.mode !== 'gate') {
    throw new UserError(
      `input 'history' is for modes baseline and gate (got mode '${inputs.mode}'); remove it or set mode: baseline / gate`,
    );
  }
  if (inputs.mode === 'compare') {
    if (!inputs.baselineResults || !inputs.headResults) {
      throw new UserError(
        "mode 'compare' needs both inputs 'baseline-results' and 'head-results' (paths to results JSON files)",
      );
    }
  }
  if (inputs.mode === 'comment' && !inputs.reportArtifact) {
    throw new UserError(
      "mode 'comment' needs input 'report-artifact': the artifact name the pull_request workflow uploaded its report as",
    );
  }
  if (inputs.mode === 'baseline' && inputs.baselineResults) {
    throw new UserError(
      "input 'baseline-results' is for mode 'compare'; in mode 'baseline' pass an existing results file as 'head-results'",
    );
  }
  if (
    inputs.datapath === 'custom' &&
    !inputs.cniConfig &&
    inputs.mode !== 'compare' &&
    inputs.mode !== 'comment'
  ) {
    if (!inputs.headResults) {
      throw new UserError("datapath 'custom' needs input 'cni-config': the path of your CNI conflist");
    }
  }
}
