/**
 * Errors the user can fix: bad input, bad files, missing tools. Entry points print the message
 * on one line (no stack) and exit 2. The message names the thing and says how to fix it.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A measuring tool (iperf3, wrk, nginx, a CNI plugin) reported an error: not a sample.
 * The message names the tool, the scenario when known, and the tool's own words.
 */
export class ToolError extends UserError {
  override readonly name = 'ToolError' as 'UserError';
  constructor(
    readonly tool: string,
    readonly toolMessage: string,
    readonly scenario?: string,
  ) {
    super(`${scenario ? `${scenario}: ` : ''}${tool} failed: ${toolMessage}`);
  }

  /** The same error with the scenario filled in (parsers do not know it; runners do). */
  inScenario(scenario: string): ToolError {
    return new ToolError(this.tool, this.toolMessage, scenario);
  }
}

/** The message of any thrown value, for one-line reports. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
