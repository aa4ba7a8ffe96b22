/**
 * The action running the REAL lab suite (root, network namespaces): baseline mode with a tiny
 * suite (one scenario, 2 × 1 s), then the post step, which must leave no cpg- namespaces behind.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHubServer } from '../../helpers/fake-github-server.js';
import { buildDist, runStep } from './action-process.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const isRoot = process.getuid?.() === 0;
const STATE_ROOT = '/run/cni-perf-gate';
/** Lab run ids whose recorded owner is `pid` (other helpers' runs on this machine are ignored). */
const runsOwnedBy = async (pid: number): Promise<string[]> => {
  const dirs = await readdir(STATE_ROOT).catch(() => [] as string[]);
  const owned: string[] = [];
  for (const d of dirs) {
    const owner = await readFile(join(STATE_ROOT, d, 'owner'), 'utf8').catch(() => '');
    if (Number(owner.trim()) === pid) owned.push(d);
  }
  return owned;
};
const namespacesOf = (runIds: readonly string[]): string[] =>
  execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => runIds.some((id) => n.startsWith(`cpg-${id}-`)));

describe.skipIf(!isRoot)('action on the real lab', () => {
  let base: string;
  let gh: FakeGitHubServer;
  beforeAll(async () => {
    await buildDist(ROOT);
    base = await mkdtemp(join(tmpdir(), 'cpg-action-lab-'));
    gh = await startFakeGitHub();
  });
  afterAll(async () => {
    await gh.close();
    await rm(base, { recursive: true, force: true });
    expect(existsSync(base)).toBe(false);
  });

  it('baseline mode measures a tiny suite, uploads the artifact, and post cleans up', async () => {
    const suite = join(base, 'suite.yaml');
    await writeFile(
      suite,
      [
        'profile: quick',
        'topologies: [pod-to-pod-cross-node]',
        'tests: [tcp-stream]',
        'repetitions: 2',
        'iperf:',
        '  durationS: 1',
        '  omitS: 0',
        '',
      ].join('\n'),
    );
    const started = Date.now();
    const r = await runStep(ROOT, base, {
      entry: 'main',
      inputs: {
        mode: 'baseline',
        datapath: 'bridge-hostgw',
        suite,
        'baseline-key': 'lab-tiny',
        'github-token': 't',
      },
      env: gh.envFor(42),
      event: { name: 'push', payload: {} },
    });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('::group::');
    expect(r.state['cni-perf-gate-suite-started']).toBe('true');
    const results = JSON.parse(await readFile(r.outputs['results-path']!, 'utf8')) as {
      scenarios: { id: string; samples: { metrics: Record<string, number> }[] }[];
    };
    // The pod scenario, then the control (host path) sampled interleaved with it.
    expect(results.scenarios.map((s) => s.id)).toEqual([
      'pod-to-pod-cross-node/tcp-stream',
      'host-cross-node/tcp-stream',
    ]);
    for (const scenario of results.scenarios) {
      expect(scenario.samples).toHaveLength(2);
      expect(scenario.samples[0]?.metrics['tcp_throughput_bps']).toBeGreaterThan(0);
      expect(scenario.samples[0]?.metrics['foreign_cpu_percent']).toBeGreaterThanOrEqual(0);
    }
    expect(gh.state.artifacts.map((a) => a.name)).toEqual(['cni-perf-gate-baseline-lab-tiny']);
    expect(r.summary).toContain('lab-tiny');
    console.log(`tiny lab baseline took ${Date.now() - started} ms`);

    const post = await runStep(ROOT, base, { entry: 'post', inputs: {}, env: {}, stateFrom: r.state });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain('cni-perf-gate post:');
    const ours = await runsOwnedBy(r.pid);
    expect(ours).toEqual([]);
    expect(namespacesOf(ours)).toEqual([]);
  });
});
