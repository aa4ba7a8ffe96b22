import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** How long a raw GET may take. */
const RAW_GET_TIMEOUT_MS = 15_000;

/**
 * A GET of an API server path, unencoded (client-node's generated `connectGetNodeProxyWithPath`
 * percent-encodes the `/` of `stats/summary`), authenticated like the client (certificates, token).
 * Resolves with the HTTP status and body; rejects only when no answer came.
 */
export async function rawGet(config: KubeConfig, path: string): Promise<{ status: number; body: string }> {
  const server = config.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig names no current cluster server');
  const url = new URL(path, server.endsWith('/') ? server : `${server}/`);
  const options: RequestOptions = { method: 'GET', headers: { accept: 'application/json' } };
  await config.applyToHTTPSOptions(options);
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.setTimeout(RAW_GET_TIMEOUT_MS, () =>
      req.destroy(new Error(`no answer within ${RAW_GET_TIMEOUT_MS / 1000} s`)),
    );
    req.on('error', reject);
    req.end();
  });
}
