/**
 * The action's `history` input as a runner runs it (`node dist/action/main.js`) against the fake
 * GitHub on 127.0.0.1: several baseline runs, listings that span pages, expired and corrupt
 * artifacts, the gate pooling the baselines after their latest change point, and baseline mode
 * writing the HTML history report.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serializeResults } from '../../../src/core/results/serialize.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import { makeZip, startFakeGitHub, type FakeGitHubServer } from '../../helpers/fake-github-server.js';
import { makeResults } from '../../helpers/results-factory.js';
import { buildDist, runStep, type StepResult } from './action-process.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const TCP = 'pod-to-pod-cross-node/tcp-stream';
const KEY = 'hist';
const ARTIFACT = `cni-perf-gate-baseline-${KEY}`;

let base: string;

const results = (median: number, seed: number, createdAt: string): ResultsFile =>
  makeResults({
    seed,
    createdAt,
    scenarios: {
      [TCP]: { tcp_throughput_bps: { median, cv: 0.01, n: 8 } },
      'pod-to-pod-cross-node/http-max': { http_rps: { median: 20000, cv: 0.01, n: 8 } },
    },
  });

const day = (i: number): string => `2026-02-${String(i).padStart(2, '0')}T03:00:00.000Z`;

beforeAll(async () => {
  await buildDist(ROOT);
  base = await mkdtemp(join(tmpdir(), 'cpg-action-history-'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
  expect(existsSync(base)).toBe(false);
});

describe('action history input (dist/action/main.js against a fake GitHub)', () => {
  const servers: FakeGitHubServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  const start = async (): Promise<FakeGitHubServer> => {
    const s = await startFakeGitHub();
    servers.push(s);
    return s;
  };

  /** Baseline runs 1..levels.length of perf.yml on main, one a day, each with a baseline artifact. */
  const addBaselines = (
    gh: FakeGitHubServer,
    levels: readonly number[],
    extra: { expired?: number[]; corrupt?: number[] } = {},
  ) => {
    levels.forEach((level, i) => {
      const id = 100 + i;
      gh.state.runs.push({
        id,
        workflow: 'perf.yml',
        branch: 'main',
        conclusion: 'success',
        headSha: id.toString(16).padStart(40, '0'),
        createdAt: day(i + 1),
      });
      gh.state.artifacts.push({
        id: 1000 + i,
        runId: id,
        name: ARTIFACT,
        zip: makeZip({
          'cni-perf-gate-results.json': extra.corrupt?.includes(id)
            ? '{"schemaVersion": 1,'
            : serializeResults(results(level, id, day(i + 1))),
        }),
        expired: extra.expired?.includes(id) ?? false,
        createdAt: day(i + 1),
      });
    });
  };

  /** 100 newer successful runs of the same workflow that carry only another key's artifact: the listing needs page 2. */
  const addOtherKeyRuns = (gh: FakeGitHubServer) => {
    for (let i = 0; i < 100; i++) {
      const id = 5000 + i;
      gh.state.runs.push({
        id,
        workflow: 'perf.yml',
        branch: 'main',
        conclusion: 'success',
        headSha: 'f'.repeat(40),
        createdAt: `2026-02-20T${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z`,
      });
      gh.state.artifacts.push({
        id: 50000 + i,
        runId: id,
        name: 'cni-perf-gate-baseline-other-key',
        zip: makeZip({ 'x.txt': 'x' }),
        expired: false,
        createdAt: day(20),
      });
    }
  };

  const gate = async (
    gh: FakeGitHubServer,
    runId: number,
    headLevel: number,
    inputs: Record<string, string>,
  ) => {
    const head = join(base, `head-${runId}.json`);
    await writeFile(head, serializeResults(results(headLevel, runId, '2026-02-25T00:00:00.000Z')));
    return runStep(ROOT, base, {
      entry: 'main',
      inputs: {
        'github-token': 'test-token',
        mode: 'gate',
        'baseline-key': KEY,
        'head-results': head,
        ...inputs,
      },
      env: gh.envFor(runId),
      event: {
        name: 'pull_request',
        payload: {
          pull_request: { number: 7, head: { sha: 'a'.repeat(40) } },
          repository: { default_branch: 'main' },
        },
      },
    });
  };
  const comment = (gh: FakeGitHubServer): string =>
    gh.state.comments.find((c) => c.issueNumber === 7)?.body ?? '';
  const artifactListings = (gh: FakeGitHubServer): number =>
    gh.state.requests.filter((q) => /\/actions\/runs\/\d+\/artifacts$/.test(q.path)).length;

  it('gate with history uses the baselines after their latest change point, across pages, skipping expired and corrupt ones', async () => {
    const gh = await start();
    // Runs 100..105 at 10 Gbit/s, then a −10% step the default branch took: runs 106..111 at 9 Gbit/s.
    // 108 is expired, 110 corrupt: 4 usable after the step.
    addBaselines(gh, [10e9, 10e9, 10e9, 10e9, 10e9, 10e9, 9e9, 9e9, 9e9, 9e9, 9e9, 9e9], {
      expired: [108],
      corrupt: [110],
    });
    addOtherKeyRuns(gh);

    const same: StepResult = await gate(gh, 900, 9e9, { history: '12' });
    expect(same.exitCode, same.stdout + same.stderr).toBe(0);
    expect(same.outputs['verdict']).not.toBe('regression');
    // Pooled with the pre-step runs a 9 Gbit/s head would read as −10%; after the cut it does not.
    expect(same.outputs['baselines-compared']).toBe('4');
    expect(comment(gh)).toMatch(/compared with \*\*4 baseline runs\*\* pooled \(of the last 11 on `main`/);
    expect(comment(gh)).toContain('after the change point of tcp_throughput_bps');
    expect(comment(gh)).toContain('1 unusable skipped');
    expect(comment(gh)).toContain('Run-to-run spread of the 4 baselines');
    expect(comment(gh)).toContain('(https://github.com/octo/cni-config/actions/runs/111)');
    expect(same.warnings.some((w) => w.includes('run 110') && w.includes('not valid JSON'))).toBe(true);
    // The runs listing was read past its first page (100 per page).
    expect(
      gh.state.requests.some(
        (q) => q.path.endsWith('/workflows/perf.yml/runs') && q.query.includes('page=2'),
      ),
    ).toBe(true);
    expect(artifactListings(gh)).toBe(112);

    const slower = await gate(gh, 901, 8e9, { history: '12' });
    expect(slower.exitCode, slower.stdout).toBe(1);
    expect(slower.outputs['verdict']).toBe('regression');
    expect(slower.outputs['baselines-compared']).toBe('4');
    expect(comment(gh)).toMatch(/compared with \*\*4 baseline runs\*\*/);
  });

  it('gate with history and no change point pools all K; without history it compares with the newest only', async () => {
    const gh = await start();
    addBaselines(gh, [9e9, 9e9, 9e9, 9e9, 9e9]);
    const pooled = await gate(gh, 910, 9e9, { history: '3' });
    expect(pooled.exitCode, pooled.stdout).toBe(0);
    expect(pooled.outputs['baselines-compared']).toBe('3');
    expect(artifactListings(gh)).toBe(3);
    const single = await gate(gh, 911, 9e9, {});
    expect(single.outputs['baselines-compared']).toBe('1');
    expect(comment(gh)).toContain('actions/runs/104');
  });

  it('gate with history calls out a regression that a baseline run already matched', async () => {
    const gh = await start();
    addBaselines(gh, [9e9, 9e9, 8.3e9, 9e9, 9e9]);
    const r = await gate(gh, 915, 8.4e9, { history: '5' });
    expect(r.outputs['verdict'], r.stdout).toBe('regression');
    expect(r.outputs['baselines-compared']).toBe('5');
    const warning =
      /tcp_throughput_bps: this run's median 8\.\d+ Gbit\/s is within the run medians of the 5 baselines \(8\.\d+ Gbit\/s – 9\.\d+ Gbit\/s\)/;
    expect(r.warnings.some((w) => warning.test(w))).toBe(true);
    expect(comment(gh)).toMatch(warning);
  });

  it('gate with history and no baseline at all is neutral, as without history', async () => {
    const gh = await start();
    const r = await gate(gh, 920, 9e9, { history: '5' });
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.outputs['baseline-found']).toBe('false');
    expect(r.outputs['verdict']).toBe('inconclusive');
  });

  it('gate with history fails with one clear line when every baseline is unusable', async () => {
    const gh = await start();
    addBaselines(gh, [9e9, 9e9], { corrupt: [100, 101] });
    const r = await gate(gh, 930, 9e9, { history: '5' });
    expect(r.exitCode).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain(
      "none of the 2 baseline artifact(s) 'cni-perf-gate-baseline-hist' on 'main' is usable",
    );
  });

  it('baseline mode with history uploads the HTML report and writes the trend to the job summary', async () => {
    const gh = await start();
    addBaselines(gh, [9e9, 9e9, 9e9, 9e9, 9e9, 9e9, 8e9, 8e9]);
    const head = join(base, 'baseline-head.json');
    await writeFile(head, serializeResults(results(8e9, 77, '2026-02-28T03:00:00.000Z')));
    const r = await runStep(ROOT, base, {
      entry: 'main',
      inputs: {
        'github-token': 'test-token',
        mode: 'baseline',
        'baseline-key': KEY,
        'head-results': head,
        history: '10',
      },
      env: {
        ...gh.envFor(990),
        GITHUB_REF_NAME: 'main',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_SHA: 'c'.repeat(40),
      },
      event: { name: 'schedule', payload: {} },
    });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(
      gh.state.artifacts
        .filter((a) => a.runId === 990)
        .map((a) => a.name)
        .sort(),
    ).toEqual([ARTIFACT, `cni-perf-gate-history-${KEY}`]);
    const dir = r.outputs['history-report']!;
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    expect(html.match(/<svg class="chart"/g)).toHaveLength(2);
    expect(html).toMatch(/data-points="9" data-change-points="1"/);
    const json = JSON.parse(await readFile(join(dir, 'history.json'), 'utf8'));
    expect(json.files).toBe(9);
    const tcp = json.changePoints.find((c: { metric: string }) => c.metric === 'tcp_throughput_bps');
    expect(tcp.index).toBe(6);
    // The runs' provenance: an old baseline's from its run, this run's from the workflow context.
    const points = json.series.find((s: { metric: string }) => s.metric === 'tcp_throughput_bps').points;
    expect(points[0].source.runUrl).toBe('https://github.com/octo/cni-config/actions/runs/100');
    expect(points[8].source).toMatchObject({ commit: 'c'.repeat(40), ref: 'refs/heads/main' });
    expect(r.summary).toContain('### cni-perf-gate history');
    expect(r.summary).toContain('```mermaid\nxychart-beta');
    // The uploaded baseline records where it came from.
    const saved = JSON.parse(await readFile(r.outputs['results-path']!, 'utf8'));
    expect(saved.source.runUrl).toBe('https://github.com/octo/cni-config/actions/runs/990');
  });

  it('rejects history in a mode that has no baselines, and a history out of range', async () => {
    const gh = await start();
    const file = join(base, 'x.json');
    await writeFile(file, serializeResults(results(9e9, 1, day(1))));
    const compare = await runStep(ROOT, base, {
      entry: 'main',
      inputs: { mode: 'compare', 'baseline-results': file, 'head-results': file, history: '5' },
      env: gh.envFor(995),
    });
    expect(compare.exitCode).toBe(1);
    expect(compare.errors[0]).toContain("input 'history' is for modes baseline and gate");
    const big = await gate(gh, 996, 9e9, { history: '500' });
    expect(big.exitCode).toBe(1);
    expect(big.errors[0]).toContain("input 'history' must be a whole number from 1 to 100");
  });
});
