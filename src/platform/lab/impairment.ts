import { UserError } from '../../core/errors.js';
import { labNames } from './address-plan.js';
import { inNamespace } from './commands.js';
import type { LabDeps } from './deps.js';
import { NODE_UNDERLAY_IF } from './presets.js';

/**
 * A deliberate, known slowdown of the lab's datapath, for the gate benchmark (docs/gate-quality.md):
 * it lets the benchmark inject regressions of a known size. Never set by a normal run.
 */
export interface LabImpairment {
  /** `tc` tbf rate limit (bit/s) on every node's underlay interface (egress), e.g. 95% of a measured throughput. */
  readonly rateBps?: number;
  /** Non-matching iptables rules appended to every node's FORWARD chain (each packet walks all of them). */
  readonly extraIptablesRules?: number;
}

/** Validates an impairment (UserError naming the field). */
export function validateImpairment(impairment: LabImpairment): LabImpairment {
  const { rateBps, extraIptablesRules } = impairment;
  if (rateBps !== undefined && !(Number.isFinite(rateBps) && rateBps >= 1e6 && rateBps <= 1e12)) {
    throw new UserError(`lab impairment rateBps must be between 1e6 and 1e12 bit/s, got ${rateBps}`);
  }
  if (
    extraIptablesRules !== undefined &&
    !(Number.isInteger(extraIptablesRules) && extraIptablesRules >= 0 && extraIptablesRules <= 100_000)
  ) {
    throw new UserError(
      `lab impairment extraIptablesRules must be a whole number 0-100000, got ${extraIptablesRules}`,
    );
  }
  return impairment;
}

/** iptables-restore input: `count` FORWARD rules that match no lab traffic (TEST-NET sources, port 9). */
export function nonMatchingForwardRules(count: number): string {
  const lines = ['*filter'];
  for (let i = 0; i < count; i++) {
    // 198.19.128.0/17 is inside the lab's benchmarking range but never assigned; UDP discard port.
    const a = 128 + (Math.floor(i / 256) % 128);
    lines.push(`-A FORWARD -s 198.19.${a}.${i % 256}/32 -p udp --dport 9 -j DROP`);
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

/**
 * Applies an impairment to nodes 0…nodes-1 of a run: a tbf qdisc on each node's underlay interface
 * (burst = 5 ms at the rate, at least 256 KiB so TSO super-packets pass) and the FORWARD rules.
 * Removed with the namespaces at teardown.
 */
export async function applyImpairment(
  deps: LabDeps,
  runId: string,
  nodes: number,
  impairment: LabImpairment,
  signal?: AbortSignal,
): Promise<void> {
  const opts = signal ? { signal } : undefined;
  for (let i = 0; i < nodes; i++) {
    const node = labNames.node(runId, i);
    if (impairment.rateBps !== undefined) {
      const rate = Math.round(impairment.rateBps);
      const burst = Math.max(256 * 1024, Math.round((rate / 8) * 0.005));
      await inNamespace(
        deps,
        node,
        'tc',
        [
          'qdisc',
          'replace',
          'dev',
          NODE_UNDERLAY_IF,
          'root',
          'tbf',
          'rate',
          `${rate}bit`,
          'burst',
          String(burst),
          'latency',
          '50ms',
        ],
        opts,
      );
    }
    if (impairment.extraIptablesRules) {
      await inNamespace(deps, node, 'iptables-restore', ['--noflush'], {
        input: nonMatchingForwardRules(impairment.extraIptablesRules),
        ...(signal ? { signal } : {}),
      });
    }
  }
}
