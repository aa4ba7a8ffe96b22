/**
 * A REAL Platform test double: servers (iperf3 -s, nginx) and clients (iperf3, wrk) run as plain
 * processes on 127.0.0.1 in the root namespace, on unique high ports, with no namespaces and no
 * privileges. Runner tests use it to exercise real tools quickly. Faults can be injected per
 * client run: a real tool error (client pointed at a closed port) or a hang (a client that never ends).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuUsageBetween, parseProcStat, type CpuTimes } from '../../src/core/parsers/proc-stat.js';
import { configHash } from '../../src/core/results/fingerprint.js';
import type { Environment, Subject } from '../../src/core/results/types.js';
import type { TopologyId } from '../../src/core/scenarios.js';
import type { SuiteConfig } from '../../src/core/suite/types.js';
import type {
  CpuUsage,
  Endpoint,
  Placement,
  Platform,
  ServerKind,
  SkipReason,
  ToolInvocation,
  ToolOutput,
} from '../../src/platform/platform.js';

/** What to do to one client run. */
export type LoopbackFault = 'fail' | 'hang' | undefined;

/** Options of the loopback platform. */
export interface LoopbackOptions {
  readonly datapath: string;
  /** Recorded in the subject (a lab kube-proxy mode). */
  readonly kubeProxy?: string;
  /** Topologies reported as unsupported, with the reason. */
  readonly unsupported?: Partial<Record<TopologyId, string>>;
  /** Shared, ordered log of what every platform did (`<datapath> <action> …`). */
  readonly events?: string[];
  /** Decides a fault for the n-th (0-based) client run of this platform. */
  readonly fault?: (invocation: ToolInvocation, index: number) => LoopbackFault;
  /** Makes prepare() throw. */
  readonly failPrepare?: boolean;
  /** Extra tool versions reported by environment() (e.g. `{ wrk2: "x" }`). */
  readonly extraTools?: Readonly<Record<string, string>>;
  /** Interference reported with the n-th (0-based) client run (as a lab run measures it). */
  readonly interference?: (
    index: number,
  ) => { readonly foreignPercent: number; readonly stealPercent: number } | undefined;
}

/** The loopback platform plus what tests inspect. */
export interface LoopbackPlatform extends Platform {
  /** Pids of processes this platform started that are still running. */
  livePids(): number[];
  /** How many times teardown() ran. */
  readonly teardowns: number;
  /** Every invocation it ran, in order. */
  readonly invocations: readonly ToolInvocation[];
  /** Its scratch directory (removed by teardown). */
  readonly workDir: string | undefined;
}

/** A free TCP port on 127.0.0.1 (bind port 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when something listens on 127.0.0.1:port (reads /proc/net/tcp; never connects). */
function listening(port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .some((line) => {
      const fields = line.trim().split(/\s+/);
      return fields[1]?.endsWith(`:${hexPort}`) === true && fields[3] === '0A';
    });
}

function readCpu(): CpuTimes {
  return parseProcStat(readFileSync('/proc/stat', 'utf8'));
}

function cpuBetween(before: CpuTimes, after: CpuTimes): CpuUsage | undefined {
  try {
    return cpuUsageBetween(before, after);
  } catch {
    return undefined; // too short to measure
  }
}

function firstLine(command: string, args: string[]): string {
  try {
    return (
      execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0] ??
      ''
    );
  } catch (error) {
    const out = (error as { stdout?: string }).stdout ?? '';
    return out.split('\n')[0] ?? '';
  }
}

/** Creates a loopback platform. */
export function createLoopbackPlatform(options: LoopbackOptions): LoopbackPlatform {
  const children = new Set<ChildProcess>();
  const invocations: ToolInvocation[] = [];
  const record = (action: string): void => void options.events?.push(`${options.datapath} ${action}`);
  let workDir: string | undefined;
  let teardowns = 0;
  let clientRuns = 0;
  let serverReadyTimeoutS = 10;

  const track = (child: ChildProcess): ChildProcess => {
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };

  const kill = async (child: ChildProcess): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await gone;
    clearTimeout(timer);
  };

  const startServerProcess = async (
    kind: ServerKind,
    suite: SuiteConfig | undefined,
  ): Promise<[ChildProcess, Endpoint]> => {
    if (!workDir) throw new Error('loopback: not prepared');
    const port = await freePort();
    let child: ChildProcess;
    if (kind === 'iperf3') {
      child = spawn('iperf3', ['-s', '-B', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    } else {
      const dir = mkdtempSync(join(workDir, 'nginx-'));
      const body = 'x'.repeat(suite?.http.responseBytes ?? 1024);
      const conf = [
        'daemon off;',
        'worker_processes 1;',
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log warn;`,
        'events { worker_connections 4096; }',
        'http {',
        '  access_log off;',
        '  default_type text/plain;',
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
        `  server { listen 127.0.0.1:${port}; location / { return 200 "${body}"; } }`,
        '}',
      ].join('\n');
      writeFileSync(join(dir, 'nginx.conf'), conf);
      child = spawn('nginx', ['-e', `${dir}/error.log`, '-p', dir, '-c', join(dir, 'nginx.conf')], {
        stdio: 'ignore',
      });
    }
    track(child);
    const deadline = Date.now() + serverReadyTimeoutS * 1000;
    while (!listening(port)) {
      if (child.exitCode !== null)
        throw new Error(`loopback: ${kind} server exited with code ${child.exitCode}`);
      if (Date.now() > deadline) {
        await kill(child);
        throw new Error(`loopback: ${kind} server did not listen on ${port} within ${serverReadyTimeoutS} s`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return [child, { address: '127.0.0.1', port }];
  };

  const runProcess = async (command: string, args: string[], timeoutMs: number): Promise<ToolOutput> => {
    const startedMs = Date.now();
    const before = readCpu();
    const child = track(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void kill(child);
    }, timeoutMs);
    const exitCode = await new Promise<number>((resolve) => {
      child.once('error', (error) => {
        stderr += error.message;
        resolve(127);
      });
      child.once('close', (code, sig) => resolve(code ?? (sig ? 128 + 15 : 1)));
    });
    clearTimeout(timer);
    const cpu = cpuBetween(before, readCpu());
    return {
      exitCode,
      stdout,
      stderr,
      startedAt: new Date(startedMs).toISOString(),
      durationS: (Date.now() - startedMs) / 1000,
      ...(cpu ? { cpu } : {}),
      ...(timedOut ? { timedOut } : {}),
    };
  };

  let suiteSeen: SuiteConfig | undefined;
  const platform: LoopbackPlatform = {
    kind: 'lab',
    leftoverHint: 'run `cni-perf-gate cleanup` to remove leftovers',
    get teardowns() {
      return teardowns;
    },
    get workDir() {
      return workDir;
    },
    invocations,
    livePids: () => [...children].map((c) => c.pid).filter((pid): pid is number => pid !== undefined),
    subject(): Subject {
      return {
        platform: 'lab',
        datapath: options.datapath,
        ...(options.kubeProxy ? { kubeProxy: options.kubeProxy } : {}),
        cni: { loopback: true },
        configHash: configHash(`${options.datapath}${options.kubeProxy ?? ''}`),
      };
    },
    async prepare(suite) {
      record('prepare');
      suiteSeen = suite;
      serverReadyTimeoutS = suite.serverReadyTimeoutS;
      // A second prepare would orphan the first scratch directory (teardown removes one).
      if (workDir && existsSync(workDir)) throw new Error('loopback: prepared twice without a teardown');
      workDir = mkdtempSync(join(tmpdir(), 'cpg-loopback-'));
      if (options.failPrepare) throw new Error(`loopback ${options.datapath}: prepare failed (injected)`);
    },
    async environment(): Promise<Omit<Environment, 'fingerprint'>> {
      const iperf = /iperf (\S+)/.exec(firstLine('iperf3', ['--version']))?.[1] ?? 'unknown';
      const wrk = /wrk (?:debian\/)?(\S+?)(?:-\S+)? /.exec(firstLine('wrk', ['-v']))?.[1] ?? 'unknown';
      return {
        kernel: release(),
        cpuModel: cpus()[0]?.model ?? 'unknown',
        cpus: cpus().length,
        mtu: 65536,
        tools: { iperf3: iperf, wrk, ...options.extraTools },
        kubernetes: null,
      };
    },
    supports(topology): SkipReason {
      return options.unsupported?.[topology] ?? null;
    },
    async place(topology): Promise<Placement> {
      record(`place ${topology}`);
      const servers = new Map<ServerKind, [ChildProcess, Endpoint]>();
      return {
        topology,
        description: `loopback ${options.datapath}: 127.0.0.1 → 127.0.0.1`,
        async startServer(kind) {
          const known = servers.get(kind);
          if (known) return known[1];
          const started = await startServerProcess(kind, suiteSeen);
          servers.set(kind, started);
          record(`server ${kind}`);
          return started[1];
        },
        async runClient(invocation) {
          if (!workDir) throw new Error('loopback: not prepared');
          const index = clientRuns++;
          invocations.push(invocation);
          record(`run ${topology} ${invocation.tool}`);
          const fault = options.fault?.(invocation, index);
          // A hung client: starts printing its JSON, then never finishes.
          if (fault === 'hang')
            return runProcess('sh', ['-c', 'printf \'{"start": {\'; exec sleep 3600'], invocation.timeoutMs);
          const dir = workDir;
          for (const file of invocation.files ?? []) writeFileSync(join(dir, file.name), file.content);
          let args = invocation.args.map((a) =>
            a.startsWith('@file:') ? join(dir, a.slice('@file:'.length)) : a,
          );
          if (fault === 'fail') {
            // A real tool error: the client points at a port nobody listens on.
            const closed = String(await freePort());
            args = args.map((a, i) =>
              args[i - 1] === '-p' ? closed : a.replace(/:(\d+)\/$/, `:${closed}/`),
            );
          }
          const binary = invocation.tool === 'wrk2' ? 'wrk' : invocation.tool;
          const finalArgs =
            invocation.tool === 'wrk2' ? args.filter((a, i) => a !== '-R' && args[i - 1] !== '-R') : args;
          const output = await runProcess(binary, finalArgs, invocation.timeoutMs);
          const interference = options.interference?.(index);
          return interference && output.cpu ? { ...output, cpu: { ...output.cpu, ...interference } } : output;
        },
        async release() {
          record(`release ${topology}`);
          for (const [child] of servers.values()) await kill(child);
          servers.clear();
        },
      };
    },
    async teardown() {
      teardowns++;
      record('teardown');
      await Promise.all([...children].map((c) => kill(c)));
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    },
  };
  return platform;
}
