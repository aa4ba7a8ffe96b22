/**
 * Makes text safe inside a GitHub-flavoured-markdown table cell: `|` escaped, HTML special
 * characters as entities (cells hold values from user files), line breaks folded to spaces.
 */
export function escapeCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

/** Makes text safe as markdown prose (list items, summaries): HTML special characters as entities, one line. */
export function escapeInline(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

/** Column alignment in a GFM table. */
export type MarkdownAlign = 'left' | 'right' | 'center';

const RULE: Readonly<Record<MarkdownAlign, string>> = { left: ':---', right: '---:', center: ':---:' };

/** A GFM table. Cells are escaped here unless `raw` is set (for cells already holding markdown). */
export function renderMarkdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: { align?: readonly MarkdownAlign[]; rawColumns?: readonly number[] } = {},
): string {
  const raw = new Set(options.rawColumns ?? []);
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, i) => (raw.has(i) ? cell : escapeCell(cell))).join(' | ')} |`;
  return [
    line(headers),
    `|${headers.map((_, i) => RULE[options.align?.[i] ?? 'left']).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
