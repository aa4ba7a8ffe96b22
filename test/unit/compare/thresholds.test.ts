import { describe, expect, it } from 'vitest';
import { parseThresholdArgs, parseThresholdsDocument } from '../../../src/core/compare/thresholds.js';
import { UserError } from '../../../src/core/errors.js';

describe('parseThresholdArgs', () => {
  it('parses metric=PCT, with or without %, later arguments winning', () => {
    expect(
      parseThresholdArgs(['tcp_throughput_bps=3', 'http_latency_p99_ms=15%', 'tcp_throughput_bps=2.5']),
    ).toEqual({
      tcp_throughput_bps: 2.5,
      http_latency_p99_ms: 15,
    });
    expect(parseThresholdArgs([])).toEqual({});
  });

  it('rejects unknown metric ids and lists the valid ones', () => {
    expect(() => parseThresholdArgs(['tcp_thruput=5'])).toThrow(UserError);
    expect(() => parseThresholdArgs(['tcp_thruput=5'])).toThrow(
      /unknown metric id "tcp_thruput"; valid ids: tcp_throughput_bps, .*http_rps/,
    );
  });

  it('rejects malformed arguments and bad numbers in one line', () => {
    for (const bad of [
      'tcp_throughput_bps',
      '=5',
      'tcp_throughput_bps=',
      'tcp_throughput_bps=five',
      'tcp_throughput_bps=-1',
      'tcp_throughput_bps=5000',
    ]) {
      let error: unknown;
      try {
        parseThresholdArgs([bad]);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(UserError);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('parseThresholdsDocument', () => {
  it('reads YAML', () => {
    expect(
      parseThresholdsDocument('tcp_throughput_bps: 3\nhttp_latency_p99_ms: "12%"\n', 'gate.yaml'),
    ).toEqual({
      tcp_throughput_bps: 3,
      http_latency_p99_ms: 12,
    });
  });

  it('reads JSON and an optional top-level thresholds key', () => {
    expect(parseThresholdsDocument('{"http_rps": 4}', 't.json')).toEqual({ http_rps: 4 });
    expect(parseThresholdsDocument('thresholds:\n  http_rps: 6\n', 't.yml')).toEqual({ http_rps: 6 });
    expect(parseThresholdsDocument('', 'empty.yml')).toEqual({});
  });

  it('names the file in every error', () => {
    expect(() => parseThresholdsDocument('http_rps: [1, 2', 'bad.yml')).toThrow(
      /^bad\.yml: not valid YAML or JSON/,
    );
    expect(() => parseThresholdsDocument('- 1\n- 2\n', 'list.yml')).toThrow(/^list\.yml: expected a mapping/);
    expect(() => parseThresholdsDocument('rps: 5\n', 'ids.yml')).toThrow(
      /^ids\.yml: unknown metric id "rps"/,
    );
    expect(() => parseThresholdsDocument('http_rps: lots\n', 'num.yml')).toThrow(
      /^num\.yml: threshold for http_rps/,
    );
    expect(() => parseThresholdsDocument('http_rps: 5\n', 'x.yml')).not.toThrow();
  });
});
