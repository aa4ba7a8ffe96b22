/**
 * Results files whose tcp-stream samples carry kernel counters (samples[].diagnostics.counters),
 * for tests of "what changed underneath": a base with jumbo frames and a head with 6× the packets
 * per GB, more time squeeze and the same retransmits (figures shaped like the lab's MTU 9000 → 1500
 * run), each counter wobbling ±3% by sample index.
 */
import type { CounterValues } from '../../src/core/diagnostics/types.js';
import { workMeasureOf } from '../../src/core/profile/fold.js';
import type { ResultsFile, Sample } from '../../src/core/results/types.js';
import { makeResults } from './results-factory.js';

export const TCP = 'pod-to-pod-cross-node/tcp-stream';
export const PAIRING = { id: 'p1', order: 'ABBA', warmupPairs: 1 } as const;

/** Counts per sample as a function of the sample's index and work (GB). */
export type CountsOf = (i: number, gb: number) => Record<string, CounterValues>;

/** A tcp-stream run (n samples at `gbps` Gbit/s, cv 2%) whose samples carry counters from `counts`. */
export function counterRun(seed: number, gbps: number, counts: CountsOf | null, n = 8): ResultsFile {
  const file = makeResults({
    seed,
    scenarios: { [TCP]: { tcp_throughput_bps: { median: gbps * 1e9, cv: 0.02, n } } },
  });
  const measure = workMeasureOf('tcp-stream')!;
  const withCounters = (sample: Sample, i: number): Sample => {
    const gb = measure.of(sample.metrics, sample.durationS)!;
    if (!counts) return sample;
    const scopes = counts(i, gb);
    return { ...sample, diagnostics: { counters: { workUnit: 'GB', work: gb, readCostMs: 9, scopes } } };
  };
  return {
    ...file,
    scenarios: file.scenarios.map((s) => ({ ...s, samples: s.samples.map(withCounters) })),
  };
}

/** A deterministic wobble of ±3% by sample index. */
export const wobble = (i: number) => 1 + 0.03 * Math.sin(i * 1.7);

/** Base: jumbo frames. Head: 6× the packets per GB, more time squeeze, the same retransmits. */
export const baseCounts: CountsOf = (i, gb) => ({
  'node-0': {
    'IpExt.InNoECTPkts': Math.round(115_000 * gb * wobble(i)),
    'Ip.ForwDatagrams': Math.round(20_000 * gb),
  },
  client: { 'Tcp.RetransSegs': Math.round(50 * gb * wobble(i + 3)), 'TcpExt.TW': i % 2 },
  host: { 'softnet.time_squeeze': Math.round(10 * gb * wobble(i + 1)) },
});
export const headCounts: CountsOf = (i, gb) => ({
  'node-0': {
    'IpExt.InNoECTPkts': Math.round(690_000 * gb * wobble(i + 2)),
    'Ip.ForwDatagrams': Math.round(20_400 * gb),
  },
  client: { 'Tcp.RetransSegs': Math.round(51 * gb * wobble(i + 5)), 'TcpExt.TW': (i + 1) % 2 },
  host: { 'softnet.time_squeeze': Math.round(35 * gb * wobble(i + 4)) },
});
