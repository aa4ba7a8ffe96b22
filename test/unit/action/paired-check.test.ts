/**
 * The paired PR check as a user sees it (issue 23): a comment key and title naming what is
 * compared, a control line that fits a paired run, and machine-share CPU that is not called an
 * improvement when the head merely did less work.
 */
import { describe, expect, it } from 'vitest';
import { readActionInputs } from '../../../src/action/inputs/inputs.js';
import { pairedAdvice } from '../../../src/action/modes/paired-advice.js';
import { reportTitle } from '../../../src/action/publish/names.js';
import { commentMarker } from '../../../src/github/sticky-comment.js';
import { compareResults } from '../../../src/core/compare/engine.js';
import { renderMarkdown } from '../../../src/core/report/markdown.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import { makeResults } from '../../helpers/results-factory.js';

const read = (values: Record<string, string>) =>
  readActionInputs((name) => values[name] ?? '', { runnerOs: 'Linux' });

describe('paired mode: key and title name the configuration under review', () => {
  it('names the conflist, not the unused datapath input', () => {
    const inputs = read({ mode: 'paired', 'cni-config': 'cni/10-mynet.conflist', routing: 'host-gw' });
    expect(inputs.baselineKey).toBe('lab-paired-cni-10-mynet.conflist-linux');
    expect(reportTitle(inputs.baselineKey)).toBe('cni-perf-gate (lab-paired-cni-10-mynet.conflist-linux)');
    expect(inputs.baselineKey).not.toContain('bridge-vxlan');
  });

  it('two paired checks of two conflists keep two comments; an explicit key wins', () => {
    const a = read({ mode: 'paired', 'cni-config': 'cni/10-mynet.conflist' }).baselineKey;
    const b = read({ mode: 'paired', 'cni-config': 'cni/20-other.conflist' }).baselineKey;
    expect(commentMarker(a)).not.toBe(commentMarker(b));
    expect(read({ mode: 'paired', 'cni-config': 'x.conflist', 'baseline-key': 'mine' }).baselineKey).toBe(
      'mine',
    );
    // Gate mode keeps its documented default.
    expect(read({}).baselineKey).toBe('lab-bridge-vxlan-linux');
  });

  it('a long path keeps the file name, a hash of the whole, and a valid key', () => {
    const deep = `${'very-long-directory-name/'.repeat(8)}10-mynet.conflist`;
    const key = read({ mode: 'paired', 'cni-config': deep }).baselineKey;
    expect(key.length).toBeLessThanOrEqual(100);
    expect(key).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
    expect(key).toContain('10-mynet.conflist-linux-');
    const other = read({ mode: 'paired', 'cni-config': deep.replace('10-', '11-') }).baselineKey;
    expect(other).not.toBe(key);
  });
});

/** One side of a paired run of the pod path only (paired runs take no control). */
function side(role: 'base' | 'head', tcp: number, busy: number, perGbit: number): ResultsFile {
  const n = 12;
  return {
    ...makeResults({
      seed: role === 'base' ? 1 : 2,
      scenarios: {
        'pod-to-pod-cross-node/tcp-stream': {
          tcp_throughput_bps: { median: tcp, cv: 0.02, n },
          cpu_busy_percent: { median: busy, cv: 0.02, n },
          cpu_softirq_percent: { median: busy / 3, cv: 0.02, n },
          cpu_seconds_per_gbit: { median: perGbit, cv: 0.02, n },
        },
      },
    }),
    pairing: { id: 'pr-7', order: 'ABBA', role, warmupPairs: 1 },
  };
}

describe('paired report: control line and CPU read per unit of work', () => {
  // The reproduction: the head chains a bandwidth plugin that moves a quarter of the data.
  const report = compareResults(side('base', 16e9, 80, 0.05), side('head', 4.2e9, 32, 0.074));

  it('says that drift cancels within pairs, with the pair count', () => {
    expect(report.control.summary).toBe(
      'paired run: base and head alternated on one runner (ABBA), so runner drift cancels within each of the 12 pairs; no separate control is needed',
    );
    const md = renderMarkdown(report);
    expect(md).not.toContain('runner drift cannot be told');
    expect(md).toContain('drift cancels within each of the 12 pairs');
  });

  it('does not call less busy CPUs an improvement when the head moved less data; CPU per Gbit is judged', () => {
    const verdict = (metric: string) => report.comparisons.find((c) => c.metric === metric)!;
    expect(verdict('tcp_throughput_bps').verdict).toBe('regression');
    for (const metric of ['cpu_busy_percent', 'cpu_softirq_percent']) {
      expect(verdict(metric).verdict).toBe('inconclusive');
      expect(verdict(metric).reason).toMatch(
        /^not judged: a share of the machine follows the traffic, and head did 7\d\.\d% less data \(tcp_throughput_bps\); the cost per unit of work is cpu_seconds_per_gbit$/,
      );
    }
    expect(verdict('cpu_seconds_per_gbit').verdict).toBe('regression');
    expect(renderMarkdown(report)).not.toMatch(/🟢[^\n]*cpu_busy_percent|cpu_busy_percent[^\n]*🟢/);
  });

  it('judges machine-share CPU as before when the work held', () => {
    const same = compareResults(side('base', 16e9, 80, 0.05), side('head', 16e9, 95, 0.06));
    expect(same.comparisons.find((c) => c.metric === 'cpu_busy_percent')!.verdict).toBe('regression');
  });
});

describe('gate mode: a report that cannot settle points to paired mode', () => {
  const run = (seed: number, n: number, cv: number, host = 1) =>
    makeResults({
      seed,
      scenarios: {
        'host-cross-node/tcp-stream': { tcp_throughput_bps: { median: 18e9 * host, cv: 0.01, n } },
        'pod-to-pod-cross-node/tcp-stream': { tcp_throughput_bps: { median: 12e9 * host, cv, n } },
      },
    });

  it('recommends mode: paired when the samples could not settle, or the runner drifted', () => {
    const noisy = compareResults(run(1, 6, 0.08), run(2, 6, 0.08));
    expect(noisy.verdict).toBe('inconclusive');
    expect(pairedAdvice(noisy)).toBe(
      'These separate runs could not settle every headline metric: for pull requests use `mode: paired`, which runs base and head side by side on one runner so that drift cancels within each pair (examples/pr-paired.yml).',
    );
    const drifted = compareResults(run(1, 9, 0.01), run(2, 9, 0.01, 0.8));
    expect(drifted.control.moved).toBe(true);
    expect(pairedAdvice(drifted)).toMatch(
      /^The runner drifted between the two runs: for pull requests use `mode: paired`/,
    );
  });

  it('says nothing when the verdict is decided or the comparison is already paired', () => {
    expect(pairedAdvice(compareResults(run(1, 9, 0.01), run(2, 9, 0.01)))).toBeNull();
    expect(
      pairedAdvice(compareResults(side('base', 16e9, 80, 0.05), side('head', 16e9, 80, 0.05))),
    ).toBeNull();
  });
});
