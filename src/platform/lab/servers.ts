import { pinnedCommand } from './cpu-pinning.js';
import type { BackgroundProcess } from '../../adapters/exec.js';
import { ToolError } from '../../core/errors.js';
import type { Endpoint, ServerKind } from '../platform.js';
import type { LabDeps } from './deps.js';
import { labPorts } from './address-plan.js';
import type { CommandLine } from './service-proxy.js';

/** How long one readiness probe may take. */
const PROBE_TIMEOUT_MS = 1_000;
/** Pause between readiness probes. */
const PROBE_INTERVAL_MS = 100;

/** nginx configuration for the lab's HTTP server: everything (pid, temp, logs) under `dir`. */
export function nginxConfig(dir: string, port: number): string {
  return [
    'daemon off;',
    'master_process on;',
    'worker_processes 1;',
    'user root root;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 4096; }',
    'http {',
    '  access_log off;',
    '  sendfile on;',
    '  tcp_nopush on;',
    '  keepalive_requests 1000000;',
    `  client_body_temp_path ${dir}/tmp/body;`,
    `  proxy_temp_path ${dir}/tmp/proxy;`,
    `  fastcgi_temp_path ${dir}/tmp/fastcgi;`,
    `  uwsgi_temp_path ${dir}/tmp/uwsgi;`,
    `  scgi_temp_path ${dir}/tmp/scgi;`,
    '  default_type text/plain;',
    '  server {',
    `    listen ${port} reuseport;`,
    `    root ${dir}/www;`,
    '    location / { index index.html; }',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The fixed body the HTTP server returns: `bytes` printable characters. */
export function responseBody(bytes: number): string {
  const line = 'cni-perf-gate lab response body 0123456789abcdefghijklmnopqrstuvwxyz\n';
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}

/** Starts a server process inside `namespace`. `dir` is a per-server directory in the run's state dir. */
export async function launchServer(
  deps: LabDeps,
  kind: ServerKind,
  namespace: string,
  dir: string,
  responseBytes: number,
  cpu?: number,
): Promise<BackgroundProcess> {
  await deps.mkdir(dir);
  if (kind === 'iperf3') {
    return deps.spawner.start('ip', [
      'netns',
      'exec',
      namespace,
      ...pinnedCommand(cpu, ['iperf3', '-s', '-p', String(labPorts.iperf3), '-I', `${dir}/iperf3.pid`]),
    ]);
  }
  await deps.mkdir(`${dir}/tmp`);
  await deps.writeFile(`${dir}/www/index.html`, responseBody(responseBytes));
  await deps.writeFile(`${dir}/nginx.conf`, nginxConfig(dir, labPorts.http));
  return deps.spawner.start('ip', [
    'netns',
    'exec',
    namespace,
    ...pinnedCommand(cpu, ['nginx', '-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`]),
  ]);
}

/** True when a TCP connection to the endpoint succeeds from inside `namespace`. */
export async function probeTcp(
  deps: LabDeps,
  namespace: string,
  endpoint: Endpoint,
  wrap: (line: CommandLine) => CommandLine = (line) => line,
): Promise<boolean> {
  const line = wrap({
    command: 'ip',
    args: [
      'netns',
      'exec',
      namespace,
      'bash',
      '-c',
      'exec 3<>"/dev/tcp/$0/$1"',
      endpoint.address,
      String(endpoint.port),
    ],
  });
  const result = await deps.exec.run(line.command, line.args, { timeoutMs: PROBE_TIMEOUT_MS });
  return result.exitCode === 0;
}

/**
 * Polls until the endpoint accepts connections from the client namespace (through the datapath
 * under test), the server exits, or `timeoutS` passes — the last two throw a ToolError naming the
 * server and the endpoint.
 */
export async function waitUntilReady(
  deps: LabDeps,
  server: { readonly name: string; readonly process: BackgroundProcess },
  clientNamespace: string,
  endpoint: Endpoint,
  timeoutS: number,
  wrap?: (line: CommandLine) => CommandLine,
): Promise<void> {
  let exited: { exitCode: number; stderr: string } | undefined;
  void server.process.exited.then((r) => {
    exited = r;
  });
  const deadline = deps.now() + timeoutS * 1000;
  const where = `${endpoint.address}:${endpoint.port}`;
  for (;;) {
    if (exited) {
      const said = exited.stderr.trim().split('\n').slice(-1)[0] || `exit code ${exited.exitCode}`;
      throw new ToolError(server.name, `server exited before accepting connections on ${where}: ${said}`);
    }
    if (await probeTcp(deps, clientNamespace, endpoint, wrap)) return;
    if (deps.now() >= deadline) {
      throw new ToolError(
        server.name,
        `not accepting connections on ${where} from ${clientNamespace} after ${timeoutS}s`,
      );
    }
    await deps.sleep(PROBE_INTERVAL_MS);
  }
}
