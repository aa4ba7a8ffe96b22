import { describe, expect, it } from 'vitest';
import { diffTree, type DiffFrame } from '../../../src/core/profile/diff-tree.js';
import { topFunctionChanges } from '../../../src/core/profile/function-changes.js';
import { fixtureFolded, scaleFrames } from '../../helpers/profile-fixture.js';

function find(frame: DiffFrame, path: readonly string[]): DiffFrame | undefined {
  const [first, ...rest] = path;
  if (first === undefined) return frame;
  const child = frame.children.find((c) => c.name === first);
  return child && find(child, rest);
}

describe('diffTree (head call paths with head and base CPU per unit of work)', () => {
  it('sums inclusive CPU along each path and divides each side by its own work', () => {
    const base = { 'cmd;a_[k];b_[k]': 300, 'cmd;a_[k]': 100, 'cmd;gone_[k]': 50 };
    const head = { 'cmd;a_[k];b_[k]': 1200, 'cmd;a_[k];c_[k]': 200, 'other;x': 600 };
    const { root, baseOnly } = diffTree(base, head, 1, 2);
    expect(root).toMatchObject({ name: 'all', depth: 0, head: 1000, base: 450 });
    expect(root.children.map((c) => c.name)).toEqual(['cmd', 'other']);
    expect(find(root, ['cmd'])).toMatchObject({ head: 700, base: 450, depth: 1 });
    expect(find(root, ['cmd', 'a_[k]'])).toMatchObject({ head: 700, base: 400 });
    expect(find(root, ['cmd', 'a_[k]', 'b_[k]'])).toMatchObject({ head: 600, base: 300, depth: 3 });
    expect(find(root, ['cmd', 'a_[k]', 'c_[k]'])).toMatchObject({ head: 100, base: 0 });
    expect(find(root, ['other', 'x'])).toMatchObject({ head: 300, base: 0 });
    // `cmd;gone` exists only in the base: no frame, counted as base-only.
    expect(find(root, ['cmd', 'gone_[k]'])).toBeUndefined();
    expect(baseOnly).toBe(50);
  });

  it('the same CPU over twice the work is half the CPU per unit: more work is not growth', () => {
    const folded = fixtureFolded();
    const doubled = Object.fromEntries(Object.entries(folded).map(([s, ns]) => [s, ns * 2]));
    const { root } = diffTree(folded, doubled, 3, 6);
    const same = (f: DiffFrame): void => {
      expect(f.head).toBeCloseTo(f.base, 6);
      f.children.forEach(same);
    };
    same(root);
  });

  it('refuses work that cannot normalise', () => {
    expect(() => diffTree({ a: 1 }, { a: 1 }, 0, 1)).toThrow(RangeError);
    expect(() => diffTree({ a: 1 }, { a: 1 }, 1, Number.NaN)).toThrow(/head work/);
  });
});

describe('topFunctionChanges (kernel functions, inclusive CPU per unit of work)', () => {
  it('ranks grown and shrunk kernel functions by the change per unit of work', () => {
    const base = { 'cmd;f_[k];g_[k]': 100, 'cmd;h_[k]': 400, 'cmd;user': 1000 };
    const head = { 'cmd;f_[k];g_[k]': 600, 'cmd;h_[k]': 200, 'cmd;new_[k]': 100, 'cmd;user': 5000 };
    const { grown, shrunk } = topFunctionChanges(base, head, 1, 2, 5);
    // f grew only through g: g names the change, f is left out.
    expect(grown).toEqual([
      { name: 'g', base: 100, head: 300, delta: 200, ratio: 3 },
      { name: 'new', base: 0, head: 50, delta: 50, ratio: null },
    ]);
    expect(shrunk).toEqual([{ name: 'h', base: 400, head: 100, delta: -300, ratio: 0.25 }]);
    expect(topFunctionChanges(base, head, 1, 2, 1).grown.map((c) => c.name)).toEqual(['g']);
  });

  it('keeps a caller whose change spreads over several callees, and the callees', () => {
    const base = { 'cmd;s_[k];a_[k]': 100, 'cmd;s_[k];b_[k]': 100, 'cmd;s_[k]': 100 };
    const head = { 'cmd;s_[k];a_[k]': 200, 'cmd;s_[k];b_[k]': 200, 'cmd;s_[k]': 100 };
    const { grown } = topFunctionChanges(base, head, 1, 1, 5);
    expect(grown.map((c) => [c.name, c.delta])).toEqual([
      ['s', 200],
      ['a', 100],
      ['b', 100],
    ]);
  });

  it('names the kernel functions whose stacks grew in real folded stacks', () => {
    const base = fixtureFolded();
    const head = scaleFrames(base, { 'tcp_sendmsg_[k]': 3, 'tcp_recvmsg_[k]': 0.25 });
    const { grown, shrunk } = topFunctionChanges(base, head, 1, 1, 5);
    expect(grown.map((c) => c.name)).toContain('tcp_sendmsg');
    expect(grown.find((c) => c.name === 'tcp_sendmsg')!.ratio).toBeCloseTo(3, 3);
    expect(shrunk.map((c) => c.name)).toContain('tcp_recvmsg');
    expect(shrunk.find((c) => c.name === 'tcp_recvmsg')!.ratio).toBeCloseTo(0.25, 3);
    // Unscaled work (the sha256sum hog, user space) never appears: not a kernel function, not changed.
    expect([...grown, ...shrunk].every((c) => !c.name.includes('sha256'))).toBe(true);
  });
});
