import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import { resolveSuiteConfig } from '../../core/suite/config.js';
import type { SuiteConfig } from '../../core/suite/types.js';
import type { parseCommandArgs } from '../args.js';
import type { CliIo } from '../command.js';
import { readInputFile } from '../files.js';
import { makeDirs } from '../results-output.js';
import type { Profiler } from '../../runner/profiler.js';
import type { RunCommandDeps } from './run-deps.js';

/** Where results go when `--out` is not given. */
export const DEFAULT_OUT_DIR = './cni-perf-gate-results/';

/** The options of `run` and `run --paired`. */
export const RUN_OPTIONS = {
  platform: { type: 'string' },
  datapath: { type: 'string' },
  'cni-config': { type: 'string' },
  routing: { type: 'string' },
  kubeconfig: { type: 'string' },
  suite: { type: 'string' },
  repetitions: { type: 'string' },
  duration: { type: 'string' },
  quick: { type: 'boolean' },
  out: { type: 'string' },
  mtu: { type: 'string' },
  'cni-path': { type: 'string' },
  'kind-node-image': { type: 'string' },
  paired: { type: 'boolean' },
  'fixed-n': { type: 'boolean' },
  threshold: { type: 'string', multiple: true },
  thresholds: { type: 'string' },
  'pairing-id': { type: 'string' },
  'kube-proxy': { type: 'string' },
  profile: { type: 'boolean' },
} as const;

/** The parsed options of `run`. */
export type RunValues = ReturnType<typeof parseCommandArgs<typeof RUN_OPTIONS>>['values'];

/** Parses `--repetitions` / `--duration` / `--mtu` as a whole number (ranges are checked where they are known) or throws a UserError naming the flag. */
export function integerFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // Negative whole numbers pass through to the range check that names the valid range.
  if (!/^-?\d+$/.test(value.trim())) {
    throw new UserError(`run: ${flag} must be a whole number (got ${JSON.stringify(value)})`);
  }
  return Number(value);
}

/** `a, b,c` → `['a', 'b', 'c']` (empty items dropped). */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
}

/** The suite of `--suite FILE` (or the default profile) with `--repetitions`, `--duration`, `--quick`, `--kube-proxy`. */
export async function suiteFromFlags(values: RunValues, io: CliIo): Promise<SuiteConfig> {
  const overrides = {
    repetitions: integerFlag('--repetitions', values.repetitions),
    durationS: integerFlag('--duration', values.duration),
    quick: values.quick === true,
    ...(values['kube-proxy'] !== undefined ? { kubeProxy: commaList(values['kube-proxy']) } : {}),
  };
  const text =
    values.suite === undefined ? undefined : await readInputFile(values.suite, io.cwd, 'suite file');
  return resolveSuiteConfig({ text, source: values.suite, overrides });
}

/** Flags only `run --paired` uses. */
const PAIRED_ONLY = ['fixed-n', 'threshold', 'thresholds', 'pairing-id'] as const;

/** `run` without --paired: refuses the flags only a paired run uses. */
export function checkUnpairedFlags(values: RunValues): void {
  for (const flag of PAIRED_ONLY) {
    if (values[flag] !== undefined)
      throw new UserError(`run: --${flag} is only used with --paired BASE HEAD`);
  }
}

/**
 * Where each results file of `run` goes (`--out` a FILE.json for one result, else a directory
 * getting `<label>.json` each), decided before the run so bad paths fail early.
 */
export async function planOutputs(
  out: string,
  cwd: string,
  labels: readonly string[],
): Promise<(label: string) => string> {
  const isDir = await stat(resolve(cwd, out)).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir && /\.json$/i.test(out)) {
    if (labels.length > 1) {
      throw new UserError(
        `run: --out ${out} names one file but ${labels.length} datapaths give ${labels.length} results files; pass a directory`,
      );
    }
    return () => out;
  }
  await ensureOutDir(out, cwd);
  return (label) => join(out, `${label}.json`);
}

/** Creates the `--out` directory `out` (relative to `cwd`) if needed; a UserError when it cannot. */
export async function ensureOutDir(out: string, cwd: string): Promise<void> {
  try {
    await makeDirs(resolve(cwd, out));
  } catch (error) {
    throw new UserError(
      `run: cannot create the --out directory ${out}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

/** The run's profiler when `--profile` is given (one log line and none when it cannot record). */
export async function profilerFromFlags(
  values: RunValues,
  deps: Pick<RunCommandDeps, 'profiler'>,
  log: (line: string) => void,
): Promise<Profiler | undefined> {
  if (values.profile !== true) return undefined;
  if (!deps.profiler) {
    log('--profile: this build has no profiler; the run goes on without profiles');
    return undefined;
  }
  return deps.profiler(log);
}
