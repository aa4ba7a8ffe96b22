import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ToolError } from '../../../src/core/errors.js';
import { parsePerfScript } from '../../../src/core/parsers/perf-script.js';

// 120 samples of `perf record -e cpu-clock -a -g -F 499` on this machine (2 CPUs) while a paired
// lab run moved iperf3 traffic and `sha256sum /dev/zero` ran beside it, printed by
// `perf script -F comm,pid,tid,cpu,time,period,event,ip,sym,dso`.
const REAL = readFileSync(new URL('../../fixtures/perf/perf-script-iperf3-hog.txt', import.meta.url), 'utf8');

describe('parsePerfScript (perf script call chains → folded stacks)', () => {
  it('folds real output root-first, one entry per distinct stack, periods summed in nanoseconds', () => {
    const folded = parsePerfScript(REAL);
    const total = Object.values(folded).reduce((a, b) => a + b, 0);
    // 120 samples × 2,004,008 ns (499 Hz cpu-clock).
    expect(total).toBe(120 * 2_004_008);
    const stacks = Object.keys(folded);
    expect(stacks.every((s) => !s.includes('\n') && s.split(';').length >= 1)).toBe(true);
    const recv = stacks.find((s) => s.startsWith('iperf3;') && s.includes('tcp_recvmsg_[k]'));
    expect(recv).toBeDefined();
    // Root first: the syscall entry comes before the socket read it leads to.
    const frames = recv!.split(';');
    expect(frames.indexOf('entry_SYSCALL_64_after_hwframe_[k]')).toBeLessThan(
      frames.indexOf('tcp_recvmsg_[k]'),
    );
    expect(folded['sha256sum;[unknown]']).toBeGreaterThan(0);
  });

  it('marks kernel and module frames, not user or [unknown] ones; keeps comms with spaces', () => {
    const text = [
      'Web Content  12/12   [001] 100.000001:    1000000 cpu-clock: ',
      '\tffffffffc0a1b2c3 vxlan_xmit_one ([vxlan])',
      '\tffffffff81000130 entry_SYSCALL_64_after_hwframe ([kernel.kallsyms])',
      '\t          d4ad7 __GI___libc_write (/usr/lib/x86_64-linux-gnu/libc.so.6)',
      '\t           1234 [unknown] ([unknown])',
      '',
      'Web Content  12/12   [001] 100.001001:    1000000 cpu-clock: ',
      '\tffffffffc0a1b2c3 vxlan_xmit_one ([vxlan])',
      '\tffffffff81000130 entry_SYSCALL_64_after_hwframe ([kernel.kallsyms])',
      '\t          d4ad7 __GI___libc_write (/usr/lib/x86_64-linux-gnu/libc.so.6)',
      '\t           1234 [unknown] ([unknown])',
      '',
    ].join('\n');
    expect(parsePerfScript(text)).toEqual({
      'Web Content;[unknown];__GI___libc_write;entry_SYSCALL_64_after_hwframe_[k];vxlan_xmit_one_[k]': 2_000_000,
    });
  });

  it('reads samples perf could not tie to a thread (tid -1, comm `:-1`, seen on a loaded machine) as [unknown]', () => {
    const text = [
      ':-1 31830/-1    [001] 81364.750216:    1001001 cpu-clock: ',
      '\tffffffff81e4b6a1 native_safe_halt ([kernel.kallsyms])',
      '',
      'iperf3 31830/31831 [000] 81364.751216:    1001001 cpu-clock: ',
      '\tffffffff81e4b6a1 native_safe_halt ([kernel.kallsyms])',
      '',
    ].join('\n');
    expect(parsePerfScript(text)).toEqual({
      '[unknown];native_safe_halt_[k]': 1_001_001,
      'iperf3;native_safe_halt_[k]': 1_001_001,
    });
  });

  it('refuses text that is not perf script output, and reads empty output as no samples', () => {
    expect(() => parsePerfScript('Error:\nThe perf.data data has no samples!\n')).toThrow(ToolError);
    expect(parsePerfScript('')).toEqual({});
  });
});
