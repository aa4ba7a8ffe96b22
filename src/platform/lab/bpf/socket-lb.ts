import { dummyServiceAddress } from '../kube-proxy-rules.js';
import type { LabDeps } from '../deps.js';
import {
  perCpuCounters,
  socketLbAddCommands,
  socketLbRemoveCommands,
  type SocketLbService,
} from './map-entries.js';
import { bpftool } from './objects.js';

/** The cgroup hooks the socket LB attaches (bpftool attach type → pinned program name). */
export const SOCKLB_HOOKS = [
  ['connect4', 'sock4_connect'],
  ['sendmsg4', 'sock4_sendmsg'],
  ['recvmsg4', 'sock4_recvmsg'],
] as const;

/** What the socket LB counted (its `stats` map). */
export interface SocketLbCounters {
  /** connect()/sendmsg() rewritten from a ClusterIP to a backend. */
  readonly rewrites: number;
  /** connect()/sendmsg() to an address that is no service. */
  readonly misses: number;
}

/** The socket-LB programs of one run, attached to the run's cgroup. */
export interface SocketLb {
  /** Loads and pins the programs, preloads the dummy services, attaches to the cgroup. */
  prepare(dummyServices: number): Promise<void>;
  /** Adds a service's frontends; returns their removal. */
  add(services: readonly SocketLbService[]): Promise<() => Promise<void>>;
  counters(): Promise<SocketLbCounters>;
  /** Detaches from the cgroup (pins are removed with the pin root by the caller). */
  detach(): Promise<void>;
}

/** Runs `bpftool batch file` on commands written to `<stateDir>/<name>` (one process for thousands of map updates). */
async function batch(deps: LabDeps, file: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  await deps.writeFile(file, `${lines.join('\n')}\n`);
  await bpftool(deps, ['batch', 'file', file]);
  await deps.remove(file);
}

/** The socket LB of a run: pins under `<pinRoot>/socklb`, attached to `cgroupDir`. */
export function createSocketLb(
  deps: LabDeps,
  pinRoot: string,
  stateDir: string,
  objectPath: string,
  cgroupDir: string,
): SocketLb {
  const progs = `${pinRoot}/socklb/progs`;
  const maps = `${pinRoot}/socklb/maps`;
  const attached: string[] = [];
  let batches = 0;
  const batchFile = () => `${stateDir}/bpftool-batch-${batches++}.txt`;
  return {
    async prepare(dummyServices) {
      await deps.mkdir(`${pinRoot}/socklb`);
      await bpftool(deps, ['prog', 'loadall', objectPath, progs, 'pinmaps', maps]);
      const lines: string[] = [];
      for (let k = 0; k < dummyServices; k++) {
        const d = dummyServiceAddress(k);
        lines.push(
          ...socketLbAddCommands(maps, {
            vip: d.vip,
            port: d.port,
            protocol: 'tcp',
            backends: [{ ip: d.backend, port: 8080 }],
          }),
        );
      }
      await batch(deps, batchFile(), lines);
      for (const [hook, prog] of SOCKLB_HOOKS) {
        await bpftool(deps, ['cgroup', 'attach', cgroupDir, hook, 'pinned', `${progs}/${prog}`]);
        attached.push(hook);
      }
    },

    async add(services) {
      await batch(
        deps,
        batchFile(),
        services.flatMap((s) => socketLbAddCommands(maps, s)),
      );
      return () =>
        batch(
          deps,
          batchFile(),
          services.flatMap((s) => socketLbRemoveCommands(maps, s)),
        );
    },

    async counters() {
      const r = await bpftool(deps, ['-j', 'map', 'dump', 'pinned', `${maps}/stats`]);
      const c = perCpuCounters(r.stdout);
      return { rewrites: c[0] ?? 0, misses: c[1] ?? 0 };
    },

    async detach() {
      let first: unknown;
      for (const hook of [...attached].reverse()) {
        const prog = SOCKLB_HOOKS.find(([h]) => h === hook)![1];
        try {
          await bpftool(deps, ['cgroup', 'detach', cgroupDir, hook, 'pinned', `${progs}/${prog}`]);
        } catch (error) {
          first ??= error;
        }
        attached.splice(attached.indexOf(hook), 1);
      }
      if (first !== undefined) throw first;
    },
  };
}
