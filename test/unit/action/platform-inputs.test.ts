/**
 * The platform inputs of a measuring run are checked by the action itself, in its own words: an
 * action user never sees a CLI flag (`--routing`, `--datapath`) from the platform layer or from the
 * bundled CLI the action runs under sudo.
 */
import { describe, expect, it } from 'vitest';
import { readActionInputs } from '../../../src/action/inputs/inputs.js';
import { checkModeRequirements } from '../../../src/action/inputs/mode-requirements.js';
import type { ActionContext } from '../../../src/action/inputs/context.js';

const context: ActionContext = {
  repo: { owner: 'o', repo: 'r' },
  serverUrl: 'https://github.com',
  runId: 1,
  eventName: 'push',
  pullRequestNumber: null,
  payloadDefaultBranch: 'main',
  workflowFile: 'perf.yml',
  workflowRun: null,
  runnerOs: 'Linux',
  tempDir: '/tmp',
  workspace: '/tmp',
};

const check = (values: Record<string, string>): void =>
  checkModeRequirements(
    readActionInputs((name) => values[name] ?? '', { runnerOs: 'Linux' }),
    context,
  );

describe('action platform inputs', () => {
  it.each([
    [
      { mode: 'baseline', datapath: 'bridge-vlan' },
      /^input 'datapath': 'bridge-vlan' is not a lab datapath; valid: .*bridge-vxlan/,
    ],
    [
      { mode: 'baseline', platform: 'kubernetes', datapath: 'bridge-vxlan' },
      /^input 'datapath': 'bridge-vxlan' is not a kubernetes datapath; valid: .*flannel-vxlan/,
    ],
    [
      { mode: 'baseline', datapath: 'custom', 'cni-config': 'c.conflist', routing: 'bgp' },
      /^input 'routing' must be one of host-gw, vxlan \(got 'bgp'\)$/,
    ],
    [
      { mode: 'baseline', datapath: 'bridge-vxlan', routing: 'vxlan' },
      /^input 'routing' is only used with datapath 'custom' or mode 'paired'/,
    ],
    [
      { mode: 'baseline', platform: 'kubernetes', datapath: 'flannel-vxlan', routing: 'vxlan' },
      /^input 'routing' is only used with platform 'lab'/,
    ],
    [{ mode: 'baseline', kubeconfig: '/k' }, /^input 'kubeconfig' is only used with platform 'kubernetes'/],
    [
      { mode: 'baseline', platform: 'kubernetes', datapath: 'existing' },
      /^datapath 'existing' needs input 'kubeconfig'/,
    ],
  ])('%j → %s (and never a CLI flag)', (values, message) => {
    let error: unknown;
    try {
      check({ 'github-token': 't', ...values });
    } catch (e) {
      error = e;
    }
    expect((error as Error | undefined)?.message).toMatch(message);
    expect((error as Error).message).not.toMatch(/--[a-z]/);
  });

  it('accepts valid platform inputs, and leaves them alone when nothing is measured here', () => {
    expect(() => check({ 'github-token': 't', mode: 'baseline', datapath: 'bridge-hostgw' })).not.toThrow();
    expect(() =>
      check({
        mode: 'baseline',
        datapath: 'custom',
        'cni-config': 'c.conflist',
        routing: 'vxlan',
        'github-token': 't',
      }),
    ).not.toThrow();
    expect(() =>
      check({
        mode: 'baseline',
        platform: 'kubernetes',
        datapath: 'existing',
        kubeconfig: '/k',
        'github-token': 't',
      }),
    ).not.toThrow();
    // head-results: the run only publishes a results file, so its datapath is just a key name.
    expect(() =>
      check({ mode: 'baseline', datapath: 'my-own-name', 'head-results': 'r.json', 'github-token': 't' }),
    ).not.toThrow();
  });
});
