import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ActionCore, ActionDeps } from '../../../src/action/deps.js';
import type { ActionContext } from '../../../src/action/inputs/context.js';
import { readActionInputs } from '../../../src/action/inputs/inputs.js';
import { checkModeRequirements } from '../../../src/action/inputs/mode-requirements.js';
import { readSuiteInput } from '../../../src/action/inputs/suite-input.js';
import { runAction } from '../../../src/action/run-action.js';
import { UserError } from '../../../src/core/errors.js';

const root = mkdtempSync(join(tmpdir(), 'cpg-platform-inputs-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  expect(existsSync(root)).toBe(false);
});
writeFileSync(join(root, 'ebpf.yaml'), 'kubeProxy: ebpf\n');
writeFileSync(join(root, 'nftables.yaml'), 'kubeProxy: nftables\n');
writeFileSync(join(root, 'two-modes.yaml'), 'kubeProxy: [iptables, nftables]\n');

const read = (values: Record<string, string>) =>
  readActionInputs((name) => values[name] ?? '', { runnerOs: 'Linux' });

/** The inputs as the action checks them before any work: read, then the mode's requirements. */
const checked = (values: Record<string, string>) => {
  const inputs = read(values);
  checkModeRequirements(inputs, { workspace: root, workflowFile: 'perf.yml' } as ActionContext);
  return inputs;
};

/** The UserError of `fn`, checked to name inputs, never a CLI flag or an internal invariant. */
async function inputError(fn: () => unknown): Promise<string> {
  const error = await Promise.resolve()
    .then(fn)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  const message = (error as Error).message;
  expect(message).not.toMatch(/(^|\s)--[a-z]|internal/);
  return message;
}

describe('action platform inputs: checked in action/inputs, errors name the input', () => {
  it.each([
    [{ routing: 'bgp' }, "input 'routing' must be one of host-gw, vxlan (got 'bgp')"],
    [
      { datapath: 'bridge' },
      "input 'datapath': 'bridge' is not a lab datapath; valid: host, bridge-hostgw, bridge-vxlan, ptp-hostgw, ebpf-hostrouting, macvlan, ipvlan, custom",
    ],
    [
      { platform: 'kubernetes', datapath: 'bridge-vxlan' },
      "input 'datapath': 'bridge-vxlan' is not a kubernetes datapath; valid: flannel-vxlan",
    ],
    [{ datapath: 'host', routing: 'vxlan' }, "input 'routing' is only used with datapath 'custom'"],
    [
      { datapath: 'host', 'cni-config': 'c.conflist' },
      "input 'cni-config' is only used with datapath 'custom'",
    ],
    [
      { platform: 'kubernetes', datapath: 'custom', 'cni-config': 'm', routing: 'vxlan' },
      "input 'routing' is only used with platform 'lab'",
    ],
    [{ kubeconfig: 'kc' }, "input 'kubeconfig' is only used with platform 'kubernetes'"],
    [{ platform: 'kubernetes', datapath: 'existing' }, "datapath 'existing' needs input 'kubeconfig'"],
  ])('rejects %j', async (values, message) => {
    expect(await inputError(() => checked({ 'github-token': 't', ...values }))).toContain(message);
  });

  it('checks the datapath inputs only when the step measures that datapath', () => {
    // head-results: nothing is measured, the datapath only names the key (as before).
    expect(checked({ datapath: 'cilium', 'head-results': 'h.json', 'github-token': 't' }).baselineKey).toBe(
      'lab-cilium-linux',
    );
    expect(
      checked({ mode: 'compare', datapath: 'x', 'baseline-results': 'b', 'head-results': 'h' }).datapath,
    ).toBe('x');
    // paired measures cni-config as datapath custom, with routing.
    expect(read({ mode: 'paired', 'cni-config': 'c.conflist', routing: 'vxlan' }).routing).toBe('vxlan');
    expect(
      checked({ datapath: 'custom', 'cni-config': 'c.conflist', routing: 'host-gw', 'github-token': 't' })
        .routing,
    ).toBe('host-gw');
  });
});

describe("action suite input: its kube-proxy modes against the step's inputs", () => {
  const context = { workspace: root } as ActionContext;
  const suite = (values: Record<string, string>) => readSuiteInput(context, read(values));

  it.each([
    [
      { platform: 'kubernetes', datapath: 'flannel-vxlan', suite: 'ebpf.yaml' },
      "ebpf.yaml: kubeProxy ebpf: on platform 'kubernetes' ebpf is Cilium's kube-proxy replacement: set input 'datapath' to cilium-kpr (got 'flannel-vxlan')",
    ],
    [
      { platform: 'kubernetes', datapath: 'cilium-kpr', suite: 'nftables.yaml' },
      "datapath 'cilium-kpr' replaces kube-proxy with eBPF and runs only with kubeProxy ebpf",
    ],
    [
      { platform: 'kubernetes', datapath: 'existing', kubeconfig: 'kc', suite: 'nftables.yaml' },
      "an existing cluster (input 'kubeconfig') keeps its own kube-proxy; remove kubeProxy from the suite",
    ],
    [
      { mode: 'paired', platform: 'kubernetes', 'cni-config': 'm', suite: 'ebpf.yaml' },
      "mode 'paired' deploys the manifests of input 'cni-config'",
    ],
  ])('rejects %j', async (values, message) => {
    expect(await inputError(() => suite(values))).toContain(message);
  });

  it('one mode only: the action gates one subject', async () => {
    await expect(suite({ suite: 'two-modes.yaml' })).rejects.toThrow(
      /two-modes\.yaml: kubeProxy iptables, nftables, but the action gates one subject: list one mode/,
    );
  });

  it('accepts every mode on the lab and ebpf with cilium-kpr', async () => {
    expect((await suite({ datapath: 'ptp-hostgw', suite: 'ebpf.yaml' })).config.kubeProxy).toEqual(['ebpf']);
    const kpr = await suite({ platform: 'kubernetes', datapath: 'cilium-kpr', suite: 'ebpf.yaml' });
    expect(kpr.file?.source).toBe(join(root, 'ebpf.yaml'));
    expect((await suite({ platform: 'kubernetes', datapath: 'flannel-vxlan' })).file).toBeNull();
  });
});

describe('the whole action with a bad platform combination', () => {
  const core = (inputs: Record<string, string>): ActionCore => ({
    getInput: (name) => inputs[name] ?? '',
    info: () => undefined,
    debug: () => undefined,
    warning: () => undefined,
    error: () => undefined,
    setOutput: () => undefined,
    saveState: () => undefined,
    group: (_name, fn) => fn(),
    appendSummary: async () => undefined,
  });
  const deps = (inputs: Record<string, string>): ActionDeps => ({
    core: core(inputs),
    runSuite: async () => {
      throw new Error('no suite may run with bad inputs');
    },
    github: () => {
      throw new Error('no GitHub call with bad inputs');
    },
    artifacts: () => {
      throw new Error('no artifacts with bad inputs');
    },
    env: { GITHUB_REPOSITORY: 'o/r', GITHUB_WORKSPACE: root, RUNNER_TEMP: root },
    cwd: root,
    osTempDir: root,
    toolVersion: '0.0.0',
  });

  it.each([
    [{ mode: 'baseline', routing: 'bgp' }, "input 'routing' must be one of host-gw, vxlan"],
    [{ mode: 'baseline', datapath: 'bridge' }, "input 'datapath': 'bridge' is not a lab datapath"],
    [
      { mode: 'baseline', datapath: 'host', routing: 'vxlan' },
      "input 'routing' is only used with datapath 'custom'",
    ],
    [
      { mode: 'baseline', platform: 'kubernetes', datapath: 'flannel-vxlan', suite: 'ebpf.yaml' },
      "set input 'datapath' to cilium-kpr",
    ],
  ])('%j fails before measuring, naming the input', async (inputs, message) => {
    expect(await inputError(() => runAction(deps(inputs)))).toContain(message);
  });
});
