/**
 * End to end on the real lab (root only): `run --paired BASE HEAD` with a tiny suite (one scenario,
 * 1 s samples): a preset as base, a conflist file as head. Two paired results files, a verdict with
 * compare's exit code, `compare` of the two files pairs automatically, and nothing is left behind.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareCommand } from '../../../src/cli/commands/compare.js';
import { runCommand } from '../../../src/cli/commands/run.js';
import type { SuiteConfig } from '../../../src/core/suite/types.js';
import { createAdaptiveController } from '../../../src/runner/adaptive.js';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import { labLeftovers } from '../../helpers/lab-leftovers.js';
import { memoryIo } from '../../helpers/memory-io.js';

const isRoot = process.getuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), 'cpg-e2e-paired-'));
const runIds: string[] = [];

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  expect(existsSync(dir)).toBe(false);
  for (const runId of runIds) expect(labLeftovers(runId)).toEqual([]);
});

writeFileSync(
  join(dir, 'tiny.yaml'),
  'topologies: [pod-to-pod-cross-node]\ntests: [tcp-stream]\nrepetitions: 3\nmaxRepetitions: 4\niperf: { durationS: 1, omitS: 0 }\n',
);
writeFileSync(
  join(dir, 'head.conflist'),
  JSON.stringify({
    cniVersion: '1.0.0',
    name: 'pr-bridge',
    plugins: [
      {
        type: 'bridge',
        bridge: 'cni0',
        isGateway: true,
        ipMasq: false,
        ipam: { type: 'host-local', ranges: [[{ subnet: '{{podCIDR}}' }]], routes: [{ dst: '0.0.0.0/0' }] },
      },
    ],
  }),
);

describe.skipIf(!isRoot)('run --paired on the lab (e2e, root)', () => {
  it('writes paired base.json + head.json, prints the paired verdict, and compare pairs them', async () => {
    const io = memoryIo(dir);
    const code = await runCommand.run(
      [
        '--paired',
        'bridge-hostgw',
        'head.conflist',
        '--routing',
        'host-gw',
        '--suite',
        'tiny.yaml',
        '--out',
        'res',
      ],
      io,
    );
    for (const m of io.stderrText().matchAll(/is lab run ([a-z0-9]+)/g)) runIds.push(m[1]!);
    expect(runIds).toHaveLength(2);
    expect([0, 1]).toContain(code);
    const base = parseResultsJson(readFileSync(join(dir, 'res/base.json'), 'utf8'), 'base.json');
    const head = parseResultsJson(readFileSync(join(dir, 'res/head.json'), 'utf8'), 'head.json');
    expect(base.subject.datapath).toBe('bridge-hostgw');
    expect(head.subject.datapath).toBe('custom');
    expect(base.pairing).toMatchObject({ order: 'ABBA', role: 'base', warmupPairs: 1 });
    expect(head.pairing?.id).toBe(base.pairing?.id);
    expect(head.pairing?.role).toBe('head');
    // maxRepetitions 4: a single look at 4 pairs, stopped there. Why it stopped depends on the
    // measured data (regression, settled or max-repetitions), so the expected
    // reason is the stop rule's decision on the recorded samples (seeded bootstrap: deterministic).
    expect(base.sampling?.looks).toEqual([4]);
    const s = base.scenarios[0]!;
    expect(s.samples).toHaveLength(4);
    expect(head.scenarios[0]!.samples).toHaveLength(4);
    const decision = createAdaptiveController(base.suite as SuiteConfig).afterLook({
      base,
      head,
      n: 4,
      elapsedS: 0,
      budgetS: Infinity,
    });
    expect(decision.stop).toBe(true);
    const expectedStop = decision.stop ? decision.reason : 'none';
    expect(s.sampling).toEqual({ n: 4, looks: [4], stopReason: expectedStop });
    // ABBA: pair 0 base first, pair 1 head first.
    const t = (f: typeof base, i: number) => Date.parse(f.scenarios[0]!.samples[i]!.startedAt);
    expect(t(base, 0)).toBeLessThan(t(head, 0));
    expect(t(head, 1)).toBeLessThan(t(base, 1));
    expect(io.stdoutText()).toMatch(/compared paired/);
    expect(io.stderrText()).toContain(`4 pairs, stopped: ${expectedStop}`);
    for (const runId of runIds) expect(labLeftovers(runId)).toEqual([]);

    const cIo = memoryIo(dir);
    const cCode = await compareCommand.run(['res/base.json', 'res/head.json', '--format', 'json'], cIo);
    expect(cCode).toBe(code);
    const report = JSON.parse(cIo.stdoutText()) as { verdict: string; warnings?: string[] };
    expect(JSON.stringify(report)).toMatch(/compared paired/);
  }, 120_000);
});
