import { describe, expect, it } from 'vitest';
import {
  ciLabel,
  formatCiAsDelta,
  formatP,
  formatRatioAsDelta,
  formatValue,
  groupThousands,
} from '../../../src/core/report/format.js';

describe('formatValue', () => {
  it('uses human bit rates', () => {
    expect(formatValue(2.0764e10, 'bit/s')).toBe('20.8 Gbit/s');
    expect(formatValue(9.413e9, 'bit/s')).toBe('9.41 Gbit/s');
    expect(formatValue(941.3e6, 'bit/s')).toBe('941 Mbit/s');
    expect(formatValue(12_500, 'bit/s')).toBe('12.5 kbit/s');
    expect(formatValue(500, 'bit/s')).toBe('500 bit/s');
  });

  it('uses req/s, ms, %, counts', () => {
    expect(formatValue(123456.7, 'req/s')).toBe('123,457 req/s');
    expect(formatValue(45.67, 'req/s')).toBe('45.7 req/s');
    expect(formatValue(0.4123, 'ms')).toBe('0.412 ms');
    expect(formatValue(12.34, 'ms')).toBe('12.3 ms');
    expect(formatValue(1234.5, 'ms')).toBe('1,235 ms');
    expect(formatValue(0.5, '%')).toBe('0.500%');
    expect(formatValue(1234567, 'count')).toBe('1,234,567');
    expect(formatValue(2.5, 'count')).toBe('2.5');
    expect(formatValue(0.0123, 's/Gbit')).toBe('0.0123 s/Gbit');
  });

  it('groups thousands deterministically', () => {
    expect(groupThousands('-1234567.89')).toBe('-1,234,567.89');
    expect(groupThousands('999')).toBe('999');
  });
});

describe('deltas and p-values', () => {
  it('formats ratios as signed percent changes', () => {
    expect(formatRatioAsDelta(0.912)).toBe('-8.8%');
    expect(formatRatioAsDelta(1.05)).toBe('+5.0%');
    expect(formatRatioAsDelta(1.0001)).toBe('±0.0%');
    expect(formatRatioAsDelta(null)).toBe('n/a');
    expect(formatRatioAsDelta(null, '—')).toBe('—');
    expect(formatCiAsDelta([0.9, 0.97])).toBe('[-10.0%, -3.0%]');
    expect(formatCiAsDelta(null)).toBe('n/a');
  });

  it('formats p-values and CI labels', () => {
    expect(formatP(0.00001)).toBe('<0.0001');
    expect(formatP(0.0042)).toBe('0.0042');
    expect(formatP(0.2312)).toBe('0.231');
    expect(formatP(null)).toBe('n/a');
    expect(ciLabel(0.95)).toBe('95% CI');
    expect(ciLabel(0.995)).toBe('99.5% CI');
  });
});
