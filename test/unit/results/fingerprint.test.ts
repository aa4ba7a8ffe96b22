import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, configHash, environmentFingerprint } from '../../../src/core/results/fingerprint.js';
import type { Environment } from '../../../src/core/results/types.js';

const env: Omit<Environment, 'fingerprint'> = {
  kernel: '6.1.0',
  cpuModel: 'Test CPU',
  cpus: 2,
  mtu: 1500,
  tools: { iperf3: '3.12', wrk: '4.1.0' },
  kubernetes: null,
};

describe('environmentFingerprint', () => {
  it('is sha256 over the canonical sorted-key JSON', () => {
    const canonical =
      '{"cpuModel":"Test CPU","cpus":2,"kernel":"6.1.0","kubernetes":null,"mtu":1500,"tools":{"iperf3":"3.12","wrk":"4.1.0"}}';
    expect(canonicalJson(env)).toBe(canonical);
    expect(environmentFingerprint(env)).toBe(
      `sha256:${createHash('sha256').update(canonical).digest('hex')}`,
    );
  });

  it('does not depend on key order or on a fingerprint already present', () => {
    const reordered = {
      tools: { wrk: '4.1.0', iperf3: '3.12' },
      mtu: 1500,
      kubernetes: null,
      kernel: '6.1.0',
      cpus: 2,
      cpuModel: 'Test CPU',
    };
    const withOld = { ...env, fingerprint: 'sha256:old' } as Omit<Environment, 'fingerprint'>;
    expect(environmentFingerprint(reordered)).toBe(environmentFingerprint(env));
    expect(environmentFingerprint(withOld)).toBe(environmentFingerprint(env));
  });

  it('changes when any field changes', () => {
    const base = environmentFingerprint(env);
    expect(environmentFingerprint({ ...env, mtu: 1450 })).not.toBe(base);
    expect(environmentFingerprint({ ...env, tools: { ...env.tools, iperf3: '3.16' } })).not.toBe(base);
    expect(environmentFingerprint({ ...env, kernel: '6.1.1' })).not.toBe(base);
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('configHash', () => {
  it('hashes the content', () => {
    expect(configHash('')).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(configHash('{"cniVersion":"1.0.0"}')).not.toBe(configHash('{"cniVersion":"0.4.0"}'));
  });
});
