/**
 * Runs dist/action/main.js (or post.js) the way a GitHub runner does: a node process with
 * INPUT_* and GITHUB_* env, file commands (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY)
 * in a temp dir, and an event payload file. Returns what the runner would see.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What a finished action step left behind. */
export interface StepResult {
  readonly exitCode: number | null;
  /** Pid the step ran as (the lab records it as the owner of its run). */
  readonly pid: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  readonly summary: string;
  /** `::error::` / `::warning::` workflow command lines from stdout. */
  readonly errors: string[];
  readonly warnings: string[];
}

/** How to run one step. */
export interface StepSpec {
  readonly entry: 'main' | 'post';
  /** Action inputs by their action.yml names (e.g. `fail-on`). */
  readonly inputs: Record<string, string>;
  /** Extra env (GITHUB_API_URL etc.). */
  readonly env: Record<string, string>;
  /** The event payload written to GITHUB_EVENT_PATH. */
  readonly event?: { name: string; payload: unknown };
  /** Directory for this step's files; a fresh temp dir when absent. */
  readonly dir?: string;
  /** Env for the post step's saved state (STATE_*). */
  readonly stateFrom?: Record<string, string>;
}

/** Parses the runner's file-command format (`name<<DELIM\nvalue\nDELIM`) into a record. */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = (lines[i] ?? '').match(/^([^<=]+)<<(.+)$/);
    if (m) {
      const [, name, delim] = m;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i] ?? '');
      out[name ?? ''] = value.join('\n');
    } else if ((lines[i] ?? '').includes('=')) {
      const [name, ...rest] = (lines[i] ?? '').split('=');
      out[name ?? ''] = rest.join('=');
    }
  }
  return out;
}

/** Runs one step and collects its results. */
export async function runStep(root: string, base: string, spec: StepSpec): Promise<StepResult> {
  const dir = spec.dir ?? (await mkdtemp(join(base, 'step-')));
  const files = {
    output: join(dir, 'output.txt'),
    state: join(dir, 'state.txt'),
    summary: join(dir, 'summary.md'),
    event: join(dir, 'event.json'),
  };
  await Promise.all([
    writeFile(files.output, ''),
    writeFile(files.state, ''),
    writeFile(files.summary, ''),
    writeFile(files.event, JSON.stringify(spec.event?.payload ?? {})),
  ]);
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? dir,
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: root,
    GITHUB_ACTIONS: 'true',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: spec.event?.name ?? 'pull_request',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_WORKFLOW_REF: 'octo/cni-config/.github/workflows/perf.yml@refs/pull/7/merge',
    ...spec.env,
  };
  for (const [name, value] of Object.entries(spec.inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  for (const [name, value] of Object.entries(spec.stateFrom ?? {})) env[`STATE_${name}`] = value;
  const child = spawn(process.execPath, [join(root, 'dist', 'action', `${spec.entry}.js`)], {
    cwd: root,
    env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const lines = stdout.split('\n');
  return {
    exitCode,
    pid: child.pid ?? -1,
    stdout,
    stderr,
    outputs: parseFileCommands(await readFile(files.output, 'utf8')),
    state: parseFileCommands(await readFile(files.state, 'utf8')),
    summary: await readFile(files.summary, 'utf8'),
    errors: lines.filter((l) => l.startsWith('::error')),
    warnings: lines.filter((l) => l.startsWith('::warning')),
  };
}

/**
 * Runs `node scripts/build.mjs` so dist/ is fresh, serialised across test files by a lock
 * directory (the build empties dist/ first; two at once would race).
 */
export async function buildDist(root: string): Promise<void> {
  const lock = join(root, 'node_modules', '.cpg-build.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`buildDist: lock ${lock} held for 2 minutes; remove it if stale`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
