/** The inline stylesheet of the HTML comparison report (no external resources: it works offline). */
export const HTML_REPORT_CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; padding: 20px 28px 48px; max-width: 1280px; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.muted, .method { color: var(--muted); }
.method { font-size: 12px; margin-top: 32px; }
.verdict { border-left: 6px solid #8c959f; background: #f6f8fa; padding: 10px 16px; border-radius: 6px; }
.verdict.pass { border-color: #1a7f37; }
.verdict.regression { border-color: #cf222e; background: #ffebe9; }
.verdict.inconclusive { border-color: #bf8700; background: #fff8c5; }
.verdict.incomparable { border-color: #6e7781; }
.verdict .reason { font-weight: 600; margin: 0 0 4px; }
.note { background: #ddf4ff; border: 1px solid #54aeff; border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
.warn { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
ul.reasons { padding-left: 20px; }
section.profile { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 14px 0; }
.flame-wrap { overflow-x: auto; }
svg.flame-graph { display: block; max-width: 100%; height: auto; }
.functions { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
`;
