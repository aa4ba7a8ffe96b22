import { renderRunSummaryMarkdown } from '../../core/report/run-summary.js';
import type { ResultsFile } from '../../core/results/types.js';
import type { ActionDeps } from '../deps.js';
import type { ActionInputs } from '../inputs/inputs.js';
import { baselineArtifactName, reportTitle } from '../publish/names.js';

/** Where the gate looked for a baseline. */
export interface BaselineSearch {
  readonly workflow: string;
  readonly branch: string;
  readonly runsSearched: number;
}

/** Markdown explaining that no baseline exists yet and exactly how to create one. */
export function noBaselineMarkdown(
  deps: ActionDeps,
  inputs: ActionInputs,
  search: BaselineSearch,
  head: ResultsFile,
  runUrl: string | null,
): string {
  const artifact = baselineArtifactName(inputs.baselineKey);
  const withLines = [
    '          mode: baseline',
    `          platform: ${inputs.platform}`,
    `          datapath: ${inputs.datapath}`,
    ...(inputs.cniConfig ? [`          cni-config: ${inputs.cniConfig}`] : []),
    ...(inputs.routing ? [`          routing: ${inputs.routing}`] : []),
    ...(inputs.suite ? [`          suite: ${inputs.suite}`] : []),
    ...(inputs.quick ? ['          quick: true'] : []),
    `          baseline-key: ${inputs.baselineKey}`,
  ];
  return [
    `## ${reportTitle(inputs.baselineKey)}`,
    '',
    '**Verdict: inconclusive — no baseline yet.** Nothing was compared and this check does not fail.',
    '',
    `No artifact \`${artifact}\` was found in the ${search.runsSearched} newest successful run(s) of workflow ` +
      `\`${search.workflow}\` on branch \`${search.branch}\`.`,
    '',
    `To create one, run this action with \`mode: baseline\` on \`${search.branch}\` in workflow \`${search.workflow}\` ` +
      '(on `push` and/or `schedule`), with the same platform, datapath and baseline key:',
    '',
    '```yaml',
    `on:`,
    `  push:`,
    `    branches: [${search.branch}]`,
    `  schedule:`,
    `    - cron: '0 3 * * *'`,
    'jobs:',
    '  baseline:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v7',
    '      - uses: cni-perf-gate/cni-perf-gate@v1',
    '        with:',
    ...withLines,
    '```',
    '',
    'If the baseline comes from another workflow, set `baseline-workflow` (its file name) in this one.',
    '',
    '### This run',
    '',
    renderRunSummaryMarkdown([head]),
    ...(runUrl ? ['', `[Workflow run](${runUrl})`] : []),
    '',
  ].join('\n');
}
