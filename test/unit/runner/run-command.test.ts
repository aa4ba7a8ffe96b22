import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import type { CliIo } from '../../../src/cli/command.js';
import { main } from '../../../src/cli/main.js';
import { createRunCommand } from '../../../src/cli/commands/run.js';
import { EXIT_INTERRUPTED } from '../../../src/cli/progress.js';
import type { PlatformRequest } from '../../../src/platform/factory.js';
import {
  createLoopbackPlatform,
  type LoopbackOptions,
  type LoopbackPlatform,
} from '../../helpers/loopback-platform.js';

const dir = mkdtempSync(join(tmpdir(), 'cpg-run-cmd-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  expect(existsSync(dir)).toBe(false);
});

const created: LoopbackPlatform[] = [];
afterEach(async () => {
  for (const p of created.splice(0)) {
    await p.teardown();
    expect(p.livePids()).toEqual([]);
  }
});

const TINY = [
  'topologies: [pod-to-pod-cross-node]',
  'tests: [tcp-stream]',
  'repetitions: 1',
  'iperf: { durationS: 1, omitS: 0 }',
].join('\n');
writeFileSync(join(dir, 'tiny.yaml'), TINY);

function harness(tty: boolean, signal = new AbortController().signal, extra: Partial<LoopbackOptions> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const requests: PlatformRequest[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    stderrIsTTY: tty,
    env: {},
    cwd: dir,
    signal,
  };
  const command = createRunCommand({
    now: () => Date.parse('2026-03-04T05:06:07Z'),
    createPlatforms: (request) => {
      requests.push(request);
      return (request.datapaths ?? []).map((datapath) => {
        const p = createLoopbackPlatform({ datapath, ...extra });
        created.push(p);
        return p;
      });
    },
  });
  return { io, command, out, err, requests };
}

describe('run command (loopback platforms)', () => {
  it('--kube-proxy runs every datapath under every mode, interleaved, one file each named <datapath>+<mode>', async () => {
    const h = harness(false);
    const requests: PlatformRequest[] = [];
    const command = createRunCommand({
      now: () => Date.parse('2026-03-04T05:06:07Z'),
      createPlatforms: (request) => {
        requests.push(request);
        return (request.datapaths ?? []).flatMap((datapath) =>
          (request.kubeProxy ?? ['iptables']).map((kubeProxy) => {
            const p = createLoopbackPlatform({ datapath, kubeProxy });
            created.push(p);
            return p;
          }),
        );
      },
    });
    const code = await command.run(
      [
        '--datapath',
        'ptp-hostgw',
        '--kube-proxy',
        'iptables,nftables,ebpf',
        '--suite',
        'tiny.yaml',
        '--out',
        'kp',
      ],
      h.io,
    );
    expect(code).toBe(0);
    expect(requests[0]).toMatchObject({
      datapaths: ['ptp-hostgw'],
      kubeProxy: ['iptables', 'nftables', 'ebpf'],
    });
    expect(readdirSync(join(dir, 'kp')).sort()).toEqual([
      'ptp-hostgw+ebpf.json',
      'ptp-hostgw+nftables.json',
      'ptp-hostgw.json',
    ]);
    const file = parseResultsJson(readFileSync(join(dir, 'kp', 'ptp-hostgw+ebpf.json'), 'utf8'), 'results');
    expect(file.subject).toMatchObject({ datapath: 'ptp-hostgw', kubeProxy: 'ebpf' });
    expect(file.suite).toMatchObject({ kubeProxy: ['iptables', 'nftables', 'ebpf'] });
    expect(h.err.join('')).toContain('3 datapath(s) ptp-hostgw, ptp-hostgw+nftables, ptp-hostgw+ebpf');
    expect(h.out.join('')).toContain('ptp-hostgw+nftables');
    expect(
      await command
        .run(['--kube-proxy', 'ipvs', '--suite', 'tiny.yaml'], h.io)
        .catch((e: Error) => e.message),
    ).toMatch(/--kube-proxy\[0\] must be one of iptables, nftables, ebpf/);
  });

  it('writes one results file per datapath into --out DIR and prints the summary', async () => {
    const h = harness(false);
    const code = await h.command.run(
      ['--datapath', 'host,bridge-vxlan', '--suite', 'tiny.yaml', '--repetitions', '2', '--out', 'res'],
      h.io,
    );
    expect(code).toBe(0);
    expect(h.requests[0]).toMatchObject({ platform: 'lab', datapaths: ['host', 'bridge-vxlan'] });
    expect(readdirSync(join(dir, 'res')).sort()).toEqual(['bridge-vxlan.json', 'host.json']);
    const file = parseResultsJson(readFileSync(join(dir, 'res', 'host.json'), 'utf8'), 'results');
    expect(file.subject.datapath).toBe('host');
    expect(file.scenarios[0]?.samples).toHaveLength(2);
    expect(file.createdAt).toBe('2026-03-04T05:06:07.000Z');
    const stderr = h.err.join('');
    // Not a TTY: one progress line per sample, numbered over the whole run.
    expect(stderr).toMatch(/^\[1\/4\] host pod-to-pod-cross-node\/tcp-stream rep 1\/2 · \d+ s$/m);
    expect(stderr).toMatch(/^\[2\/4\] bridge-vxlan pod-to-pod-cross-node\/tcp-stream rep 1\/2 · \d+ s$/m);
    expect(stderr).toMatch(/^\[4\/4\] bridge-vxlan .* rep 2\/2/m);
    expect(stderr).not.toContain('\r');
    const stdout = h.out.join('');
    expect(stdout).toContain('bridge-vxlan');
    expect(stdout).toContain('tcp_throughput_bps');
  });

  it('run --paired records --pairing-id and counts pairs in its progress lines', async () => {
    const h = harness(false);
    const code = await h.command.run(
      [
        '--paired',
        'host',
        'bridge-vxlan',
        '--suite',
        'tiny.yaml',
        '--fixed-n',
        '--repetitions',
        '3',
        '--pairing-id',
        'pr-7',
        '--out',
        'pair',
      ],
      h.io,
    );
    expect(code).toBe(0);
    const base = parseResultsJson(readFileSync(join(dir, 'pair', 'base.json'), 'utf8'), 'base');
    expect(base.pairing).toMatchObject({ id: 'pr-7', role: 'base' });
    expect(base.scenarios[0]?.samples).toHaveLength(3);
    expect(h.err.join('')).toMatch(/^\[1\/6\] host pod-to-pod-cross-node\/tcp-stream pair 1\/3 · \d+ s$/m);
  });

  it('one datapath with --out FILE.json writes that file; TTY progress redraws in place', async () => {
    const h = harness(true);
    const code = await h.command.run(
      ['--datapath', 'host', '--suite', 'tiny.yaml', '--out', 'one.json'],
      h.io,
    );
    expect(code).toBe(0);
    expect(parseResultsJson(readFileSync(join(dir, 'one.json'), 'utf8'), 'results').subject.datapath).toBe(
      'host',
    );
    expect(h.err.join('')).toContain('\r\x1b[K');
  });

  it('rejects bad input before running anything', async () => {
    const h = harness(false);
    await expect(
      h.command.run(['--datapath', 'host,bridge-vxlan', '--suite', 'tiny.yaml', '--out', 'x.json'], h.io),
    ).rejects.toThrow(/--out x\.json names one file but 2 datapaths/);
    await expect(h.command.run(['--repetitions', 'many'], h.io)).rejects.toThrow(
      'run: --repetitions must be a whole number (got "many")',
    );
    await expect(h.command.run(['--repetitions', '0'], h.io)).rejects.toThrow(
      /--repetitions must be an integer/,
    );
    await expect(h.command.run(['--suite', 'missing.yaml'], h.io)).rejects.toThrow(
      'cannot read suite file missing.yaml: no such file',
    );
    await expect(h.command.run(['--platform', 'docker'], h.io)).rejects.toThrow(
      /--platform must be one of lab, kubernetes/,
    );
    await expect(h.command.run(['--bogus'], h.io)).rejects.toBeInstanceOf(UserError);
    expect(created.filter((p) => p.teardowns === 0 && p.workDir)).toEqual([]);
  });

  it('prints help', async () => {
    const h = harness(false);
    // `<command> --help` is answered by the dispatcher, from the command's own help text.
    expect(await main(['run', '--help'], h.io, [h.command])).toBe(0);
    expect(h.out.join('')).toContain('--datapath NAME[,NAME…]');
  });

  it('an abort tears down and exits 130 with one line', async () => {
    const controller = new AbortController();
    const h = harness(false, controller.signal, { fault: () => 'hang' });
    setTimeout(() => controller.abort('SIGINT'), 1500);
    const code = await h.command.run(['--datapath', 'host', '--suite', 'tiny.yaml', '--out', 'int'], h.io);
    expect(code).toBe(EXIT_INTERRUPTED);
    expect(h.err.join('').trim().split('\n').at(-1)).toBe(
      'cni-perf-gate run: interrupted by SIGINT: run stopped, everything it created was torn down',
    );
    expect(created.every((p) => p.teardowns === 1 && p.livePids().length === 0)).toBe(true);
    expect(readdirSync(join(dir, 'int'))).toEqual([]);
  });
  it('records the provenance its source dependency gives (commit, ref, workflow run)', async () => {
    const h = harness(false);
    const source = {
      commit: 'abcdef1234567',
      ref: 'refs/heads/main',
      runUrl: 'https://github.com/a/b/actions/runs/1',
    };
    const seen: string[] = [];
    const command = createRunCommand({
      now: () => Date.parse('2026-03-04T05:06:07Z'),
      createPlatforms: (request) =>
        (request.datapaths ?? []).map((datapath) => {
          const p = createLoopbackPlatform({ datapath });
          created.push(p);
          return p;
        }),
      source: async (cwd) => {
        seen.push(cwd);
        return source;
      },
    });
    const code = await command.run(
      ['--datapath', 'host', '--suite', 'tiny.yaml', '--repetitions', '1', '--out', 'src.json'],
      h.io,
    );
    expect(code).toBe(0);
    expect(seen).toEqual([dir]);
    expect(parseResultsJson(readFileSync(join(dir, 'src.json'), 'utf8'), 'results').source).toEqual(source);
  });
});
