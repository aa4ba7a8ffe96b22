/**
 * A real HTTP server on 127.0.0.1 that implements the GitHub REST subset the action uses
 * (issue comments with Link pagination, workflow runs, run artifacts, artifact zip download
 * through a redirect to a blob URL, repository and pull request reads) plus the Actions results
 * service (twirp CreateArtifact/FinalizeArtifact and an Azure-blob-like upload endpoint), so
 * `@actions/artifact` uploads land in the same state the REST side lists.
 * Faults can be injected per route. Everything stays on loopback.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';

/** A stored issue/PR comment. */
export interface FakeComment {
  id: number;
  issueNumber: number;
  body: string;
  createdAt: string;
  updatedAt: string;
}

/** A stored workflow run. */
export interface FakeRun {
  id: number;
  /** Workflow file name, e.g. `nightly-baseline.yml`. */
  workflow: string;
  branch: string;
  conclusion: 'success' | 'failure' | null;
  headSha: string;
  createdAt: string;
}

/** A stored artifact: its zip bytes as served for download. */
export interface FakeArtifact {
  id: number;
  runId: number;
  name: string;
  zip: Buffer;
  expired: boolean;
  createdAt: string;
}

/** A fault injected on requests matching `method` and `path` (regex on the path without query). */
export interface FakeFault {
  method: string;
  path: RegExp;
  status: number;
  /** How many matching requests fail; Infinity = all. */
  times: number;
  message?: string;
}

/** One request the server saw. */
export interface SeenRequest {
  method: string;
  path: string;
  query: string;
  authorization: string | undefined;
}

/** Everything the fake holds; tests read and change it directly. */
export interface FakeGitHubState {
  owner: string;
  repo: string;
  defaultBranch: string;
  comments: FakeComment[];
  runs: FakeRun[];
  artifacts: FakeArtifact[];
  pulls: Map<number, { headSha: string }>;
  faults: FakeFault[];
  requests: SeenRequest[];
}

/** A running fake; `close()` stops it (idempotent). */
export interface FakeGitHubServer {
  readonly url: string;
  readonly state: FakeGitHubState;
  /** Env for a process that should talk to this fake (API, results service, runtime token). */
  envFor(runId: number): Record<string, string>;
  close(): Promise<void>;
  /** True once the server no longer listens. */
  readonly closed: boolean;
}

/** Builds a zip (stored, no compression) of the given files: what a test serves as an artifact. */
export function makeZip(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0, 10); // time/date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBuf, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const count = Object.keys(files).length;
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** An unsigned JWT whose `scp` claim carries the run id the way the results service expects. */
export function runtimeTokenFor(runId: number): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ scp: `Actions.GenericRead Actions.Results:run-${runId}:job-1` })}.`;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** Starts a fake GitHub on an ephemeral loopback port. */
export async function startFakeGitHub(
  init: Partial<Pick<FakeGitHubState, 'owner' | 'repo' | 'defaultBranch'>> = {},
): Promise<FakeGitHubServer> {
  const state: FakeGitHubState = {
    owner: init.owner ?? 'octo',
    repo: init.repo ?? 'cni-config',
    defaultBranch: init.defaultBranch ?? 'main',
    comments: [],
    runs: [],
    artifacts: [],
    pulls: new Map(),
    faults: [],
    requests: [],
  };
  let nextId = 1000;
  const now = (): string => new Date().toISOString();
  /** Uploads in progress: key = artifact name + run, blocks by id. */
  const uploads = new Map<
    string,
    { name: string; runId: number; blocks: Map<string, Buffer>; data: Buffer | null }
  >();
  let baseUrl = '';
  let closed = false;

  const json = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(text);
  };

  const paginate = <T>(
    res: ServerResponse,
    url: URL,
    items: readonly T[],
    wrap?: (page: readonly T[]) => unknown,
  ): void => {
    const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1), 100);
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const link = (p: number): string => {
      const u = new URL(url.pathname + url.search, baseUrl);
      u.searchParams.set('page', String(p));
      u.searchParams.set('per_page', String(perPage));
      return u.toString();
    };
    const rels: string[] = [];
    if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
    if (page > 1) rels.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
    json(res, 200, wrap ? wrap(slice) : slice, rels.length ? { link: rels.join(', ') } : {});
  };

  const commentJson = (c: FakeComment): object => ({
    id: c.id,
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    html_url: `https://github.com/${state.owner}/${state.repo}/issues/${c.issueNumber}#issuecomment-${c.id}`,
    user: { login: 'github-actions[bot]' },
  });
  const runJson = (r: FakeRun): object => ({
    id: r.id,
    head_branch: r.branch,
    head_sha: r.headSha,
    status: 'completed',
    conclusion: r.conclusion,
    created_at: r.createdAt,
    html_url: `https://github.com/${state.owner}/${state.repo}/actions/runs/${r.id}`,
    path: `.github/workflows/${r.workflow}`,
  });
  const artifactJson = (a: FakeArtifact): object => ({
    id: a.id,
    name: a.name,
    size_in_bytes: a.zip.length,
    expired: a.expired,
    created_at: a.createdAt,
    workflow_run: { id: a.runId },
  });

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const repoPrefix = `/repos/${state.owner}/${state.repo}`;

    // Results service (artifact upload).
    const twirp = path.match(/^\/twirp\/github\.actions\.results\.api\.v1\.ArtifactService\/(\w+)$/);
    if (twirp && method === 'POST') {
      const body = JSON.parse((await readBody(req)).toString('utf8')) as Record<string, string>;
      // The client sends proto field names (snake_case); accept JSON names too.
      const backendRun = body['workflow_run_backend_id'] ?? body['workflowRunBackendId'];
      const runId = Number(String(backendRun).replace(/^run-/, ''));
      const name = String(body['name']);
      const key = `${runId}/${name}`;
      if (twirp[1] === 'CreateArtifact') {
        uploads.set(key, { name, runId, blocks: new Map(), data: null });
        json(res, 200, {
          ok: true,
          signed_upload_url: `${baseUrl}/blob-upload/${encodeURIComponent(key)}?sig=test`,
        });
        return;
      }
      if (twirp[1] === 'FinalizeArtifact') {
        const upload = uploads.get(key);
        if (!upload?.data) {
          json(res, 404, { code: 'not_found', msg: `no upload for ${key}` });
          return;
        }
        const id = nextId++;
        state.artifacts = state.artifacts.filter((a) => !(a.runId === runId && a.name === name));
        state.artifacts.push({ id, runId, name, zip: upload.data, expired: false, createdAt: now() });
        uploads.delete(key);
        json(res, 200, { ok: true, artifact_id: String(id) });
        return;
      }
      json(res, 404, { code: 'bad_route', msg: path });
      return;
    }
    const blobUpload = path.match(/^\/blob-upload\/(.+)$/);
    if (blobUpload && method === 'PUT') {
      const upload = uploads.get(decodeURIComponent(blobUpload[1] ?? ''));
      const body = await readBody(req);
      if (!upload) {
        res.writeHead(404).end();
        return;
      }
      const comp = url.searchParams.get('comp');
      if (comp === 'block') {
        upload.blocks.set(url.searchParams.get('blockid') ?? '', body);
      } else if (comp === 'blocklist') {
        const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Committed|Uncommitted)>([^<]*)<\//g)].map(
          (m) => m[1] ?? '',
        );
        upload.data = Buffer.concat(ids.map((id) => upload.blocks.get(id) ?? Buffer.alloc(0)));
      } else {
        upload.data = body;
      }
      res.writeHead(201, {
        etag: '"0x1"',
        'last-modified': new Date().toUTCString(),
        'x-ms-request-id': String(nextId++),
        'x-ms-version': '2024-11-04',
        'x-ms-request-server-encrypted': 'true',
      });
      res.end();
      return;
    }
    const blob = path.match(/^\/blob\/(\d+)\.zip$/);
    if (blob && method === 'GET') {
      const artifact = state.artifacts.find((a) => a.id === Number(blob[1]));
      if (!artifact) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/zip',
        'content-length': String(artifact.zip.length),
      });
      res.end(artifact.zip);
      return;
    }

    if (!req.headers.authorization) {
      json(res, 401, { message: 'Requires authentication' });
      return;
    }
    if (!path.startsWith(repoPrefix)) {
      json(res, 404, { message: 'Not Found' });
      return;
    }
    const rest = path.slice(repoPrefix.length);
    let m: RegExpMatchArray | null;

    if (rest === '' && method === 'GET') {
      json(res, 200, {
        name: state.repo,
        full_name: `${state.owner}/${state.repo}`,
        default_branch: state.defaultBranch,
      });
      return;
    }
    if ((m = rest.match(/^\/issues\/(\d+)\/comments$/))) {
      const issueNumber = Number(m[1]);
      if (method === 'GET') {
        paginate(res, url, state.comments.filter((c) => c.issueNumber === issueNumber).map(commentJson));
        return;
      }
      if (method === 'POST') {
        const { body } = JSON.parse((await readBody(req)).toString('utf8')) as { body: string };
        const c: FakeComment = { id: nextId++, issueNumber, body, createdAt: now(), updatedAt: now() };
        state.comments.push(c);
        json(res, 201, commentJson(c));
        return;
      }
    }
    if ((m = rest.match(/^\/issues\/comments\/(\d+)$/)) && method === 'PATCH') {
      const c = state.comments.find((x) => x.id === Number(m?.[1]));
      if (!c) {
        json(res, 404, { message: 'Not Found' });
        return;
      }
      c.body = (JSON.parse((await readBody(req)).toString('utf8')) as { body: string }).body;
      c.updatedAt = now();
      json(res, 200, commentJson(c));
      return;
    }
    if ((m = rest.match(/^\/actions\/workflows\/([^/]+)\/runs$/)) && method === 'GET') {
      const workflow = decodeURIComponent(m[1] ?? '');
      const branch = url.searchParams.get('branch');
      const status = url.searchParams.get('status');
      const runs = state.runs
        .filter((r) => r.workflow === workflow)
        .filter((r) => !branch || r.branch === branch)
        .filter((r) => !status || r.conclusion === status)
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id));
      paginate(res, url, runs.map(runJson), (page) => ({ total_count: runs.length, workflow_runs: page }));
      return;
    }
    if ((m = rest.match(/^\/actions\/runs\/(\d+)\/artifacts$/)) && method === 'GET') {
      const runId = Number(m[1]);
      const list = state.artifacts.filter((a) => a.runId === runId).map(artifactJson);
      paginate(res, url, list, (page) => ({ total_count: list.length, artifacts: page }));
      return;
    }
    if ((m = rest.match(/^\/actions\/artifacts\/(\d+)\/zip$/)) && method === 'GET') {
      const artifact = state.artifacts.find((a) => a.id === Number(m?.[1]));
      if (!artifact || artifact.expired) {
        json(res, artifact ? 410 : 404, { message: artifact ? 'Artifact has expired' : 'Not Found' });
        return;
      }
      res.writeHead(302, { location: `${baseUrl}/blob/${artifact.id}.zip?sig=signed-test-url` });
      res.end();
      return;
    }
    if ((m = rest.match(/^\/pulls\/(\d+)$/)) && method === 'GET') {
      const pr = state.pulls.get(Number(m[1]));
      if (!pr) {
        json(res, 404, { message: 'Not Found' });
        return;
      }
      json(res, 200, { number: Number(m[1]), head: { sha: pr.headSha } });
      return;
    }
    json(res, 404, { message: `Not Found (fake GitHub has no ${method} ${path})` });
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    state.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      authorization: req.headers.authorization,
    });
    const fault = state.faults.find(
      (f) => f.method === req.method && f.path.test(url.pathname) && f.times > 0,
    );
    if (fault) {
      fault.times--;
      req.resume();
      json(res, fault.status, { message: fault.message ?? `injected ${fault.status}` });
      return;
    }
    route(req, res, url).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { message: `fake GitHub error: ${String(error)}` });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    state,
    get closed() {
      return closed;
    },
    envFor(runId: number) {
      return {
        GITHUB_API_URL: baseUrl,
        ACTIONS_RESULTS_URL: `${baseUrl}/`,
        ACTIONS_RUNTIME_TOKEN: runtimeTokenFor(runId),
        GITHUB_REPOSITORY: `${state.owner}/${state.repo}`,
        GITHUB_RUN_ID: String(runId),
      };
    },
    async close() {
      if (closed) return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      closed = true;
    },
  };
}
