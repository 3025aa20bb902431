import { type ClientRequest, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import {
  type AddressPolicy,
  addressPolicy,
  assertAddressAllowed,
  guardedLookup,
  isAddressAllowed,
  normaliseHost,
} from './address-guard.ts';
import { FetchError } from './fetch-error.ts';
import type { HostPace } from './host-pace.ts';
import { ACCEPT_ENCODING, readBody } from './read-body.ts';

export { FetchError } from './fetch-error.ts';

export interface FetchOptions {
  /** Validators from the previous fetch, sent as If-None-Match / If-Modified-Since. */
  etag?: string | null;
  lastModified?: string | null;
  /** The whole fetch: every hop, headers and body. Default 10 s. */
  timeoutMs?: number;
  /** Body cap, counted after decompression. Default 5 MiB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Hosts, IPs or CIDR ranges an admin allowed although private (VEILLE_ALLOW_PRIVATE). */
  allowPrivate?: string[];
  userAgent?: string;
  pace?: HostPace;
}

export type FetchResult =
  | {
      status: 'ok';
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      finalUrl: string;
    }
  | { status: 'not-modified'; etag: string | null; lastModified: string | null; finalUrl: string };

const FETCH_DEFAULTS = {
  timeoutMs: 10_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'Relais/0.1 (feed reader)',
} as const;

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A user-given URL as something we may fetch: parsable, http(s) only. */
function parseFeedUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new FetchError('bad-url', `not a URL: ${raw.slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('scheme', `only http and https are fetched, not ${url.protocol}`);
  }
  if (!url.hostname) throw new FetchError('bad-url', `no host in ${raw.slice(0, 200)}`);
  return url;
}

/**
 * Fetches a user-given feed URL safely: http(s) only, every hop's address checked where the
 * socket connects (see address-guard.ts), conditional GET, one deadline over everything, a body
 * cap counted on the decoded stream, a redirect limit. Waits for `pace` before each hop (the
 * deadline starts after the first wait).
 */
export async function fetchFeed(url: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const timeoutMs = opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const maxBytes = opts.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const maxRedirects = opts.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const policy = addressPolicy(opts.allowPrivate ?? []);
  let current = parseFeedUrl(url);
  // The first wait for the host's pace is not the server's time: the deadline starts after it.
  if (opts.pace) await opts.pace.wait(current.hostname);

  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new FetchError('timeout', `no complete answer within ${timeoutMs} ms`)),
    timeoutMs,
  );
  try {
    for (let hop = 0; ; hop++) {
      if (hop > 0 && opts.pace) await untilAborted(opts.pace.wait(current.hostname), deadline.signal);
      const res = await send(current, requestHeaders(opts), policy, deadline.signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location) {
        res.destroy();
        if (hop >= maxRedirects) throw new FetchError('too-many-redirects', `more than ${maxRedirects} redirects`);
        current = parseFeedUrl(location, current);
        continue;
      }
      const etag = header(res, 'etag');
      const lastModified = header(res, 'last-modified');
      if (status === 304) {
        res.destroy();
        return {
          status: 'not-modified',
          etag: etag ?? opts.etag ?? null,
          lastModified: lastModified ?? opts.lastModified ?? null,
          finalUrl: current.href,
        };
      }
      if (status < 200 || status > 299) {
        res.destroy();
        throw new FetchError('http-status', `the server answered ${status}`, { status });
      }
      const body = await readBody(res, maxBytes, deadline.signal);
      return {
        status: 'ok',
        body,
        contentType: header(res, 'content-type'),
        etag,
        lastModified,
        finalUrl: current.href,
      };
    }
  } catch (err) {
    if (deadline.signal.aborted && !(err instanceof FetchError && err.code !== 'network'))
      throw deadline.signal.reason as FetchError;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

function requestHeaders(opts: FetchOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': opts.userAgent ?? FETCH_DEFAULTS.userAgent,
    accept: ACCEPT,
    'accept-encoding': ACCEPT_ENCODING,
  };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
  return headers;
}

function header(res: IncomingMessage, name: string): string | null {
  const value = res.headers[name];
  return typeof value === 'string' ? value : null;
}

/**
 * One GET, resolved with the response head. An IP-literal host is checked here (no lookup
 * happens for it); a hostname is checked inside the guarded lookup, on the addresses the socket
 * then connects to. The connected socket's peer is checked once more, as a second lock.
 */
function send(
  url: URL,
  headers: Record<string, string>,
  policy: AddressPolicy,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const host = normaliseHost(url.hostname);
  if (isIP(host)) assertAddressAllowed(host, host, policy);
  const options: RequestOptions = { method: 'GET', headers, agent: false, lookup: guardedLookup(policy), signal };
  return new Promise((resolve, reject) => {
    const req: ClientRequest = url.protocol === 'https:' ? httpsRequest(url, options) : httpRequest(url, options);
    req.once('socket', (socket: Socket) => {
      socket.once('connect', () => {
        const peer = socket.remoteAddress;
        if (!peer || !isAddressAllowed(peer, host, policy)) {
          socket.destroy(
            new FetchError(
              'private-address',
              `refusing to talk to ${host} (${peer ?? 'unknown address'}): not a public address`,
            ),
          );
        }
      });
    });
    req.once('response', resolve);
    req.on('error', (err) => {
      if (err instanceof FetchError) reject(err);
      else if (signal.aborted) reject(signal.reason);
      else
        reject(
          new FetchError('network', `${url.host}: ${(err as NodeJS.ErrnoException).code ?? err.message}`, {
            cause: err,
          }),
        );
    });
    req.end();
  });
}

/** `work`, or the signal's reason if it aborts first. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
