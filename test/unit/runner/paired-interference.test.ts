/** Paired runs judge interference per pair (runner/sample-pair.ts), on real tools over loopback. */
import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import { serializeResults } from '../../../src/core/results/serialize.js';
import type { SuiteConfig } from '../../../src/core/suite/types.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { tinySuite, trackedLoopbackPlatforms } from '../../helpers/loopback-suite.js';

const platform = trackedLoopbackPlatforms();
const suite = (overrides: Partial<SuiteConfig> = {}): SuiteConfig =>
  tinySuite({
    repetitions: 3,
    interference: { maxForeignCpuPercent: 10, maxStealPercent: 10, retakeBudget: 1 },
    ...overrides,
  });
const load = (foreignPercent: number) => ({ foreignPercent, stealPercent: 0 });

async function paired(
  base: (i: number) => number,
  head: (i: number) => number,
  s: SuiteConfig = suite(),
): Promise<{ files: Awaited<ReturnType<typeof runSuite>>; logs: string[] }> {
  const logs: string[] = [];
  const files = await runSuite(
    [
      platform({ datapath: 'a', interference: (i) => load(base(i)) }),
      platform({ datapath: 'b', interference: (i) => load(head(i)) }),
    ],
    { suite: s, toolVersion: '0', paired: { pairingId: 'p' }, hooks: { onLog: (l) => logs.push(l) } },
  );
  return { files, logs };
}

describe('paired runs: interference judged per pair', () => {
  it('keeps pairs that saw the same steady load on both sides, notes it, and lets the pairs decide', async () => {
    // A steady co-tenant: every sample of both sides sees ≈ 50% foreign CPU.
    const { files, logs } = await paired(
      (i) => 50 + (i % 2),
      (i) => 48 + (i % 3),
    );
    const [b, h] = files;
    for (const file of [b!, h!]) {
      const pod = file.scenarios[0]!;
      expect(pod.discarded).toBeUndefined();
      expect(pod.samples).toHaveLength(3);
      expect(pod.samples.every((s) => s.disturbed === undefined)).toBe(true);
      expect(
        pod.samples.every((s) => /^load on both sides: foreign CPU \d+% \/ \d+%$/.test(s.sharedLoad ?? '')),
      ).toBe(true);
      // The note round-trips through the schema.
      expect(
        parseResultsJson(serializeResults(file), 'x').scenarios[0]!.samples[0]!.sharedLoad,
      ).toBeDefined();
    }
    expect(logs.filter((l) => l.includes('re-taking'))).toEqual([]);
    const report = compareResults(b!, h!);
    expect(report.interference.disturbed).toBe(false);
    expect(report.interference.sharedLoad).toMatch(/^3 of 3 pairs ran under the same load on both sides/);
    expect(report.verdictReason).not.toMatch(/disturbed/);
  });

  it('re-takes a pair where one side alone was loaded, in the same order', async () => {
    // Client run 0 is the warm-up, 1 the first kept pair's base sample: only it sees 60%.
    const { files, logs } = await paired(
      (i) => (i === 1 ? 60 : 2),
      () => 2,
    );
    const [b, h] = files;
    for (const file of [b!, h!]) {
      const pod = file.scenarios[0]!;
      expect(pod.discarded).toHaveLength(1);
      expect(pod.discarded![0]!.discardReason).toMatch(/^foreign CPU 60\.0% vs 2\.0% \(one side loaded/);
      expect(pod.samples).toHaveLength(3);
      expect(pod.samples.every((s) => s.disturbed === undefined && s.sharedLoad === undefined)).toBe(true);
    }
    expect(logs.filter((l) => l.includes('re-taking the pair'))).toHaveLength(1);
    expect(compareResults(b!, h!).interference.base).toMatchObject({ discarded: 1, disturbed: 0 });
  });

  it('keeps a one-sided pair marked disturbed on both sides once the budget is spent, and says so', async () => {
    // The head is loaded on every run, the base never; the budget covers one pair re-take.
    const s = suite({ interference: { maxForeignCpuPercent: 10, maxStealPercent: 10, retakeBudget: 0.34 } });
    const { files, logs } = await paired(
      () => 1,
      () => 55,
      s,
    );
    const [b, h] = files;
    for (const file of [b!, h!]) {
      const pod = file.scenarios[0]!;
      expect(pod.samples.every((x) => /re-take budget spent$/.test(x.disturbed ?? ''))).toBe(true);
    }
    expect(logs.some((l) => l.endsWith('kept as disturbed (re-take budget spent)'))).toBe(true);
    const report = compareResults(b!, h!);
    expect(report.verdict).toBe('inconclusive');
    expect(report.verdictReason).toMatch(/runner disturbed/);
  });

  it('leaves unpaired runs to the per-sample rule (a loaded sample is re-taken whatever the other run saw)', async () => {
    const logs: string[] = [];
    const [file] = await runSuite([platform({ datapath: 'a', interference: () => load(50) })], {
      suite: suite({ repetitions: 1 }),
      toolVersion: '0',
      hooks: { onLog: (l) => logs.push(l) },
    });
    expect(file!.scenarios[0]!.discarded).toHaveLength(1);
    expect(file!.scenarios[0]!.samples[0]!.sharedLoad).toBeUndefined();
    expect(logs[0]).toMatch(/re-taking the sample$/);
  });
});
