import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../../src/action/inputs/context.js';
import type { ActionCore, ActionDeps } from '../../../src/action/deps.js';
import type { SuiteRunRequest } from '../../../src/action/suite/suite-request.js';
import { checkModeRequirements } from '../../../src/action/inputs/mode-requirements.js';
import { readActionInputs } from '../../../src/action/inputs/inputs.js';
import { runPairedMode } from '../../../src/action/modes/paired.js';
import type { Exec } from '../../../src/adapters/exec.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import { makeResults } from '../../helpers/results-factory.js';

const root = mkdtempSync(join(tmpdir(), 'cpg-paired-mode-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  expect(existsSync(root)).toBe(false);
});
writeFileSync(join(root, 'cni.conflist'), '{"head": true}');
mkdirSync(join(root, 'manifests'));
writeFileSync(join(root, 'manifests', 'cni.yaml'), '# head');
const BASE_SHA = 'a'.repeat(40);

const core: ActionCore = {
  getInput: () => '',
  info: () => undefined,
  debug: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  setOutput: () => undefined,
  saveState: () => undefined,
  group: (_name, fn) => fn(),
  appendSummary: async () => undefined,
};

/** git that has the base commit, and the file at it unless `missing`. */
function fakeGit(calls: string[], missing = false): Exec {
  return {
    run: async (command, args) => {
      calls.push([command, ...args.slice(2)].join(' '));
      const sub = args[2];
      if (sub === 'cat-file') {
        const spec = args[4] ?? '';
        return { exitCode: missing && spec.includes(':') ? 128 : 0, stdout: '', stderr: '', timedOut: false };
      }
      if (sub === 'show') {
        const spec = args[3] ?? '';
        const text = spec.endsWith('.yaml') ? `# base of ${spec.split(':')[1]}` : '{"base": true}';
        return { exitCode: 0, stdout: text, stderr: '', timedOut: false };
      }
      if (sub === 'ls-tree') {
        const listing = missing ? '' : 'manifests/cni.yaml\0manifests/rbac.yaml\0manifests-old.yaml\0';
        return { exitCode: 0, stdout: listing, stderr: '', timedOut: false };
      }
      return { exitCode: 1, stdout: '', stderr: 'unexpected', timedOut: false };
    },
  };
}

const context: ActionContext = {
  repo: { owner: 'o', repo: 'r' },
  serverUrl: 'https://github.com',
  runId: 42,
  eventName: 'pull_request',
  pullRequestNumber: 7,
  payloadDefaultBranch: 'main',
  workflowFile: 'ci.yml',
  workflowRun: null,
  runnerOs: 'Linux',
  tempDir: root,
  workspace: root,
  pullRequestBaseSha: BASE_SHA,
};

const ID = 'pod-to-pod-cross-node/tcp-stream';
function pairedFile(role: 'base' | 'head', scale: number): ResultsFile {
  const values = Array.from({ length: 12 }, (_, i) => 1e10 * scale * (1 + 0.1 * Math.sin(i)));
  return {
    ...makeResults({ scenarios: { [ID]: { tcp_throughput_bps: { values } } } }),
    pairing: { id: 'run-1', order: 'ABBA', role, warmupPairs: 1 },
  };
}

function deps(requests: SuiteRunRequest[], exec: Exec): ActionDeps {
  return {
    core,
    runSuite: async (request) => {
      requests.push(request);
      return [pairedFile('base', 1), pairedFile('head', 0.8)];
    },
    github: () => {
      throw new Error('paired mode needs no GitHub API');
    },
    artifacts: () => {
      throw new Error('paired mode needs no artifacts');
    },
    env: {},
    cwd: root,
    osTempDir: root,
    toolVersion: '0.0.0',
    exec,
  };
}

const inputs = (extra: Record<string, string> = {}) =>
  readActionInputs((name) => ({ mode: 'paired', 'cni-config': 'cni.conflist', ...extra })[name] ?? '', {
    runnerOs: 'Linux',
  });

describe("action mode 'paired'", () => {
  it('runs the base commit’s conflist against the checked-out one, paired, and gates on the paired comparison', async () => {
    const requests: SuiteRunRequest[] = [];
    const calls: string[] = [];
    const outcome = await runPairedMode(deps(requests, fakeGit(calls)), context, inputs());
    expect(calls).toContain(`git show ${BASE_SHA}:cni.conflist`);
    const paired = requests[0]!.paired!;
    expect(paired.base).toEqual({ source: `cni.conflist@${BASE_SHA.slice(0, 12)}`, text: '{"base": true}' });
    expect(paired.head).toEqual({ source: 'cni.conflist', text: '{"head": true}' });
    expect(outcome.verdict).toBe('regression');
    expect(outcome.report?.options.paired).toBe(true);
    expect(outcome.markdown).toContain('side by side (paired, ABBA)');
    expect(JSON.parse(readFileSync(outcome.resultsPath!, 'utf8')).pairing.role).toBe('head');
  });

  it('says plainly when the file does not exist at the base commit, before running anything', async () => {
    const requests: SuiteRunRequest[] = [];
    await expect(runPairedMode(deps(requests, fakeGit([], true)), context, inputs())).rejects.toThrow(
      /cni\.conflist does not exist at the PR's base commit aaaaaaaaaaaa/,
    );
    expect(requests).toHaveLength(0);
  });

  it('needs cni-config and a pull_request base commit (checked once, before any mode runs)', () => {
    expect(() =>
      checkModeRequirements(
        readActionInputs((n) => (n === 'mode' ? 'paired' : ''), { runnerOs: 'Linux' }),
        context,
      ),
    ).toThrow(/needs input 'cni-config'/);
    expect(() => checkModeRequirements(inputs(), { ...context, pullRequestBaseSha: null })).toThrow(
      /pull_request\.base\.sha/,
    );
    expect(() => checkModeRequirements(inputs(), context)).not.toThrow();
  });

  it('on Kubernetes: the manifests directory at the base commit (written out) against the checked-out one, two kind clusters', async () => {
    const requests: SuiteRunRequest[] = [];
    const calls: string[] = [];
    const k8s = inputs({ platform: 'kubernetes', 'cni-config': 'manifests' });
    expect(() => checkModeRequirements(k8s, context)).not.toThrow();
    const outcome = await runPairedMode(deps(requests, fakeGit(calls)), context, k8s);
    const request = requests[0]!;
    expect(request.platform).toBe('kubernetes');
    expect(request.kubeconfig).toBeNull();
    const { base, head } = request.paired!;
    expect(head).toEqual({ source: 'manifests', path: join(root, 'manifests') });
    expect(base.source).toBe(`manifests@${BASE_SHA.slice(0, 12)}`);
    const basePath = (base as { path: string }).path;
    expect(basePath.startsWith(root)).toBe(true);
    expect(readdirSync(basePath).sort()).toEqual(['cni.yaml', 'rbac.yaml']);
    expect(readFileSync(join(basePath, 'rbac.yaml'), 'utf8')).toBe('# base of manifests/rbac.yaml');
    expect(outcome.markdown).toContain('in two kind clusters of the same shape');
    expect(outcome.verdict).toBe('regression');
  });

  it('on Kubernetes: refuses an existing cluster (kubeconfig) and a manifests path the base commit lacks', async () => {
    const k8s = { platform: 'kubernetes', 'cni-config': 'manifests' };
    expect(() => checkModeRequirements(inputs({ ...k8s, kubeconfig: 'kc' }), context)).toThrow(
      /input 'kubeconfig' is not used in mode 'paired': it creates two kind clusters/,
    );
    expect(() =>
      checkModeRequirements(
        readActionInputs((n) => ({ mode: 'paired', platform: 'kubernetes' })[n] ?? '', { runnerOs: 'Linux' }),
        context,
      ),
    ).toThrow(/CNI manifests \(a file or a directory\)/);
    const requests: SuiteRunRequest[] = [];
    await expect(runPairedMode(deps(requests, fakeGit([], true)), context, inputs(k8s))).rejects.toThrow(
      /manifests does not exist at the PR's base commit/,
    );
    expect(requests).toHaveLength(0);
  });
});
