import { workDirOf, type ActionContext, runUrlOf } from '../inputs/context.js';
import { renderMarkdown } from '../../core/report/markdown.js';
import { underneathMarkdownFull } from '../../core/report/underneath.js';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors.js';
import { METRICS } from '../../core/metrics.js';
import type { ComparisonReport } from '../../core/compare/types.js';
import { httpStatusOf, isPermissionDenied } from '../../github/errors.js';
import { commentMarker, markerText, upsertStickyComment } from '../../github/sticky-comment.js';
import type { ActionDeps } from '../deps.js';
import { writeTextFile } from '../inputs/files.js';
import type { ActionInputs } from '../inputs/inputs.js';
import type { ModeOutcome } from '../modes/outcome.js';
import { renderJson } from '../../core/report/json.js';
import { REPORT_FILE_NAME, REPORT_JSON_FILE_NAME, reportTitle } from './names.js';
import { MAX_COMMENT_CHARS, writeReportBundle } from './report-bundle.js';
import { publishHtmlReport } from './html-report.js';

const pct = (ratio: number | null): string =>
  ratio === null ? 'n/a' : `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;

/**
 * One line per regressed headline (gating) scenario × metric, for error annotations. Informational
 * metrics never raise one: they are reported, never decide.
 */
export function regressionLines(report: ComparisonReport): string[] {
  return report.comparisons
    .filter((c) => c.gating && c.verdict === 'regression')
    .map((c) => {
      const ci = c.ci ? ` (95% CI ${pct(c.ci[0])} … ${pct(c.ci[1])})` : '';
      const desc = METRICS[c.metric]?.description ?? c.metric;
      return `${c.scenario} ${c.metric}: ${pct(c.ratio)}${ci}, threshold ${c.thresholdPct}% — ${desc}, ${c.better} is better`;
    });
}

/** Shrinks a comment body under GitHub's size limit, pointing at the run for the rest. */
export function fitComment(body: string, runUrl: string | null): string {
  if (body.length <= MAX_COMMENT_CHARS) return body;
  const note = `\n\n… report truncated; the full report is in the job summary${runUrl ? ` of ${runUrl}` : ''}.\n`;
  return body.slice(0, MAX_COMMENT_CHARS - note.length) + note;
}

/**
 * Publishes an outcome: job summary (always; with the full "what changed underneath" tables), report file, annotations, the sticky PR
 * comment per the comment policy, the fork-safe report bundle, and the step outputs.
 * Comment failures (a fork PR's read-only token) are warnings, never failures.
 */
export async function publishOutcome(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
  outcome: ModeOutcome,
): Promise<void> {
  const { core } = deps;
  const runUrl = runUrlOf(context);
  let markdown = outcome.markdown;
  if (outcome.report && markdown.length > MAX_COMMENT_CHARS) {
    markdown = renderMarkdown(outcome.report, {
      title: reportTitle(inputs.baselineKey),
      marker: markerText(inputs.baselineKey),
      maxDetailSamples: 0,
      ...(runUrl ? { runUrl } : {}),
    });
  }

  // The job summary (and report file) also get the full "what changed underneath" tables; the
  // comment keeps at most a few lines per scenario.
  const full = outcome.report
    ? underneathMarkdownFull(outcome.report.underneath, outcome.report.options.confidence)
    : null;
  const html = outcome.report
    ? await publishHtmlReport(deps, context, inputs, { ...outcome, report: outcome.report })
    : null;
  const summary = [outcome.markdown, full, html?.summaryLine]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join('\n')
    .concat(full || html?.summaryLine ? '\n' : '');
  try {
    await core.appendSummary(summary);
  } catch (error) {
    core.warning(`could not write the job summary: ${errorMessage(error)}`);
  }
  const reportPath = join(workDirOf(context), REPORT_FILE_NAME);
  await writeTextFile(reportPath, summary);
  const reportJsonPath = outcome.report ? join(workDirOf(context), REPORT_JSON_FILE_NAME) : '';
  if (outcome.report) await writeTextFile(reportJsonPath, renderJson(outcome.report));

  if (outcome.report) {
    for (const line of regressionLines(outcome.report))
      core.error(line, { title: 'CNI performance regression' });
    for (const d of outcome.report.environment.differences) {
      core.warning(
        `environment differs from the baseline: ${d.field} is '${d.head}' here, '${d.base}' in the baseline`,
      );
    }
  }

  if (outcome.commentable) await postComment(deps, context, inputs, outcome, fitComment(markdown, runUrl));

  await uploadReportBundle(deps, context, inputs, { outcome, markdown: fitComment(markdown, runUrl) });

  core.setOutput('verdict', outcome.verdict);
  core.setOutput('regressions', String(outcome.report?.counts.regression ?? 0));
  core.setOutput('results-path', outcome.resultsPath ?? '');
  core.setOutput('report-path', reportPath);
  core.setOutput('report-json-path', reportJsonPath);
  core.setOutput('report-html-path', html?.path ?? '');
  core.setOutput('baseline-found', outcome.baselineFound === null ? '' : String(outcome.baselineFound));
  core.setOutput('history-report', outcome.historyReportDir ?? '');
  core.setOutput('baselines-compared', outcome.baselinesCompared ? String(outcome.baselinesCompared) : '');
}

/** The fork-safe pattern's report bundle (`report-artifact`, gate and compare modes on a PR). */
async function uploadReportBundle(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
  report: { readonly outcome: ModeOutcome; readonly markdown: string },
): Promise<void> {
  const { outcome, markdown: body } = report;
  const { core } = deps;
  const name = inputs.reportArtifact;
  if (!name || (inputs.mode !== 'gate' && inputs.mode !== 'compare') || !outcome.commentable) return;
  if (context.pullRequestNumber === null) {
    core.info(`not a pull request: no report artifact '${name}' uploaded`);
    return;
  }
  const dir = join(workDirOf(context), 'report-out');
  const files = await writeReportBundle(dir, {
    key: inputs.baselineKey,
    pullRequestNumber: context.pullRequestNumber,
    verdict: outcome.verdict,
    markdown: body,
  });
  try {
    await deps.artifacts(inputs.githubToken, context.repo).upload(name, files, dir);
    core.info(`Uploaded report artifact '${name}' for the commenting workflow`);
  } catch (error) {
    core.warning(`could not upload report artifact '${name}': ${errorMessage(error).split('\n')[0]}`);
  }
}

async function postComment(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
  outcome: ModeOutcome,
  body: string,
): Promise<void> {
  const { core } = deps;
  const issueNumber = outcome.commentTarget?.issueNumber ?? context.pullRequestNumber;
  const key = outcome.commentTarget?.key ?? inputs.baselineKey;
  if (inputs.comment === 'never') return;
  if (issueNumber === null) {
    core.info('not a pull request: no PR comment (the job summary has the report)');
    return;
  }
  if (!inputs.githubToken) {
    core.warning("input 'github-token' is empty: no PR comment (the job summary has the report)");
    return;
  }
  const createIfMissing =
    inputs.comment === 'always' || (outcome.verdict !== 'pass' && outcome.verdict !== 'none');
  try {
    const api = deps.github(inputs.githubToken, context.repo);
    const result = await upsertStickyComment(api, {
      issueNumber,
      marker: commentMarker(key),
      body,
      createIfMissing,
    });
    if (result.action === 'skipped' && result.commentId === null) {
      core.info(`verdict '${outcome.verdict}' with comment: on-change: no PR comment`);
    } else {
      core.info(`PR #${issueNumber} comment ${result.action} (id ${result.commentId})`);
    }
    if (result.commentId !== null) core.setOutput('comment-id', String(result.commentId));
  } catch (error) {
    if (isPermissionDenied(error)) {
      core.warning(
        `could not comment on PR #${issueNumber} (HTTP ${httpStatusOf(error)}): the token is read-only, as on pull requests from forks; ` +
          "the job summary has the full report. To comment on fork PRs use the two-workflow pattern ('report-artifact' + mode 'comment', see docs/action.md)",
      );
    } else {
      core.warning(
        `could not comment on PR #${issueNumber}: ${errorMessage(error).split('\n')[0]}; the job summary has the full report`,
      );
    }
  }
}
