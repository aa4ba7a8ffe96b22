import { join } from 'node:path';
import { UserError, errorMessage } from '../../core/errors.js';
import type { HistoryReport, LoadedResults, SkippedFile } from '../../core/history/index.js';
import { renderHistoryHtml } from '../../core/report/history-html.js';
import { renderHistoryJson } from '../../core/report/history-json.js';
import { parseResultsJson } from '../../core/results/parse.js';
import type { ResultsFile } from '../../core/results/types.js';
import type { BaselineLocation } from '../../github/baseline-lookup.js';
import { findRecentBaselines } from '../../github/baseline-history.js';
import type { GitHubApi } from '../../github/types.js';
import type { ActionDeps } from '../deps.js';
import type { ActionContext } from '../inputs/context.js';
import { readInputFile, writeTextFile } from '../inputs/files.js';
import type { ActionInputs } from '../inputs/inputs.js';
import { RESULTS_FILE_NAME } from '../publish/names.js';
import { githubCall } from './github-call.js';

/** The hint given when GitHub refuses to list runs or download artifacts. */
export const READ_HINT =
  "give the job 'permissions: actions: read' (and contents: read) or pass a token that has it as 'github-token'";

/** Artifact name of the HTML history report for a key. */
export function historyArtifactName(key: string): string {
  return `cni-perf-gate-history-${key}`;
}

/** Baselines downloaded for a history: usable ones (oldest first), skipped ones, and what the search saw. */
export interface DownloadedBaselines {
  readonly loaded: LoadedResults[];
  readonly skipped: SkippedFile[];
  /** Newest first, as found. */
  readonly locations: readonly BaselineLocation[];
  readonly runsSearched: number;
  readonly expired: number;
}

/** Provenance of a baseline that did not record its own: the run that uploaded it. */
function withRunSource(results: ResultsFile, location: BaselineLocation, branch: string): ResultsFile {
  if (results.source) return results;
  const { run } = location;
  return {
    ...results,
    source: {
      ...(/^[0-9a-f]{7,64}$/.test(run.headSha) ? { commit: run.headSha } : {}),
      ref: `refs/heads/${branch}`,
      ...(/^https?:\/\//.test(run.htmlUrl) ? { runUrl: run.htmlUrl } : {}),
    },
  };
}

/**
 * Finds and downloads the newest `count` baseline artifacts of `workflow` on `branch`. A baseline
 * that cannot be downloaded or parsed is skipped with a warning naming its run (one bad artifact
 * must not lose the rest); GitHub refusing access is an error.
 */
export async function downloadRecentBaselines(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
  query: {
    readonly api: GitHubApi;
    readonly workflow: string;
    readonly branch: string;
    readonly artifactName: string;
    readonly count: number;
    readonly dir: string;
  },
): Promise<DownloadedBaselines> {
  const { api, workflow, branch, artifactName, count, dir } = query;
  deps.core.info(
    `Looking for the last ${count} '${artifactName}' artifacts in successful runs of '${workflow}' on '${branch}'`,
  );
  const found = await githubCall(`list runs of workflow '${workflow}' and their artifacts`, READ_HINT, () =>
    findRecentBaselines(api, { workflow, branch, artifactName, count }),
  );
  const loaded: LoadedResults[] = [];
  const skipped: SkippedFile[] = [];
  for (const location of found.locations) {
    const { run, artifact } = location;
    const label = `run ${run.id}`;
    const runDir = join(dir, `run-${run.id}`);
    try {
      await githubCall(`download baseline artifact '${artifactName}' (id ${artifact.id})`, READ_HINT, () =>
        deps.artifacts(inputs.githubToken, context.repo).download(artifact.id, run.id, runDir),
      );
      const file = join(runDir, RESULTS_FILE_NAME);
      const results = parseResultsJson(await readInputFile('baseline', file), label);
      loaded.push({ file: label, results: withRunSource(results, location, branch) });
    } catch (error) {
      // GitHub refusing access (permissions) is the job's problem, not this baseline's.
      if (error instanceof UserError && error.message.startsWith('GitHub refused')) throw error;
      const reason = errorMessage(error)
        .replace(new RegExp(`^${label}:\\s*`), '')
        .split('\n')[0]!;
      skipped.push({ file: label, reason });
      deps.core.warning(`baseline of ${label} (${run.htmlUrl}) skipped: ${reason}`);
    }
  }
  deps.core.info(
    `Found ${found.locations.length} baseline(s) in ${found.runsSearched} run(s)` +
      `${found.expired > 0 ? `, ${found.expired} expired` : ''}; ${loaded.length} usable`,
  );
  return {
    loaded: loaded.reverse(),
    skipped,
    locations: found.locations,
    runsSearched: found.runsSearched,
    expired: found.expired,
  };
}

/** Writes the history as `index.html` + `history.json` into `dir`; returns the files written. */
export async function writeHistoryReport(
  report: HistoryReport,
  dir: string,
  title: string,
  generatedAt: string,
): Promise<string[]> {
  const html = join(dir, 'index.html');
  const json = join(dir, 'history.json');
  await writeTextFile(html, renderHistoryHtml(report, { title, generatedAt }));
  await writeTextFile(json, renderHistoryJson(report));
  return [html, json];
}
