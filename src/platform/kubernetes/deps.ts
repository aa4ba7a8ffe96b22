import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Exec } from '../../adapters/exec.js';
import { createKubeClient, type KubeClient } from './api/kube-client.js';
import { createHttpDownloader, type Downloader } from './kind/downloader.js';
import { kindPlatformName } from './kind/kind-binary.js';
import { loadKubeconfig } from './kubeconfig.js';
import { REAL_POLL_CLOCK, type PollClock } from './workloads/pod-watch.js';
import type { ProcFiles } from '../net-counters.js';

/** The side effects of the Kubernetes platform; entry points build the real ones, tests their own. */
export interface KubernetesDeps {
  readonly exec: Exec;
  readonly downloader: Downloader;
  readonly loadKubeconfig: (path: string) => KubeConfig;
  readonly makeClient: (config: KubeConfig) => KubeClient;
  readonly clock: PollClock;
  readonly isoNow: () => string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string | undefined;
  /** A fresh private directory (kind config, kubeconfig). */
  readonly makeTempDir: () => Promise<string>;
  /** Where a downloaded kind binary is kept. */
  readonly toolDir: string;
  /** `linux-amd64` style name for kind downloads. */
  readonly platform: string;
  /** /proc reads for the kind nodes' kernel counters (diagnostics); absent: none are read. */
  readonly procFiles?: ProcFiles;
  readonly onLog?: (line: string) => void;
}

/** Real dependencies for Node: the given Exec, node:http downloads, client-node, wall clock. */
export function createNodeKubernetesDeps(
  exec: Exec,
  overrides: Partial<KubernetesDeps> = {},
): KubernetesDeps {
  return {
    exec,
    downloader: createHttpDownloader(),
    loadKubeconfig,
    makeClient: (config) => createKubeClient(config),
    clock: REAL_POLL_CLOCK,
    isoNow: () => new Date().toISOString(),
    env: process.env,
    homeDir: homedir(),
    makeTempDir: () => mkdtemp(join(tmpdir(), 'cpg-k8s-')),
    toolDir: join(process.env.RUNNER_TOOL_CACHE ?? join(homedir(), '.cache'), 'cni-perf-gate', 'bin'),
    platform: kindPlatformName(process.platform, process.arch),
    procFiles: { readFile: (path) => readFile(path, 'utf8'), listDir: (path) => readdir(path) },
    ...overrides,
  };
}
