/** A comment on an issue or pull request, as far as this tool needs it. */
export interface IssueComment {
  readonly id: number;
  readonly body: string;
}

/** A finished workflow run, as far as baseline lookup needs it. */
export interface WorkflowRunSummary {
  readonly id: number;
  readonly headBranch: string | null;
  readonly headSha: string;
  readonly createdAt: string;
  readonly htmlUrl: string;
}

/** An artifact stored by a workflow run. */
export interface RunArtifact {
  readonly id: number;
  readonly name: string;
  readonly expired: boolean;
  readonly createdAt: string | null;
}

/** A pull request's head, used to check that a report belongs to the PR it claims. */
export interface PullRequestHead {
  readonly number: number;
  readonly headSha: string;
}

/** Which repository every call talks about. */
export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

/**
 * The GitHub REST subset the action uses. The real implementation wraps Octokit
 * (rest-client.ts); listings are async iterables over every page so callers can stop early.
 */
export interface GitHubApi {
  /** Every comment of an issue / PR, oldest first, page by page. */
  listIssueComments(issueNumber: number): AsyncIterable<IssueComment>;
  createIssueComment(issueNumber: number, body: string): Promise<IssueComment>;
  updateIssueComment(commentId: number, body: string): Promise<IssueComment>;
  /** Successful runs of a workflow (id or file name) on a branch, newest first. */
  listSuccessfulWorkflowRuns(workflow: string, branch: string): AsyncIterable<WorkflowRunSummary>;
  /** Every artifact of a workflow run. */
  listRunArtifacts(runId: number): AsyncIterable<RunArtifact>;
  /** The repository's default branch. */
  getDefaultBranch(): Promise<string>;
  getPullRequestHead(pullNumber: number): Promise<PullRequestHead>;
}
