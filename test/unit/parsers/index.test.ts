import { describe, expect, it } from 'vitest';
import { ToolError, UserError } from '../../../src/core/errors.js';
import { PARSEABLE_TOOLS, parseIperf3, parseToolOutput, parseWrk } from '../../../src/core/parsers/index.js';
import { captured } from './fixture.js';

describe('parseToolOutput', () => {
  it('iperf3: the metrics parseIperf3 finds', () => {
    const text = captured('iperf3/tcp.json').combined;
    expect(parseToolOutput('iperf3', text)).toEqual({ tool: 'iperf3', metrics: parseIperf3(text).metrics });
  });

  it('wrk: the metrics parseWrk finds', () => {
    const text = captured('wrk/latency.txt').combined;
    const result = parseToolOutput('wrk', text);
    expect(result).toEqual({ tool: 'wrk', metrics: parseWrk(text).metrics });
    expect(Object.keys(result.metrics).sort()).toEqual(
      [
        'http_errors',
        'http_latency_avg_ms',
        'http_latency_p50_ms',
        'http_latency_p75_ms',
        'http_latency_p90_ms',
        'http_latency_p99_ms',
        'http_requests',
        'http_rps',
      ].sort(),
    );
  });

  it('an error output is a ToolError with the tool own words', () => {
    const run = captured('iperf3/error-connection-refused.json');
    expect(() => parseToolOutput('iperf3', run.combined)).toThrow(ToolError);
    expect(() => parseToolOutput('iperf3', run.combined)).toThrow(/Connection refused/);
  });

  it('an unknown tool is a UserError naming the known ones', () => {
    const call = () => parseToolOutput('netperf', 'anything');
    expect(call).toThrow(UserError);
    expect(call).not.toThrow(ToolError);
    expect(call).toThrow('unknown --tool "netperf": parse understands iperf3 and wrk');
    expect(PARSEABLE_TOOLS).toEqual(['iperf3', 'wrk']);
  });
});
