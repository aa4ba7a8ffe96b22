import type { Exec } from '../../../adapters/exec.js';
import { ToolError, UserError } from '../../../core/errors.js';
import type { HelmDeployment } from './presets.js';

/** `helm upgrade --install` arguments for a deployment (values files in order: preset, then user). */
export function helmInstallArgs(
  deployment: HelmDeployment,
  valuesFiles: readonly string[],
  kubeconfigPath: string,
): string[] {
  return [
    'upgrade',
    '--install',
    deployment.release,
    deployment.chart,
    ...(deployment.repo ? ['--repo', deployment.repo] : []),
    ...(deployment.version ? ['--version', deployment.version] : []),
    '--namespace',
    deployment.namespace,
    '--create-namespace',
    ...valuesFiles.flatMap((file) => ['--values', file]),
    '--kubeconfig',
    kubeconfigPath,
  ];
}

/** Runs helm; UserError when helm is missing, ToolError with helm's own words when it fails. */
export async function runHelmInstall(
  exec: Exec,
  deployment: HelmDeployment,
  valuesFiles: readonly string[],
  kubeconfigPath: string,
  timeoutMs = 600_000,
): Promise<void> {
  const probe = await exec.run('helm', ['version', '--short'], { timeoutMs: 15_000 }).catch(() => undefined);
  if (!probe || probe.exitCode !== 0) {
    throw new UserError(`helm is needed to install ${deployment.chart} but is not on PATH; install helm 3+`);
  }
  const result = await exec.run('helm', helmInstallArgs(deployment, valuesFiles, kubeconfigPath), {
    timeoutMs,
  });
  if (result.exitCode !== 0 || result.timedOut) {
    const words = (result.stderr || result.stdout).trim().split('\n').slice(-5).join(' | ');
    throw new ToolError(
      'helm',
      `install of ${deployment.chart} as ${deployment.release} failed: ${words || 'timed out'}`,
    );
  }
}
