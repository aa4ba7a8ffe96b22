import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../core/errors.js';
import type { ResultsFile } from '../../core/results/types.js';
import type { RunHooks } from '../../runner/types.js';
import {
  pairedRunOptions,
  type PairedRequestOptions,
  type PairedSideInput,
  type SuiteRunRequest,
} from './suite-request.js';

/**
 * How the action reaches root for the lab on a runner whose user is not root (GitHub-hosted
 * runners run steps as `runner` with passwordless sudo): the bundled CLI is run as
 * `sudo -n <node> dist/cli/index.js …`, its progress lines are relayed, its results file read back.
 */
export interface RootCli {
  /** The sudo binary (a test passes a stand-in). */
  readonly sudo: string;
  /** The node binary that runs the CLI bundle. */
  readonly node: string;
  /** Path of the CLI bundle, dist/cli/index.js. */
  readonly cliPath: string;
}

/** The real one: `sudo`, this node, and the CLI bundle next to the action bundle. */
export function defaultRootCli(): RootCli {
  return {
    sudo: 'sudo',
    node: process.execPath,
    cliPath: fileURLToPath(new URL('../cli/index.js', import.meta.url)),
  };
}

/** What a finished CLI run left: its exit code and its last stderr lines. */
interface CliExit {
  readonly exitCode: number;
  readonly lastLines: readonly string[];
}

/** Runs the CLI under `sudo -n`, relaying each stderr line; SIGTERM on abort (sudo relays it). */
export function runCliAsRoot(
  root: RootCli,
  args: readonly string[],
  onLine: (line: string) => void,
  signal?: AbortSignal,
): Promise<CliExit> {
  const argv = ['-n', '--', root.node, root.cliPath, ...args];
  // The command line in the job log, as @actions/exec prints it (this one must stop on abort,
  // which @actions/exec cannot do, so it runs through spawn).
  onLine(`[command]${[root.sudo, ...argv].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(root.sudo, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: process.env.CI ?? 'true' },
    });
    const lastLines: string[] = [];
    let pending = '';
    const take = (chunk: Buffer): void => {
      pending += chunk.toString('utf8');
      const parts = pending.split(/\r|\n/);
      pending = parts.pop() ?? '';
      for (const line of parts) {
        if (line.trim() === '') continue;
        onLine(line);
        lastLines.push(line);
        if (lastLines.length > 5) lastLines.shift();
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const abort = (): void => {
      child.kill('SIGTERM');
    };
    signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (error) => {
      signal?.removeEventListener('abort', abort);
      resolve({ exitCode: 127, lastLines: [`${root.sudo}: ${error.message}`] });
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', abort);
      if (pending.trim() !== '') {
        onLine(pending);
        lastLines.push(pending);
      }
      resolve({ exitCode: code ?? 1, lastLines });
    });
  });
}

/** Throws a UserError that says how to get root unless `sudo -n` works here. */
export async function requirePasswordlessSudo(root: RootCli): Promise<void> {
  const probe = await sudoWorks(root);
  if (!probe) {
    throw new UserError(
      `the lab platform needs root and this step runs as uid ${process.getuid?.() ?? '?'} without passwordless sudo ('${root.sudo} -n true' failed): use a runner where sudo -n works (GitHub-hosted runners do) or run the job as root`,
    );
  }
}

function sudoWorks(root: RootCli): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(root.sudo, ['-n', 'true'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

/** The conflist text of a lab side (the root CLI runs only the lab). */
function conflistText(side: PairedSideInput): string {
  if (!('text' in side))
    throw new Error(`internal: the root CLI runs lab conflists, got manifests ${side.source}`);
  return side.text;
}

/** Paths of the base and head conflists written for a paired run through the CLI. */
export interface PairedFiles {
  readonly base: string;
  readonly head: string;
}

/** The `run --paired` flags of a paired request's options (the same options an in-process run gets). */
function pairedRunFlags(options: PairedRequestOptions): string[] {
  const flags: string[] = [];
  if (options.adaptive === false) flags.push('--fixed-n');
  if (options.routing) flags.push('--routing', options.routing);
  for (const [metric, pct] of Object.entries(options.thresholds ?? {})) {
    flags.push('--threshold', `${metric}=${pct}`);
  }
  flags.push('--pairing-id', options.pairingId);
  return flags;
}

/**
 * The `cni-perf-gate run` arguments for one action suite request: one datapath into `out` (a
 * file), or with `paired` the two conflists side by side into `out` (a directory).
 */
export function runArgsFor(
  request: SuiteRunRequest,
  suiteFile: string | null,
  out: string,
  paired?: PairedFiles,
): string[] {
  const args = paired
    ? ['run', '--platform', request.platform, '--paired', paired.base, paired.head, '--out', out]
    : ['run', '--platform', request.platform, '--datapath', request.datapath, '--out', out];
  if (paired && request.paired) args.push(...pairedRunFlags(pairedRunOptions(request, request.paired)));
  if (!paired) {
    if (request.cniConfig) args.push('--cni-config', request.cniConfig);
    if (request.routing) args.push('--routing', request.routing);
  }
  if (request.kubeconfig) args.push('--kubeconfig', request.kubeconfig);
  if (suiteFile) args.push('--suite', suiteFile);
  if (request.quick) args.push('--quick');
  if (request.repetitions !== null) args.push('--repetitions', String(request.repetitions));
  return args;
}

/**
 * Runs one suite request through the root CLI and returns its results, parsed with `parse`.
 * The CLI's own one-line error becomes this step's error.
 */
export async function runSuiteAsRoot(
  root: RootCli,
  request: SuiteRunRequest,
  hooks: RunHooks,
  tempRoot: string,
  parse: (text: string, source: string) => ResultsFile,
): Promise<ResultsFile[]> {
  await requirePasswordlessSudo(root);
  const dir = await mkdtemp(join(tempRoot, 'cni-perf-gate-root-'));
  try {
    let suiteFile: string | null = null;
    if (request.suite) {
      suiteFile = join(dir, 'suite.yaml');
      await writeFile(suiteFile, request.suite.text);
    }
    let paired: PairedFiles | undefined;
    if (request.paired) {
      paired = { base: join(dir, 'base.conflist'), head: join(dir, 'head.conflist') };
      await writeFile(paired.base, conflistText(request.paired.base));
      await writeFile(paired.head, conflistText(request.paired.head));
    }
    const out = paired ? join(dir, 'paired') : join(dir, 'results.json');
    const args = runArgsFor(request, suiteFile, out, paired);
    hooks.onLog?.(`running the lab as root: sudo -n cni-perf-gate ${args.join(' ')}`);
    const run = (): Promise<CliExit> => runCliAsRoot(root, args, (line) => hooks.onLog?.(line), hooks.signal);
    const exit = hooks.group
      ? await hooks.group(`lab suite (${request.datapath}, as root)`, run)
      : await run();
    // A paired run exits 1 on a regression, like compare: its files are still complete.
    const regressed = paired !== undefined && exit.exitCode === 1;
    if (exit.exitCode !== 0 && !regressed) {
      const last = exit.lastLines[exit.lastLines.length - 1] ?? `exit code ${exit.exitCode}`;
      throw new UserError(last.replace(/^cni-perf-gate: /, ''));
    }
    if (paired) {
      const files = [join(out, 'base.json'), join(out, 'head.json')];
      return Promise.all(files.map(async (f) => parse(await readFile(f, 'utf8'), f)));
    }
    return [parse(await readFile(out, 'utf8'), out)];
  } finally {
    // The CLI ran as root; the files are in our temp dir, readable and removable by us.
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
