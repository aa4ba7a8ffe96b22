import { describe, expect, it } from 'vitest';
import { buildHistory, historySubject } from '../../../src/core/history/index.js';
import { METRICS } from '../../../src/core/metrics.js';
import { makeHistoryRuns } from '../../helpers/history-runs.js';

const TCP = 'pod-to-pod-cross-node/tcp-stream';

function loaded(spec: Parameters<typeof makeHistoryRuns>[0]) {
  return makeHistoryRuns(spec).map((r) => ({ file: r.name, results: r.results }));
}

describe('buildHistory', () => {
  it('finds exactly one change point at a −12% TCP step at the 8th of 12 runs (±1 run)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const report = buildHistory(loaded({ runs: 12, step: { at: 7, ratio: 0.88 }, seed }));
      const tcp = report.series.find((s) => s.scenario === TCP && s.metric === 'tcp_throughput_bps')!;
      expect(tcp.changePoints, `seed ${seed}`).toHaveLength(1);
      const [change] = tcp.changePoints;
      expect(Math.abs(change!.index - 7)).toBeLessThanOrEqual(1);
      expect(change!.ratio).toBeGreaterThan(0.84);
      expect(change!.ratio).toBeLessThan(0.92);
      expect(change!.ci[0]).toBeLessThan(change!.ratio);
      expect(change!.ci[1]).toBeGreaterThan(change!.ratio);
      expect(change!.ci[1]).toBeLessThan(1);
      expect(tcp.summary!.ratio).toBe(change!.ratio);
      expect(tcp.summary!.segmentStart).toBe(change!.index);
    }
  });

  it('finds no change point in 12 A/A runs', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const report = buildHistory(loaded({ runs: 12, seed }));
      const tcp = report.series.find((s) => s.metric === 'tcp_throughput_bps')!;
      expect(tcp.changePoints, `seed ${seed}`).toEqual([]);
      expect(tcp.summary!.ratio).toBeNull();
      expect(tcp.summary!.segmentRuns).toBe(12);
    }
  });

  it('charts only headline metrics, one series per subject × scenario × metric, in time order', () => {
    const runs = loaded({ runs: 4 });
    const report = buildHistory([...runs].reverse());
    expect(report.series.every((s) => METRICS[s.metric].headline)).toBe(true);
    expect(report.series.some((s) => s.metric === 'tcp_retransmits')).toBe(false);
    const tcp = report.series.find((s) => s.metric === 'tcp_throughput_bps')!;
    expect(tcp.points.map((p) => p.file)).toEqual([
      'run-01.json',
      'run-02.json',
      'run-03.json',
      'run-04.json',
    ]);
    expect(tcp.points[0]!.n).toBe(5);
    expect(tcp.points[0]!.ci[0]).toBeLessThanOrEqual(tcp.points[0]!.median);
    expect(tcp.points[0]!.ci[1]).toBeGreaterThanOrEqual(tcp.points[0]!.median);
  });

  it('keeps subjects apart: a datapath with other numbers never joins the series', () => {
    const vxlan = loaded({ runs: 6 });
    const hostgw = loaded({ runs: 6, datapath: 'bridge-hostgw', step: { at: 0, ratio: 1.3 } }).map((r) => ({
      ...r,
      file: `hostgw-${r.file}`,
    }));
    const report = buildHistory([...vxlan, ...hostgw]);
    const tcp = report.series.filter((s) => s.metric === 'tcp_throughput_bps');
    expect(tcp.map((s) => s.subject.key)).toEqual(['lab/bridge-hostgw', 'lab/bridge-vxlan']);
    expect(tcp.every((s) => s.points.length === 6 && s.changePoints.length === 0)).toBe(true);
  });

  it('names the kube-proxy mode in the subject when the results carry one', () => {
    const [run] = loaded({ runs: 1 });
    expect(historySubject({ ...run!.results, suite: { kubeProxyMode: 'nftables' } }).key).toBe(
      'lab/bridge-vxlan/nftables',
    );
    const subject = run!.results.subject;
    expect(historySubject({ ...run!.results, subject: { ...subject, kubeProxy: 'ebpf' } }).key).toBe(
      'lab/bridge-vxlan/ebpf',
    );
    // The lab's default iptables continues the series of files written before kube-proxy modes.
    expect(historySubject({ ...run!.results, subject: { ...subject, kubeProxy: 'iptables' } }).key).toBe(
      'lab/bridge-vxlan',
    );
  });

  it('gives a note and no summary for a single run, and a note when too short for change points', () => {
    const one = buildHistory(loaded({ runs: 1 }));
    expect(one.series.every((s) => s.summary === null && /at least 2 runs/.test(s.note ?? ''))).toBe(true);
    const four = buildHistory(loaded({ runs: 4 }));
    expect(four.series[0]!.note).toMatch(/need at least 6/);
    expect(four.series[0]!.summary).not.toBeNull();
  });

  it('flags a change point where the environment fingerprint changed too, and carries provenance', () => {
    const report = buildHistory(
      loaded({ runs: 12, step: { at: 6, ratio: 0.85 }, environmentChangeAt: 6, withSource: true }),
    );
    const tcp = report.series.find((s) => s.metric === 'tcp_throughput_bps')!;
    expect(tcp.changePoints).toHaveLength(1);
    expect(tcp.changePoints[0]!.environmentChanged).toBe(true);
    expect(tcp.points[6]!.source?.commit).toMatch(/^abc0006/);
  });

  it('is deterministic: the same files and seed give the same report; the seed is a setting', () => {
    const runs = loaded({ runs: 10, step: { at: 5, ratio: 0.97 }, seed: 9 });
    expect(buildHistory(runs)).toEqual(buildHistory(runs));
    expect(buildHistory(runs, [], { seed: 2 }).settings.seed).toBe(2);
  });
});
