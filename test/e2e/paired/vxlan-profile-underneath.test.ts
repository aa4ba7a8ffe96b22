/**
 * A known cause named by a CPU profile (root, real lab, real `perf`): bridge-hostgw (base) →
 * bridge-vxlan (head) in one paired run with `--profile`'s recorder. Every cross-node packet is
 * now encapsulated in UDP by the vxlan driver, so compare's "What changed underneath" must name
 * a VXLAN / UDP-tunnel kernel function whose CPU per GB grew. Skipped without root or perf.
 */
import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import { renderText } from '../../../src/core/report/text.js';
import { createPlatforms } from '../../../src/platform/factory.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import type { LabDatapath } from '../../../src/platform/lab/index.js';
import { labLeftovers } from '../../helpers/lab-leftovers.js';
import {
  createTestProfiler,
  parserFailures,
  testPerfUnavailable,
  unprofiled,
} from '../../helpers/test-profiler.js';
import { labTestSuite } from '../lab/lab-fixtures.js';

const perfReason = await testPerfUnavailable();
const SCENARIO = 'pod-to-pod-cross-node/tcp-stream';

describe.skipIf(perfReason !== null)(
  `--profile names the VXLAN functions (e2e${perfReason ? `: ${perfReason}` : ''})`,
  () => {
    it('bridge-hostgw → bridge-vxlan: a vxlan / UDP-tunnel kernel function grew per GB', async () => {
      const runIds: string[] = [];
      const suite = labTestSuite({
        topologies: ['pod-to-pod-cross-node'],
        tests: ['tcp-stream'],
        repetitions: 16,
        control: false,
        interference: { maxForeignCpuPercent: 100, maxStealPercent: 100, retakeBudget: 0 },
      });
      const side = (datapath: LabDatapath) =>
        createPlatforms({
          datapaths: [datapath],
          kubeProxy: ['iptables'],
          dummyServices: suite.dummyServices,
          onRunId: (_label, runId) => runIds.push(runId),
        });
      const recorder = createTestProfiler();
      let files: ResultsFile[];
      try {
        files = await runSuite([...side('bridge-hostgw'), ...side('bridge-vxlan')], {
          suite,
          toolVersion: 'test',
          paired: { pairingId: 'vxlan-profile', warmupPairs: 1 },
          profiler: recorder.profiler,
          hooks: { onLog: recorder.onLog },
        });
      } finally {
        const perfLeft = recorder.leftovers();
        recorder.dispose();
        for (const runId of runIds) expect(labLeftovers(runId)).toEqual([]);
        expect(perfLeft).toEqual([]);
      }
      const [base, head] = files as [ResultsFile, ResultsFile];
      const tcp = (f: ResultsFile) => f.scenarios.find((s) => s.id === SCENARIO)!;
      expect(tcp(base).profile?.workUnit).toBe('GB');
      // A sample whose recording failed is kept without a profile (logged); a few may on a loaded machine.
      const headSamples = tcp(head).samples;
      expect(parserFailures(recorder.logs)).toEqual([]);
      expect(unprofiled(headSamples), recorder.logs.join('\n')).toBeLessThanOrEqual(headSamples.length / 8);

      const profiled = headSamples.find((s) => s.profile !== undefined)!;
      const headFns = Object.entries(profiled.profile!.kernelNs).sort((a, b) => b[1] - a[1]);
      console.log(
        'a head sample, vxlan/udp functions (rank: name):',
        headFns.flatMap(([fn], i) => (/vxlan|udp/.test(fn) ? [`${i}: ${fn}`] : [])).join(', '),
      );
      const report = compareResults(base, head);
      console.log(renderText(report));
      const explained = report.underneath?.scenarios.find((s) => s.scenario === SCENARIO);
      for (const c of (explained?.counters ?? []).filter((x) => x.scope === 'kernel-µs').slice(0, 12)) {
        console.log(
          `${c.counter}: ×${c.ratio?.toFixed(2)} p(adj) ${c.pAdjusted} moved ${c.moved} n ${c.base.n}`,
        );
      }
      const grown = (explained?.counters ?? []).filter(
        (c) => c.scope === 'kernel-µs' && c.moved && (c.ratio === null || c.ratio > 1),
      );
      expect(grown.map((c) => c.counter)).toEqual(
        expect.arrayContaining([expect.stringMatching(/vxlan|udp_tunnel|iptunnel|udp4?_lib|udp_send/)]),
      );
    }, 300_000);
  },
);
