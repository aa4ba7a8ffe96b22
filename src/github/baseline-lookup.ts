import type { GitHubApi, RunArtifact, WorkflowRunSummary } from './types.js';

/** Where a baseline artifact was found. */
export interface BaselineLocation {
  readonly run: WorkflowRunSummary;
  readonly artifact: RunArtifact;
}

/** What to look for. */
export interface BaselineQuery {
  /** Workflow id or file name (e.g. `nightly-baseline.yml`). */
  readonly workflow: string;
  readonly branch: string;
  readonly artifactName: string;
  /** Give up after looking at this many successful runs (newest first). Default 50. */
  readonly maxRuns?: number;
}

/** Outcome of a lookup: the newest location, or how many runs were searched in vain. */
export type BaselineLookupResult =
  | { readonly found: true; readonly location: BaselineLocation; readonly runsSearched: number }
  | { readonly found: false; readonly runsSearched: number };

/**
 * Finds the newest successful run of `workflow` on `branch` that still carries a
 * non-expired artifact named `artifactName`. Runs and artifacts are read page by page.
 */
export async function findLatestBaseline(
  api: GitHubApi,
  query: BaselineQuery,
): Promise<BaselineLookupResult> {
  const maxRuns = query.maxRuns ?? 50;
  let runsSearched = 0;
  for await (const run of api.listSuccessfulWorkflowRuns(query.workflow, query.branch)) {
    if (runsSearched >= maxRuns) break;
    runsSearched++;
    for await (const artifact of api.listRunArtifacts(run.id)) {
      if (artifact.name === query.artifactName && !artifact.expired) {
        return { found: true, location: { run, artifact }, runsSearched };
      }
    }
  }
  return { found: false, runsSearched };
}
