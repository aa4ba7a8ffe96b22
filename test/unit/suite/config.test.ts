import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { resolveSuiteConfig } from '../../../src/core/suite/config.js';
import { DEFAULT_SUITE, QUICK_SUITE } from '../../../src/core/suite/profiles.js';

const suiteFile = (name: string): string =>
  readFileSync(new URL(`../../../suites/${name}`, import.meta.url), 'utf8');

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('resolveSuiteConfig', () => {
  it('gives the default profile with no input', () => {
    expect(resolveSuiteConfig()).toEqual(DEFAULT_SUITE);
    expect(resolveSuiteConfig({ text: '' })).toEqual(DEFAULT_SUITE);
    expect(DEFAULT_SUITE.repetitions).toBe(10);
    expect(DEFAULT_SUITE.iperf).toMatchObject({ durationS: 5, omitS: 1 });
    expect(DEFAULT_SUITE.http).toMatchObject({ durationS: 5, fixedRateFraction: 0.5 });
    expect(DEFAULT_SUITE.topologies).toHaveLength(5);
    expect(DEFAULT_SUITE.tests).toHaveLength(7);
  });

  it('ships suites/default.yaml and suites/quick.yaml equal to the built-in profiles', () => {
    expect(resolveSuiteConfig({ text: suiteFile('default.yaml'), source: 'default.yaml' })).toEqual(
      DEFAULT_SUITE,
    );
    expect(resolveSuiteConfig({ text: suiteFile('quick.yaml'), source: 'quick.yaml' })).toEqual(QUICK_SUITE);
  });

  it('the shipped files spell out every key of the resolved config', () => {
    for (const name of ['default.yaml', 'quick.yaml']) {
      const text = suiteFile(name);
      const keys = [
        ...Object.keys(DEFAULT_SUITE),
        ...Object.keys(DEFAULT_SUITE.iperf),
        ...Object.keys(DEFAULT_SUITE.http),
      ];
      for (const key of keys) expect(text, `${name} lacks ${key}`).toMatch(new RegExp(`^\\s*${key}:`, 'm'));
    }
  });

  it('--quick selects the quick profile and file keys still override it', () => {
    expect(resolveSuiteConfig({ overrides: { quick: true } })).toEqual(QUICK_SUITE);
    const suite = resolveSuiteConfig({ text: 'repetitions: 2\n', overrides: { quick: true } });
    expect(suite.profile).toBe('quick');
    expect(suite.repetitions).toBe(2);
    expect(suite.tests).toEqual(QUICK_SUITE.tests);
  });

  it('merges file keys over the profile and overrides over the file', () => {
    const suite = resolveSuiteConfig({
      text: 'profile: quick\niperf:\n  omitS: 0\n  udpRateBps: 500M\nhttp:\n  connections: 8\n',
      overrides: { repetitions: 3, durationS: 4, tests: ['udp-stream'] },
    });
    expect(suite.profile).toBe('quick');
    expect(suite.iperf).toEqual({ ...QUICK_SUITE.iperf, omitS: 0, udpRateBps: 500e6, durationS: 4 });
    expect(suite.http).toEqual({ ...QUICK_SUITE.http, connections: 8, durationS: 4 });
    expect(suite.repetitions).toBe(3);
    expect(suite.tests).toEqual(['udp-stream']);
  });

  it('rejects unknown keys naming the file, the key path and the allowed keys', () => {
    expect(errorOf(() => resolveSuiteConfig({ text: 'repetiton: 3', source: 's.yaml' }))).toBe(
      's.yaml: unknown key "repetiton"; allowed keys here: profile, topologies, tests, repetitions, maxRepetitions, timeBudgetS, iperf, http, podChurn, dummyServices, kubeProxy, serverReadyTimeoutS, cniAgentSelector, control, interference',
    );
    expect(errorOf(() => resolveSuiteConfig({ text: 'iperf:\n  duration: 3', source: 's.yaml' }))).toMatch(
      /^s\.yaml: unknown key "iperf\.duration"; allowed keys here: durationS, omitS/,
    );
  });

  it('rejects wrong types and out-of-range numbers', () => {
    expect(errorOf(() => resolveSuiteConfig({ text: 'repetitions: "3"', source: 's.yaml' }))).toBe(
      's.yaml: repetitions must be an integer from 1 to 1000 (got "3")',
    );
    expect(errorOf(() => resolveSuiteConfig({ text: 'repetitions: 0', source: 's.yaml' }))).toMatch(
      /repetitions must be an integer from 1 to 1000 \(got 0\)/,
    );
    expect(errorOf(() => resolveSuiteConfig({ text: 'http:\n  fixedRateFraction: 1.5' }))).toMatch(
      /http\.fixedRateFraction must be a number from 0\.01 to 1 \(got 1\.5\)/,
    );
    expect(errorOf(() => resolveSuiteConfig({ text: 'iperf:\n  durationS: 2.5' }))).toMatch(
      /iperf\.durationS must be an integer/,
    );
    expect(errorOf(() => resolveSuiteConfig({ text: 'iperf:\n  udpRateBps: fast' }))).toMatch(
      /iperf\.udpRateBps must be a bit rate/,
    );
    expect(errorOf(() => resolveSuiteConfig({ text: 'iperf: 3' }))).toMatch(/iperf must be a mapping/);
    expect(errorOf(() => resolveSuiteConfig({ text: '- a\n- b' }))).toMatch(
      /the top level must be a mapping/,
    );
    expect(errorOf(() => resolveSuiteConfig({ text: 'http:\n  threads: 8\n  connections: 4' }))).toMatch(
      /http\.threads \(8\) must not exceed http\.connections \(4\)/,
    );
  });

  it('rejects unknown topology and test ids listing the allowed values', () => {
    expect(errorOf(() => resolveSuiteConfig({ text: 'topologies: [pod-to-pod]', source: 's.yaml' }))).toBe(
      's.yaml: topologies[0] must be one of host-cross-node, pod-to-pod-same-node, pod-to-pod-cross-node, pod-to-service-cross-node, nodeport-via-other-node (got "pod-to-pod")',
    );
    expect(errorOf(() => resolveSuiteConfig({ text: 'tests: [tcp-stream, tcp]' }))).toMatch(
      /tests\[1\] must be one of tcp-stream, tcp-stream-parallel, udp-stream, http-max, http-fixed-rate/,
    );
    expect(errorOf(() => resolveSuiteConfig({ text: 'tests: []' }))).toMatch(
      /tests must be a non-empty list/,
    );
    expect(errorOf(() => resolveSuiteConfig({ text: 'tests: [http-max, http-max]' }))).toMatch(
      /listed twice/,
    );
    expect(errorOf(() => resolveSuiteConfig({ text: 'profile: slow' }))).toMatch(
      /profile must be one of default, quick/,
    );
  });

  it('reports YAML syntax errors with the file and line', () => {
    expect(errorOf(() => resolveSuiteConfig({ text: 'a: 1\nb: [1, 2\n', source: 's.yaml' }))).toMatch(
      /^s\.yaml:\d+: not valid YAML/,
    );
    expect(errorOf(() => resolveSuiteConfig({ text: 'a: 1\na: 2\n', source: 's.yaml' }))).toMatch(
      /^s\.yaml:\d+: not valid YAML/,
    );
  });

  it('a YAML alias bomb is a UserError naming the file, not an unexpected error', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [prev, name] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
    ]) {
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    let error: unknown;
    try {
      resolveSuiteConfig({ text: `${levels.join('\n')}\n`, source: 'bomb.yaml' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      'bomb.yaml: not a usable suite file (Excessive alias count indicates a resource exhaustion attack); write the values out without YAML aliases',
    );
  });

  it('validates command-line overrides naming the flag', () => {
    expect(errorOf(() => resolveSuiteConfig({ overrides: { repetitions: 0 } }))).toBe(
      'command line: --repetitions must be an integer from 1 to 1000 (got 0)',
    );
    expect(errorOf(() => resolveSuiteConfig({ overrides: { durationS: Number.NaN } }))).toMatch(/--duration/);
  });

  it('reads kubeProxy as one mode or a list, --kube-proxy overrides it, bad modes name the allowed ones', () => {
    expect(resolveSuiteConfig().kubeProxy).toEqual(['iptables']);
    expect(resolveSuiteConfig({ text: 'kubeProxy: ebpf' }).kubeProxy).toEqual(['ebpf']);
    expect(resolveSuiteConfig({ text: 'kubeProxy: [iptables, nftables, ebpf]' }).kubeProxy).toEqual([
      'iptables',
      'nftables',
      'ebpf',
    ]);
    expect(
      resolveSuiteConfig({ text: 'kubeProxy: ebpf', overrides: { kubeProxy: ['nftables', 'iptables'] } })
        .kubeProxy,
    ).toEqual(['nftables', 'iptables']);
    expect(() => resolveSuiteConfig({ text: 'kubeProxy: ipvs', source: 's.yaml' })).toThrow(
      /s\.yaml: kubeProxy\[0\] must be one of iptables, nftables, ebpf/,
    );
    expect(() => resolveSuiteConfig({ overrides: { kubeProxy: ['ebpf', 'ebpf'] } })).toThrow(
      /--kube-proxy\[1\] is listed twice/,
    );
  });

  it('reads cniAgentSelector (namespace + label selector of the CNI agent pods); absent by default', () => {
    expect(resolveSuiteConfig().cniAgentSelector).toBeUndefined();
    expect(
      resolveSuiteConfig({ text: 'cniAgentSelector:\n  namespace: kube-system\n  labels: k8s-app=cilium' })
        .cniAgentSelector,
    ).toEqual({ namespace: 'kube-system', labels: 'k8s-app=cilium' });
    expect(
      errorOf(() => resolveSuiteConfig({ text: 'cniAgentSelector:\n  namespace: x', source: 's.yaml' })),
    ).toBe(
      's.yaml: cniAgentSelector.labels must be a non-empty single-line string of at most 1000 characters (got undefined)',
    );
    expect(
      errorOf(() => resolveSuiteConfig({ text: 'cniAgentSelector:\n  pods: x', source: 's.yaml' })),
    ).toBe('s.yaml: unknown key "cniAgentSelector.pods"; allowed keys here: namespace, labels');
  });
});
