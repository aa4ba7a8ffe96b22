import { createHash } from 'node:crypto';
import type { Environment } from './types.js';

/** JSON with object keys sorted at every depth: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

/**
 * The environment fingerprint: `sha256:` + hex over the canonical (sorted-key) JSON of every
 * environment field except `fingerprint` itself. Key order and a stray `fingerprint` do not matter.
 */
export function environmentFingerprint(env: Omit<Environment, 'fingerprint'>): string {
  const { fingerprint: _ignored, ...fields } = env as Omit<Environment, 'fingerprint'> & {
    fingerprint?: string;
  };
  return sha256(canonicalJson(fields));
}

/** `sha256:` + hex of a configuration file's content (the CNI conflist or manifests under test). */
export function configHash(content: string): string {
  return sha256(content);
}
