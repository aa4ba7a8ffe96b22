import type { HistoryReport, HistorySeries } from '../history/types.js';

/** A finite number or null (JSON has no NaN/Infinity). */
function num(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

function pair(ci: readonly [number, number] | null): [number | null, number | null] | null {
  return ci ? [num(ci[0]), num(ci[1])] : null;
}

function subjectJson(series: HistorySeries): Record<string, unknown> {
  const { platform, datapath, kubeProxyMode, key } = series.subject;
  return { key, platform, datapath, kubeProxyMode };
}

/**
 * The machine-readable history: `{ settings, files, skipped, series: [{ subject, scenario, metric,
 * unit, better, points: [{ createdAt, median, ci, n, fingerprint, source?, file }], summary, note? }],
 * changePoints: [{ subject, scenario, metric, index, createdAt, before, after, ratio, ci, p,
 * environmentChanged }] }` + newline. Fixed key order and series order: equal reports, equal text.
 */
export function renderHistoryJson(report: HistoryReport): string {
  const document = {
    settings: report.settings,
    files: report.files,
    skipped: report.skipped.map((s) => ({ file: s.file, reason: s.reason })),
    series: report.series.map((s) => ({
      subject: subjectJson(s),
      scenario: s.scenario,
      metric: s.metric,
      unit: s.unit,
      better: s.better,
      points: s.points.map((p) => ({
        createdAt: p.createdAt,
        median: num(p.median),
        ci: pair(p.ci),
        n: p.n,
        fingerprint: p.fingerprint,
        ...(p.source ? { source: p.source } : {}),
        file: p.file,
      })),
      summary: s.summary
        ? {
            latest: num(s.summary.latest),
            segmentMedian: num(s.summary.segmentMedian),
            segmentRuns: s.summary.segmentRuns,
            segmentStart: s.summary.segmentStart,
            previousMedian: num(s.summary.previousMedian),
            ratio: num(s.summary.ratio),
            ci: pair(s.summary.ci),
            runToRunCv: num(s.summary.runToRunCv),
          }
        : null,
      ...(s.note ? { note: s.note } : {}),
    })),
    changePoints: report.series.flatMap((s) =>
      s.changePoints.map((c) => ({
        subject: subjectJson(s),
        scenario: s.scenario,
        metric: s.metric,
        index: c.index,
        createdAt: c.createdAt,
        before: num(c.before),
        after: num(c.after),
        ratio: num(c.ratio),
        ci: pair(c.ci),
        p: num(c.p),
        environmentChanged: c.environmentChanged,
      })),
    ),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
