import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { UserError, errorMessage } from '../../../core/errors.js';

/** Manifests read from disk, with the raw files (for the config hash). */
export interface LoadedManifests {
  readonly objects: KubernetesObject[];
  readonly files: readonly { path: string; content: string }[];
}

const KIND_ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'PriorityClass',
  'ServiceAccount',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'ConfigMap',
  'Secret',
];

/** Namespaces, CRDs and RBAC first, so the objects that use them apply cleanly. */
export function applyOrder(objects: readonly KubernetesObject[]): KubernetesObject[] {
  const rank = (o: KubernetesObject) => {
    const i = KIND_ORDER.indexOf(o.kind ?? '');
    return i < 0 ? KIND_ORDER.length : i;
  };
  return objects
    .map((object, index) => ({ object, index }))
    .sort((a, b) => rank(a.object) - rank(b.object) || a.index - b.index)
    .map(({ object }) => object);
}

function yamlFiles(path: string): string[] {
  let info;
  try {
    info = statSync(path);
  } catch {
    throw new UserError(`CNI manifests ${path} do not exist; pass a YAML file or a directory of them`);
  }
  if (info.isFile()) return [path];
  const entries = readdirSync(path, { recursive: true, encoding: 'utf8' });
  const files = entries
    .map((entry) => join(path, entry))
    .filter((file) => /\.ya?ml$/i.test(file))
    .sort();
  if (files.length === 0) throw new UserError(`CNI manifest directory ${path} has no .yaml/.yml files`);
  return files;
}

/** Parses (synchronously) a file or directory of YAML into objects; UserError naming the file and document on bad input. */
export function loadManifests(path: string): LoadedManifests {
  const objects: KubernetesObject[] = [];
  const files: { path: string; content: string }[] = [];
  for (const file of yamlFiles(path)) {
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UserError(`cannot read CNI manifest ${file}: ${errorMessage(error)}`);
    }
    files.push({ path: relative(path, file) || file, content });
    parseAllDocuments(content).forEach((doc, index) => {
      if (doc.errors.length > 0) {
        throw new UserError(
          `CNI manifest ${file} document ${index + 1} is not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`,
        );
      }
      const value = doc.toJS() as unknown;
      if (value === null || value === undefined) return;
      const list = isList(value) ? value.items : [value];
      for (const item of list) {
        const o = item as KubernetesObject;
        if (!o || typeof o !== 'object' || !o.apiVersion || !o.kind || !o.metadata?.name) {
          throw new UserError(
            `CNI manifest ${file} document ${index + 1} lacks apiVersion, kind or metadata.name`,
          );
        }
        objects.push(o);
      }
    });
  }
  return { objects: applyOrder(objects), files };
}

function isList(value: unknown): value is { items: unknown[] } {
  const v = value as { kind?: unknown; items?: unknown };
  return typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items);
}
