import { escapeHtml } from './html-escape.js';

/** Options of {@link renderHtmlTable}. */
export interface HtmlTableOptions {
  /** Indexes of right-aligned numeric columns. */
  readonly numeric?: readonly number[];
  /** The table's class. */
  readonly className?: string;
}

/** An HTML table; every header and cell is escaped (cells hold values from input files). */
export function renderHtmlTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: HtmlTableOptions = {},
): string {
  const numeric = new Set(options.numeric ?? []);
  const cell = (tag: 'th' | 'td', text: string, i: number): string =>
    `<${tag}${numeric.has(i) ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
  const head = headers.map((h, i) => cell('th', h, i)).join('');
  const body = rows.map((row) => `<tr>${row.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('\n');
  const cls = options.className ? ` class="${escapeHtml(options.className)}"` : '';
  return `<div class="table-wrap"><table${cls}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}
