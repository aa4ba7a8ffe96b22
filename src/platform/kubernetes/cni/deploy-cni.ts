import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Exec } from '../../../adapters/exec.js';
import { UserError } from '../../../core/errors.js';
import type { KubeClient } from '../api/kube-client.js';
import type { CniSpec, DaemonSetRef } from './cni-spec.js';
import { runHelmInstall } from './helm.js';
import { loadManifests } from './manifest-loader.js';
import { presetDeployment, type CniDeployment, type CniInfo, type PresetContext } from './presets.js';

/** The CNI deployment resolved from a spec, plus the bytes that define it (for the config hash). */
export interface ResolvedCni {
  readonly deployment: CniDeployment | null;
  /** DaemonSets to wait for when nothing is deployed (existing clusters). */
  readonly existingDaemonSets?: readonly DaemonSetRef[];
  readonly info: CniInfo;
  /** Canonical text of the CNI configuration under test. */
  readonly configText: string;
}

/**
 * Resolves a CNI spec to what will be deployed (reads the user's files synchronously, so
 * `subject()` can hash them before prepare). The config text leaves out cluster-specific
 * facts (the API server address), so the same CNI config hashes the same on every run.
 */
export function resolveCni(spec: CniSpec, ctx: PresetContext): ResolvedCni {
  switch (spec.kind) {
    case 'preset': {
      const deployment = presetDeployment(spec.preset, ctx);
      const neutral = presetDeployment(spec.preset, { ...ctx, apiServer: null });
      const body = neutral.method === 'apply' ? neutral.objects : neutral.values;
      return {
        deployment,
        info: deployment.info,
        configText: JSON.stringify({ preset: spec.preset, info: deployment.info, body }),
      };
    }
    case 'manifests': {
      const loaded = loadManifests(spec.path);
      const daemonSets =
        spec.daemonSets ??
        loaded.objects
          .filter((o) => o.kind === 'DaemonSet')
          .map((o) => ({ namespace: o.metadata?.namespace ?? 'default', name: o.metadata?.name ?? '' }));
      if (daemonSets.length === 0) {
        throw new UserError(
          `CNI manifests ${spec.path} contain no DaemonSet; name the CNI DaemonSets to wait for`,
        );
      }
      const info = { name: 'custom', version: null, mode: 'manifests' };
      return {
        deployment: { method: 'apply', objects: loaded.objects, daemonSets, info },
        info,
        configText: loaded.files.map((f) => `--- ${f.path}\n${f.content}`).join('\n'),
      };
    }
    case 'helm': {
      let values = '';
      if (spec.valuesFile) {
        try {
          values = readFileSync(spec.valuesFile, 'utf8');
        } catch {
          throw new UserError(`Helm values file ${spec.valuesFile} cannot be read; pass an existing file`);
        }
      }
      const info = { name: spec.chart, version: spec.version ?? null, mode: 'helm' };
      return {
        deployment: {
          method: 'helm',
          release: spec.release,
          chart: spec.chart,
          ...(spec.repo ? { repo: spec.repo } : {}),
          ...(spec.version ? { version: spec.version } : {}),
          namespace: spec.namespace,
          ...(spec.valuesFile ? { valuesFile: spec.valuesFile } : {}),
          daemonSets: spec.daemonSets ?? { namespace: spec.namespace },
          info,
        },
        info,
        configText: JSON.stringify({ chart: spec.chart, repo: spec.repo, version: spec.version, values }),
      };
    }
    case 'existing':
      return {
        deployment: null,
        ...(spec.daemonSets ? { existingDaemonSets: spec.daemonSets } : {}),
        info: { name: 'existing', version: null, mode: 'existing' },
        configText: JSON.stringify({ existing: spec.daemonSets ?? [] }),
      };
  }
}

/** Installs a resolved CNI: server-side apply of objects, or helm through Exec. */
export async function installCni(
  deployment: CniDeployment,
  deps: { client: KubeClient; exec: Exec; kubeconfigPath: string },
): Promise<void> {
  if (deployment.method === 'apply') {
    for (const object of deployment.objects) await deps.client.apply(object);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'cpg-helm-'));
  try {
    const files: string[] = [];
    if (deployment.values) {
      const file = join(dir, 'preset-values.yaml');
      await writeFile(file, stringify(deployment.values));
      files.push(file);
    }
    if (deployment.valuesFile) files.push(deployment.valuesFile);
    await runHelmInstall(deps.exec, deployment, files, deps.kubeconfigPath);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
