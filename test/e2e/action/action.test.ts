/**
 * The action as a runner runs it: `node dist/action/main.js` with INPUT_* / GITHUB_* env against
 * a fake GitHub on 127.0.0.1. Assertions are on the fake's state, the job summary, the outputs
 * file and the exit code — no module mocks at the GitHub boundary.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { marked } from 'marked';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serializeResults } from '../../../src/core/results/serialize.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import { makeZip, startFakeGitHub, type FakeGitHubServer } from '../../helpers/fake-github-server.js';
import { makeResults } from '../../helpers/results-factory.js';
import { buildDist, runStep, type StepResult } from './action-process.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SCENARIO = 'pod-to-pod-cross-node/tcp-stream';
const MARKER = (key: string): string => `<!-- cni-perf-gate:${key} -->`;

let base: string;
let gh: FakeGitHubServer;
let files: { base: string; same: string; slower: string; corrupt: string };

const results = (median: number, seed: number): ResultsFile =>
  makeResults({
    seed,
    scenarios: {
      [SCENARIO]: { tcp_throughput_bps: { median, cv: 0.01, n: 8 } },
      'pod-to-pod-cross-node/http-max': { http_rps: { median: 20000, cv: 0.01, n: 8 } },
    },
  });

beforeAll(async () => {
  await buildDist(ROOT);
  base = await mkdtemp(join(tmpdir(), 'cpg-action-e2e-'));
  files = {
    base: join(base, 'base.json'),
    same: join(base, 'same.json'),
    slower: join(base, 'slower.json'),
    corrupt: join(base, 'corrupt.json'),
  };
  await writeFile(files.base, serializeResults(results(9e9, 1)));
  await writeFile(files.same, serializeResults(results(9e9, 2)));
  await writeFile(files.slower, serializeResults(results(7.5e9, 3)));
  await writeFile(files.corrupt, '{"schemaVersion": 1, "tool": ');
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
  expect(existsSync(base)).toBe(false);
});

describe('action (dist/action/main.js against a fake GitHub)', () => {
  const servers: FakeGitHubServer[] = [];
  const start = async (): Promise<FakeGitHubServer> => {
    const s = await startFakeGitHub();
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      await s.close();
      expect(s.closed).toBe(true);
    }
  });

  const prEvent = (number = 7): { name: string; payload: unknown } => ({
    name: 'pull_request',
    payload: {
      pull_request: { number, head: { sha: 'a'.repeat(40) } },
      repository: { default_branch: 'main' },
    },
  });
  const step = (
    server: FakeGitHubServer,
    runId: number,
    inputs: Record<string, string>,
    event = prEvent(),
  ): Promise<StepResult> =>
    runStep(ROOT, base, {
      entry: 'main',
      inputs: { 'github-token': 'test-token', ...inputs },
      env: server.envFor(runId),
      event,
    });
  const commentsOn = (server: FakeGitHubServer, issue: number) =>
    server.state.comments.filter((c) => c.issueNumber === issue);

  it('keeps one sticky comment per key across runs (paginated listing), a new key adds a second', async () => {
    gh = await start();
    // 150 unrelated comments first: the action's comment lands on page 2 of 100.
    for (let i = 0; i < 150; i++) {
      gh.state.comments.push({
        id: i + 1,
        issueNumber: 7,
        body: `chatter ${i}`,
        createdAt: '',
        updatedAt: '',
      });
    }
    const inputs = {
      mode: 'compare',
      'baseline-results': files.base,
      'head-results': files.same,
      'baseline-key': 'k1',
    };
    const first = await step(gh, 101, inputs);
    expect(first.exitCode, first.stdout).toBe(0);
    const second = await step(gh, 102, inputs);
    expect(second.exitCode, second.stdout).toBe(0);

    const ours = commentsOn(gh, 7).filter((c) => c.body.includes(MARKER('k1')));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('/actions/runs/102');
    expect(ours[0]!.body).not.toContain('/actions/runs/101');
    expect(gh.state.requests.some((r) => r.method === 'PATCH')).toBe(true);
    // The listing was walked past page 1 (Link rel="next").
    expect(
      gh.state.requests.some((r) => r.path.endsWith('/issues/7/comments') && r.query.includes('page=2')),
    ).toBe(true);
    expect(second.outputs['verdict']).toBe('pass');
    expect(second.outputs['regressions']).toBe('0');

    const third = await step(gh, 103, { ...inputs, 'baseline-key': 'k2' });
    expect(third.exitCode, third.stdout).toBe(0);
    const marked2 = commentsOn(gh, 7).filter((c) => c.body.includes('<!-- cni-perf-gate:'));
    expect(marked2).toHaveLength(2);
    expect(marked2.filter((c) => c.body.includes(MARKER('k2')))).toHaveLength(1);
    expect(commentsOn(gh, 7)).toHaveLength(152);
  });

  it('fails on a regression with fail-on: regression, naming the metric in comment and annotations', async () => {
    gh = await start();
    const r = await step(gh, 201, {
      mode: 'compare',
      'baseline-results': files.base,
      'head-results': files.slower,
      'fail-on': 'regression',
    });
    expect(r.exitCode).toBe(1);
    expect(r.outputs['verdict']).toBe('regression');
    expect(Number(r.outputs['regressions'])).toBeGreaterThanOrEqual(1);
    const [comment] = commentsOn(gh, 7);
    expect(comment?.body).toContain('tcp_throughput_bps');
    expect(comment?.body).toMatch(/regression/i);
    expect(r.errors.some((l) => l.includes(SCENARIO) && l.includes('tcp_throughput_bps'))).toBe(true);
    expect(r.errors.some((l) => l.includes('performance regression'))).toBe(true);

    const lenient = await step(gh, 202, {
      mode: 'compare',
      'baseline-results': files.base,
      'head-results': files.slower,
      'fail-on': 'never',
    });
    expect(lenient.exitCode).toBe(0);
    expect(lenient.outputs['verdict']).toBe('regression');
  });

  it('informational metrics never raise errors or count as regressions; the JSON report is written', async () => {
    gh = await start();
    // A 10% TCP loss against a 15% threshold, with the control measured: the raw metric is inside
    // the threshold, and so is its …_vs_host twin (the threshold applies to both).
    const withControl = (pod: number, seed: number): ResultsFile =>
      makeResults({
        seed,
        scenarios: {
          'host-cross-node/tcp-stream': { tcp_throughput_bps: { median: 18e9, cv: 0.01, n: 8 } },
          [SCENARIO]: {
            tcp_throughput_bps: { median: 12e9 * pod, cv: 0.01, n: 8 },
            tcp_retransmits: { median: pod < 1 ? 80 : 40, cv: 0.01, n: 8 },
          },
        },
      });
    const dir = await mkdtemp(join(base, 'informational-'));
    await writeFile(join(dir, 'base.json'), serializeResults(withControl(1, 1)));
    await writeFile(join(dir, 'head.json'), serializeResults(withControl(0.9, 2)));
    const r = await step(gh, 251, {
      mode: 'compare',
      'baseline-results': join(dir, 'base.json'),
      'head-results': join(dir, 'head.json'),
      thresholds: 'tcp_throughput_bps=15',
      'fail-on': 'regression',
    });
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.errors.filter((l) => l.includes('CNI performance regression'))).toEqual([]);
    expect(r.outputs['regressions']).toBe('0');
    const json = JSON.parse(await readFile(r.outputs['report-json-path']!, 'utf8'));
    expect(json.verdict).toBe(r.outputs['verdict']);
    const retrans = json.comparisons.find((c: { metric: string }) => c.metric === 'tcp_retransmits');
    expect(retrans).toMatchObject({ role: 'informational', verdict: 'regression', gate: null });
    expect(json.countsByRole.informational.regression).toBeGreaterThanOrEqual(1);
    expect(json.counts.regression).toBe(0);
  });

  it('on a 403 when commenting (fork PR token) warns, still writes the full summary and the true verdict', async () => {
    gh = await start();
    gh.state.faults.push({
      method: 'POST',
      path: /\/issues\/\d+\/comments$/,
      status: 403,
      times: Infinity,
      message: 'Resource not accessible by integration',
    });
    const r = await step(gh, 301, {
      mode: 'compare',
      'baseline-results': files.base,
      'head-results': files.slower,
      'fail-on': 'regression',
    });
    expect(r.exitCode).toBe(1);
    expect(r.outputs['verdict']).toBe('regression');
    expect(r.warnings.some((l) => l.includes('403') && l.includes('read-only'))).toBe(true);
    expect(gh.state.comments).toHaveLength(0);
    expect(r.summary).toContain('tcp_throughput_bps');
    expect(r.summary).toContain('```mermaid');
    expect(r.summary).toContain('| Scenario');
  });

  it('retries a transient 5xx on the comment listing and still leaves one comment', async () => {
    gh = await start();
    gh.state.faults.push({ method: 'GET', path: /\/issues\/7\/comments$/, status: 502, times: 1 });
    const r = await step(gh, 351, {
      mode: 'compare',
      'baseline-results': files.base,
      'head-results': files.same,
    });
    expect(r.exitCode, r.stdout).toBe(0);
    expect(commentsOn(gh, 7)).toHaveLength(1);
    expect(gh.state.faults[0]!.times).toBe(0);
  });

  it('renders a comment that a GFM renderer turns into a table and a mermaid code block', async () => {
    gh = await start();
    const r = await step(gh, 401, {
      mode: 'compare',
      'baseline-results': files.base,
      'head-results': files.slower,
      'fail-on': 'never',
    });
    expect(r.exitCode).toBe(0);
    const html = await marked.parse(commentsOn(gh, 7)[0]!.body, { gfm: true });
    expect(html).toMatch(/<table>/);
    const headers = [...html.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(headers).toEqual(expect.arrayContaining(['Scenario', 'Metric', 'Base', 'Head', 'Gate']));
    expect(html).toContain('<code class="language-mermaid">');
    expect(html).toContain('xychart-beta');
  });

  it('gate without a baseline is neutral: inconclusive, exit 0, instructions to create one', async () => {
    gh = await start();
    const r = await step(gh, 501, {
      mode: 'gate',
      'head-results': files.same,
      'baseline-key': 'lab-x',
      'fail-on': 'inconclusive',
    });
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.outputs['verdict']).toBe('inconclusive');
    expect(r.outputs['baseline-found']).toBe('false');
    const [comment] = commentsOn(gh, 7);
    expect(comment?.body).toContain('mode: baseline');
    expect(comment?.body).toContain('cni-perf-gate-baseline-lab-x');
    expect(r.summary).toContain('mode: baseline');
    // It asked for successful runs of this workflow on the default branch.
    expect(
      gh.state.requests.some(
        (q) =>
          q.path.endsWith('/actions/workflows/perf.yml/runs') &&
          q.query.includes('branch=main') &&
          q.query.includes('status=success'),
      ),
    ).toBe(true);
  });

  it('gate with a corrupt baseline artifact fails with one clear error line', async () => {
    gh = await start();
    gh.state.runs.push({
      id: 600,
      workflow: 'perf.yml',
      branch: 'main',
      conclusion: 'success',
      headSha: 'b'.repeat(40),
      createdAt: '2024-05-01T00:00:00Z',
    });
    gh.state.artifacts.push({
      id: 6000,
      runId: 600,
      name: 'cni-perf-gate-baseline-lab-x',
      zip: makeZip({ 'cni-perf-gate-results.json': '{"schemaVersion": 1, "tool": ' }),
      expired: false,
      createdAt: '2024-05-01T00:00:00Z',
    });
    const r = await step(gh, 601, { mode: 'gate', 'head-results': files.same, 'baseline-key': 'lab-x' });
    expect(r.exitCode).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain("baseline artifact 'cni-perf-gate-baseline-lab-x'");
    expect(r.errors[0]).toContain('re-run the baseline workflow');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('baseline mode uploads an artifact that a later gate run finds, downloads (via redirect) and compares', async () => {
    gh = await start();
    const b = await step(
      gh,
      700,
      { mode: 'baseline', 'head-results': files.base, 'baseline-key': 'round' },
      { name: 'push', payload: {} },
    );
    expect(b.exitCode, b.stdout + b.stderr).toBe(0);
    expect(b.outputs['verdict']).toBe('none');
    expect(gh.state.artifacts.map((a) => a.name)).toEqual(['cni-perf-gate-baseline-round']);
    expect(gh.state.comments).toHaveLength(0);
    // GitHub marks the run successful once the job ends.
    gh.state.runs.push({
      id: 700,
      workflow: 'perf.yml',
      branch: 'main',
      conclusion: 'success',
      headSha: 'c'.repeat(40),
      createdAt: '2024-06-01T00:00:00Z',
    });
    // An older failed run and a newer run on another branch must be ignored.
    gh.state.runs.push({
      id: 699,
      workflow: 'perf.yml',
      branch: 'main',
      conclusion: 'failure',
      headSha: 'd'.repeat(40),
      createdAt: '2024-06-02T00:00:00Z',
    });
    gh.state.runs.push({
      id: 698,
      workflow: 'perf.yml',
      branch: 'feature',
      conclusion: 'success',
      headSha: 'e'.repeat(40),
      createdAt: '2024-06-03T00:00:00Z',
    });

    const g = await step(gh, 701, { mode: 'gate', 'head-results': files.slower, 'baseline-key': 'round' });
    expect(g.exitCode, g.stdout).toBe(1);
    expect(g.outputs['verdict']).toBe('regression');
    expect(g.outputs['baseline-found']).toBe('true');
    expect(gh.state.requests.some((q) => q.path.startsWith('/blob/'))).toBe(true);
    expect(commentsOn(gh, 7)[0]?.body).toContain('actions/runs/700');
    // The HTML report: written next to the others, uploaded as the key's report artifact, named
    // in the job summary.
    expect(gh.state.artifacts.map((a) => a.name)).toEqual([
      'cni-perf-gate-baseline-round',
      'cni-perf-gate-report-round',
    ]);
    const html = await readFile(g.outputs['report-html-path']!, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('regression');
    expect(g.summary).toContain('artifact `cni-perf-gate-report-round` (cni-perf-gate-report.html)');
  });

  it('fork-safe pattern: the PR run uploads a report artifact, mode comment posts it after checking the PR head', async () => {
    gh = await start();
    const sha = 'f'.repeat(40);
    gh.state.pulls.set(7, { headSha: sha });
    const pr = await step(gh, 800, {
      mode: 'compare',
      'baseline-results': files.base,
      'head-results': files.same,
      'baseline-key': 'fork',
      'report-artifact': 'cni-perf-gate-report',
      comment: 'never',
    });
    expect(pr.exitCode, pr.stdout).toBe(0);
    expect(gh.state.comments).toHaveLength(0);
    expect(gh.state.artifacts.map((a) => a.name)).toEqual([
      'cni-perf-gate-report-fork',
      'cni-perf-gate-report',
    ]);

    const trigger = (headSha: string) => ({
      name: 'workflow_run',
      payload: { workflow_run: { id: 800, head_sha: headSha, event: 'pull_request' } },
    });
    const forged = await step(
      gh,
      802,
      { mode: 'comment', 'report-artifact': 'cni-perf-gate-report' },
      trigger('0'.repeat(40)),
    );
    expect(forged.exitCode).toBe(1);
    expect(forged.errors[0]).toContain('refusing to comment');
    expect(gh.state.comments).toHaveLength(0);

    const c = await step(
      gh,
      801,
      { mode: 'comment', 'report-artifact': 'cni-perf-gate-report' },
      trigger(sha),
    );
    expect(c.exitCode, c.stdout).toBe(0);
    expect(c.outputs['verdict']).toBe('pass');
    expect(commentsOn(gh, 7)).toHaveLength(1);
    expect(commentsOn(gh, 7)[0]!.body).toContain(MARKER('fork'));
  });

  it('a broken runner environment or a hostile results file is one ::error:: line each', async () => {
    gh = await start();
    const dir = await mkdtemp(join(base, 'broken-'));
    const inputs = { mode: 'compare', 'baseline-results': files.base, 'head-results': files.same };
    const notJson = join(dir, 'event.json');
    await writeFile(notJson, 'this is not { json');
    const event = await runStep(ROOT, base, {
      entry: 'main',
      inputs,
      env: { ...gh.envFor(910), GITHUB_EVENT_PATH: notJson },
    });
    const notDir = join(dir, 'a-file');
    await writeFile(notDir, '');
    const temp = await runStep(ROOT, base, {
      entry: 'main',
      inputs,
      env: { ...gh.envFor(911), RUNNER_TEMP: join(notDir, 'sub') },
    });
    const deep = join(dir, 'deep.json');
    const nested = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    await writeFile(
      deep,
      serializeResults(results(9e9, 5)).replace('"suite": {}', `"suite": { "x": ${nested} }`),
    );
    const hostile = await step(gh, 912, { ...inputs, 'head-results': deep });
    for (const [r, pattern] of [
      [event, /^::error::GITHUB_EVENT_PATH .*event\.json is not JSON/],
      [temp, /^::error::RUNNER_TEMP .*a-file\/sub is not a writable directory/],
      [hostile, /^::error::.*deep\.json: .* nested more than 64 levels deep/],
    ] as const) {
      expect(r.exitCode, r.stdout + r.stderr).toBe(1);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('rejects bad inputs and paired mode with one line saying how to fix it', async () => {
    gh = await start();
    const bad = await step(gh, 900, { mode: 'compare', 'fail-on': 'always' });
    expect(bad.exitCode).toBe(1);
    expect(bad.errors).toEqual([
      "::error::input 'fail-on' must be one of regression, inconclusive, never (got 'always')",
    ]);
    const paired = await step(gh, 901, { mode: 'paired' });
    expect(paired.exitCode).toBe(1);
    expect(paired.errors[0]).toContain("mode 'paired' needs input 'cni-config'");
    // Platform inputs are checked before anything runs, in the Action's words (never a CLI flag).
    const routing = await step(gh, 903, { mode: 'baseline', datapath: 'host', routing: 'vxlan' });
    expect(routing.exitCode).toBe(1);
    expect(routing.errors).toEqual([
      "::error::input 'routing' is only used with datapath 'custom' or mode 'paired' (datapath 'host' has its own routing)",
    ]);
    const datapath = await step(gh, 904, { mode: 'baseline', datapath: 'bridge' });
    expect(datapath.exitCode).toBe(1);
    expect(datapath.errors).toHaveLength(1);
    expect(datapath.errors[0]).toContain("input 'datapath': 'bridge' is not a lab datapath; valid: host,");
    expect(datapath.errors[0]).not.toMatch(/--[a-z]/);
    const corrupt = await step(gh, 902, {
      mode: 'compare',
      'baseline-results': files.corrupt,
      'head-results': files.same,
    });
    expect(corrupt.exitCode).toBe(1);
    expect(corrupt.errors).toHaveLength(1);
    expect(corrupt.errors[0]).toContain('corrupt.json');
  });
});
