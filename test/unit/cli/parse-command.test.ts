import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { memoryIo } from './memory-io.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));

async function run(argv: string[]) {
  const io = memoryIo(fixtures);
  const code = await main(['parse', ...argv], io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

describe('cni-perf-gate parse', () => {
  it('prints the metrics of an iperf3 TCP run', async () => {
    const { code, out, err } = await run(['--tool', 'iperf3', 'iperf3/tcp.json']);
    expect([code, err]).toEqual([0, '']);
    const doc = JSON.parse(out);
    expect(Object.keys(doc)).toEqual(['tool', 'metrics']);
    expect(doc.tool).toBe('iperf3');
    expect(doc.metrics.tcp_throughput_bps).toBeGreaterThan(1e8);
    expect(Number.isInteger(doc.metrics.tcp_retransmits)).toBe(true);
  });

  it('prints the metrics of an iperf3 UDP run and of a wrk --latency run', async () => {
    const udp = JSON.parse((await run(['--tool=iperf3', 'iperf3/udp.json'])).out);
    expect(Object.keys(udp.metrics)).toEqual(
      expect.arrayContaining(['udp_throughput_bps', 'udp_loss_percent', 'udp_jitter_ms']),
    );
    const wrk = await run(['--tool', 'wrk', 'wrk/latency.txt']);
    expect(wrk.code).toBe(0);
    const metrics = JSON.parse(wrk.out).metrics;
    expect(metrics.http_rps).toBeGreaterThan(0);
    expect(metrics.http_latency_p50_ms).toBeCloseTo(0.107, 6);
  });

  it("exits 2 with the tool's own message when the output is an error", async () => {
    const iperf = await run(['--tool', 'iperf3', 'iperf3/error-connection-refused.json']);
    expect(iperf.code).toBe(2);
    expect(iperf.out).toBe('');
    expect(iperf.err).toMatch(
      /^cni-perf-gate: iperf3\/error-connection-refused\.json: iperf3 failed: unable to connect to server: Connection refused\n$/,
    );
    const wrk = await run(['--tool', 'wrk', 'wrk/all-404.txt']);
    expect(wrk.code).toBe(2);
    expect(wrk.err.split('\n')).toHaveLength(2);
    expect(wrk.err).toMatch(/^cni-perf-gate: wrk\/all-404\.txt: wrk failed: .*non-2xx/i);
  });

  it('rejects bad usage with one line and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['iperf3/tcp.json'], /^cni-perf-gate: parse: --tool is required/],
      [
        ['--tool', 'netperf', 'iperf3/tcp.json'],
        /^cni-perf-gate: parse: unknown --tool "netperf"; expected iperf3 or wrk/,
      ],
      [['--tool', 'iperf3'], /^cni-perf-gate: parse: missing FILE; usage: /],
      [['--tool', 'iperf3', 'a', 'b'], /^cni-perf-gate: parse: unexpected argument "b"/],
      [
        ['--tool', 'iperf3', '--bogus', 'a'],
        /^cni-perf-gate: parse: Unknown option '--bogus'.*; see cni-perf-gate parse --help/,
      ],
      [
        ['--tool', 'iperf3', 'iperf3/missing.json'],
        /^cni-perf-gate: cannot read iperf3 output iperf3\/missing\.json: no such file/,
      ],
      [['--tool', 'iperf3', 'iperf3'], /^cni-perf-gate: cannot read iperf3 output iperf3: is a directory/],
    ];
    for (const [argv, expected] of cases) {
      const { code, err } = await run(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(err, argv.join(' ')).toMatch(expected);
      expect(err.split('\n'), argv.join(' ')).toHaveLength(2);
    }
  });
});
