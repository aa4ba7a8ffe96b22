import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bpfMapMemory } from '../../../src/core/parsers/bpftool.js';

// Captured on this project's machine (kernel 6.18, bpftool v7.1.0): the lab's sock-lb.o and
// hostrouting.o loaded and pinned under one bpffs (the "run"), and nodeport.o plus a lone map
// pinned under another (another process's programs and maps).
const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/bpftool/${name}`, import.meta.url), 'utf8');
const progs = fixture('prog-show.json');
const maps = fixture('map-show.json');
const RUN = '/tmp/cpg-agentstats-probe/bpffs';
const OTHER = '/tmp/cpg-agentstats-probe/other';

describe('bpfMapMemory: the BPF map memory of one run from bpftool -j output', () => {
  it("sums bytes_memlock of the maps the run's programs use, each map once", () => {
    const memory = bpfMapMemory(progs, maps, RUN);
    expect(memory.programIds).toEqual([25484, 25485, 25486, 25491, 25492]);
    // socket LB: revnat, services, backends (4,195,200 each), stats 384; host routing: endpoints 361,504, stats 408.
    expect(memory.mapIds).toEqual([2594, 2595, 2596, 2597, 2598, 2599]);
    expect(memory.bytes).toBe(3 * 4_195_200 + 384 + 361_504 + 408);
  });

  it("never counts another process's programs or maps", () => {
    const other = bpfMapMemory(progs, maps, OTHER);
    expect(other.programIds).toEqual([25497]);
    // nodeport_lb's node_ip, ct, nodeports, stats; the lone map (2604) is used by no program.
    expect(other.bytes).toBe(320 + 23_069_568 + 5_243_920 + 360);
    expect(bpfMapMemory(progs, maps, `${RUN}/`).bytes).toBe(bpfMapMemory(progs, maps, RUN).bytes);
    // A pin root is a directory: a sibling whose name merely starts the same is not the run's.
    expect(bpfMapMemory(progs, maps, '/tmp/cpg-agentstats-probe/bpf')).toEqual({
      bytes: 0,
      programIds: [],
      mapIds: [],
    });
  });

  it('output that is not bpftool JSON, or a used map missing from map show, is a one-line error', () => {
    expect(() => bpfMapMemory('Error: no BPF', maps, RUN)).toThrow(/^bpftool prog show did not print JSON$/);
    expect(() => bpfMapMemory('{}', maps, RUN)).toThrow('bpftool prog show did not print a JSON list');
    const without = JSON.stringify((JSON.parse(maps) as { id: number }[]).filter((m) => m.id !== 2598));
    expect(() => bpfMapMemory(progs, without, RUN)).toThrow(
      "bpftool map show lists no bytes_memlock for map 2598 of the run's programs",
    );
  });
});
