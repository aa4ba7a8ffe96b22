import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeResults } from '../../../src/core/results/serialize.js';
import { makeResults } from '../../helpers/results-factory.js';

/** A temp directory holding base/head/regressed/other-env results files for CLI tests. */
export interface ResultsDir {
  readonly dir: string;
  remove(): Promise<void>;
}

const TCP = 'pod-to-pod-cross-node/tcp-stream' as const;
const HTTP = 'pod-to-pod-cross-node/http-max' as const;

/**
 * Writes: base.json, same.json (same distribution, other seed), slower.json (TCP throughput −30%),
 * other-kernel.json (same numbers, different kernel), newer.json (schemaVersion 2), corrupt.json,
 * thresholds.yaml, and the raw text files for parse.
 */
export async function writeResultsDir(): Promise<ResultsDir> {
  const dir = await mkdtemp(join(tmpdir(), 'cpg-cli-test-'));
  const spec = (tcp: number, seed: number, kernel = '6.1.0-test') =>
    makeResults({
      seed,
      scenarios: {
        [TCP]: { tcp_throughput_bps: { median: tcp, cv: 0.02, n: 10 } },
        [HTTP]: {
          http_rps: { median: 20000, cv: 0.02, n: 10 },
          http_latency_p99_ms: { median: 3, cv: 0.05, n: 10 },
        },
      },
      environment: { kernel },
    });
  const base = spec(9e9, 1);
  await writeFile(join(dir, 'base.json'), serializeResults(base));
  await writeFile(join(dir, 'same.json'), serializeResults(spec(9e9, 2)));
  await writeFile(join(dir, 'slower.json'), serializeResults(spec(6.3e9, 3)));
  await writeFile(join(dir, 'other-kernel.json'), serializeResults(spec(9e9, 4, '6.8.0-other')));
  await writeFile(
    join(dir, 'newer.json'),
    serializeResults(base).replace('"schemaVersion": 1', '"schemaVersion": 2'),
  );
  await writeFile(join(dir, 'corrupt.json'), '{ "schemaVersion": 1, ');
  await writeFile(join(dir, 'thresholds.yaml'), 'thresholds:\n  tcp_throughput_bps: 50\n');
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
