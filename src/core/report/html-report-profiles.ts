import { topFunctionChanges, type FunctionChange } from '../profile/function-changes.js';
import type { ScenarioProfile } from '../profile/types.js';
import type { ResultsFile } from '../results/types.js';
import { renderDiffFlameGraph } from './flame-graph.js';
import { formatCpuNs, formatRatioAsDelta, formatValue } from './format.js';
import { escapeHtml } from './html-escape.js';
import { renderHtmlTable } from './html-table.js';

/** A scenario's CPU profiles on each side of a comparison, where recorded. */
export interface ScenarioProfiles {
  readonly base?: ScenarioProfile;
  readonly head?: ScenarioProfile;
}

/** Scenario id → its profiles on each side (`ScenarioResult.profile` of the base and head files). */
export type ComparisonProfiles = ReadonlyMap<string, ScenarioProfiles>;

/** Kernel functions listed per direction under each flame graph. */
const TOP_FUNCTIONS = 5;

/** The profiles of the scenarios of two results files (`run --profile`), by scenario id. */
export function comparisonProfiles(base: ResultsFile, head: ResultsFile): ComparisonProfiles {
  const profiles = new Map<string, { base?: ScenarioProfile; head?: ScenarioProfile }>();
  for (const [side, file] of [
    ['base', base],
    ['head', head],
  ] as const) {
    for (const scenario of file.scenarios) {
      if (!scenario.profile) continue;
      const entry = profiles.get(scenario.id) ?? {};
      entry[side] = scenario.profile;
      profiles.set(scenario.id, entry);
    }
  }
  return profiles;
}

/** Why a scenario profiled on at least one side has no flame graph, or null when it can have one. */
function missingReason(p: ScenarioProfiles): string | null {
  if (!p.base || !p.head) {
    return `CPU profiles were not recorded on the ${p.base ? 'head' : 'base'} side (only ${p.base ? 'base' : 'head'} was profiled).`;
  }
  if (p.base.workUnit !== p.head.workUnit) {
    return `The profiles measure work in different units (base ${p.base.workUnit}, head ${p.head.workUnit}): not compared.`;
  }
  if (!(p.base.work > 0 && p.head.work > 0)) {
    return 'A profile recorded no work to normalise its CPU by: not compared.';
  }
  return null;
}

function functionTable(title: string, changes: readonly FunctionChange[], unit: string): string {
  if (changes.length === 0) return `<div><h4>${escapeHtml(title)}</h4><p class="muted">None.</p></div>`;
  const rows = changes.map((c) => [
    c.name,
    formatCpuNs(c.base),
    formatCpuNs(c.head),
    `${c.delta > 0 ? '+' : '−'}${formatCpuNs(Math.abs(c.delta))}`,
    c.ratio === null ? 'new' : formatRatioAsDelta(c.ratio),
  ]);
  return `<div><h4>${escapeHtml(title)}</h4>${renderHtmlTable(
    ['Kernel function', `Base CPU per ${unit}`, `Head CPU per ${unit}`, 'Change', 'Δ%'],
    rows,
    { numeric: [1, 2, 3, 4], className: 'functions-table' },
  )}</div>`;
}

function profileSection(scenario: string, base: ScenarioProfile, head: ScenarioProfile): string {
  const unit = head.workUnit;
  const svg = renderDiffFlameGraph(base.folded, head.folded, {
    baseWork: base.work,
    headWork: head.work,
    workUnit: unit,
    title: `${scenario}: head vs base, CPU per ${unit}`,
  });
  const changes = topFunctionChanges(base.folded, head.folded, base.work, head.work, TOP_FUNCTIONS);
  const samples = (n: number): string => `${n} sample${n === 1 ? '' : 's'}`;
  const pruned =
    head.prunedBelow > 0
      ? ` Stacks under ${Number((head.prunedBelow * 100).toPrecision(3))}% of a side's CPU were pruned when recorded.`
      : '';
  const facts = `Profiled: base ${samples(base.samples)}, ${formatValue(base.work, unit)}; head ${samples(head.samples)}, ${formatValue(head.work, unit)}. Recorder: ${head.recorder}.${pruned}`;
  return [
    `<section class="profile"><h3>${escapeHtml(scenario)}</h3>`,
    `<p class="muted">${escapeHtml(facts)}</p>`,
    `<div class="flame-wrap">${svg}</div>`,
    '<div class="functions">',
    functionTable(`Kernel functions that grew most (CPU per ${unit}, inclusive)`, changes.grown, unit),
    functionTable(`Kernel functions that shrank most (CPU per ${unit}, inclusive)`, changes.shrunk, unit),
    '</div></section>',
  ].join('\n');
}

/**
 * The report's "What changed underneath" section: for each compared scenario (in the order given)
 * with profiles on both sides, a differential flame graph and the kernel functions that grew and
 * shrank most; one line for each scenario profiled on one side only, one line naming the scenarios
 * profiled on neither, and just one line when no profile was recorded at all.
 */
export function renderProfilesSection(
  scenarios: readonly string[],
  profiles: ComparisonProfiles | undefined,
): string {
  const heading = '<h2>What changed underneath: CPU profiles</h2>';
  const none = scenarios.filter((s) => !profiles?.get(s)?.base && !profiles?.get(s)?.head);
  if (none.length === scenarios.length) {
    return `${heading}\n<p class="muted">CPU profiles were not recorded (<code>run --profile</code> records them).</p>`;
  }
  const parts = scenarios.flatMap((scenario) => {
    const p = profiles?.get(scenario);
    if (!p || none.includes(scenario)) return [];
    const missing = missingReason(p);
    if (missing !== null || !p.base || !p.head) {
      return [
        `<p class="muted profile-missing"><strong>${escapeHtml(scenario)}</strong>: ${escapeHtml(missing ?? '')}</p>`,
      ];
    }
    return [profileSection(scenario, p.base, p.head)];
  });
  if (none.length > 0) {
    parts.push(
      `<p class="muted profile-missing">CPU profiles were not recorded for ${escapeHtml(none.join(', '))}.</p>`,
    );
  }
  return [heading, ...parts].join('\n');
}
