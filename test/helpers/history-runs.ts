/**
 * A series of results files as scheduled baselines would produce them: one run a day, each with
 * `samples` samples per metric, optionally a step (ratio) from a given run on and an environment
 * change from a given run on. Deterministic for a seed.
 */
import type { ResultsFile } from '../../src/core/results/types.js';
import { makeResults } from './results-factory.js';

/** What {@link makeHistoryRuns} builds. */
export interface HistoryRunsSpec {
  readonly runs: number;
  /** Multiply every metric's median by `ratio` from run index `at` on. */
  readonly step?: { readonly at: number; readonly ratio: number };
  /** Another kernel from run index `at` on (changes the environment fingerprint). */
  readonly environmentChangeAt?: number;
  /** Run-to-run spread (CV of each run's level) and within-run spread (CV of samples). */
  readonly runCv?: number;
  readonly sampleCv?: number;
  readonly samples?: number;
  readonly seed?: number;
  /** Add provenance (`source`) fields. */
  readonly withSource?: boolean;
  readonly datapath?: string;
}

function standardNormal(seed: number): number {
  // A fixed pseudo-normal per seed (sum of 12 hashed uniforms − 6).
  let sum = 0;
  let h = seed >>> 0;
  for (let i = 0; i < 12; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + 0x9e3779b9;
    h = Math.imul(h ^ (h >>> 12), 0x297a2d39) >>> 0;
    sum += h / 4294967296;
  }
  return sum - 6;
}

/** Named results files (`run-01.json` …) of one subject. */
export function makeHistoryRuns(spec: HistoryRunsSpec): { name: string; results: ResultsFile }[] {
  const seed = spec.seed ?? 1;
  const runCv = spec.runCv ?? 0.01;
  return Array.from({ length: spec.runs }, (_, i) => {
    const stepped = spec.step && i >= spec.step.at ? spec.step.ratio : 1;
    const level = stepped * Math.exp(runCv * standardNormal(seed * 1000 + i));
    const sample = { cv: spec.sampleCv ?? 0.02, n: spec.samples ?? 5 };
    const day = String(i + 1).padStart(2, '0');
    const results = makeResults({
      seed: seed * 1000 + i,
      createdAt: `2026-03-${day}T04:00:00.000Z`,
      subject: { datapath: spec.datapath ?? 'bridge-vxlan' },
      environment:
        spec.environmentChangeAt !== undefined && i >= spec.environmentChangeAt
          ? { kernel: '6.12.0-test' }
          : {},
      scenarios: {
        'pod-to-pod-cross-node/tcp-stream': {
          tcp_throughput_bps: { median: 9.4e9 * level, ...sample },
          tcp_retransmits: { median: 12, ...sample },
        },
        'pod-to-pod-cross-node/http-max': {
          http_rps: { median: 41000 * level, ...sample },
          http_latency_p50_ms: { median: 0.8 / level, ...sample },
          http_latency_p99_ms: { median: 3.1 / level, ...sample },
        },
      },
    });
    const source = spec.withSource
      ? {
          source: {
            commit: (0xabc0000 + i).toString(16).padEnd(40, '0'),
            ref: 'refs/heads/main',
            runUrl: `https://github.com/acme/cni-config/actions/runs/${1000 + i}`,
          },
        }
      : {};
    return { name: `run-${day}.json`, results: { ...results, ...source } };
  });
}
