import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import {
  defaultBaselineKey,
  parseThresholdsInput,
  readActionInputs,
} from '../../../src/action/inputs/inputs.js';
import { shouldFail } from '../../../src/action/publish/fail-policy.js';

const reader =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? '';
const read = (values: Record<string, string>) => readActionInputs(reader(values), { runnerOs: 'Linux' });

describe('readActionInputs', () => {
  it('applies the defaults, including the derived baseline key', () => {
    const inputs = read({ 'github-token': 't' });
    expect(inputs.mode).toBe('gate');
    expect(inputs.platform).toBe('lab');
    expect(inputs.datapath).toBe('bridge-vxlan');
    expect(inputs.baselineKey).toBe('lab-bridge-vxlan-linux');
    expect(inputs.comment).toBe('always');
    expect(inputs.failOn).toBe('regression');
    expect(inputs.quick).toBe(false);
    expect(inputs.thresholds).toEqual({ kind: 'none' });
  });

  it.each([
    [
      { 'fail-on': 'always' },
      "input 'fail-on' must be one of regression, inconclusive, never (got 'always')",
    ],
    [
      { mode: 'nightly' },
      "input 'mode' must be one of baseline, gate, compare, paired, comment (got 'nightly')",
    ],
    [{ comment: 'sometimes' }, "input 'comment' must be one of always, on-change, never (got 'sometimes')"],
    [{ quick: 'yes' }, "input 'quick' must be true or false (got 'yes')"],
    [{ repetitions: '0' }, "input 'repetitions' must be a whole number from 1 to 1000 (got '0')"],
    [{ 'baseline-key': 'a/b' }, "input 'baseline-key' must be 1-100 letters"],
    [
      { mode: 'compare', 'head-results': 'h.json' },
      "mode 'compare' needs both inputs 'baseline-results' and 'head-results'",
    ],
    [{ mode: 'comment' }, "mode 'comment' needs input 'report-artifact'"],
    [{ datapath: 'custom' }, "datapath 'custom' needs input 'cni-config'"],
  ])('rejects %j with a message that says how to fix it', (values, message) => {
    expect(() => read(values)).toThrow(UserError);
    expect(() => read(values)).toThrow(message);
  });

  it('reads booleans, numbers and inline thresholds', () => {
    const inputs = read({
      quick: 'TRUE',
      repetitions: '12',
      'strict-environment': 'true',
      thresholds: 'tcp_throughput_bps=3\nhttp_rps = 4',
    });
    expect(inputs.quick).toBe(true);
    expect(inputs.repetitions).toBe(12);
    expect(inputs.strictEnvironment).toBe(true);
    expect(inputs.thresholds).toEqual({ kind: 'inline', lines: ['tcp_throughput_bps=3', 'http_rps = 4'] });
  });
});

describe('parseThresholdsInput / defaultBaselineKey', () => {
  it('tells a file path from inline lines', () => {
    expect(parseThresholdsInput('.github/thresholds.yaml')).toEqual({
      kind: 'file',
      path: '.github/thresholds.yaml',
    });
    expect(parseThresholdsInput('http_rps=2, tcp_throughput_bps=1')).toEqual({
      kind: 'inline',
      lines: ['http_rps=2', 'tcp_throughput_bps=1'],
    });
    expect(() => parseThresholdsInput('not a file\nsecond line')).toThrow("input 'thresholds'");
  });

  it('derives a safe key', () => {
    expect(defaultBaselineKey('lab', 'ptp-hostgw', 'macOS')).toBe('lab-ptp-hostgw-macos');
    expect(defaultBaselineKey('lab', 'custom', '')).toBe('lab-custom-unknown');
  });
});

describe('shouldFail', () => {
  it.each([
    ['regression', 'regression', true],
    ['inconclusive', 'regression', false],
    ['incomparable', 'regression', false],
    ['regression', 'inconclusive', true],
    ['inconclusive', 'inconclusive', true],
    ['incomparable', 'inconclusive', true],
    ['pass', 'inconclusive', false],
    ['regression', 'never', false],
  ] as const)('verdict %s with fail-on %s → %s', (verdict, failOn, expected) => {
    expect(shouldFail(verdict, failOn)).toBe(expected);
  });
  it('never fails without a comparison', () => {
    expect(shouldFail(null, 'inconclusive')).toBe(false);
  });
});
