import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import { serializeResults } from '../../../src/core/results/serialize.js';
import { validResults } from './valid-results.js';

/** The UserError message `parseResultsJson` throws for `text` (fails the test when it does not throw one). */
function errorFor(text: string, source = 'base.json'): string {
  try {
    parseResultsJson(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(source);
    return message;
  }
  throw new Error('expected parseResultsJson to throw');
}

/** Loosely typed JSON, so tests can break a valid file in any way. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/** A valid file with one edit applied to its plain-JSON form. */
function edited(edit: (data: Loose) => void): string {
  const data = JSON.parse(serializeResults(validResults())) as Loose;
  edit(data);
  return JSON.stringify(data);
}

describe('parseResultsJson', () => {
  it('accepts a valid file and returns it unchanged', () => {
    const results = validResults();
    expect(parseResultsJson(serializeResults(results), 'ok.json')).toEqual(results);
  });

  it('accepts a leading byte-order mark and a kubernetes environment', () => {
    const text = edited((d) => {
      d.environment.kubernetes = {
        version: 'v1.30.0',
        nodeImage: null,
        nodes: 3,
        kubeProxyMode: 'iptables',
        cni: { name: 'flannel', version: null },
      };
    });
    expect(parseResultsJson(`\uFEFF${text}`, 'k.json').environment.kubernetes?.nodes).toBe(3);
  });

  it('reports corrupt JSON with the location', () => {
    const message = errorFor('{\n  "schemaVersion": 1,\n  "tool": }');
    expect(message).toMatch(/^base\.json: not valid JSON \(line 3, column 11\): /);
  });

  it('reports an empty file', () => {
    expect(errorFor('  \n')).toBe('base.json: the file is empty; expected a cni-perf-gate results JSON file');
  });

  it('reports a JSON value that is not an object', () => {
    expect(errorFor('[1, 2]')).toContain('$: must be a JSON object');
  });

  it('reports a file without schemaVersion as not a results file', () => {
    const message = errorFor(edited((d) => delete d.schemaVersion));
    expect(message).toContain('$.schemaVersion: missing; this is not a cni-perf-gate results file');
  });

  it('reports a newer schema version with an upgrade hint', () => {
    const message = errorFor(edited((d) => (d.schemaVersion = 2)));
    expect(message).toBe(
      'base.json was written by a newer cni-perf-gate (schemaVersion 2); this one reads 1 — upgrade cni-perf-gate, or re-create the file with this version',
    );
  });

  it('reports an unknown (non-newer) schema version', () => {
    expect(errorFor(edited((d) => (d.schemaVersion = '1')))).toContain(
      '$.schemaVersion: unknown schema version "1"',
    );
    expect(errorFor(edited((d) => (d.schemaVersion = 0)))).toContain('unknown schema version 0');
  });

  it('reports a missing field with its path', () => {
    expect(errorFor(edited((d) => delete d.environment.cpus))).toBe(
      'base.json: $.environment: missing required field "cpus"',
    );
    expect(errorFor(edited((d) => delete d.scenarios[1].samples[0].startedAt))).toBe(
      'base.json: $.scenarios[1].samples[0]: missing required field "startedAt"',
    );
  });

  it('reports a wrong type with the path and the value', () => {
    expect(errorFor(edited((d) => (d.environment.cpus = '2')))).toBe(
      'base.json: $.environment.cpus: must be integer, got "2"',
    );
    expect(errorFor(edited((d) => (d.scenarios[0].samples[2].metrics.tcp_throughput_bps = 'fast')))).toBe(
      'base.json: $.scenarios[0].samples[2].metrics.tcp_throughput_bps: must be number, got "fast"',
    );
    expect(errorFor(edited((d) => (d.environment.kubernetes = 'none')))).toBe(
      'base.json: $.environment.kubernetes: must be object or null, got "none"',
    );
  });

  it('says a number that overflows a double (1e999) is not finite, instead of "got null"', () => {
    const text = edited((d) => (d.scenarios[0].samples[1].metrics.tcp_throughput_bps = 12345)).replace(
      '"tcp_throughput_bps":12345',
      '"tcp_throughput_bps":1e999',
    );
    expect(text).toContain('1e999');
    expect(errorFor(text)).toBe(
      'base.json: $.scenarios[0].samples[1].metrics.tcp_throughput_bps: is not a finite number: Infinity (a number too large for a double, e.g. 1e999)',
    );
  });

  it('reports a metric id that is not in the catalogue', () => {
    const message = errorFor(edited((d) => (d.scenarios[0].samples[1].metrics.tcp_goodput = 1)));
    expect(message).toMatch(
      /^base\.json: \$\.scenarios\[0\]\.samples\[1\]\.metrics\.tcp_goodput: unknown metric id "tcp_goodput" \(known: tcp_throughput_bps, /,
    );
  });

  it('reports unknown fields, bad enums, bad hashes and bad dates', () => {
    expect(errorFor(edited((d) => (d.extra = true)))).toBe('base.json: $.extra: unknown field "extra"');
    expect(errorFor(edited((d) => (d.scenarios[0].topology = 'moon')))).toContain(
      '$.scenarios[0].topology: must be one of host-cross-node, ',
    );
    expect(errorFor(edited((d) => (d.environment.fingerprint = 'md5:abc')))).toBe(
      'base.json: $.environment.fingerprint: must be "sha256:" followed by 64 lowercase hex digits, got "md5:abc"',
    );
    expect(errorFor(edited((d) => (d.createdAt = 'yesterday')))).toContain(
      '$.createdAt: must be an ISO-8601 date-time',
    );
    expect(errorFor(edited((d) => (d.tool.name = 'other-tool')))).toBe(
      'base.json: $.tool.name: must be "cni-perf-gate", got "other-tool"',
    );
    expect(errorFor(edited((d) => (d.scenarios[0].samples[0].metrics.tcp_retransmits = -1)))).toContain(
      '$.scenarios[0].samples[0].metrics.tcp_retransmits: must be >= 0, got -1',
    );
  });

  it('reports a scenario id that disagrees with its topology and test', () => {
    expect(errorFor(edited((d) => (d.scenarios[1].test = 'http-fixed-rate')))).toBe(
      'base.json: $.scenarios[1].id: "pod-to-pod-cross-node/http-max" does not match its topology and test (expected "pod-to-pod-cross-node/http-fixed-rate")',
    );
  });

  it('reports duplicate scenario ids', () => {
    const message = errorFor(edited((d) => d.scenarios.push(d.scenarios[0])));
    expect(message).toBe(
      'base.json: $.scenarios[2].id: duplicate scenario "pod-to-pod-cross-node/tcp-stream" (also at $.scenarios[0])',
    );
  });
});
