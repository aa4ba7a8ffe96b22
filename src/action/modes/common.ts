import { comparisonProfiles } from '../../core/report/html-report-profiles.js';
import { parseResultsJson } from '../../core/results/parse.js';
import { serializeResults } from '../../core/results/serialize.js';
import { parseGatePolicyDocument, parseThresholdArgs } from '../../core/compare/thresholds.js';
import { renderMarkdown } from '../../core/report/markdown.js';
import { pairedAdvice } from './paired-advice.js';
import type { CompareOptions, ComparisonReport } from '../../core/compare/types.js';
import { UserError } from '../../core/errors.js';
import type { ResultsFile } from '../../core/results/types.js';
import { type ActionContext, runUrlOf, sourceOf } from '../inputs/context.js';
import type { ActionDeps } from '../deps.js';
import type { SuiteRunRequest } from '../suite/suite-request.js';
import { readInputFile, resolveInputPath, writeTextFile } from '../inputs/files.js';
import type { ActionInputs } from '../inputs/inputs.js';
import { reportTitle } from '../publish/names.js';
import { STATE_KEYS, type KubernetesRunsState } from '../suite/state-keys.js';
import { markerText } from '../../github/sticky-comment.js';
import { progressLine } from '../../runner/progress-line.js';
import type { ModeOutcome } from './outcome.js';
import type { PlatformDatapath } from '../../platform/factory.js';
import { datapathInput } from '../inputs/platform-inputs.js';
import { readSuiteInput } from '../inputs/suite-input.js';

/** Reads and parses a results file named by an input. */
export async function loadResultsInput(
  context: ActionContext,
  inputName: string,
  path: string,
): Promise<ResultsFile> {
  const full = resolveInputPath(context.workspace, path);
  const text = await readInputFile(inputName, full);
  return parseResultsJson(text, full);
}

/** Builds the compare options from the thresholds (and its headline lists) and strict-environment inputs. */
export async function compareOptionsOf(
  context: ActionContext,
  inputs: ActionInputs,
): Promise<Partial<CompareOptions>> {
  const t = inputs.thresholds;
  let thresholds = {};
  let headline = {};
  if (t.kind === 'inline') thresholds = parseThresholdArgs(t.lines);
  if (t.kind === 'file') {
    const full = resolveInputPath(context.workspace, t.path);
    ({ thresholds, headline } = parseGatePolicyDocument(await readInputFile('thresholds', full), full));
  }
  return { thresholds, headline, strictEnvironment: inputs.strictEnvironment };
}

/**
 * The suite run the inputs ask for: one datapath (input `datapath`, or `custom` for mode paired)
 * on the configured platform, with the suite file read and checked (inputs/suite-input.ts).
 */
export async function suiteRunRequest(
  context: ActionContext,
  inputs: ActionInputs,
  datapath: PlatformDatapath = datapathInput(inputs),
): Promise<SuiteRunRequest> {
  return {
    platform: inputs.platform,
    datapath,
    cniConfig: inputs.cniConfig ? resolveInputPath(context.workspace, inputs.cniConfig) : null,
    routing: inputs.routing,
    kubeconfig: inputs.kubeconfig ? resolveInputPath(context.workspace, inputs.kubeconfig) : null,
    suite: (await readSuiteInput(context, inputs)).file,
    quick: inputs.quick,
    repetitions: inputs.repetitions,
  };
}

/**
 * Runs a suite request as this step's measurement: records for the post step that the lab may
 * need cleaning, and logs in groups with one progress line per sample (`pair` counts pairs).
 */
export async function runSuiteRequest(
  deps: ActionDeps,
  request: SuiteRunRequest,
  unit: 'rep' | 'pair',
): Promise<readonly ResultsFile[]> {
  const { core } = deps;
  core.saveState(STATE_KEYS.platform, request.platform);
  core.saveState(STATE_KEYS.suiteStarted, 'true');
  const runIds: string[] = [];
  return deps.runSuite(request, {
    onRunId: (_label, runId) => {
      runIds.push(runId);
      const state: KubernetesRunsState = { runIds, kubeconfig: request.kubeconfig };
      if (request.platform === 'kubernetes') core.saveState(STATE_KEYS.kubernetesRuns, JSON.stringify(state));
    },
    group: (name, fn) => core.group(name, fn),
    onLog: (line) => core.info(line),
    onProgress: (e) => core.info(progressLine(e, unit)),
  });
}

/**
 * The head results: the `head-results` file when given (results from an earlier step),
 * otherwise a fresh suite run on the configured platform, logged in groups.
 */
export async function obtainHeadResults(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
): Promise<ResultsFile> {
  const results = inputs.headResults
    ? await loadResultsInput(context, 'head-results', inputs.headResults)
    : (await runSuiteRequest(deps, await suiteRunRequest(context, inputs), 'rep'))[0];
  if (!results) throw new UserError(`the suite produced no results for datapath '${inputs.datapath}'`);
  // Provenance: results measured (or handed over) in this workflow run record it unless they already do.
  const source = results.source ? undefined : sourceOf(context);
  return source ? { ...results, source } : results;
}

/** Writes results JSON into the work directory and returns its path. */
export async function saveResults(results: ResultsFile, path: string): Promise<string> {
  await writeTextFile(path, serializeResults(results));
  return path;
}

/** Turns a comparison report into an outcome, rendered with the key's title and the run link. */
export function comparisonOutcome(
  context: ActionContext,
  inputs: ActionInputs,
  report: ComparisonReport,
  extra: {
    resultsPath: string | null;
    baselineSource: string | null;
    /** The compared files (their CPU profiles go into the HTML report). */
    files?: { readonly base: ResultsFile; readonly head: ResultsFile };
  },
): ModeOutcome {
  const runUrl = runUrlOf(context);
  let markdown = renderMarkdown(report, {
    title: reportTitle(inputs.baselineKey),
    marker: markerText(inputs.baselineKey),
    ...(runUrl ? { runUrl } : {}),
  });
  if (extra.baselineSource) markdown += `\n\n<sub>Baseline: ${extra.baselineSource}</sub>\n`;
  const advice = extra.baselineSource ? pairedAdvice(report) : null;
  if (advice) markdown += `\n> [!TIP]\n> ${advice}\n`;
  return {
    verdict: report.verdict,
    failVerdict: report.verdict,
    report,
    markdown,
    commentable: true,
    resultsPath: extra.resultsPath,
    baselineFound: extra.baselineSource === null ? null : true,
    ...(extra.files ? { profiles: comparisonProfiles(extra.files.base, extra.files.head) } : {}),
  };
}
