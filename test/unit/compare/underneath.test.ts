import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import { MATERIAL_COUNTER_CHANGE_PCT } from '../../../src/core/compare/underneath.js';
import {
  PAIRING,
  TCP,
  baseCounts,
  counterRun as run,
  headCounts,
  wobble,
  type CountsOf,
} from '../../helpers/counter-results.js';

describe('what changed underneath (compare)', () => {
  it('names the counters per GB that moved materially and significantly, largest first', () => {
    const report = compareResults(run(1, 12, baseCounts), run(2, 10.8, headCounts));
    expect(report.comparisons.find((c) => c.metric === 'tcp_throughput_bps')?.verdict).toBe('regression');
    const [scenario] = report.underneath!.scenarios;
    expect(scenario).toMatchObject({
      scenario: TCP,
      verdict: 'regression',
      metrics: ['tcp_throughput_bps'],
      workUnit: 'GB',
    });
    const named = scenario!.counters.filter((c) => c.moved).map((c) => `${c.scope} ${c.counter}`);
    expect(named).toEqual(['node-0 IpExt.InNoECTPkts', 'host softnet.time_squeeze']);
    const packets = scenario!.counters[0]!;
    expect(packets.ratio).toBeCloseTo(6, 0);
    expect(packets.ci![0]).toBeLessThan(packets.ratio!);
    expect(packets.ci![1]).toBeGreaterThan(packets.ratio!);
    expect(packets.base.median).toBeCloseTo(115_000, -4);
    expect(packets.label).toMatch(/each segment counted/);
    // Moved by under 20% (Ip.ForwDatagrams +2%) or not at all (retransmits): tested, not named.
    const still = scenario!.counters.filter((c) => !c.moved).map((c) => `${c.scope} ${c.counter}`);
    expect(still.sort()).toEqual(['client Tcp.RetransSegs', 'node-0 Ip.ForwDatagrams']);
    // TW: half a count per sample on each side, ~0: left out.
    expect(scenario!.negligible).toBe(1);
    expect(report.underneath).toMatchObject({
      alpha: 0.01,
      materialPct: MATERIAL_COUNTER_CHANGE_PCT,
      familySize: 4,
    });
    for (const c of scenario!.counters) expect(c.pAdjusted!).toBeGreaterThanOrEqual(c.p!);
    expect(scenario!.note).toBeNull();
  });

  it('a significant move under the material change is not named', () => {
    const mild: CountsOf = (i, gb) => {
      const counts = baseCounts(i, gb);
      const node = {
        ...counts['node-0']!,
        'IpExt.InNoECTPkts': Math.round(115_000 * 1.15 * gb * wobble(i + 2)),
      };
      return { ...counts, 'node-0': node };
    };
    const report = compareResults(run(1, 12, baseCounts), run(2, 10.8, mild));
    const change = report.underneath!.scenarios[0]!.counters.find((c) => c.counter === 'IpExt.InNoECTPkts')!;
    expect(change.pAdjusted!).toBeLessThan(0.01);
    expect(change.moved).toBe(false);
    expect(report.underneath!.scenarios[0]!.note).toMatch(/^no counter moved by 20% or more per GB/);
  });

  it('results without counters compare as before: no underneath section', () => {
    const report = compareResults(run(1, 12, null), run(2, 10.8, null));
    expect(report.underneath).toBeUndefined();
    expect('underneath' in report).toBe(false);
  });

  it('says which side has no counters', () => {
    const report = compareResults(run(1, 12, null), run(2, 10.8, headCounts));
    expect(report.underneath!.scenarios[0]).toMatchObject({
      counters: [],
      note: expect.stringMatching(/^base has no kernel counters/),
    });
  });

  it('explains nothing where every headline metric was cleared', () => {
    const report = compareResults(run(1, 12, baseCounts, 12), run(2, 12, baseCounts, 12));
    expect(report.verdict).toBe('pass');
    expect(report.underneath).toEqual({ alpha: 0.01, materialPct: 20, familySize: 0, scenarios: [] });
  });

  it('an improvement is explained as one', () => {
    const report = compareResults(run(1, 10.8, headCounts), run(2, 12, baseCounts));
    const [scenario] = report.underneath!.scenarios;
    expect(scenario!.verdict).toBe('improvement');
    expect(scenario!.counters[0]).toMatchObject({
      scope: 'node-0',
      counter: 'IpExt.InNoECTPkts',
      moved: true,
    });
    expect(scenario!.counters[0]!.ratio).toBeCloseTo(1 / 6, 1);
  });

  it('says when too few samples can never be significant in a family this size', () => {
    const report = compareResults(run(1, 12, baseCounts, 4), run(2, 10.8, headCounts, 4), { minSamples: 3 });
    const scenario = report.underneath!.scenarios.find((s) => s.scenario === TCP);
    // 4 vs 4 samples: the exact test's smallest one-sided p is 1/70, far above 0.01/4.
    expect(scenario?.note ?? '').toMatch(/^4 samples cannot show a counter moved among 4 counters/);
    expect(scenario?.counters.some((c) => c.moved)).toBe(false);
  });

  it('paired runs pair the counters too (signed-rank on per-pair ratios)', () => {
    const base = { ...run(1, 12, baseCounts, 12), pairing: { ...PAIRING, role: 'base' as const } };
    const head = { ...run(2, 10.8, headCounts, 12), pairing: { ...PAIRING, role: 'head' as const } };
    const report = compareResults(base, head);
    expect(report.options.paired).toBe(true);
    const [scenario] = report.underneath!.scenarios;
    expect(scenario!.paired).toBe(true);
    expect(scenario!.counters[0]).toMatchObject({ counter: 'IpExt.InNoECTPkts', moved: true, paired: true });
  });

  it('is deterministic: the same files give the same section', () => {
    const a = compareResults(run(1, 12, baseCounts), run(2, 10.8, headCounts));
    const b = compareResults(run(1, 12, baseCounts), run(2, 10.8, headCounts));
    expect(JSON.stringify(a.underneath)).toBe(JSON.stringify(b.underneath));
  });
});

describe('what changed underneath: kernel functions from --profile', () => {
  /** Adds a profile per sample: tcp_sendmsg steady, vxlan_xmit_one `vxlan` µs per GB. */
  const withProfile = (file: ReturnType<typeof run>, vxlanUsPerGb: number): ReturnType<typeof run> => ({
    ...file,
    scenarios: file.scenarios.map((s) => ({
      ...s,
      samples: s.samples.map((sample, i) => {
        const work = sample.diagnostics!.counters!.work;
        return {
          ...sample,
          profile: {
            work,
            cpuNs: 2e9,
            kernelTotalNs: 1.5e9,
            kernelNs: {
              tcp_sendmsg: 300_000 * 1000 * work * wobble(i),
              vxlan_xmit_one: vxlanUsPerGb * 1000 * work * wobble(i + 5),
              ...(i === 0 ? { rare_function: 5_000 } : {}),
            },
          },
        };
      }),
    })),
  });

  it('names a kernel function whose CPU per GB grew, in its own Holm family; others and partial ones not', () => {
    const report = compareResults(
      withProfile(run(1, 12, baseCounts, 12), 1_000),
      withProfile(run(2, 10.8, headCounts, 12), 40_000),
    );
    const [scenario] = report.underneath!.scenarios;
    const fn = scenario!.counters.filter((c) => c.scope === 'kernel-µs');
    expect(fn.map((c) => c.counter).sort()).toEqual(['tcp_sendmsg', 'vxlan_xmit_one']); // rare_function: not in every sample
    const vxlan = fn.find((c) => c.counter === 'vxlan_xmit_one')!;
    expect(vxlan.moved).toBe(true);
    expect(vxlan.ratio).toBeCloseTo(40, -1);
    expect(vxlan.label).toMatch(/perf/);
    expect(fn.find((c) => c.counter === 'tcp_sendmsg')!.moved).toBe(false);
    // The counters' family is unchanged by the functions.
    expect(report.underneath!.familySize).toBe(4);
  });

  it('a side without profiles: no kernel functions tested, and no error', () => {
    const report = compareResults(
      run(1, 12, baseCounts, 12),
      withProfile(run(2, 10.8, headCounts, 12), 40_000),
    );
    const [scenario] = report.underneath!.scenarios;
    expect(scenario!.counters.filter((c) => c.scope === 'kernel-µs')).toEqual([]);
  });
});
