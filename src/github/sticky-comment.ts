import type { GitHubApi } from './types.js';

/** The text inside the hidden marker for a key (`--` cannot appear in an HTML comment, so runs collapse). */
export function markerText(key: string): string {
  return `cni-perf-gate:${key.replace(/-{2,}/g, '-')}`;
}

/** The hidden HTML marker that identifies this tool's comment for one baseline key: `<!-- cni-perf-gate:<key> -->`. */
export function commentMarker(key: string): string {
  return `<!-- ${markerText(key)} -->`;
}

/** What upsertStickyComment did. */
export type StickyCommentAction = 'created' | 'updated' | 'skipped';

/** The outcome of an upsert: the action taken and the comment id when one exists. */
export interface StickyCommentResult {
  readonly action: StickyCommentAction;
  readonly commentId: number | null;
}

/** What to upsert where. */
export interface StickyCommentRequest {
  readonly issueNumber: number;
  /** Hidden marker (see commentMarker); the body gets it prepended when it lacks it. */
  readonly marker: string;
  readonly body: string;
  /** When false, an existing comment is still updated but none is created (comment: on-change). */
  readonly createIfMissing: boolean;
}

/** Finds the first comment whose body contains `marker`, reading every page until found. */
export async function findMarkedComment(
  api: GitHubApi,
  issueNumber: number,
  marker: string,
): Promise<{ id: number; body: string } | undefined> {
  for await (const comment of api.listIssueComments(issueNumber)) {
    if (comment.body.includes(marker)) return comment;
  }
  return undefined;
}

/**
 * Keeps exactly one comment per marker on a PR: updates it in place when it exists,
 * otherwise creates it (when allowed). Permission errors propagate to the caller.
 */
export async function upsertStickyComment(
  api: GitHubApi,
  request: StickyCommentRequest,
): Promise<StickyCommentResult> {
  const body = request.body.includes(request.marker) ? request.body : `${request.marker}\n${request.body}`;
  const existing = await findMarkedComment(api, request.issueNumber, request.marker);
  if (existing) {
    if (existing.body === body) return { action: 'skipped', commentId: existing.id };
    const updated = await api.updateIssueComment(existing.id, body);
    return { action: 'updated', commentId: updated.id };
  }
  if (!request.createIfMissing) return { action: 'skipped', commentId: null };
  const created = await api.createIssueComment(request.issueNumber, body);
  return { action: 'created', commentId: created.id };
}
