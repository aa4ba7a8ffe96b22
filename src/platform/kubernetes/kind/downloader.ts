import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';

/** Fetches a URL's bytes. Injectable so tests can use a loopback server or a fake. */
export interface Downloader {
  download(url: string, options?: { timeoutMs?: number }): Promise<Buffer>;
}

/** A downloader over node:http/https that follows redirects (GitHub release assets redirect). */
export function createHttpDownloader(maxRedirects = 5): Downloader {
  const fetchOnce = (url: string, timeoutMs: number, left: number): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const getter = url.startsWith('https:') ? httpsGet : httpGet;
      const request = getter(url, { timeout: timeoutMs }, (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (status >= 300 && status < 400 && location) {
          response.resume();
          if (left <= 0) {
            reject(new Error(`too many redirects downloading ${url}`));
            return;
          }
          fetchOnce(new URL(location, url).toString(), timeoutMs, left - 1).then(resolve, reject);
          return;
        }
        if (status !== 200) {
          response.resume();
          reject(new Error(`HTTP ${status} downloading ${url}`));
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks)));
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error(`timed out downloading ${url}`)));
      request.on('error', reject);
    });
  return {
    download: (url, options) => fetchOnce(url, options?.timeoutMs ?? 120_000, maxRedirects),
  };
}
