import type { CounterChange, ScenarioUnderneath, UnderneathReport } from '../compare/underneath-types.js';
import { ciLabel, formatP, formatScaled, threeSignificant } from './format.js';
import { escapeInline, renderMarkdownTable } from './markdown-table.js';
import { renderTextTable } from './text-table.js';

/** Lines per scenario in the PR comment's "What changed underneath" (the job summary has all). */
export const UNDERNEATH_COMMENT_LINES = 5;

const SI: readonly [number, string][] = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** A count per unit of work, three significant digits with an SI suffix: 736412 → "736k". */
export function formatCount(value: number): string {
  return formatScaled(value, SI, '', '');
}

/** A counter's ratio head/base: "×6.08"; "from 0" when the base median is 0. */
export function formatTimes(ratio: number | null): string {
  return ratio === null ? 'from 0' : `×${threeSignificant(ratio)}`;
}

function formatTimesCi(ci: readonly [number, number] | null): string {
  return ci === null ? 'n/a' : `${formatTimes(ci[0])}…${formatTimes(ci[1])}`;
}

const moved = (s: ScenarioUnderneath): CounterChange[] => s.counters.filter((c) => c.moved);

/** "pod-to-pod-cross-node/tcp-stream (tcp_throughput_bps regressed), kernel counters per GB". */
function scenarioTitle(s: ScenarioUnderneath): string {
  const verb = { regression: 'regressed', improvement: 'improved', inconclusive: 'not cleared' }[s.verdict];
  return `${s.scenario} (${s.metrics.join(', ')} ${verb}), kernel counters per ${s.workUnit ?? 'unit of work'}`;
}

/** The rest of a scenario after its moved counters: what was tested and left out, or why nothing is named. */
function tail(s: ScenarioUnderneath): string {
  const still = s.counters.length - moved(s).length;
  const facts = `${still} other counter${still === 1 ? '' : 's'} tested did not move; ${s.negligible} ~0 on both sides`;
  return s.note ? `${s.note} (${facts})` : facts;
}

function tableRow(c: CounterChange): string[] {
  return [
    c.scope,
    c.counter,
    formatCount(c.base.median),
    formatCount(c.head.median),
    formatTimes(c.ratio),
    formatTimesCi(c.ci),
    formatP(c.pAdjusted),
    c.label,
  ];
}

const HEADERS = (u: UnderneathReport, s: ScenarioUnderneath, confidence: number): string[] => [
  'Where',
  'Counter',
  `Base /${s.workUnit ?? 'unit'}`,
  `Head /${s.workUnit ?? 'unit'}`,
  'Ratio',
  ciLabel(confidence),
  `p (Holm, ${u.familySize})`,
  'What it counts',
];

/**
 * The text report's section: per explained scenario, every counter that moved (full table),
 * then what was tested and left out. Empty when there is nothing to explain.
 */
export function underneathTextLines(u: UnderneathReport | undefined, confidence: number): string[] {
  if (!u || u.scenarios.length === 0) return [];
  const lines = [
    '',
    `What changed underneath (kernel counters per unit of work that moved by ${u.materialPct}% or more, significant after Holm; never gating):`,
  ];
  for (const s of u.scenarios) {
    lines.push(`  ${scenarioTitle(s)}:`);
    const rows = moved(s).map(tableRow);
    const align = ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'] as const;
    if (rows.length > 0)
      lines.push(
        ...renderTextTable(HEADERS(u, s, confidence), rows, align)
          .split('\n')
          .map((l) => `    ${l}`),
      );
    lines.push(`    ${tail(s)}`);
  }
  return lines;
}

/** One PR-comment line for a counter that moved. */
function commentLine(s: ScenarioUnderneath, c: CounterChange, confidence: number): string {
  const ci = c.ci ? ` (${ciLabel(confidence)} ${formatTimesCi(c.ci)})` : '';
  return `- ${escapeInline(c.scope)} \`${escapeInline(c.counter)}\` ${formatTimes(c.ratio)}${ci}: ${formatCount(c.base.median)} → ${formatCount(c.head.median)} per ${escapeInline(s.workUnit ?? 'unit')} — ${escapeInline(c.label)}`;
}

/**
 * The PR comment's section: per explained scenario at most {@link UNDERNEATH_COMMENT_LINES} lines
 * (the largest changes, then how many more the job summary lists), or the one-line reason nothing
 * is named. Null when there is nothing to explain.
 */
export function underneathMarkdownBrief(u: UnderneathReport | undefined, confidence: number): string | null {
  if (!u || u.scenarios.length === 0) return null;
  // An open scenario where nothing moved says nothing the verdict line has not: left to the summary.
  const told = u.scenarios.filter((s) => s.verdict !== 'inconclusive' || moved(s).length > 0);
  if (told.length === 0) return null;
  const blocks = ['#### What changed underneath'];
  for (const s of told) {
    const names = moved(s);
    const shown =
      names.length > UNDERNEATH_COMMENT_LINES ? names.slice(0, UNDERNEATH_COMMENT_LINES - 1) : names;
    const lines = shown.map((c) => commentLine(s, c, confidence));
    if (shown.length < names.length) lines.push(`- … ${names.length - shown.length} more in the job summary`);
    if (names.length === 0) lines.push(`- ${escapeInline(s.note ?? 'no counter moved')}`);
    blocks.push(`**${escapeInline(scenarioTitle(s))}:**\n${lines.join('\n')}`);
  }
  blocks.push(
    `<sub>Counters that moved by ${u.materialPct}% or more per unit of work, significant after Holm over ${u.familySize} counters (α ${u.alpha}); diagnostics never gate.</sub>`,
  );
  return blocks.join('\n\n');
}

/** The job summary's section: the full table of every scenario (collapsed). Null when there is nothing to explain. */
export function underneathMarkdownFull(u: UnderneathReport | undefined, confidence: number): string | null {
  if (!u || u.scenarios.length === 0) return null;
  const body = u.scenarios.map((s) => {
    const rows = moved(s).map(tableRow);
    const table = rows.length > 0 ? `${renderMarkdownTable(HEADERS(u, s, confidence), rows)}\n\n` : '';
    return `**${escapeInline(scenarioTitle(s))}**\n\n${table}${escapeInline(tail(s))}`;
  });
  const count = u.scenarios.reduce((n, s) => n + moved(s).length, 0);
  return `<details><summary>What changed underneath: all ${count} counters that moved</summary>\n\n${body.join('\n\n')}\n\n</details>`;
}
