/** Version of iperf3 from `iperf3 --version` ("iperf 3.12 (cJSON 1.7.15)" → "3.12"). */
export function parseIperf3Version(text: string): string | undefined {
  return /\biperf\s+(\d+(?:\.\d+)+)/.exec(text)?.[1];
}

/** Version of wrk from `wrk -v` ("wrk debian/4.1.0-3+b2 [epoll] …" → "4.1.0"). */
export function parseWrkVersion(text: string): string | undefined {
  return /\bwrk\s+(?:\S*?\/)?v?(\d+(?:\.\d+)+)/.exec(text)?.[1];
}

/** Version of nginx from `nginx -v` ("nginx version: nginx/1.22.1" → "1.22.1"). */
export function parseNginxVersion(text: string): string | undefined {
  return /nginx\/(\d+(?:\.\d+)+)/.exec(text)?.[1];
}

/** CPU model and count from the text of /proc/cpuinfo. */
export function parseCpuInfo(text: string): { cpuModel: string; cpus: number } {
  const models = [...text.matchAll(/^model name\s*:\s*(.+)$/gm)].map((m) => m[1]!.trim());
  const cpus = [...text.matchAll(/^processor\s*:/gm)].length;
  return { cpuModel: models[0] ?? 'unknown', cpus };
}
