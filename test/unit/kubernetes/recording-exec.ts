import type { Exec, ExecOptions, ExecResult } from '../../../src/adapters/exec.js';

/** One recorded process run. */
export interface RecordedRun {
  readonly command: string;
  readonly args: readonly string[];
  readonly options?: ExecOptions;
}

/** An Exec that records command lines and answers from a responder (default: exit 0). */
export function recordingExec(
  respond: (
    command: string,
    args: readonly string[],
  ) => Partial<ExecResult> | Promise<Partial<ExecResult>> = () => ({}),
): Exec & { runs: RecordedRun[] } {
  const runs: RecordedRun[] = [];
  return {
    runs,
    async run(command, args, options) {
      runs.push({ command, args: [...args], ...(options ? { options } : {}) });
      return { exitCode: 0, stdout: '', stderr: '', timedOut: false, ...(await respond(command, args)) };
    },
  };
}
