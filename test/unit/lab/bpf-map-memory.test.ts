import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../../src/adapters/exec.js';
import { readBpfMapMemory } from '../../../src/platform/lab/bpf/map-memory.js';
import type { LabDeps } from '../../../src/platform/lab/deps.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/bpftool/${name}`, import.meta.url), 'utf8');

/** Deps whose `bpftool` answers from `answer` (by its arguments); every call is logged. */
function bpftoolDeps(
  answer: (args: readonly string[]) => Partial<ExecResult>,
  calls: string[] = [],
): LabDeps {
  return {
    exec: {
      run: async (command: string, args: readonly string[]) => {
        calls.push([command, ...args].join(' '));
        return { exitCode: 0, stdout: '', stderr: '', ...answer(args) } as ExecResult;
      },
    },
  } as unknown as LabDeps;
}

const RUN = '/tmp/cpg-agentstats-probe/bpffs';

describe('readBpfMapMemory: the lab resource probe', () => {
  it("reads programs with their pins, then maps, and sums the run's map memory", async () => {
    const calls: string[] = [];
    const deps = bpftoolDeps(
      (args) => ({ stdout: args.includes('prog') ? fixture('prog-show.json') : fixture('map-show.json') }),
      calls,
    );
    expect(await readBpfMapMemory(deps, RUN)).toEqual({
      available: true,
      levels: { bpf_map_memory_bytes: 3 * 4_195_200 + 384 + 361_504 + 408 },
    });
    expect(calls).toEqual(['bpftool -j -f prog show', 'bpftool -j map show']);
    // A run that loaded no BPF program has nothing to read (and runs nothing).
    expect(await readBpfMapMemory(deps, undefined)).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it('without bpftool, or when it fails, one line saying so and the metric unavailable', async () => {
    const missing = bpftoolDeps(() => ({ exitCode: 127, stderr: 'bpftool: spawn bpftool ENOENT' }));
    expect(await readBpfMapMemory(missing, RUN)).toEqual({
      available: false,
      reason: 'bpftool is not installed (apt-get install bpftool)',
      metrics: ['bpf_map_memory_bytes'],
    });
    const denied = bpftoolDeps(() => ({
      exitCode: 255,
      stderr: "Error: can't get next program: Operation not permitted\nmore",
    }));
    expect(await readBpfMapMemory(denied, RUN)).toMatchObject({
      available: false,
      reason: "bpftool prog show failed: Error: can't get next program: Operation not permitted",
    });
    const garbled = bpftoolDeps(() => ({ stdout: 'not json' }));
    expect(await readBpfMapMemory(garbled, RUN)).toMatchObject({
      available: false,
      reason: 'bpftool prog show did not print JSON',
    });
    const elsewhere = bpftoolDeps((args) => ({
      stdout: args.includes('prog') ? fixture('prog-show.json') : fixture('map-show.json'),
    }));
    expect(await readBpfMapMemory(elsewhere, '/sys/fs/bpf/cpg-gone')).toMatchObject({
      available: false,
      reason: 'no BPF program of the run is pinned under /sys/fs/bpf/cpg-gone',
    });
  });
});
