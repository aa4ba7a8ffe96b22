import { getOctokit } from '@actions/github';
import { withRetry, type RetryPolicy } from '../adapters/retry.js';
import { sleep } from '../adapters/sleep.js';
import { isTransient } from './errors.js';
import type {
  GitHubApi,
  IssueComment,
  PullRequestHead,
  RepoRef,
  RunArtifact,
  WorkflowRunSummary,
} from './types.js';

type Octokit = ReturnType<typeof getOctokit>;

/** Items per page requested from every listing (GitHub's maximum). */
export const PAGE_SIZE = 100;

/** Retries of transient failures (5xx/429) used when none are given: 4 attempts, waiting 1 s, 2 s, 4 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, sleep };

/** Walks a paginated listing page by page (following `Link: rel="next"`), retrying each page. */
async function* pages<T>(
  retry: RetryPolicy,
  iterable: AsyncIterable<{ data: readonly T[] }>,
): AsyncGenerator<T> {
  const iterator = iterable[Symbol.asyncIterator]();
  for (;;) {
    const step = await retrying(retry, () => iterator.next());
    if (step.done) return;
    yield* step.value.data;
  }
}

/** Runs one API call under the policy, retrying transient failures. */
function retrying<T>(retry: RetryPolicy, fn: () => Promise<T>): Promise<T> {
  return withRetry(fn, retry, isTransient);
}

const toComment = (c: { id: number; body?: string | null }): IssueComment => ({
  id: c.id,
  body: c.body ?? '',
});

/**
 * Creates the Octokit-backed GitHubApi for one repository. The API base URL comes from
 * GITHUB_API_URL (read by @actions/github), so GHES and test servers work unchanged.
 */
export function createGitHubApi(
  token: string,
  repo: RepoRef,
  retry: RetryPolicy = DEFAULT_RETRY_POLICY,
): GitHubApi {
  const octokit: Octokit = getOctokit(token);
  const { owner, repo: name } = repo;
  return {
    listIssueComments(issueNumber) {
      const listing = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        owner,
        repo: name,
        issue_number: issueNumber,
        per_page: PAGE_SIZE,
      });
      return (async function* () {
        for await (const c of pages(retry, listing)) yield toComment(c);
      })();
    },
    async createIssueComment(issueNumber, body) {
      const { data } = await retrying(retry, () =>
        octokit.rest.issues.createComment({ owner, repo: name, issue_number: issueNumber, body }),
      );
      return toComment(data);
    },
    async updateIssueComment(commentId, body) {
      const { data } = await retrying(retry, () =>
        octokit.rest.issues.updateComment({ owner, repo: name, comment_id: commentId, body }),
      );
      return toComment(data);
    },
    listSuccessfulWorkflowRuns(workflow, branch) {
      const listing = octokit.paginate.iterator(octokit.rest.actions.listWorkflowRuns, {
        owner,
        repo: name,
        workflow_id: /^\d+$/.test(workflow) ? Number(workflow) : workflow,
        branch,
        status: 'success',
        per_page: PAGE_SIZE,
      });
      return (async function* (): AsyncGenerator<WorkflowRunSummary> {
        for await (const run of pages(retry, listing)) {
          yield {
            id: run.id,
            headBranch: run.head_branch ?? null,
            headSha: run.head_sha,
            createdAt: run.created_at,
            htmlUrl: run.html_url,
          };
        }
      })();
    },
    listRunArtifacts(runId) {
      const listing = octokit.paginate.iterator(octokit.rest.actions.listWorkflowRunArtifacts, {
        owner,
        repo: name,
        run_id: runId,
        per_page: PAGE_SIZE,
      });
      return (async function* (): AsyncGenerator<RunArtifact> {
        for await (const a of pages(retry, listing)) {
          yield { id: a.id, name: a.name, expired: a.expired, createdAt: a.created_at ?? null };
        }
      })();
    },
    async getDefaultBranch() {
      const { data } = await retrying(retry, () => octokit.rest.repos.get({ owner, repo: name }));
      return data.default_branch;
    },
    async getPullRequestHead(pullNumber): Promise<PullRequestHead> {
      const { data } = await retrying(retry, () =>
        octokit.rest.pulls.get({ owner, repo: name, pull_number: pullNumber }),
      );
      return { number: data.number, headSha: data.head.sha };
    },
  };
}
