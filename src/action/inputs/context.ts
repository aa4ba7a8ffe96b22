import { UserError } from '../../core/errors.js';
import type { Source } from '../../core/results/types.js';
import type { RepoRef } from '../../github/types.js';

/** The triggering workflow_run, when the event is one (fork-safe comment workflows). */
export interface WorkflowRunTrigger {
  readonly id: number;
  readonly headSha: string;
  readonly event: string;
}

/** What the runner tells the action about where and why it runs (GITHUB_* / RUNNER_* env). */
export interface ActionContext {
  readonly repo: RepoRef;
  readonly serverUrl: string;
  readonly runId: number | null;
  readonly eventName: string;
  /** The PR this run is about, or null (push, schedule, …). */
  readonly pullRequestNumber: number | null;
  /** The default branch named in the event payload, when it carries one. */
  readonly payloadDefaultBranch: string | null;
  /** File name of the running workflow (from GITHUB_WORKFLOW_REF), e.g. `ci.yml`. */
  readonly workflowFile: string | null;
  readonly workflowRun: WorkflowRunTrigger | null;
  readonly runnerOs: string;
  /** Scratch directory for downloads and reports (RUNNER_TEMP, else the OS temp dir). */
  readonly tempDir: string;
  /** Base directory for relative input paths (GITHUB_WORKSPACE, else the cwd). */
  readonly workspace: string;
  /** The PR's base commit (`pull_request.base.sha`), for mode `paired`; null/absent outside a PR. */
  readonly pullRequestBaseSha?: string | null;
  /** The commit and ref the workflow runs on (GITHUB_SHA, GITHUB_REF, GITHUB_REF_NAME); absent outside a run. */
  readonly sha?: string | null;
  readonly ref?: string | null;
  readonly refName?: string | null;
}

type Env = Readonly<Record<string, string | undefined>>;

const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function positive(v: unknown): number | null {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}

/** The PR number of a pull_request / pull_request_target / issue_comment-on-PR payload. */
export function pullRequestNumberOf(payload: Record<string, unknown>): number | null {
  const pr = asRecord(payload['pull_request']);
  if (pr) return positive(pr['number']);
  const issue = asRecord(payload['issue']);
  if (issue && issue['pull_request']) return positive(issue['number']);
  return null;
}

/**
 * Builds the context from the runner's environment and the event payload text
 * (GITHUB_EVENT_PATH's content, or null when there is none).
 */
export function readActionContext(
  env: Env,
  payloadText: string | null,
  fallbacks: { tempDir: string; cwd: string },
): ActionContext {
  const repository = env['GITHUB_REPOSITORY'] ?? '';
  const [owner, repo, extra] = repository.split('/');
  if (!owner || !repo || extra !== undefined) {
    throw new UserError(
      `GITHUB_REPOSITORY must be 'owner/repo' (got '${repository}'); run this action inside GitHub Actions`,
    );
  }
  let payload: Record<string, unknown> = {};
  if (payloadText) {
    try {
      payload = asRecord(JSON.parse(payloadText)) ?? {};
    } catch {
      throw new UserError(`GITHUB_EVENT_PATH does not hold JSON; it must be the runner's event payload file`);
    }
  }
  const workflowRef = env['GITHUB_WORKFLOW_REF'] ?? '';
  const workflowPath = workflowRef.split('@')[0] ?? '';
  const workflowFile = workflowPath.includes('/.github/workflows/')
    ? (workflowPath.split('/').pop() ?? null)
    : null;
  const wr = asRecord(payload['workflow_run']);
  const wrId = wr ? positive(wr['id']) : null;
  return {
    repo: { owner, repo },
    serverUrl: (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, ''),
    runId: positive(env['GITHUB_RUN_ID']),
    eventName: env['GITHUB_EVENT_NAME'] ?? '',
    pullRequestNumber: pullRequestNumberOf(payload),
    payloadDefaultBranch: (() => {
      const b = asRecord(payload['repository'])?.['default_branch'];
      return typeof b === 'string' && b !== '' ? b : null;
    })(),
    workflowFile,
    workflowRun:
      wr && wrId
        ? { id: wrId, headSha: String(wr['head_sha'] ?? ''), event: String(wr['event'] ?? '') }
        : null,
    runnerOs: env['RUNNER_OS'] ?? '',
    tempDir: env['RUNNER_TEMP'] || fallbacks.tempDir,
    workspace: env['GITHUB_WORKSPACE'] || fallbacks.cwd,
    sha: /^[0-9a-f]{7,64}$/.test(env['GITHUB_SHA'] ?? '') ? env['GITHUB_SHA']! : null,
    ref: env['GITHUB_REF'] || null,
    refName: env['GITHUB_REF_NAME'] || null,
    pullRequestBaseSha: (() => {
      const sha = asRecord(asRecord(payload['pull_request'])?.['base'])?.['sha'];
      return typeof sha === 'string' && /^[0-9a-f]{7,64}$/i.test(sha) ? sha : null;
    })(),
  };
}

/** Link to this workflow run, or null outside a run. */
export function runUrlOf(context: ActionContext): string | null {
  return context.runId === null
    ? null
    : `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`;
}

/** The work directory for this run's files (under RUNNER_TEMP). */
export function workDirOf(context: ActionContext): string {
  return `${context.tempDir}/cni-perf-gate-${context.runId ?? process.pid}`;
}

/** Provenance of results measured in this workflow run (commit, ref, repository, run URL). */
export function sourceOf(context: ActionContext): Source | undefined {
  const runUrl = runUrlOf(context);
  const source: Source = {
    ...(context.sha ? { commit: context.sha } : {}),
    ...(context.ref ? { ref: context.ref } : {}),
    repository: `${context.repo.owner}/${context.repo.repo}`,
    ...(runUrl && /^https?:\/\//.test(runUrl) ? { runUrl } : {}),
  };
  return source.commit || source.runUrl ? source : undefined;
}
