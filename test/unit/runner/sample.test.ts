import { describe, expect, it } from 'vitest';
import { ToolError } from '../../../src/core/errors.js';
import type { ToolInvocation, ToolOutput } from '../../../src/platform/platform.js';
import { toSample } from '../../../src/runner/sample.js';

const invocation: ToolInvocation = { tool: 'iperf3', args: ['-c', '198.18.1.2', '-J'], timeoutMs: 33_000 };
const killed = (stdout: string, stderr: string): ToolOutput => ({
  exitCode: 124,
  stdout,
  stderr,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationS: 35,
  timedOut: true,
});

describe('toSample: a tool killed at its timeout', () => {
  it('says it timed out, after how long, in which scenario (not that its partial output is not JSON)', () => {
    const error = (() => {
      try {
        toSample(
          'pod-to-pod-cross-node/tcp-stream',
          'tcp-stream',
          invocation,
          killed('{"start": {"connected": [', 'iperf3 timed out after 33000 ms and was killed'),
        );
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).scenario).toBe('pod-to-pod-cross-node/tcp-stream');
    expect((error as Error).message).toBe(
      "pod-to-pod-cross-node/tcp-stream: iperf3 failed: timed out after 33 s and was killed (no result within the sample's duration plus grace)",
    );
  });

  it("adds the tool's own last words when it printed any", () => {
    expect(() =>
      toSample(
        'pod-to-service-cross-node/http-max',
        'http-max',
        { tool: 'wrk', args: [], timeoutMs: 12_500 },
        killed(
          '',
          'wrk timed out after 12500 ms and was killed; it printed: unable to connect to 10.96.0.10:80',
        ),
      ),
    ).toThrow(
      "pod-to-service-cross-node/http-max: wrk failed: timed out after 12.5 s and was killed (no result within the sample's duration plus grace); it printed: unable to connect to 10.96.0.10:80",
    );
  });
});
