import { describe, expect, it } from 'vitest';
import { findLatestBaseline } from '../../../src/github/baseline-lookup.js';
import { commentMarker, upsertStickyComment } from '../../../src/github/sticky-comment.js';
import type { GitHubApi, IssueComment, RunArtifact, WorkflowRunSummary } from '../../../src/github/types.js';

/** An in-memory GitHubApi (the HTTP side is covered by the e2e tests against the fake server). */
function memoryApi(init: {
  comments?: IssueComment[];
  runs?: WorkflowRunSummary[];
  artifacts?: Record<number, RunArtifact[]>;
}) {
  const comments = [...(init.comments ?? [])];
  let nextId = 500;
  const calls: string[] = [];
  const api: GitHubApi = {
    async *listIssueComments() {
      calls.push('list');
      yield* comments;
    },
    async createIssueComment(_n, body) {
      calls.push('create');
      const c = { id: nextId++, body };
      comments.push(c);
      return c;
    },
    async updateIssueComment(id, body) {
      calls.push('update');
      const c = comments.find((x) => x.id === id)!;
      (c as { body: string }).body = body;
      return c;
    },
    async *listSuccessfulWorkflowRuns() {
      yield* init.runs ?? [];
    },
    async *listRunArtifacts(runId) {
      calls.push(`artifacts:${runId}`);
      yield* init.artifacts?.[runId] ?? [];
    },
    getDefaultBranch: async () => 'main',
    getPullRequestHead: async (n) => ({ number: n, headSha: 'x' }),
  };
  return { api, comments, calls };
}

describe('upsertStickyComment', () => {
  const marker = commentMarker('k');
  it('creates once, then updates the same comment', async () => {
    const m = memoryApi({ comments: [{ id: 1, body: 'hello' }] });
    const first = await upsertStickyComment(m.api, {
      issueNumber: 3,
      marker,
      body: 'v1',
      createIfMissing: true,
    });
    const second = await upsertStickyComment(m.api, {
      issueNumber: 3,
      marker,
      body: 'v2',
      createIfMissing: true,
    });
    expect(first.action).toBe('created');
    expect(second).toEqual({ action: 'updated', commentId: first.commentId });
    expect(m.comments.filter((c) => c.body.includes(marker))).toHaveLength(1);
    expect(m.comments.find((c) => c.id === first.commentId)!.body).toBe(`${marker}\nv2`);
  });

  it('with createIfMissing false creates nothing but still updates an existing comment', async () => {
    const m = memoryApi({});
    expect(
      await upsertStickyComment(m.api, { issueNumber: 3, marker, body: 'x', createIfMissing: false }),
    ).toEqual({
      action: 'skipped',
      commentId: null,
    });
    expect(m.comments).toHaveLength(0);
    m.comments.push({ id: 9, body: `${marker}\nold` });
    expect(
      (await upsertStickyComment(m.api, { issueNumber: 3, marker, body: 'new', createIfMissing: false }))
        .action,
    ).toBe('updated');
  });

  it('collapses -- in keys so the marker stays a valid HTML comment', () => {
    expect(commentMarker('a--b')).toBe('<!-- cni-perf-gate:a-b -->');
  });
});

describe('findLatestBaseline', () => {
  const run = (id: number): WorkflowRunSummary => ({
    id,
    headBranch: 'main',
    headSha: 's',
    createdAt: '',
    htmlUrl: `u/${id}`,
  });
  it('returns the newest run carrying a live artifact of that name', async () => {
    const m = memoryApi({
      runs: [run(3), run(2), run(1)],
      artifacts: {
        3: [{ id: 30, name: 'other', expired: false, createdAt: null }],
        2: [{ id: 20, name: 'want', expired: true, createdAt: null }],
        1: [{ id: 10, name: 'want', expired: false, createdAt: null }],
      },
    });
    const result = await findLatestBaseline(m.api, {
      workflow: 'w.yml',
      branch: 'main',
      artifactName: 'want',
    });
    expect(result).toMatchObject({
      found: true,
      runsSearched: 3,
      location: { run: { id: 1 }, artifact: { id: 10 } },
    });
  });
  it('stops after maxRuns', async () => {
    const m = memoryApi({ runs: [run(3), run(2), run(1)] });
    expect(
      await findLatestBaseline(m.api, { workflow: 'w', branch: 'main', artifactName: 'x', maxRuns: 2 }),
    ).toEqual({
      found: false,
      runsSearched: 2,
    });
    expect(m.calls.filter((c) => c.startsWith('artifacts:'))).toEqual(['artifacts:3', 'artifacts:2']);
  });
});
