import { cleanupSteps } from '../../core/cleanup-steps.js';
import type { BackgroundProcess } from '../../adapters/exec.js';
import { ToolError, errorMessage } from '../../core/errors.js';
import type { Endpoint, PodChurnOutput, PodChurnRequest, PodChurnTiming } from '../platform.js';
import type { HostRouting } from './bpf/hostrouting.js';
import { cniAdd, cniDel, type Attachment, type CniRuntimeContext } from './cni-runtime.js';
import type { LabDeps } from './deps.js';
import { createNamespace, destroyNamespace } from './netns.js';
import type { CommandLine } from './service-proxy.js';

/** Pause between connect attempts of the probe (the "every ~10 ms"). */
export const CONNECT_RETRY_MS = 10;
/** One connect attempt is abandoned after this long (a lost SYN must not cost a 1 s retransmit). */
const ATTEMPT_TIMEOUT_MS = 200;
/** How often the runner looks for the probe's ready file. */
const READY_POLL_MS = 2;
/** How long a probe may take to start (node startup under load). */
const READY_TIMEOUT_MS = 10_000;

/**
 * The connect probe run inside a pod namespace (Node, `node -e`): writes its ready file, then
 * tries connect() to host:port every CONNECT_RETRY_MS until one succeeds, and prints the epoch
 * milliseconds (sub-millisecond) of that success as JSON. Exits 3 after its deadline.
 */
export const CONNECT_PROBE = [
  "const net = require('node:net');",
  "const fs = require('node:fs');",
  'const [host, port, readyFile, deadlineMs] = process.argv.slice(1);',
  'const now = () => performance.timeOrigin + performance.now();',
  'const end = now() + Number(deadlineMs);',
  'let attempts = 0;',
  'function attempt() {',
  '  attempts++;',
  `  const s = net.connect({ host, port: Number(port), timeout: ${ATTEMPT_TIMEOUT_MS} });`,
  "  s.once('connect', () => {",
  '    const at = now();',
  '    s.destroy();',
  '    process.stdout.write(JSON.stringify({ connectedAt: at, attempts }) + "\\n", () => process.exit(0));',
  '  });',
  "  s.once('timeout', () => s.destroy(new Error('attempt timed out')));",
  "  s.once('error', (e) => {",
  '    s.destroy();',
  '    if (now() > end) {',
  '      process.stdout.write(JSON.stringify({ attempts, error: String(e.message) }) + "\\n", () => process.exit(3));',
  '      return;',
  '    }',
  `    setTimeout(attempt, ${CONNECT_RETRY_MS});`,
  '  });',
  '}',
  "fs.writeFileSync(readyFile, 'ready');",
  'attempt();',
].join('\n');

/** What pod churn needs from the lab placement. */
export interface PodChurnContext {
  readonly deps: LabDeps;
  /** The CNI runtime of the node the pods are created on. */
  readonly cni: CniRuntimeContext;
  readonly node: number;
  /** A fresh pod namespace name each call. */
  podNamespace(): string;
  /** Directory for the probes' ready files. */
  readonly dir: string;
  readonly hostRouting?: HostRouting;
  /** Wraps the probe's command line (the ebpf kube-proxy runs clients in its cgroup). */
  readonly wrap: (line: CommandLine) => CommandLine;
  /** The Node binary that runs the connect probe. */
  readonly nodeBinary: string;
  readonly signal?: AbortSignal;
}

/** Parses the probe's output: the epoch ms of its first successful connect. */
export function parseProbeOutput(stdout: string): { connectedAt: number } | { error: string } {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const parsed = JSON.parse(line) as { connectedAt?: unknown; error?: unknown; attempts?: unknown };
    if (typeof parsed.connectedAt === 'number') return { connectedAt: parsed.connectedAt };
    return { error: `no connect after ${String(parsed.attempts)} attempts (${String(parsed.error)})` };
  } catch {
    return { error: `unreadable probe output: ${line.slice(0, 200) || '(none)'}` };
  }
}

async function waitForFile(deps: LabDeps, path: string, probe: BackgroundProcess): Promise<void> {
  let exited = false;
  void probe.exited.then(() => (exited = true));
  const start = deps.now();
  for (;;) {
    const dir = path.slice(0, path.lastIndexOf('/'));
    if ((await deps.listDir(dir)).includes(path.slice(dir.length + 1))) return;
    if (exited) {
      const result = await probe.exited;
      throw new ToolError('pod-churn connect probe', `exited before it was ready: ${result.stderr.trim()}`);
    }
    if (deps.now() - start > READY_TIMEOUT_MS)
      throw new ToolError('pod-churn connect probe', `not ready within ${READY_TIMEOUT_MS / 1000} s`);
    await deps.sleep(READY_POLL_MS);
  }
}

/**
 * One pod's life: namespace, connect probe started inside it, CNI ADD (timed; host routing
 * attached when the datapath has it), the probe's first connect, DEL (timed), namespace removed.
 * Everything created is removed also when a step fails.
 */
async function churnOnePod(
  ctx: PodChurnContext,
  target: Endpoint,
  timeoutMs: number,
): Promise<PodChurnTiming> {
  const { deps } = ctx;
  const namespace = ctx.podNamespace();
  const readyFile = `${ctx.dir}/${namespace}.ready`;
  let probe: BackgroundProcess | undefined;
  let attachment: Attachment | undefined;
  let detach: (() => Promise<void>) | undefined;
  let delMs: number | undefined;
  try {
    await createNamespace(deps, namespace, ctx.signal);
    const line = ctx.wrap({
      command: 'ip',
      args: [
        'netns',
        'exec',
        namespace,
        ctx.nodeBinary,
        '-e',
        CONNECT_PROBE,
        target.address,
        String(target.port),
        readyFile,
        String(timeoutMs),
      ],
    });
    probe = deps.spawner.start(line.command, line.args);
    await waitForFile(deps, readyFile, probe);
    const addStart = deps.now();
    attachment = await cniAdd(deps, ctx.cni, namespace, namespace);
    if (ctx.hostRouting) detach = await ctx.hostRouting.attachPod(ctx.node, attachment.ip, attachment.result);
    const addMs = deps.now() - addStart;
    const result = await probe.exited;
    const parsed = parseProbeOutput(result.stdout);
    if ('error' in parsed)
      throw new ToolError(
        'pod-churn connect probe',
        `pod ${attachment.ip} → ${target.address}:${target.port}: ${parsed.error}`,
      );
    const setupMs = Math.max(0, parsed.connectedAt - addStart);
    if (detach) await detach();
    detach = undefined;
    const delStart = deps.now();
    const added = attachment;
    attachment = undefined;
    await cniDel(deps, ctx.cni, added.containerId, added.podNamespace, added.result);
    delMs = deps.now() - delStart;
    return { setupMs, addMs, delMs };
  } finally {
    await removePod(ctx, namespace, readyFile, { probe, attachment, detach });
  }
}

/** Removes what is left of one pod (after a failure: probe, host routing, CNI attachment), then its namespace. */
async function removePod(
  ctx: PodChurnContext,
  namespace: string,
  readyFile: string,
  left: { probe?: BackgroundProcess; attachment?: Attachment; detach?: () => Promise<void> },
): Promise<void> {
  const { deps } = ctx;
  const steps = cleanupSteps();
  const attempt = steps.run;
  if (left.probe) await attempt(() => left.probe!.stop(100));
  if (left.detach) await attempt(left.detach);
  const attachment = left.attachment;
  if (attachment)
    await attempt(() =>
      cniDel(
        deps,
        { ...ctx.cni, signal: undefined },
        attachment.containerId,
        attachment.podNamespace,
        attachment.result,
      ),
    );
  await attempt(() => destroyNamespace(deps, namespace));
  await attempt(() => deps.remove(readyFile));
  steps.finish();
}

/**
 * Creates `request.pods` pods on the context's node, `request.parallel` at a time, each timed by
 * {@link churnOnePod}. Every pod is deleted (CNI DEL + namespace removal) even when another fails;
 * the first failure is thrown after all have finished.
 */
export async function churnPods(ctx: PodChurnContext, request: PodChurnRequest): Promise<PodChurnOutput> {
  const { deps } = ctx;
  await deps.mkdir(ctx.dir);
  const startMs = deps.now();
  const timings: PodChurnTiming[] = [];
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (next < request.pods && failure === undefined) {
      next++;
      try {
        timings.push(await churnOnePod(ctx, request.target, request.connectTimeoutMs));
      } catch (error) {
        failure ??= error;
      }
    }
  };
  const workers = Math.max(1, Math.min(request.parallel, request.pods));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure !== undefined) {
    if (failure instanceof ToolError) throw failure;
    throw new ToolError('pod-churn', errorMessage(failure));
  }
  return {
    startedAt: new Date(startMs).toISOString(),
    durationS: (deps.now() - startMs) / 1000,
    pods: timings,
  };
}
