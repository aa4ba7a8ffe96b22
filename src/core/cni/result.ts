import { ToolError } from '../errors.js';
import type { CniErrorResult, CniResult } from './types.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The tool name used in errors for a plugin binary. */
export function cniToolName(pluginType: string): string {
  return `CNI plugin ${pluginType}`;
}

/** Parses a plugin's success output (ADD); throws a ToolError naming the plugin when it is not a result. */
export function parseCniResult(stdout: string, pluginType: string): CniResult {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new ToolError(
      cniToolName(pluginType),
      `printed no JSON result (${stdout.trim().slice(0, 200) || 'empty output'})`,
    );
  }
  if (!isObject(doc) || typeof doc['cniVersion'] !== 'string') {
    throw new ToolError(cniToolName(pluginType), 'printed a result without "cniVersion"');
  }
  return doc as CniResult;
}

/** Reads a CNI error object (`{"code","msg","details"}`) or undefined when the text is not one. */
export function parseCniErrorResult(text: string): CniErrorResult | undefined {
  try {
    const doc: unknown = JSON.parse(text);
    if (isObject(doc) && typeof doc['code'] === 'number' && typeof doc['msg'] === 'string') {
      return {
        code: doc['code'],
        msg: doc['msg'],
        ...(typeof doc['details'] === 'string' && doc['details'] !== '' ? { details: doc['details'] } : {}),
      };
    }
  } catch {
    // not JSON: handled by the caller
  }
  return undefined;
}

/** The ToolError for a failed plugin run: its own error message when it printed one, else its stderr. */
export function cniFailure(
  pluginType: string,
  command: string,
  exitCode: number,
  stdout: string,
  stderr: string,
): ToolError {
  const parsed = parseCniErrorResult(stdout) ?? parseCniErrorResult(stderr);
  const text = parsed
    ? `${parsed.msg}${parsed.details ? `: ${parsed.details}` : ''} (CNI error code ${parsed.code})`
    : (stderr.trim() || stdout.trim() || `exit code ${exitCode}`).split('\n')[0]!;
  return new ToolError(cniToolName(pluginType), `${command}: ${text}`);
}

/** The first IPv4 address (without prefix length) of a result, or undefined. */
export function firstIpv4(result: CniResult): string | undefined {
  for (const ip of result.ips ?? []) {
    const address = ip.address.split('/')[0] ?? '';
    if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) return address;
  }
  return undefined;
}
