import type { BackgroundProcess } from '../../adapters/exec.js';
import type { LabDeps } from './deps.js';

/** How long an anchor may take to enter its namespace. */
const ENTER_TIMEOUT_MS = 3_000;
const ENTER_POLL_MS = 5;

/** A process parked in a namespace: its `/proc/<pid>/net` shows that namespace's counters. */
interface Anchor {
  readonly process: BackgroundProcess;
  /** Set once the process has exited: its pid may then belong to someone else. */
  gone: boolean;
}

/**
 * Idle processes (`sleep infinity`), one per network namespace, whose `/proc/<pid>/net/…` files
 * the diagnostics read instead of running `ip netns exec … cat` per reading: a file read costs
 * well under a millisecond, a process start several. Started on first use, stopped by `stop` (and,
 * should that not happen, killed with their namespace, which kills everything inside it).
 */
export interface NamespaceAnchors {
  /** The pid of a live anchor inside `namespace` (started and waited for on first use). */
  pidIn(namespace: string): Promise<number>;
  /** Throws unless the anchor in `namespace` is still the process that was started. */
  assertAlive(namespace: string): void;
  stop(): Promise<void>;
}

/** Waits until the anchor runs `sleep`: `ip netns exec` enters the namespace before it execs it. */
async function waitInside(deps: LabDeps, anchor: Anchor, namespace: string): Promise<void> {
  const deadline = deps.now() + ENTER_TIMEOUT_MS;
  for (;;) {
    if (anchor.gone) throw new Error(`the counter reader in ${namespace} exited at start`);
    const comm = await deps.readFile(`/proc/${anchor.process.pid}/comm`).catch(() => '');
    if (comm.trim() === 'sleep') return;
    if (deps.now() > deadline)
      throw new Error(`the counter reader in ${namespace} did not start within ${ENTER_TIMEOUT_MS} ms`);
    await deps.sleep(ENTER_POLL_MS);
  }
}

/** Anchors for the namespaces of one placement (see {@link NamespaceAnchors}). */
export function createNamespaceAnchors(deps: LabDeps): NamespaceAnchors {
  const anchors = new Map<string, { anchor: Anchor; ready: Promise<void> }>();
  let stopped = false;
  const start = (namespace: string): { anchor: Anchor; ready: Promise<void> } => {
    const process = deps.spawner.start('ip', ['netns', 'exec', namespace, 'sleep', 'infinity']);
    const anchor: Anchor = { process, gone: false };
    void process.exited.then(() => (anchor.gone = true));
    return { anchor, ready: waitInside(deps, anchor, namespace) };
  };
  return {
    async pidIn(namespace) {
      if (stopped) throw new Error('the placement was released');
      let entry = anchors.get(namespace);
      if (!entry || entry.anchor.gone) {
        entry = start(namespace);
        anchors.set(namespace, entry);
      }
      await entry.ready;
      return entry.anchor.process.pid;
    },
    assertAlive(namespace) {
      if (anchors.get(namespace)?.anchor.gone !== false)
        throw new Error(`the counter reader in ${namespace} exited during the reading`);
    },
    async stop() {
      stopped = true;
      await Promise.all([...anchors.values()].map(({ anchor }) => anchor.process.stop(200)));
      anchors.clear();
    },
  };
}
