import { spawn, spawnSync } from 'node:child_process';
import { UserError } from '../core/errors.js';

/** Set in the environment of the re-run, so it never tries to elevate again. */
export const ELEVATED_ENV = 'CNI_PERF_GATE_ELEVATED';

/** Variables the re-run under sudo keeps (sudo resets the environment). */
const KEPT_ENV = [
  'PATH',
  'CNI_PATH',
  'CNI_PERF_GATE_DEBUG',
  'CI',
  'GITHUB_ACTIONS',
  'GITHUB_SERVER_URL',
  'GITHUB_REPOSITORY',
  'GITHUB_RUN_ID',
  'GITHUB_SHA',
  'GITHUB_REF',
] as const;

/**
 * How a lab command reaches root when it is not root, as the Action does on GitHub-hosted runners:
 * it re-runs itself as `sudo -n env … <node> <cli> <command> <args>`.
 */
export interface Elevation {
  /** Effective uid; undefined where there is none (not POSIX). */
  readonly uid: number | undefined;
  /** Whether sudo is installed, and whether it runs without asking for a password. */
  probe(): 'ok' | 'missing' | 'password';
  /** Runs the command line under sudo with inherited stdio; resolves to its exit code. */
  rerun(commandLine: readonly string[], env: Readonly<Record<string, string>>): Promise<number>;
}

/** The real one: `sudo`, this node with its loader flags, this CLI entry. */
export function createNodeElevation(): Elevation {
  return {
    uid: process.getuid?.(),
    probe() {
      const r = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
      if (r.error) return 'missing';
      return r.status === 0 ? 'ok' : 'password';
    },
    rerun(commandLine, env) {
      const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
      const args = ['-n', '--', 'env', ...assignments, process.execPath, ...process.execArgv];
      const entry = process.argv[1];
      return new Promise((resolve) => {
        const child = spawn('sudo', [...args, ...(entry ? [entry] : []), ...commandLine], {
          stdio: 'inherit',
        });
        child.on('error', () => resolve(127));
        child.on('close', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)));
      });
    },
  };
}

/**
 * When the lab needs root and this process is not root: re-runs `commandLine` under `sudo -n`
 * and resolves to its exit code; resolves to undefined when no re-run is needed (root already,
 * or this is the re-run). A missing sudo or one that wants a password is a UserError saying
 * what to do.
 */
export async function rerunAsRootIfNeeded(
  elevation: Elevation,
  commandLine: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  log: (line: string) => void,
): Promise<number | undefined> {
  if (elevation.uid === undefined || elevation.uid === 0 || env[ELEVATED_ENV] === '1') return undefined;
  const probe = elevation.probe();
  if (probe === 'missing') {
    throw new UserError(
      `the lab creates network namespaces and needs root (running as uid ${elevation.uid}), and sudo is not installed: run as root`,
    );
  }
  if (probe === 'password') {
    throw new UserError(
      `the lab creates network namespaces and needs root (running as uid ${elevation.uid}); sudo -n needs a password: run \`sudo -v\` first (./scripts/setup.sh does), or run as root`,
    );
  }
  log(`${commandLine[0] ?? 'run'}: the lab needs root: re-running as root with sudo -n`);
  const kept: Record<string, string> = { [ELEVATED_ENV]: '1' };
  for (const name of KEPT_ENV) {
    const value = env[name];
    if (value !== undefined) kept[name] = value;
  }
  return elevation.rerun(commandLine, kept);
}
