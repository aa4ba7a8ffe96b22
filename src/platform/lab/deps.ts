import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createNodeExec, createNodeSpawner } from '../../adapters/node-exec.js';
import { sleep } from '../../adapters/sleep.js';
import type { Exec, ExecOptions, Spawner } from '../../adapters/exec.js';

/** Who the process runs as, for the prerequisite check. */
export interface Privileges {
  readonly uid: number;
  /** Effective capability set (CapEff of /proc/self/status) as a bit mask. */
  readonly capEff: bigint;
}

/** Every side effect the lab platform performs, behind small interfaces (tests inject fakes). */
export interface LabDeps {
  readonly exec: Exec;
  readonly spawner: Spawner;
  readFile(path: string): Promise<string>;
  /** Creates parent directories as needed. */
  writeFile(path: string, content: string): Promise<void>;
  /** `mkdir -p`. */
  mkdir(path: string): Promise<void>;
  /** `rm -rf`; no error when missing. */
  remove(path: string): Promise<void>;
  /** Entry names of a directory, or [] when it does not exist. */
  listDir(path: string): Promise<string[]>;
  isExecutable(path: string): Promise<boolean>;
  /** Lowercase hex SHA-256 of a file's bytes. */
  sha256File(path: string): Promise<string>;
  /** `CNI_PATH` of the environment, when set and not empty (the lab's default plugin path then). */
  readonly cniPathEnv?: string;
  isProcessAlive(pid: number): boolean;
  privileges(): Promise<Privileges>;
  /** This process (recorded as the run's owner). */
  readonly pid: number;
  /**
   * Directories searched for tools (iperf3, wrk, nginx, ip, iptables, sysctl): also the PATH every
   * command runs with, so `ip netns exec … sysctl` finds /usr/sbin/sysctl when PATH lacks sbin.
   */
  readonly toolPath: readonly string[];
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** Reads CapEff from the text of /proc/self/status (0n when absent). */
export function parseCapEff(status: string): bigint {
  const m = /^CapEff:\s*([0-9a-f]+)$/im.exec(status);
  return m?.[1] ? BigInt(`0x${m[1]}`) : 0n;
}

/** Builds the real {@link LabDeps} on node:fs, node:child_process and /proc. */
export function createNodeLabDeps(): LabDeps {
  const toolPath = labToolPath(process.env['PATH']);
  // Commands (and what `ip netns exec` starts) are looked up on the tool path, sbin included.
  const withPath = <T extends ExecOptions | undefined>(options: T) => ({
    ...options,
    env: { PATH: toolPath.join(':'), ...options?.env },
  });
  const exec = createNodeExec();
  const spawner = createNodeSpawner();
  return {
    exec: { run: (command, args, options) => exec.run(command, args, withPath(options)) },
    spawner: { start: (command, args, options) => spawner.start(command, args, withPath(options)) },
    readFile: (path) => readFile(path, 'utf8'),
    async writeFile(path, content) {
      await mkdir(path.slice(0, path.lastIndexOf('/')) || '/', { recursive: true });
      await writeFile(path, content);
    },
    async mkdir(path) {
      await mkdir(path, { recursive: true });
    },
    remove: (path) => rm(path, { recursive: true, force: true }),
    async listDir(path) {
      try {
        return await readdir(path);
      } catch {
        return [];
      }
    },
    async isExecutable(path) {
      try {
        await access(path, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    async sha256File(path) {
      return createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
    },
    ...(process.env['CNI_PATH'] ? { cniPathEnv: process.env['CNI_PATH'] } : {}),
    isProcessAlive(pid) {
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
      }
    },
    async privileges() {
      const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
      return { uid: process.getuid?.() ?? -1, capEff: parseCapEff(status) };
    },
    pid: process.pid,
    toolPath,
    sleep,
    now: () => Date.now(),
  };
}

/**
 * The lab's search path: PATH first, then the usual system directories, sbin included. Non-login
 * shells and some CI images leave /usr/sbin and /sbin out of PATH, where ip, sysctl,
 * iptables-restore and nginx live on Debian.
 */
export function labToolPath(pathEnv: string | undefined): string[] {
  const pathDirs = (pathEnv ?? '').split(':').filter((d) => d !== '');
  return [
    ...new Set([...pathDirs, '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']),
  ];
}
