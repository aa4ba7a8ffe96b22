import { describe, expect, it } from 'vitest';
import { findRecentBaselines } from '../../../src/github/baseline-history.js';
import type { GitHubApi, RunArtifact, WorkflowRunSummary } from '../../../src/github/types.js';

function api(runs: WorkflowRunSummary[], artifacts: Record<number, RunArtifact[]>) {
  const listed: number[] = [];
  const gitHub: GitHubApi = {
    async *listIssueComments() {},
    createIssueComment: async () => ({ id: 1, body: '' }),
    updateIssueComment: async () => ({ id: 1, body: '' }),
    async *listSuccessfulWorkflowRuns() {
      yield* runs;
    },
    async *listRunArtifacts(runId) {
      listed.push(runId);
      yield* artifacts[runId] ?? [];
    },
    getDefaultBranch: async () => 'main',
    getPullRequestHead: async (n) => ({ number: n, headSha: 'x' }),
  };
  return { gitHub, listed };
}

const run = (id: number): WorkflowRunSummary => ({
  id,
  headBranch: 'main',
  headSha: `sha${id}`,
  createdAt: `2026-03-${String(id).padStart(2, '0')}T04:00:00Z`,
  htmlUrl: `https://github.com/o/r/actions/runs/${id}`,
});
const artifact = (id: number, name: string, expired = false): RunArtifact => ({
  id,
  name,
  expired,
  createdAt: null,
});
const NAME = 'cni-perf-gate-baseline-default';

describe('findRecentBaselines', () => {
  it('returns the newest K runs carrying the artifact, skipping expired ones and other names, and stops early', async () => {
    const runs = [9, 8, 7, 6, 5, 4].map(run);
    const { gitHub, listed } = api(runs, {
      9: [artifact(90, 'other-key')],
      8: [artifact(80, NAME, true)],
      7: [artifact(70, 'report'), artifact(71, NAME)],
      6: [artifact(60, NAME)],
      5: [artifact(50, NAME)],
      4: [artifact(40, NAME)],
    });
    const found = await findRecentBaselines(gitHub, {
      workflow: 'b.yml',
      branch: 'main',
      artifactName: NAME,
      count: 3,
    });
    expect(found.locations.map((l) => [l.run.id, l.artifact.id])).toEqual([
      [7, 71],
      [6, 60],
      [5, 50],
    ]);
    expect(found.expired).toBe(1);
    expect(found.runsSearched).toBe(5);
    expect(listed).toEqual([9, 8, 7, 6, 5]);
  });

  it('returns what it has after maxRuns runs', async () => {
    const runs = [3, 2, 1].map(run);
    const { gitHub } = api(runs, { 3: [artifact(30, NAME)], 1: [artifact(10, NAME)] });
    const found = await findRecentBaselines(gitHub, {
      workflow: 'b.yml',
      branch: 'main',
      artifactName: NAME,
      count: 5,
      maxRuns: 2,
    });
    expect(found.locations.map((l) => l.run.id)).toEqual([3]);
    expect(found.runsSearched).toBe(2);
  });
});
