import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** test/fixtures, written by scripts/gen-fixtures.sh from real iperf3/wrk runs. */
const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** One captured run: stdout, stderr (empty when the tool wrote none) and the exit code. */
export interface CapturedRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** stdout followed by stderr: what a runner hands to the parsers. */
  readonly combined: string;
}

/** Reads `test/fixtures/<path>` and its `.stderr` / `.exit-code` companions. */
export function captured(path: string): CapturedRun {
  const stdout = readFileSync(FIXTURES + path, 'utf8');
  const stderrPath = `${FIXTURES}${path}.stderr`;
  const stderr = existsSync(stderrPath) ? readFileSync(stderrPath, 'utf8') : '';
  const exitCode = Number(readFileSync(`${FIXTURES}${path}.exit-code`, 'utf8').trim());
  return { stdout, stderr, exitCode, combined: stderr === '' ? stdout : `${stdout}\n${stderr}` };
}

/** Reads a plain fixture file. */
export function fixtureText(path: string): string {
  return readFileSync(FIXTURES + path, 'utf8');
}
