import type { CompareOptions, ComparisonReport, Thresholds } from '../core/compare/types.js';
import type { Exec } from '../adapters/exec.js';
import type { ResultsFile } from '../core/results/types.js';
import type { ArtifactStore } from '../github/artifact-store.js';
import type { GitHubApi, RepoRef } from '../github/types.js';
import type { RunHooks } from '../runner/types.js';
import type { ActionPlatform } from './inputs.js';

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

/** The pure engine functions the action calls (src/core); main.ts wires the real ones. */
export interface ActionEngine {
  parseResults(text: string, source: string): ResultsFile;
  serializeResults(results: ResultsFile): string;
  compare(
    base: ResultsFile,
    head: ResultsFile,
    options: Partial<CompareOptions>,
    labels: { base: string; head: string },
  ): ComparisonReport;
  parseThresholdArgs(args: readonly string[]): Thresholds;
  parseThresholdsDocument(text: string, source: string): Thresholds;
  renderMarkdown(
    report: ComparisonReport,
    options: { title?: string; marker?: string; runUrl?: string; maxDetailSamples?: number },
  ): string;
  renderRunSummaryMarkdown(results: readonly ResultsFile[]): string;
}

/** What the action asks the suite runner to measure (one datapath on one platform). */
export interface SuiteRunRequest {
  readonly platform: ActionPlatform;
  readonly datapath: string;
  /** Absolute path of the user's conflist (datapath custom), or null. */
  readonly cniConfig: string | null;
  readonly routing: string | null;
  readonly kubeconfig: string | null;
  /** Suite file text and its name for messages, or null for the built-in profile. */
  readonly suite: { readonly text: string; readonly source: string } | null;
  readonly quick: boolean;
  readonly repetitions: number | null;
  /**
   * Mode `paired`: run these two conflists side by side (ABBA, adaptive) instead of `datapath`;
   * the runner then returns `[base, head]` (see paired-runner.ts).
   */
  readonly paired?: PairedSuiteRequest;
}

/** The paired part of a suite run request: the two conflists (both run as datapath `custom`). */
export interface PairedSuiteRequest {
  readonly base: { readonly source: string; readonly text: string };
  readonly head: { readonly source: string; readonly text: string };
  /** Shared by both results files. */
  readonly pairingId: string;
  /** Thresholds the adaptive stop rule judges with. */
  readonly thresholds: Thresholds;
  /** False: exactly `repetitions` (or the suite's) pairs, no adaptive stopping. Default true. */
  readonly adaptive?: boolean;
}

/** Runs the suite and returns one results file per datapath measured. */
export type SuiteRunner = (request: SuiteRunRequest, hooks: RunHooks) => Promise<readonly ResultsFile[]>;

/** Everything runAction touches besides the file system; main.ts builds the real set. */
export interface ActionDeps {
  readonly core: ActionCore;
  readonly engine: ActionEngine;
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

/** Names of the values main saves for the post step. */
export const STATE_KEYS = {
  /** 'true' once the suite started on the lab, so post knows to clean up. */
  labStarted: 'cni-perf-gate-lab-started',
  platform: 'cni-perf-gate-platform',
} as const;
