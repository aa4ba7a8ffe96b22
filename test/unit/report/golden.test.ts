/**
 * The reports users read, pinned as golden files (test/golden/<case>.<txt|md|json|html>.golden): the
 * text report, the PR comment / job summary (markdown) and the JSON report (what `compare --format
 * json` writes) of deterministic comparisons — a pass, regressions, control drift, too few samples,
 * disturbed and open headline metrics, a paired run, "what changed underneath" with counters and
 * kernel functions, and the renderers' hand-built fixture with one of everything — and the HTML
 * report of one with CPU profiles. A change to any of them shows as a diff of the .golden file in
 * review; `UPDATE_GOLDEN=1 npx vitest run golden` accepts it. The CLI's own output on a real run:
 * test/unit/cli/golden-compare.test.ts.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import type { MetricId } from '../../../src/core/metrics.js';
import { COMPARE_REPORT_V1_SCHEMA } from '../../../src/core/report/compare-report-schema.js';
import { renderHtmlReport } from '../../../src/core/report/html-report.js';
import { comparisonProfiles } from '../../../src/core/report/html-report-profiles.js';
import { renderJson } from '../../../src/core/report/json.js';
import { renderMarkdown } from '../../../src/core/report/markdown.js';
import { renderText } from '../../../src/core/report/text.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import { expectGolden } from '../../helpers/golden.js';
import { profileOf, withProfile } from '../../helpers/profile-fixture.js';
import { makeResults, type MetricSpec } from '../../helpers/results-factory.js';
import { baseCounts, counterRun, headCounts, wobble } from '../../helpers/counter-results.js';
import { sampleReport } from './report-fixture.js';

const POD_TCP = 'pod-to-pod-cross-node/tcp-stream';
const POD_HTTP = 'pod-to-pod-cross-node/http-max';

/** A quick-suite run with its control; `tcp` and `rps` scale the pod path, `host` the control. */
function run(seed: number, { tcp = 1, rps = 1, host = 1, n = 9, tcpCv = 0.02 } = {}): ResultsFile {
  const http = (scale: number): Partial<Record<MetricId, MetricSpec>> => ({
    http_rps: { median: 45000 * scale, cv: 0.02, n },
    http_latency_p50_ms: { median: 0.65 / scale, cv: 0.02, n },
    http_latency_p99_ms: { median: 2.5 / scale, cv: 0.08, n },
    http_errors: { median: 0, n },
  });
  return makeResults({
    seed,
    createdAt: `2026-12-0${seed}T10:00:00.000Z`,
    scenarios: {
      'host-cross-node/tcp-stream': { tcp_throughput_bps: { median: 18e9 * host, cv: 0.02, n } },
      'host-cross-node/http-max': http(host),
      [POD_TCP]: {
        tcp_throughput_bps: { median: 12e9 * host * tcp, cv: tcpCv, n },
        tcp_retransmits: { median: 120, cv: 0.4, n },
        cpu_seconds_per_gbit: { median: 0.09 / tcp, cv: 0.05, n },
      },
      [POD_HTTP]: http(host * rps),
    },
  });
}

/** The two sides of one adaptive paired run (no control), head `tcp`/`rps` scaled. */
function pairedRun(role: 'base' | 'head', { tcp = 1, rps = 1 } = {}): ResultsFile {
  const file = run(role === 'base' ? 5 : 6, { tcp, rps, n: 14 });
  return {
    ...file,
    scenarios: file.scenarios.filter((s) => !s.id.startsWith('host-cross-node/')),
    pairing: { id: 'golden-pair', order: 'ABBA', role, warmupPairs: 1 },
    sampling: {
      mode: 'adaptive',
      alpha: 0.01,
      alphaPerLook: 0.0025,
      alphaPerScenarioLook: 0.00125,
      looks: [14, 18, 22, 24],
      maxRepetitions: 24,
      timeBudgetS: 900,
    },
  };
}

const CASES: Record<string, () => ReturnType<typeof compareResults>> = {
  'paired-regression': () =>
    compareResults(
      pairedRun('base'),
      pairedRun('head', { tcp: 0.92 }),
      {},
      { base: 'base 1a2b3c4d5e6f', head: 'PR #7' },
    ),
  pass: () => compareResults(run(1), run(2), {}, { base: 'main.json', head: 'pr.json' }),
  regression: () =>
    compareResults(run(1), run(3, { tcp: 0.85, rps: 0.9 }), {}, { base: 'main.json', head: 'pr.json' }),
  'control-drift': () =>
    compareResults(run(1), run(4, { host: 0.8 }), {}, { base: 'main.json', head: 'pr.json' }),
  'too-few-samples': () =>
    compareResults(run(1, { n: 2 }), run(2, { n: 2 }), {}, { base: 'main.json', head: 'pr.json' }),
  'inconclusive-open': () =>
    compareResults(
      run(1, { tcpCv: 0.06 }),
      run(2, { tcpCv: 0.06 }),
      {},
      { base: 'main.json', head: 'pr.json' },
    ),
  'inconclusive-disturbed': () =>
    compareResults(
      run(1),
      disturbed(run(2, { tcp: 0.97 }), POD_TCP, [1, 3, 4, 6, 8], 38.5),
      {},
      { base: 'main.json', head: 'pr.json' },
    ),
  underneath: () =>
    compareResults(
      counterRun(1, 12, baseCounts),
      counterRun(2, 10.8, headCounts),
      {},
      { base: 'main.json', head: 'pr.json' },
    ),
  'underneath-functions': () =>
    compareResults(
      withKernelFunctions(counterRun(1, 12, baseCounts, 10), { tcp_sendmsg: 300_000, ip_rcv: 90_000 }),
      withKernelFunctions(counterRun(2, 10.8, headCounts, 10), {
        tcp_sendmsg: 310_000,
        ip_rcv: 200_000,
        vxlan_xmit_one: 35_000,
      }),
      {},
      { base: 'main.json', head: 'pr.json' },
    ),
};

const validateReport = new Ajv({ strict: true, allowUnionTypes: true }).compile(COMPARE_REPORT_V1_SCHEMA);

/** What every report holds whatever its content: no trailing blanks, balanced folds, a valid JSON report. */
function expectWellFormed(text: string, md: string, json: string): void {
  expect(text.endsWith('\n') && text.split('\n').every((l) => l === l.trimEnd())).toBe(true);
  expect(md.match(/<details>/g)?.length ?? 0).toBe(md.match(/<\/details>/g)?.length ?? 0);
  const doc: unknown = JSON.parse(json);
  expect(validateReport(doc) ? [] : validateReport.errors).toEqual([]);
}

/** `file` with the samples at `indices` of scenario `id` kept as disturbed by `foreign`% foreign CPU. */
function disturbed(file: ResultsFile, id: string, indices: number[], foreign: number): ResultsFile {
  return {
    ...file,
    scenarios: file.scenarios.map((s) =>
      s.id !== id
        ? s
        : {
            ...s,
            samples: s.samples.map((sample, i) =>
              indices.includes(i)
                ? {
                    ...sample,
                    metrics: { ...sample.metrics, foreign_cpu_percent: foreign },
                    disturbed: `foreign CPU ${foreign.toFixed(1)}% > 10%`,
                  }
                : sample,
            ),
          },
    ),
  };
}

/** `file` (from counterRun) with a CPU profile per sample: kernel µs per GB of each function, ±3%. */
function withKernelFunctions(file: ResultsFile, usPerGb: Readonly<Record<string, number>>): ResultsFile {
  return {
    ...file,
    scenarios: file.scenarios.map((s) => ({
      ...s,
      samples: s.samples.map((sample, i) => {
        const work = sample.diagnostics!.counters!.work;
        const kernelNs = Object.fromEntries(
          Object.entries(usPerGb).map(([fn, us], k) => [fn, Math.round(us * 1000 * work * wobble(i + k))]),
        );
        return { ...sample, profile: { work, cpuNs: 2e9, kernelTotalNs: 1.5e9, kernelNs } };
      }),
    })),
  };
}

describe('reports (golden files)', () => {
  for (const [name, report] of Object.entries(CASES)) {
    it(`${name}: text, markdown and JSON`, () => {
      const r = report();
      const text = renderText(r);
      const md = renderMarkdown(r, { title: 'cni-perf-gate (lab-paired-cni-10-mynet)' });
      expectGolden(`${name}.txt`, text);
      expectGolden(`${name}.md`, md);
      expectGolden(`${name}.json`, renderJson(r));
      expectWellFormed(text, md, renderJson(r));
    });
  }

  it('the cases are the verdicts they are named for', () => {
    const verdicts = Object.fromEntries(
      Object.entries(CASES).map(([name, report]) => [name, report().verdict]),
    );
    expect(verdicts).toEqual({
      'paired-regression': 'regression',
      pass: 'pass',
      regression: 'regression',
      'control-drift': 'pass',
      'too-few-samples': 'inconclusive',
      'inconclusive-open': 'inconclusive',
      'inconclusive-disturbed': 'inconclusive',
      underneath: 'regression',
      'underneath-functions': 'regression',
    });
  });

  it("the renderers' fixture with one of every verdict, escaped cells, marker and run link", () => {
    const r = sampleReport();
    expectGolden('sample-report.txt', renderText(r));
    expectGolden(
      'sample-report.md',
      renderMarkdown(r, {
        marker: 'cni-perf-gate:sticky',
        runUrl: 'https://github.com/o/r/actions/runs/1 (x)',
        title: 'CNI perf',
      }),
    );
    expectGolden('sample-report.json', renderJson(r));
    expectWellFormed(renderText(r), renderMarkdown(r), renderJson(r));
  });
});

/** Small folded stacks (ns): head sends with more CPU per GB through a VXLAN device, reads with less. */
const BASE_STACKS = {
  'iperf3;entry_SYSCALL_64_[k];tcp_sendmsg_[k];tcp_push_[k]': 400_000_000,
  'iperf3;entry_SYSCALL_64_[k];tcp_recvmsg_[k]': 300_000_000,
  'ksoftirqd/0;net_rx_action_[k];ip_rcv_[k]': 100_000_000,
  sha256sum: 200_000_000,
};
const HEAD_STACKS = {
  'iperf3;entry_SYSCALL_64_[k];tcp_sendmsg_[k];tcp_push_[k]': 400_000_000,
  'iperf3;entry_SYSCALL_64_[k];tcp_sendmsg_[k];vxlan_xmit_[k]': 250_000_000,
  'iperf3;entry_SYSCALL_64_[k];tcp_recvmsg_[k]': 150_000_000,
  'ksoftirqd/0;net_rx_action_[k];ip_rcv_[k]': 85_000_000,
  sha256sum: 170_000_000,
};

describe('HTML report (golden file)', () => {
  it('regression with profiles on one scenario, a profile on one side of another', () => {
    const base = withProfile(
      withProfile(run(1), POD_TCP, profileOf(BASE_STACKS, 10)),
      POD_HTTP,
      profileOf({ 'wrk;epoll_wait_[k]': 1000 }, 1),
    );
    const head = withProfile(run(3, { tcp: 0.85, rps: 0.9 }), POD_TCP, profileOf(HEAD_STACKS, 8.5));
    const report = compareResults(base, head, {}, { base: 'main.json', head: 'pr.json' });
    expectGolden('regression-profiles.html', renderHtmlReport(report, comparisonProfiles(base, head)));
  });
});
