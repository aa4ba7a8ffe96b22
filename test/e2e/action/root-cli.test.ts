/**
 * The action's route to root on non-root runners: the bundled CLI run under `sudo -n`. Here a
 * stand-in for sudo (this machine has none) drops `-n --` and runs the command as this (root) user,
 * so the real CLI bundle runs the real lab and the action reads its results back.
 */
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import {
  requirePasswordlessSudo,
  runArgsFor,
  runSuiteAsRoot,
  type RootCli,
} from '../../../src/action/suite/root-cli.js';
import type { SuiteRunRequest } from '../../../src/action/suite/suite-request.js';
import { buildDist } from './action-process.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const isRoot = process.getuid?.() === 0;

const request = (overrides: Partial<SuiteRunRequest> = {}): SuiteRunRequest => ({
  platform: 'lab',
  datapath: 'bridge-hostgw',
  cniConfig: null,
  routing: null,
  kubeconfig: null,
  suite: {
    source: 'tiny.yaml',
    text: 'profile: quick\ntopologies: [pod-to-pod-cross-node]\ntests: [tcp-stream]\nrepetitions: 2\niperf:\n  durationS: 1\n  omitS: 0\n',
  },
  quick: false,
  repetitions: null,
  ...overrides,
});

/** Lab state dirs whose owner process is gone: a run that did not clean up. */
async function orphanedRuns(): Promise<string[]> {
  const dirs = await readdir('/run/cni-perf-gate').catch(() => [] as string[]);
  const orphans: string[] = [];
  for (const d of dirs) {
    const owner = Number((await readFile(`/run/cni-perf-gate/${d}/owner`, 'utf8').catch(() => '')).trim());
    if (owner > 0 && !existsSync(`/proc/${owner}`)) orphans.push(d);
  }
  return orphans;
}

describe('root CLI arguments', () => {
  it('passes every request field as the matching run flag', () => {
    expect(
      runArgsFor(
        request({
          datapath: 'custom',
          cniConfig: '/w/net.conflist',
          routing: 'vxlan',
          quick: true,
          repetitions: 9,
        }),
        '/t/suite.yaml',
        '/t/out.json',
      ),
    ).toEqual([
      'run',
      '--platform',
      'lab',
      '--datapath',
      'custom',
      '--out',
      '/t/out.json',
      '--cni-config',
      '/w/net.conflist',
      '--routing',
      'vxlan',
      '--suite',
      '/t/suite.yaml',
      '--quick',
      '--repetitions',
      '9',
    ]);
  });

  it('says how to get root when sudo -n does not work', async () => {
    const root: RootCli = { sudo: '/bin/false', node: process.execPath, cliPath: 'unused' };
    await expect(requirePasswordlessSudo(root)).rejects.toThrow(
      /the lab platform needs root .* without passwordless sudo \('\/bin\/false -n true' failed\)/,
    );
  });
});

describe.skipIf(!isRoot)('lab suite through the root CLI', () => {
  let dir: string;
  let root: RootCli;
  beforeAll(async () => {
    await buildDist(ROOT);
    dir = await mkdtemp(join(tmpdir(), 'cpg-root-cli-'));
    const sudo = join(dir, 'sudo');
    await writeFile(sudo, '#!/bin/sh\n[ "$1" = "-n" ] && shift\n[ "$1" = "--" ] && shift\nexec "$@"\n');
    await chmod(sudo, 0o755);
    root = { sudo, node: process.execPath, cliPath: join(ROOT, 'dist/cli/index.js') };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the suite, relays progress and returns the parsed results', async () => {
    const lines: string[] = [];
    const groups: string[] = [];
    const results = await runSuiteAsRoot(
      root,
      request(),
      {
        onLog: (line) => lines.push(line),
        group: async (name, fn) => {
          groups.push(name);
          return fn();
        },
      },
      dir,
      parseResultsJson,
    );
    expect(results).toHaveLength(1);
    const [only] = results;
    expect(only!.subject.datapath).toBe('bridge-hostgw');
    const samples = only!.scenarios[0]!.samples;
    expect(samples).toHaveLength(2);
    for (const s of samples) expect(s.metrics.tcp_throughput_bps).toBeGreaterThan(0);
    expect(groups).toEqual(['lab suite (bridge-hostgw, as root)']);
    expect(lines.some((l) => /pod-to-pod-cross-node\/tcp-stream/.test(l))).toBe(true);
    // The job log shows the command line, as @actions/exec prints it.
    expect(lines[1]).toMatch(/^\[command\]\S+ -n -- \S+ \S+ run --platform lab --datapath bridge-hostgw /);
    // Its temp files are gone, and the run it made left no lab state behind.
    expect((await readdir(dir)).filter((f) => f.startsWith('cni-perf-gate-root-'))).toEqual([]);
    expect(await orphanedRuns()).toEqual([]);
  });

  it('runs a paired request as run --paired and returns base and head, paired', async () => {
    const conflist = (name: string): string =>
      JSON.stringify({
        cniVersion: '1.0.0',
        name,
        plugins: [
          {
            type: 'bridge',
            bridge: 'cni0',
            isGateway: true,
            ipam: {
              type: 'host-local',
              ranges: [[{ subnet: '{{podCIDR}}' }]],
              routes: [{ dst: '0.0.0.0/0' }],
            },
          },
        ],
      });
    const lines: string[] = [];
    const results = await runSuiteAsRoot(
      root,
      request({
        datapath: 'custom',
        routing: 'host-gw',
        suite: {
          source: 'tiny.yaml',
          text: 'topologies: [pod-to-pod-cross-node]\ntests: [tcp-stream]\nrepetitions: 3\nmaxRepetitions: 4\niperf: { durationS: 1, omitS: 0 }\n',
        },
        paired: {
          base: { source: 'base.conflist', text: conflist('base-net') },
          head: { source: 'head.conflist', text: conflist('head-net') },
          pairingId: 'pr-7-abcdef12',
          thresholds: {},
        },
      }),
      { onLog: (line) => lines.push(line) },
      dir,
      parseResultsJson,
    );
    expect(results.map((r) => r.pairing?.role)).toEqual(['base', 'head']);
    // The request's pairing id reaches the CLI (the same options as an in-process run).
    expect(results.map((r) => r.pairing?.id)).toEqual(['pr-7-abcdef12', 'pr-7-abcdef12']);
    expect(lines[0]).toMatch(
      /sudo -n cni-perf-gate run --platform lab --paired \S+base\.conflist \S+head\.conflist/,
    );
    expect(await orphanedRuns()).toEqual([]);
  });

  it("turns the CLI's one-line error into this step's error", async () => {
    await expect(
      runSuiteAsRoot(
        root,
        request({ datapath: 'no-such-datapath' as SuiteRunRequest['datapath'] }),
        {},
        dir,
        parseResultsJson,
      ),
    ).rejects.toThrow(/no-such-datapath/);
  });
});
