import { join } from 'node:path';
import { errorMessage } from '../../core/errors.js';
import { renderHtmlReport } from '../../core/report/html-report.js';
import { renderJson } from '../../core/report/json.js';
import type { ActionDeps } from '../deps.js';
import { workDirOf, type ActionContext } from '../inputs/context.js';
import { writeTextFile } from '../inputs/files.js';
import type { ActionInputs } from '../inputs/inputs.js';
import type { ModeOutcome } from '../modes/outcome.js';
import { REPORT_HTML_FILE_NAME, REPORT_JSON_FILE_NAME, reportArtifactName, reportTitle } from './names.js';

/** Where the HTML report went: its path, and the job-summary line naming the artifact (null: not uploaded). */
export interface HtmlReportPublished {
  readonly path: string;
  readonly summaryLine: string | null;
}

/**
 * Writes the comparison's self-contained HTML report (tables, and a differential flame graph per
 * profiled scenario: `compare --format html`) next to the markdown and JSON reports, and uploads
 * it with the JSON report and this run's results as the artifact `cni-perf-gate-report-<key>`. An
 * upload that fails (no `actions: write`) is a warning: the report file is still on the runner.
 */
export async function publishHtmlReport(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
  outcome: ModeOutcome & { readonly report: NonNullable<ModeOutcome['report']> },
): Promise<HtmlReportPublished> {
  const dir = join(workDirOf(context), 'report-html');
  const path = join(dir, REPORT_HTML_FILE_NAME);
  await writeTextFile(
    path,
    renderHtmlReport(outcome.report, outcome.profiles, { title: reportTitle(inputs.baselineKey) }),
  );
  const jsonPath = join(dir, REPORT_JSON_FILE_NAME);
  await writeTextFile(jsonPath, renderJson(outcome.report));
  const name = reportArtifactName(inputs.baselineKey);
  if (!inputs.githubToken) return { path, summaryLine: null };
  try {
    await deps.artifacts(inputs.githubToken, context.repo).upload(name, [path, jsonPath], dir);
  } catch (error) {
    deps.core.warning(
      `could not upload the HTML report as artifact '${name}' (it is at ${path}): ${errorMessage(error).split('\n')[0]}`,
    );
    return { path, summaryLine: null };
  }
  deps.core.info(`Uploaded the HTML report as artifact '${name}'`);
  const flames =
    outcome.profiles && outcome.profiles.size > 0 ? ', with flame graphs of the profiled scenarios' : '';
  return {
    path,
    summaryLine: `<sub>Full report as one HTML page${flames}: artifact \`${name}\` (${REPORT_HTML_FILE_NAME}).</sub>`,
  };
}
