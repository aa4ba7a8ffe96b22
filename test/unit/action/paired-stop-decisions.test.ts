import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runArgsFor } from '../../../src/action/suite/root-cli.js';
import { pairedRunOptions, type SuiteRunRequest } from '../../../src/action/suite/suite-request.js';
import { parseCommandArgs } from '../../../src/cli/args.js';
import { pairedFlags } from '../../../src/cli/commands/run-paired-flags.js';
import { RUN_OPTIONS } from '../../../src/cli/commands/run-flags.js';
import { compareResults } from '../../../src/core/compare/engine.js';
import type { Thresholds } from '../../../src/core/compare/types.js';
import type { ScenarioId } from '../../../src/core/scenarios.js';
import { decideAfterLook } from '../../../src/core/sequential/stop-rule.js';
import { makeResults } from '../../helpers/results-factory.js';
import { memoryIo } from '../../helpers/memory-io.js';

const TCP = 'pod-to-pod-cross-node/tcp-stream' as ScenarioId;
const dir = mkdtempSync(join(tmpdir(), 'cpg-paired-stop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 12 ABBA pairs: shared drift, head about 4% slower. */
const drift = [1, 1.2, 0.85, 1.1, 0.9, 1.15, 0.95, 1.05, 0.8, 1.25, 0.9, 1.1];
const wobble = [1, 1.01, 0.99, 1.005, 0.995, 1.012, 0.988, 1.003, 0.997, 1.008, 0.992, 1];
const base = makeResults({
  seed: 1,
  scenarios: { [TCP]: { tcp_throughput_bps: { values: drift.map((d) => 9e9 * d) } } },
});
const head = makeResults({
  seed: 2,
  scenarios: { [TCP]: { tcp_throughput_bps: { values: drift.map((d, i) => 9e9 * d * 0.96 * wobble[i]!) } } },
});

/** The stop rule's decision after the first look, judged with `thresholds`. */
function decision(thresholds: Thresholds | undefined) {
  const report = compareResults(base, head, { paired: true, ...(thresholds ? { thresholds } : {}) });
  const d = decideAfterLook({ report, n: 12, looks: [12, 16, 20], elapsedS: 0, budgetS: Infinity });
  return d.stop ? d.reason : 'continue';
}

const request: SuiteRunRequest = {
  platform: 'lab',
  datapath: 'custom',
  cniConfig: '/w/net.conflist',
  routing: 'host-gw',
  kubeconfig: null,
  suite: null,
  quick: true,
  repetitions: null,
  paired: {
    base: { source: 'net.conflist@abc', text: '{}' },
    head: { source: 'net.conflist', text: '{}' },
    pairingId: '7-abc',
    thresholds: { tcp_throughput_bps: 10 },
    adaptive: true,
  },
} as unknown as SuiteRunRequest;

describe('paired runs under sudo and in-process stop alike (issue 13 item 9)', () => {
  it("the user's threshold changes the decision (so the comparison below can fail)", () => {
    expect(decision(undefined)).toBe('regression');
    expect(decision({ tcp_throughput_bps: 10 })).not.toBe('regression');
  });

  it('the root CLI path (run --paired flags) and the in-process path give the same stop decision', async () => {
    const inProcess = pairedRunOptions(request, request.paired!);
    const files = { base: join(dir, 'base.conflist'), head: join(dir, 'head.conflist') };
    writeFileSync(files.base, '{}');
    writeFileSync(files.head, '{}');
    const [, ...argv] = runArgsFor(request, null, join(dir, 'out'), files);
    const { values, positionals } = parseCommandArgs('run', argv, RUN_OPTIONS);
    const { options: viaCli } = await pairedFlags(values, positionals, memoryIo(dir), () => 0);
    expect(decision(viaCli.thresholds)).toBe(decision(inProcess.thresholds));
    expect(decision(viaCli.thresholds)).not.toBe('regression');
  });
});
