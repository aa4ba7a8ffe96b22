import { ToolError, UserError, errorMessage } from '../../core/errors.js';
import { httpStatusOf, isPermissionDenied } from '../../github/errors.js';

/**
 * Runs a GitHub call, turning failures into one-line errors: a refusal (401/403) becomes a
 * UserError with `permissionHint`; anything else a ToolError naming `what`.
 */
export async function githubCall<T>(what: string, permissionHint: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof UserError) throw error;
    const status = httpStatusOf(error);
    if (isPermissionDenied(error)) {
      throw new UserError(`GitHub refused to ${what} (HTTP ${status}): ${permissionHint}`);
    }
    const detail = status === undefined ? errorMessage(error) : `HTTP ${status}: ${errorMessage(error)}`;
    throw new ToolError('GitHub API', `could not ${what} (${detail.split('\n')[0]})`);
  }
}
