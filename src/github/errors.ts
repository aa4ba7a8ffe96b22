/** The HTTP status of a failed Octokit request, or undefined when the error is not one. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

/** True when GitHub refused the call for lack of permission (a fork PR's read-only token). */
export function isPermissionDenied(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status === 401 || status === 403;
}

/** True when a retry may help: GitHub or a proxy failed (5xx) or rate limited with 429. */
export function isTransient(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status !== undefined && (status >= 500 || status === 429);
}
