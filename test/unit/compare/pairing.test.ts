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
