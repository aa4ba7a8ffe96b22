import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { UserError, errorMessage } from '../../core/errors.js';

/**
 * Which kubeconfig an existing-cluster run uses: the explicit path, else the first entry of
 * KUBECONFIG, else ~/.kube/config. UserError when none is given.
 */
export function resolveKubeconfigPath(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  home: string | undefined,
): string {
  if (explicit) return explicit;
  const fromEnv = env.KUBECONFIG?.split(':').find((entry) => entry.length > 0);
  if (fromEnv) return fromEnv;
  if (home) return `${home}/.kube/config`;
  throw new UserError(
    "no kubeconfig: name one (CLI --kubeconfig FILE, action input 'kubeconfig') or set KUBECONFIG",
  );
}

/** Loads a kubeconfig file; UserError naming the file when it is missing, unreadable or has no cluster. */
export function loadKubeconfig(path: string): KubeConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? errorMessage(error)})`;
    throw new UserError(`kubeconfig ${path} ${why}; name a readable kubeconfig file`);
  }
  const config = new KubeConfig();
  try {
    config.loadFromString(text);
  } catch (error) {
    throw new UserError(`kubeconfig ${path} is not a valid kubeconfig: ${errorMessage(error)}`);
  }
  if (!config.getCurrentCluster()) {
    throw new UserError(`kubeconfig ${path} has no current cluster; set current-context`);
  }
  return config;
}
