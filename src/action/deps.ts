import type { Exec } from '../adapters/exec.js';
import type { ResultsFile } from '../core/results/types.js';
import type { ArtifactStore } from '../github/artifact-store.js';
import type { GitHubApi, RepoRef } from '../github/types.js';
import type { RunHooks } from '../runner/types.js';
import type { SuiteRunRequest } from './suite/suite-request.js';

/** The slice of @actions/core the action uses; tests and main.ts provide it. */
export interface ActionCore {
  getInput(name: string): string;
  info(message: string): void;
  debug(message: string): void;
  warning(message: string, properties?: { title?: string }): void;
  error(message: string, properties?: { title?: string }): void;
  setOutput(name: string, value: string): void;
  saveState(name: string, value: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Appends markdown to the job summary (GITHUB_STEP_SUMMARY) and writes it out. */
  appendSummary(markdown: string): Promise<void>;
}

/** Runs the suite and returns one results file per datapath measured. */
export type SuiteRunner = (request: SuiteRunRequest, hooks: RunHooks) => Promise<readonly ResultsFile[]>;

/** Everything runAction touches besides the file system; main.ts builds the real set. */
export interface ActionDeps {
  readonly core: ActionCore;
  readonly runSuite: SuiteRunner;
  readonly github: (token: string, repo: RepoRef) => GitHubApi;
  readonly artifacts: (token: string, repo: RepoRef) => ArtifactStore;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** OS temp dir, used when RUNNER_TEMP is unset. */
  readonly osTempDir: string;
  /** This tool's version, used in messages. */
  readonly toolVersion: string;
  /** Runs commands (git, in mode `paired`); default: the real one. */
  readonly exec?: Exec;
}
