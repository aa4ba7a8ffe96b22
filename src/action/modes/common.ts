import type { CompareOptions, ComparisonReport } from '../../core/compare/types.js';
import { UserError } from '../../core/errors.js';
import type { ResultsFile } from '../../core/results/types.js';
import type { ActionContext } from '../context.js';
import { runUrlOf } from '../context.js';
import type { ActionDeps, SuiteRunRequest } from '../deps.js';
import { readInputFile, resolveInputPath, writeTextFile } from '../files.js';
import type { ActionInputs } from '../inputs.js';
import { reportTitle } from '../names.js';
import { STATE_KEYS } from '../deps.js';
import { markerText } from '../../github/sticky-comment.js';
import type { ModeOutcome } from './outcome.js';

/** Reads and parses a results file named by an input. */
export async function loadResultsInput(
  deps: ActionDeps,
  context: ActionContext,
  inputName: string,
  path: string,
): Promise<ResultsFile> {
  const full = resolveInputPath(context.workspace, path);
  const text = await readInputFile(inputName, full);
  return deps.engine.parseResults(text, full);
}

/** Builds the compare options from the thresholds and strict-environment inputs. */
export async function compareOptionsOf(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
): Promise<Partial<CompareOptions>> {
  const t = inputs.thresholds;
  let thresholds = {};
  if (t.kind === 'inline') thresholds = deps.engine.parseThresholdArgs(t.lines);
  if (t.kind === 'file') {
    const full = resolveInputPath(context.workspace, t.path);
    thresholds = deps.engine.parseThresholdsDocument(await readInputFile('thresholds', full), full);
  }
  return { thresholds, strictEnvironment: inputs.strictEnvironment };
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
  if (inputs.headResults) return loadResultsInput(deps, context, 'head-results', inputs.headResults);
  const suite = inputs.suite
    ? (() => {
        const source = resolveInputPath(context.workspace, inputs.suite);
        return readInputFile('suite', source).then((text) => ({ text, source }));
      })()
    : Promise.resolve(null);
  const request: SuiteRunRequest = {
    platform: inputs.platform,
    datapath: inputs.datapath,
    cniConfig: inputs.cniConfig ? resolveInputPath(context.workspace, inputs.cniConfig) : null,
    routing: inputs.routing,
    kubeconfig: inputs.kubeconfig ? resolveInputPath(context.workspace, inputs.kubeconfig) : null,
    suite: await suite,
    quick: inputs.quick,
    repetitions: inputs.repetitions,
  };
  const { core } = deps;
  core.saveState(STATE_KEYS.platform, inputs.platform);
  core.saveState(STATE_KEYS.labStarted, 'true');
  const results = await deps.runSuite(request, {
    group: (name, fn) => core.group(name, fn),
    onLog: (line) => core.info(line),
    onProgress: (e) =>
      core.info(
        `[${e.done + 1}/${e.total}] ${e.datapath} ${e.scenario} repetition ${e.repetition}/${e.repetitions} (${Math.round(e.elapsedS)} s elapsed)`,
      ),
  });
  const first = results[0];
  if (!first) throw new UserError(`the suite produced no results for datapath '${inputs.datapath}'`);
  return first;
}

/** Writes results JSON into the work directory and returns its path. */
export async function saveResults(deps: ActionDeps, results: ResultsFile, path: string): Promise<string> {
  await writeTextFile(path, deps.engine.serializeResults(results));
  return path;
}

/** Turns a comparison report into an outcome, rendered with the key's title and the run link. */
export function comparisonOutcome(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
  report: ComparisonReport,
  extra: { resultsPath: string | null; baselineSource: string | null },
): ModeOutcome {
  const runUrl = runUrlOf(context);
  let markdown = deps.engine.renderMarkdown(report, {
    title: reportTitle(inputs.baselineKey),
    marker: markerText(inputs.baselineKey),
    ...(runUrl ? { runUrl } : {}),
  });
  if (extra.baselineSource) markdown += `\n\n<sub>Baseline: ${extra.baselineSource}</sub>\n`;
  return {
    verdict: report.verdict,
    failVerdict: report.verdict,
    report,
    markdown,
    commentable: true,
    resultsPath: extra.resultsPath,
    baselineFound: extra.baselineSource === null ? null : true,
  };
}

/** The work directory for this run's files (under RUNNER_TEMP). */
export function workDirOf(context: ActionContext): string {
  return `${context.tempDir}/cni-perf-gate-${context.runId ?? process.pid}`;
}
