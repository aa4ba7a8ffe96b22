import type { BaselineLocation, BaselineQuery } from './baseline-lookup.js';
import type { GitHubApi } from './types.js';

/** What {@link findRecentBaselines} found: up to `count` locations, newest first. */
export interface RecentBaselines {
  readonly locations: readonly BaselineLocation[];
  readonly runsSearched: number;
  /** Runs whose artifact of that name had expired (skipped). */
  readonly expired: number;
}

/**
 * The newest `count` successful runs of `workflow` on `branch` that still carry a non-expired
 * artifact named `artifactName` (newest first), reading runs and artifacts page by page and
 * stopping as soon as it has them, or after `maxRuns` runs (default 10 × count, at least 200).
 */
export async function findRecentBaselines(
  api: GitHubApi,
  query: BaselineQuery & { readonly count: number },
): Promise<RecentBaselines> {
  const maxRuns = query.maxRuns ?? Math.max(200, 10 * query.count);
  const locations: BaselineLocation[] = [];
  let runsSearched = 0;
  let expired = 0;
  for await (const run of api.listSuccessfulWorkflowRuns(query.workflow, query.branch)) {
    if (locations.length >= query.count || runsSearched >= maxRuns) break;
    runsSearched++;
    for await (const artifact of api.listRunArtifacts(run.id)) {
      if (artifact.name !== query.artifactName) continue;
      if (artifact.expired) {
        expired++;
        continue;
      }
      locations.push({ run, artifact });
      break;
    }
  }
  return { locations, runsSearched, expired };
}
