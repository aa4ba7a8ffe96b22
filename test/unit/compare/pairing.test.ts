import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import { detectPairing } from '../../../src/core/compare/pairing.js';
import { makeResults } from '../../helpers/results-factory.js';

const ID = 'pod-to-pod-cross-node/tcp-stream';
// A strong per-pair correlation (shared drift) with a small, consistent 3% drop: only pairing sees it.
const drift = Array.from({ length: 12 }, (_, i) => 1e10 * (1 + 0.15 * Math.sin(i)));
const file = (values: number[], pairing?: ResultsFile['pairing']): ResultsFile => ({
  ...makeResults({ scenarios: { [ID]: { tcp_throughput_bps: { values } } } }),
  ...(pairing ? { pairing } : {}),
});
const pairing = (id: string, role: 'base' | 'head') => ({ id, order: 'ABBA' as const, role, warmupPairs: 1 });

describe('pairing detection in compare', () => {
  it('pairs automatically when both files carry the same pairing id, and says so', () => {
    const base = file(drift, pairing('r1', 'base'));
    const head = file(
      drift.map((v) => v * 0.97),
      pairing('r1', 'head'),
    );
    expect(detectPairing(base, head).paired).toBe(true);
    const report = compareResults(base, head);
    expect(report.options.paired).toBe(true);
    expect(report.warnings.join('\n')).toMatch(/compared paired .*pairing id r1/);
    const c = report.comparisons.find((x) => x.metric === 'tcp_throughput_bps')!;
    expect(c.ratio).toBeCloseTo(0.97, 6);
    // Unpaired, the same data cannot even tell the direction at α.
    const unpaired = compareResults(base, head, { paired: false });
    expect(unpaired.options.paired).toBe(false);
    expect(unpaired.comparisons[0]!.p!).toBeGreaterThan(report.comparisons[0]!.p!);
  });

  it('does not pair files of different runs, and warns', () => {
    const base = file(drift, pairing('r1', 'base'));
    const head = file(drift, pairing('r2', 'head'));
    const report = compareResults(base, head);
    expect(report.options.paired).toBe(false);
    expect(report.warnings.join('\n')).toMatch(/compared unpaired: .*r1 \/ r2/);
  });

  it('leaves files without pairing alone (no note) and warns about swapped roles', () => {
    const other = { ...file(drift), createdAt: '2026-01-02T00:00:00.000Z' };
    expect(detectPairing(file(drift), other)).toEqual({ paired: false, note: null });
    // The same run on both sides pairs each sample with itself.
    expect(detectPairing(file(drift), file(drift)).paired).toBe(true);
    const swapped = detectPairing(file(drift, pairing('r1', 'head')), file(drift, pairing('r1', 'base')));
    expect(swapped.paired).toBe(true);
    expect(swapped.note).toMatch(/BASE is the run's head side/);
  });

  it('judges adaptive files at the recorded per-look α unless alpha is given', () => {
    const sampling = {
      mode: 'adaptive' as const,
      alpha: 0.01,
      alphaPerLook: 0.0025,
      looks: [12, 16, 20, 24],
      maxRepetitions: 24,
      timeBudgetS: 900,
    };
    const base = { ...file(drift, pairing('r1', 'base')), sampling };
    const head = { ...file(drift, pairing('r1', 'head')), sampling };
    expect(compareResults(base, head).options.alpha).toBe(0.0025);
    expect(compareResults(base, head, { alpha: 0.05 }).options.alpha).toBe(0.05);
  });
});

describe('adaptive files recording the per-scenario look α', () => {
  const TCP = 'pod-to-pod-cross-node/tcp-stream';
  const HTTP = 'pod-to-pod-cross-node/http-max';
  const n = 22;
  const wobble = (i: number, k: number): number => 1 + 0.04 * Math.sin(i * k);
  /**
   * Per-pair TCP ratios: 17 pairs 2–9% worse, 5 pairs 3.5% better — one-sided signed-rank p ≈ 0.0009,
   * between α/(K·3) = 0.00083 (Holm over three headline metrics at α/K) and α/(K·2) = 0.00125 (the
   * TCP scenario's own look).
   */
  const tcpRatio = (i: number): number =>
    i % 4 === 0 && i / 4 < 5 ? 1.035 : 1 - (0.02 + (0.07 * ((i * 7) % n)) / n);
  const sides = (plan: ResultsFile['sampling']): [ResultsFile, ResultsFile] => {
    const make = (role: 'base' | 'head'): ResultsFile => ({
      ...makeResults({
        scenarios: {
          [TCP]: {
            tcp_throughput_bps: {
              values: Array.from({ length: n }, (_, i) => 1e10 * (role === 'head' ? tcpRatio(i) : 1)),
            },
          },
          [HTTP]: {
            http_rps: {
              values: Array.from({ length: n }, (_, i) => 4e4 * wobble(i, role === 'head' ? 2.3 : 0.9)),
            },
            http_latency_p50_ms: {
              values: Array.from({ length: n }, (_, i) => 0.6 * wobble(i, role === 'head' ? 1.1 : 3.1)),
            },
          },
        },
      }),
      pairing: pairing('r1', role),
      ...(plan ? { sampling: plan } : {}),
    });
    return [make('base'), make('head')];
  };
  const plan = {
    mode: 'adaptive' as const,
    alpha: 0.01,
    alphaPerLook: 0.0025,
    looks: [14, 18, 22, 24],
    maxRepetitions: 24,
    timeBudgetS: 900,
  };
  const tcpOf = (r: ReturnType<typeof compareResults>) =>
    r.comparisons.find((c) => c.scenario === TCP && c.metric === 'tcp_throughput_bps')!;

  it("judges each scenario in its own family at the look α, so a look's regression stays one", () => {
    const [b, h] = sides({ ...plan, alphaPerScenarioLook: 0.00125 });
    // What the stop rule saw at its look: the TCP scenario alone at α/(K·S).
    const look = compareResults(
      { ...b, scenarios: b.scenarios.filter((s) => s.id === TCP) },
      { ...h, scenarios: h.scenarios.filter((s) => s.id === TCP) },
      { paired: true, alpha: 0.00125, familyPerScenario: true },
    );
    expect(tcpOf(look).verdict).toBe('regression');
    const final = compareResults(b, h);
    expect(final.options).toMatchObject({ alpha: 0.00125, familyPerScenario: true });
    expect(final.warnings.join('\n')).toMatch(/each scenario judged on its own at the α its looks used/);
    expect(tcpOf(final).verdict).toBe('regression');
    expect(tcpOf(final).pAdjusted).toBe(tcpOf(look).pAdjusted);
    expect(final.verdict).toBe('regression');
  });

  it('keeps one family over every scenario at α/K for files without it (written before)', () => {
    const [b, h] = sides(plan);
    const old = compareResults(b, h);
    expect(old.options).toMatchObject({ alpha: 0.0025, familyPerScenario: false });
    // Holm over the three headline metrics of both scenarios: a larger adjusted p than alone, and
    // here the look's regression would read inconclusive (the mismatch the plan field removes).
    expect(tcpOf(old).verdict).toBe('inconclusive');
    const [bs, hs] = sides({ ...plan, alphaPerScenarioLook: 0.00125 });
    expect(tcpOf(old).pAdjusted!).toBeGreaterThan(tcpOf(compareResults(bs, hs)).pAdjusted!);
  });
});
