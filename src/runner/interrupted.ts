import { UserError } from '../core/errors.js';

/** The run was stopped by its abort signal (SIGINT/SIGTERM); platforms were torn down. */
export class RunInterruptedError extends UserError {
  override readonly name = 'RunInterruptedError' as 'UserError';
  constructor(readonly reason: string) {
    super(`interrupted by ${reason}: run stopped, everything it created was torn down`);
  }
}

/** Names an abort reason for messages: a signal name string, an Error's message, or "abort". */
export function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  const text =
    typeof reason === 'string'
      ? reason
      : reason instanceof Error && reason.name !== 'AbortError'
        ? reason.message
        : '';
  // Entry points may already phrase it ("interrupted by SIGTERM"): keep only the cause.
  return text.replace(/^interrupted by\s+/i, '') || 'abort';
}

/** Throws RunInterruptedError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RunInterruptedError(abortReason(signal));
}

/** Settles like `work`, or rejects with RunInterruptedError as soon as the signal fires. */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new RunInterruptedError(abortReason(signal)));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
