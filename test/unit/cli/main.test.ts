import { describe, expect, it } from 'vitest';
import type { CliCommand } from '../../../src/cli/command.js';
import { COMMANDS } from '../../../src/cli/commands/index.js';
import { checkNodeVersion, main } from '../../../src/cli/main.js';
import { UserError } from '../../../src/core/errors.js';
import packageJson from '../../../package.json' with { type: 'json' };
import { memoryIo } from '../../helpers/memory-io.js';

const boom: CliCommand = {
  name: 'boom',
  summary: 'throws',
  help: 'Usage: boom\n',
  async run(argv) {
    if (argv[0] === 'user') throw new UserError('bad thing\nsecond line');
    throw new TypeError('cannot read properties of undefined');
  },
};

describe('main', () => {
  it('lists every registered command in --help', async () => {
    const io = memoryIo('/');
    expect(await main(['--help'], io)).toBe(0);
    const lines = io.stdoutText().split('\n');
    for (const command of COMMANDS) {
      expect(
        lines.some((l) => l.startsWith(`  ${command.name} `) && l.endsWith(`  ${command.summary}`)),
      ).toBe(true);
    }
    expect(io.stdoutText()).toMatch(/^Usage: cni-perf-gate <command>/);
  });

  it('prints the package version', async () => {
    const io = memoryIo('/');
    expect(await main(['--version'], io)).toBe(0);
    expect(io.stdoutText()).toBe(`${packageJson.version}\n`);
  });

  it('prints usage on stderr and exits 2 without a command', async () => {
    const io = memoryIo('/');
    expect(await main([], io)).toBe(2);
    expect(io.stderrText()).toContain('Usage: cni-perf-gate');
    expect(io.stdoutText()).toBe('');
  });

  it('rejects an unknown command or option in one line pointing at --help, exit 2', async () => {
    const io = memoryIo('/');
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.stderrText()).toBe(
      `cni-perf-gate: unknown command "frobnicate"; commands: ${COMMANDS.map((c) => c.name).join(', ')}; see cni-perf-gate --help\n`,
    );
    const flag = memoryIo('/');
    expect(await main(['run', '--frobnicate'], flag)).toBe(2);
    expect(flag.stderrText()).toBe(
      "cni-perf-gate: run: Unknown option '--frobnicate'; see cni-perf-gate run --help\n",
    );
  });

  it('negative numbers reach the flag\'s own check, which gives the valid range (not "ambiguous")', async () => {
    for (const [argv, message] of [
      [
        ['run', '--repetitions', '-1'],
        'command line: --repetitions must be an integer from 1 to 1000 (got -1)',
      ],
      [['run', '--duration', '-5'], 'command line: --duration must be an integer from 1 to 3600 (got -5)'],
      [
        ['compare', 'a.json', 'b.json', '--alpha', '-1'],
        'compare: --alpha "-1" must be a number between 0 and 1, e.g. 0.01',
      ],
    ] as const) {
      const io = memoryIo('/');
      expect(await main(argv, io)).toBe(2);
      expect(io.stderrText()).toBe(`cni-perf-gate: ${message}\n`);
    }
  });

  it('shows per-command help with --help, -h and help <command>', async () => {
    for (const argv of [
      ['compare', '--help'],
      ['compare', 'a.json', '-h'],
      ['help', 'compare'],
    ]) {
      const io = memoryIo('/');
      expect(await main(argv, io)).toBe(0);
      expect(io.stdoutText()).toMatch(/^Usage: cni-perf-gate compare BASE\.json HEAD\.json/);
    }
    const io = memoryIo('/');
    expect(await main(['help', 'nope'], io)).toBe(2);
    expect(io.stderrText()).toBe('cni-perf-gate: unknown command "nope"; run cni-perf-gate --help\n');
  });

  it('prints a UserError as one line and exits 2', async () => {
    const io = memoryIo('/');
    expect(await main(['boom', 'user'], io, [boom])).toBe(2);
    expect(io.stderrText()).toBe('cni-perf-gate: bad thing second line\n');
  });

  it('prints an unexpected error as one line without a stack unless CNI_PERF_GATE_DEBUG=1', async () => {
    const quiet = memoryIo('/');
    expect(await main(['boom'], quiet, [boom])).toBe(2);
    expect(quiet.stderrText()).toBe(
      'cni-perf-gate: unexpected error: cannot read properties of undefined (set CNI_PERF_GATE_DEBUG=1 for details)\n',
    );
    const debug = memoryIo('/', { CNI_PERF_GATE_DEBUG: '1' });
    expect(await main(['boom'], debug, [boom])).toBe(2);
    expect(debug.err[0]).toBe('cni-perf-gate: unexpected error: cannot read properties of undefined\n');
    expect(debug.err[1]).toMatch(/^TypeError: cannot read properties of undefined\n\s+at /);
  });
});

describe('checkNodeVersion', () => {
  it('accepts the supported majors and refuses older ones with one line', () => {
    expect(() => checkNodeVersion('20.20.2')).not.toThrow();
    expect(() => checkNodeVersion('24.1.0')).not.toThrow();
    expect(() => checkNodeVersion('18.19.0')).toThrow(
      'Node.js 18.19.0 is too old: cni-perf-gate needs Node.js 20 or later (the Action runs on node24)',
    );
  });
});
