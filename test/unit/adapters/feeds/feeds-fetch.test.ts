import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, type FetchOptions, fetchFeed } from '../../../../adapters/feeds/fetch-feed.ts';

/**
 * The fetcher against local servers on 127.0.0.1 (allowed here as an admin would allow an
 * intranet host) and, to prove a redirect cannot reach it, one on 127.0.0.2 (never allowed).
 */

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const routes = new Map<string, Handler>();
let server: Server;
let base: string;
let other: Server;
let otherBase: string;
let otherHits = 0;
const ALLOW: FetchOptions = { allowPrivate: ['127.0.0.1'] };

function listen(s: Server, host: string): Promise<string> {
  return new Promise((resolve) =>
    s.listen(0, host, () => resolve(`http://${host}:${(s.address() as AddressInfo).port}`)),
  );
}

function route(path: string, handler: Handler): string {
  routes.set(path, handler);
  return `${base}${path}`;
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw err;
  }
  throw new Error('expected the fetch to fail');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const handler = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (handler) handler(req, res);
    else res.writeHead(404).end('not found');
  });
  base = await listen(server, '127.0.0.1');
  other = createServer((_req, res) => {
    otherHits++;
    res.end('<rss/>');
  });
  otherBase = await listen(other, '127.0.0.2');
});

afterAll(async () => {
  server.closeAllConnections();
  other.closeAllConnections();
  await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => other.close(r))]);
});

describe('conditional GET', () => {
  const seen: { inm?: string; ims?: string }[] = [];
  beforeAll(() => {
    route('/feed', (req, res) => {
      seen.push({ inm: req.headers['if-none-match'], ims: req.headers['if-modified-since'] });
      if (
        req.headers['if-none-match'] === '"v1"' ||
        req.headers['if-modified-since'] === 'Tue, 01 Jul 2025 08:00:00 GMT'
      ) {
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/rss+xml; charset=utf-8',
        etag: '"v1"',
        'last-modified': 'Tue, 01 Jul 2025 08:00:00 GMT',
      });
      res.end('<rss version="2.0"><channel><title>Le Fil</title></channel></rss>');
    });
  });

  it('returns the body and its validators, then 304 as not-modified when they are sent back', async () => {
    const first = await fetchFeed(`${base}/feed`, ALLOW);
    expect(first).toMatchObject({
      status: 'ok',
      contentType: 'application/rss+xml; charset=utf-8',
      etag: '"v1"',
      lastModified: 'Tue, 01 Jul 2025 08:00:00 GMT',
      finalUrl: `${base}/feed`,
    });
    expect(first.status === 'ok' && first.body.toString()).toContain('Le Fil');

    const second = await fetchFeed(`${base}/feed`, { ...ALLOW, etag: first.etag, lastModified: first.lastModified });
    expect(second).toEqual({
      status: 'not-modified',
      etag: '"v1"',
      lastModified: 'Tue, 01 Jul 2025 08:00:00 GMT',
      finalUrl: `${base}/feed`,
    });
    expect(seen.at(-1)).toEqual({ inm: '"v1"', ims: 'Tue, 01 Jul 2025 08:00:00 GMT' });
  });

  it('sends If-Modified-Since alone when only Last-Modified is known', async () => {
    const result = await fetchFeed(`${base}/feed`, { ...ALLOW, lastModified: 'Tue, 01 Jul 2025 08:00:00 GMT' });
    expect(result.status).toBe('not-modified');
    expect(seen.at(-1)).toEqual({ inm: undefined, ims: 'Tue, 01 Jul 2025 08:00:00 GMT' });
  });

  it('sends no validator on a first fetch', async () => {
    await fetchFeed(`${base}/feed`, ALLOW);
    expect(seen.at(-1)).toEqual({ inm: undefined, ims: undefined });
  });
});

describe('status and redirects', () => {
  beforeAll(() => {
    for (let i = 0; i < 10; i++)
      route(`/hop/${i}`, (_req, res) =>
        res.writeHead(i === 9 ? 200 : 302, { location: `/hop/${i + 1}` }).end(i === 9 ? '<rss/>' : ''),
      );
    route('/loop', (_req, res) => res.writeHead(301, { location: '/loop' }).end());
    route('/to-metadata', (_req, res) =>
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    );
    route('/to-other-loopback', (_req, res) => res.writeHead(307, { location: `${otherBase}/feed` }).end());
    route('/to-file', (_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    route('/gone', (_req, res) => res.writeHead(410).end('gone'));
    route('/broken', (_req, res) => res.writeHead(500).end('oops'));
  });

  it('follows a chain of redirects and reports where it ended', async () => {
    const result = await fetchFeed(`${base}/hop/5`, ALLOW);
    expect(result).toMatchObject({ status: 'ok', finalUrl: `${base}/hop/9` });
  });

  it('stops after maxRedirects', async () => {
    expect((await failure(fetchFeed(`${base}/hop/0`, ALLOW))).code).toBe('too-many-redirects');
    expect((await failure(fetchFeed(`${base}/hop/6`, { ...ALLOW, maxRedirects: 2 }))).code).toBe('too-many-redirects');
    expect((await failure(fetchFeed(`${base}/loop`, ALLOW))).code).toBe('too-many-redirects');
  });

  it('refuses a redirect from an allowed host to the metadata address or to another loopback address', async () => {
    expect((await failure(fetchFeed(`${base}/to-metadata`, ALLOW))).code).toBe('private-address');
    expect((await failure(fetchFeed(`${base}/to-other-loopback`, ALLOW))).code).toBe('private-address');
    expect(otherHits).toBe(0);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    expect((await failure(fetchFeed(`${base}/to-file`, ALLOW))).code).toBe('scheme');
  });

  it('turns a non-2xx answer into http-status with the status', async () => {
    expect(await failure(fetchFeed(`${base}/gone`, ALLOW))).toMatchObject({ code: 'http-status', status: 410 });
    expect(await failure(fetchFeed(`${base}/broken`, ALLOW))).toMatchObject({ code: 'http-status', status: 500 });
  });
});

describe('what may be fetched', () => {
  it('refuses schemes other than http and https, and what is not a URL', async () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://example.com/feed.xml',
      'gopher://127.0.0.1:70/_x',
      'data:text/xml,<rss/>',
      'javascript:alert(1)',
    ]) {
      expect((await failure(fetchFeed(url, ALLOW))).code, url).toBe('scheme');
    }
    expect((await failure(fetchFeed('not a url', ALLOW))).code).toBe('bad-url');
    expect((await failure(fetchFeed('', ALLOW))).code).toBe('bad-url');
  });

  it('refuses 127.0.0.1 unless an admin allowed it', async () => {
    route('/ok', (_req, res) => res.end('<rss/>'));
    expect((await failure(fetchFeed(`${base}/ok`))).code).toBe('private-address');
    expect((await fetchFeed(`${base}/ok`, { allowPrivate: ['127.0.0.0/8'] })).status).toBe('ok');
  });

  it('refuses a hostname that resolves to a loopback address, unless the hostname itself is allowed', async () => {
    const port = new URL(base).port;
    expect((await failure(fetchFeed(`http://localhost:${port}/ok`))).code).toBe('private-address');
    expect((await fetchFeed(`http://localhost:${port}/ok`, { allowPrivate: ['localhost'] })).status).toBe('ok');
  });

  it('guards https the same way, before any TLS', async () => {
    const port = new URL(base).port;
    expect((await failure(fetchFeed(`https://localhost:${port}/ok`))).code).toBe('private-address');
    expect((await failure(fetchFeed(`https://[::1]:${port}/ok`))).code).toBe('private-address');
  });

  it('refuses an unknown content coding', async () => {
    route('/zstd', (_req, res) => res.writeHead(200, { 'content-encoding': 'zstd' }).end('xx'));
    expect((await failure(fetchFeed(`${base}/zstd`, ALLOW))).code).toBe('network');
  });

  it('refuses IPv6 loopback, IPv4-mapped loopback, and other spellings of private addresses', async () => {
    const port = new URL(base).port;
    for (const host of [
      '[::1]',
      '[::ffff:127.0.0.1]',
      '[::ffff:169.254.169.254]',
      '2130706433',
      '0x7f.1',
      '0.0.0.0',
      '10.0.0.1',
      '[fd00::1]',
      '[fe80::1]',
    ]) {
      expect((await failure(fetchFeed(`http://${host}:${port}/ok`))).code, host).toBe('private-address');
    }
  });
});

describe('hostile servers', () => {
  it('aborts a 1 GB body at the cap, quickly and without holding it', async () => {
    let sent = 0;
    route('/huge', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (sent < 1024 ** 3 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const err = await failure(fetchFeed(`${base}/huge`, { ...ALLOW, maxBytes: 2 * 1024 * 1024 }));
    expect(err.code).toBe('too-large');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(128 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the cap without reading it', async () => {
    route('/declared', (_req, res) => {
      res.writeHead(200, { 'content-length': String(1024 ** 3) });
      res.write('x');
    });
    expect((await failure(fetchFeed(`${base}/declared`, { ...ALLOW, maxBytes: 1024 }))).code).toBe('too-large');
  });

  it('stops a body that never ends at the deadline', async () => {
    route('/endless', (_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('<item>x</item>'), 5);
      res.on('close', () => clearInterval(timer));
    });
    const started = performance.now();
    expect((await failure(fetchFeed(`${base}/endless`, { ...ALLOW, timeoutMs: 300 }))).code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('stops a slow-drip server (1 byte every 100 ms) at the deadline', async () => {
    route('/drip', (_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      const timer = setInterval(() => res.write('<'), 100);
      res.on('close', () => clearInterval(timer));
    });
    const started = performance.now();
    expect((await failure(fetchFeed(`${base}/drip`, { ...ALLOW, timeoutMs: 400 }))).code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('stops a server that never answers at the deadline', async () => {
    route('/silent', () => {});
    expect((await failure(fetchFeed(`${base}/silent`, { ...ALLOW, timeoutMs: 200 }))).code).toBe('timeout');
  });

  it('counts the whole deadline across redirects', async () => {
    route('/slow-hop', (_req, res) => setTimeout(() => res.writeHead(302, { location: '/silent' }).end(), 100));
    expect((await failure(fetchFeed(`${base}/slow-hop`, { ...ALLOW, timeoutMs: 250 }))).code).toBe('timeout');
  });
});

describe('compressed bodies', () => {
  const feed = Buffer.from('<rss version="2.0"><channel><title>Été à Paris</title></channel></rss>');
  beforeAll(() => {
    route('/gzip', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(feed)));
    route('/deflate', (_req, res) => res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(feed)));
    route('/br', (_req, res) => res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(feed)));
    route('/corrupt', (_req, res) =>
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(Buffer.from('not gzip at all')),
    );
  });

  it('decodes gzip, deflate and brotli', async () => {
    for (const path of ['/gzip', '/deflate', '/br']) {
      const result = await fetchFeed(`${base}${path}`, ALLOW);
      expect(result.status === 'ok' && result.body.equals(feed), path).toBe(true);
    }
  });

  it('refuses a gzip bomb and a brotli bomb by their decoded size', async () => {
    const zeros = Buffer.alloc(32 * 1024 * 1024);
    const gzipBomb = gzipSync(zeros, { level: 6 });
    const brBomb = brotliCompressSync(zeros, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
    expect(gzipBomb.length).toBeLessThan(64 * 1024); // 1,000 times smaller than what it inflates to
    route('/gzip-bomb', (_req, res) =>
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(gzipBomb.length) }).end(gzipBomb),
    );
    route('/br-bomb', (_req, res) => res.writeHead(200, { 'content-encoding': 'br' }).end(brBomb));
    for (const path of ['/gzip-bomb', '/br-bomb']) {
      const started = performance.now();
      expect((await failure(fetchFeed(`${base}${path}`, { ...ALLOW, maxBytes: 1024 * 1024 }))).code, path).toBe(
        'too-large',
      );
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });

  it('reports an undecodable body as a network error', async () => {
    expect((await failure(fetchFeed(`${base}/corrupt`, ALLOW))).code).toBe('network');
  });
});
