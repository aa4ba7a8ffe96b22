import { resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import { resolveSuiteConfig } from '../../core/suite/config.js';
import type { SuiteConfig } from '../../core/suite/types.js';
import type { parseCommandArgs } from '../args.js';
import type { CliIo } from '../command.js';
import { readInputFile } from '../files.js';
import { makeDirs } from '../results-output.js';
import type { Profiler } from '../../runner/profiler.js';
import type { RunCommandDeps } from './run-deps.js';
import type { RequestFieldNames } from '../../platform/factory.js';

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

/** The CLI's names for a platform request's fields: its flags (the factory words its errors with them). */
export const CLI_FLAG_NAMES: RequestFieldNames = {
  platform: '--platform',
  datapath: '--datapath',
  cniConfig: '--cni-config',
  routing: '--routing',
  kubeconfig: '--kubeconfig',
  mtu: '--mtu',
  kindNodeImage: '--kind-node-image',
  cniPath: '--cni-path',
  kubeProxy: '--kube-proxy',
};
