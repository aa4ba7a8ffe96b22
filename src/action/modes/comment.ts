import { workDirOf, type ActionContext } from '../inputs/context.js';
import { join } from 'node:path';
import { UserError } from '../../core/errors.js';
import type { ActionDeps } from '../deps.js';
import type { ActionInputs } from '../inputs/inputs.js';
import { readReportBundle } from '../publish/report-bundle.js';
import { githubCall } from './github-call.js';
import type { ModeOutcome } from './outcome.js';

const HINT = "give the workflow 'permissions: actions: read, pull-requests: write'";

/**
 * `comment` (fork-safe pattern, privileged `workflow_run` side): downloads the report bundle
 * the pull_request run uploaded, checks that its PR's head is the commit that run built,
 * and upserts the sticky comment. It never fails on the verdict: the PR run carries the check.
 */
export async function runCommentMode(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
): Promise<ModeOutcome> {
  const artifactName = inputs.reportArtifact ?? '';
  // checkModeRequirements made sure of the run id and the token.
  const runId = (inputs.reportRunId ?? context.workflowRun?.id)!;
  const api = deps.github(inputs.githubToken, context.repo);
  const artifact = await githubCall(`list the artifacts of run ${runId}`, HINT, async () => {
    for await (const a of api.listRunArtifacts(runId)) if (a.name === artifactName && !a.expired) return a;
    return undefined;
  });
  if (!artifact) {
    deps.core.warning(
      `run ${runId} has no artifact '${artifactName}' (did its gate step run?); nothing to comment`,
    );
    return {
      verdict: 'none',
      failVerdict: null,
      report: null,
      markdown: `No report artifact \`${artifactName}\` in run ${runId}; nothing to comment.\n`,
      commentable: false,
      resultsPath: null,
      baselineFound: null,
    };
  }
  const dir = join(workDirOf(context), 'report-in');
  await githubCall(`download artifact '${artifactName}'`, HINT, () =>
    deps.artifacts(inputs.githubToken, context.repo).download(artifact.id, runId, dir),
  );
  const bundle = await readReportBundle(dir, artifactName);
  if (context.workflowRun && inputs.reportRunId === null) {
    const expected = context.workflowRun.headSha;
    const pr = await githubCall(`read pull request #${bundle.pullRequestNumber}`, HINT, () =>
      api.getPullRequestHead(bundle.pullRequestNumber),
    );
    if (pr.headSha !== expected) {
      throw new UserError(
        `report artifact '${artifactName}' names PR #${bundle.pullRequestNumber}, whose head ${pr.headSha.slice(0, 12)} is not the commit ${expected.slice(0, 12)} that run ${runId} built; refusing to comment`,
      );
    }
  }
  return {
    verdict: bundle.verdict,
    failVerdict: null,
    report: null,
    markdown: bundle.markdown,
    commentable: true,
    resultsPath: null,
    baselineFound: null,
    commentTarget: { issueNumber: bundle.pullRequestNumber, key: bundle.key },
  };
}
