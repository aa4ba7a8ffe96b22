import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import type { ResultsFile, Sample } from '../../../src/core/results/types.js';
import { serializeResults } from '../../../src/core/results/serialize.js';
import { validResults } from './valid-results.js';

const counters = {
  workUnit: 'GB',
  work: 2.1,
  readCostMs: 8.4,
  scopes: {
    'node-0': { 'IpExt.InNoECTPkts': 1_431_106, 'Ip.ForwDatagrams': 79_015 },
    client: { 'Tcp.OutSegs': 1_392_921, 'conntrack.found': 3 },
    host: { 'softnet.processed': 395_131, 'softirqs.NET_RX': 74_018 },
  },
};

function withDiagnostics(diagnostics: unknown): string {
  const results = validResults();
  const [scenario] = results.scenarios;
  const samples = scenario!.samples.map((s: Sample) => ({ ...s, diagnostics }));
  const file = { ...results, scenarios: [{ ...scenario!, samples }] } as unknown as ResultsFile;
  return JSON.stringify(file);
}

describe('samples[].diagnostics in results v1 (additive)', () => {
  it('round-trips counters per scope, with the work they were done for', () => {
    const parsed = parseResultsJson(withDiagnostics({ counters }), 'd.json');
    expect(parsed.scenarios[0]!.samples[0]!.diagnostics).toEqual({ counters });
    expect(parseResultsJson(serializeResults(parsed), 'd.json')).toEqual(parsed);
  });

  it('results without diagnostics parse as before, and an empty section is valid', () => {
    expect(
      parseResultsJson(serializeResults(validResults()), 'old.json').scenarios[0]!.samples[0]!.diagnostics,
    ).toBeUndefined();
    expect(() => parseResultsJson(withDiagnostics({}), 'e.json')).not.toThrow();
  });

  it.each([
    [
      'a zero count (zeros are left out)',
      { counters: { ...counters, scopes: { host: { 'softnet.processed': 0 } } } },
    ],
    ['a counter id without a prefix', { counters: { ...counters, scopes: { host: { processed: 5 } } } }],
    ['no work', { counters: { ...counters, work: 0 } }],
    ['an unknown kind of diagnostics', { counters, flames: {} }],
    ['a scope with upper case', { counters: { ...counters, scopes: { Node0: { 'Ip.InReceives': 1 } } } }],
  ])('refuses %s', (_what, diagnostics) => {
    expect(() => parseResultsJson(withDiagnostics(diagnostics), 'bad.json')).toThrow(UserError);
  });
});
