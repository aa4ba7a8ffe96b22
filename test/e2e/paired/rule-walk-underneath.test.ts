/**
 * Two known causes named by CPU profiles (root, real lab, real `perf`), both the netfilter rule
 * walk, each in one paired run with `--profile`'s recorder:
 *
 * - +140 non-matching FORWARD rules on every node (the lab's `extraIptablesRules` impairment):
 *   every forwarded packet walks them, so the rule-walk function (`ipt_do_table` with the legacy
 *   backend, `nft_do_chain` with iptables-nft) must be among the kernel functions whose CPU per GB
 *   grew.
 * - kube-proxy `ebpf` → `iptables` with 5000 services, connection-per-request HTTP through a
 *   service VIP: the eBPF socket LB translates the VIP at connect() and never walks a chain; the
 *   iptables mode walks KUBE-SERVICES (5000 non-matching services first) for every new
 *   connection, so the rule walk must grow per 1,000 connections.
 *
 * Skipped without root or perf (and the second without BPF socket LB support).
 */
import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import type { ScenarioId } from '../../../src/core/scenarios.js';
import type { SuiteConfig } from '../../../src/core/suite/types.js';
import { renderText } from '../../../src/core/report/text.js';
import { createPlatforms } from '../../../src/platform/factory.js';
import { createLabPlatform, createNodeLabDeps, makeRunId } from '../../../src/platform/lab/index.js';
import type { Platform } from '../../../src/platform/platform.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { labLeftovers } from '../../helpers/lab-leftovers.js';
import { createTestProfiler, parserFailures, testPerfUnavailable } from '../../helpers/test-profiler.js';
import { labTestSuite } from '../lab/lab-fixtures.js';

const perfReason = await testPerfUnavailable();
/** The rule walk of either iptables backend. */
const RULE_WALK = /^(ipt_do_table|nft_do_chain)/;

const QUIET_RULES = { maxForeignCpuPercent: 100, maxStealPercent: 100, retakeBudget: 0 };

/** Runs base and head paired with the profiler; checks nothing is left behind, also on failure. */
async function profiledPair(
  base: Platform,
  head: Platform,
  suite: SuiteConfig,
  runIds: readonly string[],
): Promise<[ResultsFile, ResultsFile]> {
  const recorder = createTestProfiler();
  try {
    const files = await runSuite([base, head], {
      suite,
      toolVersion: 'test',
      paired: { pairingId: 'rule-walk', warmupPairs: 1 },
      profiler: recorder.profiler,
      hooks: { onLog: recorder.onLog },
    });
    if (recorder.logs.length > 0) console.log(recorder.logs.join('\n'));
    expect(parserFailures(recorder.logs)).toEqual([]);
    return files as [ResultsFile, ResultsFile];
  } finally {
    const perfLeft = recorder.leftovers();
    recorder.dispose();
    for (const runId of runIds) expect(labLeftovers(runId)).toEqual([]);
    expect(perfLeft).toEqual([]);
  }
}

/** The kernel functions compare says grew per unit of work in `scenario` (printed for the log). */
function grownFunctions(base: ResultsFile, head: ResultsFile, scenario: ScenarioId): string[] {
  const report = compareResults(base, head);
  console.log(renderText(report));
  const explained = report.underneath?.scenarios.find((s) => s.scenario === scenario);
  const functions = (explained?.counters ?? []).filter((c) => c.scope === 'kernel-µs');
  for (const c of functions.slice(0, 12))
    console.log(`${c.counter}: ×${c.ratio?.toFixed(2)} p(adj) ${c.pAdjusted} moved ${c.moved} n ${c.base.n}`);
  return functions.filter((c) => c.moved && (c.ratio === null || c.ratio > 1)).map((c) => c.counter);
}

describe.skipIf(perfReason !== null)(
  `--profile names the netfilter rule walk (e2e${perfReason ? `: ${perfReason}` : ''})`,
  () => {
    it('+140 non-matching FORWARD rules: the rule walk grew per GB', async () => {
      const scenario: ScenarioId = 'pod-to-pod-cross-node/tcp-stream';
      const suite = labTestSuite({
        topologies: ['pod-to-pod-cross-node'],
        tests: ['tcp-stream'],
        repetitions: 16,
        control: false,
        interference: QUIET_RULES,
      });
      const deps = createNodeLabDeps();
      const runIds = [makeRunId(Math.random), makeRunId(Math.random)];
      const base = createLabPlatform({ datapath: 'bridge-hostgw', runId: runIds[0]! }, deps);
      const head = createLabPlatform(
        { datapath: 'bridge-hostgw', runId: runIds[1]!, impairment: { extraIptablesRules: 140 } },
        deps,
      );
      const [b, h] = await profiledPair(base, head, suite, runIds);
      expect(h.subject.cni?.impairment).toEqual({ extraIptablesRules: 140 });
      expect(grownFunctions(b, h, scenario)).toEqual(
        expect.arrayContaining([expect.stringMatching(RULE_WALK)]),
      );
    }, 300_000);

    it('kube-proxy ebpf → iptables at 5000 services: the rule walk grew per 1,000 new connections', async (ctx) => {
      const scenario: ScenarioId = 'pod-to-service-cross-node/http-conn-rate';
      const suite = labTestSuite({
        topologies: ['pod-to-service-cross-node'],
        tests: ['http-conn-rate'],
        repetitions: 12,
        control: false,
        dummyServices: 5000,
        interference: QUIET_RULES,
      });
      const runIds: string[] = [];
      const side = (kubeProxy: 'ebpf' | 'iptables') =>
        createPlatforms({
          datapaths: ['bridge-hostgw'],
          kubeProxy: [kubeProxy],
          dummyServices: suite.dummyServices,
          onRunId: (_label, runId) => runIds.push(runId),
        });
      const [base] = side('ebpf');
      const [head] = side('iptables');
      const unsupported = base!.supports('pod-to-service-cross-node');
      if (unsupported !== null) ctx.skip(`eBPF kube-proxy: ${unsupported}`);
      const [b, h] = await profiledPair(base!, head!, suite, runIds);
      expect([b.subject.kubeProxy, h.subject.kubeProxy]).toEqual(['ebpf', 'iptables']);
      const s = (f: ResultsFile) => f.scenarios.find((x) => x.id === scenario)!;
      expect(s(b).skipped).toBeUndefined();
      expect(s(h).profile?.workUnit).toMatch(/connection/);
      expect(grownFunctions(b, h, scenario)).toEqual(
        expect.arrayContaining([expect.stringMatching(RULE_WALK)]),
      );
    }, 400_000);
  },
);
