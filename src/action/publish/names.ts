/** Artifact name of the baseline for a key, e.g. `cni-perf-gate-baseline-lab-bridge-vxlan-linux`. */
export function baselineArtifactName(key: string): string {
  return `cni-perf-gate-baseline-${key}`;
}

/** File name of the results JSON inside a baseline artifact and the work directory. */
export const RESULTS_FILE_NAME = 'cni-perf-gate-results.json';

/** File name of the markdown report (job summary / PR comment body). */
export const REPORT_FILE_NAME = 'cni-perf-gate-report.md';

/** File name of the JSON comparison report (schema/compare-report-v1.schema.json). */
export const REPORT_JSON_FILE_NAME = 'cni-perf-gate-report.json';

/** File name of the fork-safe report bundle's metadata. */
export const REPORT_META_FILE_NAME = 'cni-perf-gate-comment.json';

/** Title of the report and comment for a key. */
export function reportTitle(key: string): string {
  return `cni-perf-gate (${key})`;
}

/** File name of the self-contained HTML report (`compare --format html`). */
export const REPORT_HTML_FILE_NAME = 'cni-perf-gate-report.html';

/** Artifact name of a comparison's HTML and JSON reports for a key. */
export function reportArtifactName(key: string): string {
  return `cni-perf-gate-report-${key}`;
}
