/**
 * The fake's HTTP side: reads JSON and multipart bodies, serves uploaded attachments, routes
 * /api/v10, records every call (with what it answered), wakes tests waiting for a call, and
 * plays failures queued with `failNext`.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError } from './errors.ts';
import type { FakeGateway } from './gateway.ts';
import { obj } from './json.ts';
import { type CallPredicate, type RecordedCall, type RecordedFile, safePred } from './recorded.ts';
import type { Result, Router } from './router.ts';
import type { DiscordState } from './state.ts';

interface Waiter {
  pred: CallPredicate;
  resolve: (c: RecordedCall) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

interface Failure {
  re: RegExp;
  status: number;
  body: object;
  headers: Record<string, string>;
}

async function readBody(req: IncomingMessage, contentType: string): Promise<{ body: unknown; files: RecordedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { body: null, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: raw,
    }).formData();
    const fields: Record<string, string> = {};
    const pending: Promise<RecordedFile>[] = [];
    form.forEach((value, key) => {
      if (typeof value === 'string') {
        fields[key] = value;
        return;
      }
      pending.push(
        value.arrayBuffer().then((ab) => ({
          field: key,
          filename: value.name,
          contentType: value.type || 'application/octet-stream',
          size: value.size,
          data: Buffer.from(ab),
        })),
      );
    });
    const files = await Promise.all(pending);
    const body: unknown = fields.payload_json !== undefined ? JSON.parse(fields.payload_json) : fields;
    return { body, files };
  }
  const text = raw.toString('utf8');
  if (contentType.startsWith('application/json') || /^\s*[[{]/.test(text)) return { body: JSON.parse(text), files: [] };
  return { body: text, files: [] };
}

export class FakeHttpServer {
  readonly calls: RecordedCall[] = [];
  private readonly server: Server;
  private waiters: Waiter[] = [];
  private failures: Failure[] = [];

  constructor(
    private readonly state: DiscordState,
    private readonly router: Router,
    gateway: FakeGateway,
  ) {
    this.server = createServer((req, res) => {
      this.onRequest(req, res).catch((err: unknown) => {
        console.error('[discord-fake] request handler crashed', err);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: '500: Internal Server Error', code: 0 }));
      });
    });
    this.server.on('upgrade', (req, socket, head) => gateway.upgrade(req, socket, head));
  }

  /** Listens on 127.0.0.1 and returns 'http://127.0.0.1:<port>'. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  waitForCall(pred: CallPredicate, timeoutMs = 5000): Promise<RecordedCall> {
    const found = this.calls.find((c) => safePred(pred, c));
    if (found) return Promise.resolve(found);
    return new Promise<RecordedCall>((resolve, reject) => {
      const waiter: Waiter = {
        pred,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          const seen = this.describeCalls();
          reject(new Error(`waitForCall: no matching call within ${timeoutMs} ms. Recorded calls:\n${seen}`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Adds a call made outside the REST API (an interaction answered in its HTTP response) and wakes waiters. */
  record(call: RecordedCall): void {
    this.calls.push(call);
    for (const w of [...this.waiters]) {
      if (safePred(w.pred, call)) {
        clearTimeout(w.timer);
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(call);
      }
    }
  }

  failNext(re: RegExp, status: number, body: object, headers: Record<string, string>): void {
    this.failures.push({ re, status, body, headers });
  }

  async close(): Promise<void> {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error('discord fake closed'));
    }
    this.waiters = [];
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private describeCalls(): string {
    if (this.calls.length === 0) return '  (none)';
    return this.calls
      .map((c) => {
        const query = Object.keys(c.query).length ? `?${new URLSearchParams(c.query)}` : '';
        return `  ${c.method} ${c.path}${query} -> ${c.status}`;
      })
      .join('\n');
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    }
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => {
      query[k] = v;
    });

    // attachment downloads (the urls the fake hands out in message.attachments)
    if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
      const a = this.state.attachments.get(url.pathname);
      res.writeHead(a ? 200 : 404, { 'content-type': a?.contentType ?? 'text/plain' });
      res.end(a?.data ?? 'not found');
      return;
    }

    const rawSegs = url.pathname.split('/').filter((s) => s !== '');
    let segs: string[];
    try {
      segs = rawSegs.map((s) => decodeURIComponent(s));
    } catch {
      segs = rawSegs;
    }
    const isApi = segs[0] === 'api' && segs[1] === 'v10';
    const apiSegs = isApi ? segs.slice(2) : segs;
    const path = `/${apiSegs.join('/')}`;

    let result: Result;
    let parsed: { body: unknown; files: RecordedFile[] } = { body: null, files: [] };
    try {
      parsed = await readBody(req, headers['content-type'] ?? '');
      const ctx = { method, path, params: {}, query, body: parsed.body, files: parsed.files, headers };
      result = this.failureFor(method, path) ?? (await this.router.route(isApi ? apiSegs : null, ctx));
    } catch (err) {
      if (err instanceof HttpError) result = { status: err.status, body: err.body, headers: err.headers };
      else if (err instanceof SyntaxError)
        result = { status: 400, body: { message: 'The request body contains invalid JSON.', code: 50109 } };
      else throw err;
    }

    this.record({
      method,
      path,
      query,
      body: parsed.body,
      headers,
      at,
      status: result.status,
      response: result.body === undefined ? undefined : structuredClone(result.body),
      files: parsed.files,
    });

    if (result.status === 204 || result.body === undefined) {
      res.writeHead(result.status, result.headers ?? {});
      res.end();
    } else {
      res.writeHead(result.status, { 'content-type': 'application/json', ...(result.headers ?? {}) });
      res.end(JSON.stringify(result.body));
    }
  }

  private failureFor(method: string, path: string): Result | undefined {
    const i = this.failures.findIndex((f) => {
      f.re.lastIndex = 0;
      if (f.re.test(path)) return true;
      f.re.lastIndex = 0;
      return f.re.test(`${method} ${path}`);
    });
    const f = this.failures[i];
    if (!f) return undefined;
    this.failures.splice(i, 1);
    const headers: Record<string, string> = { ...f.headers };
    const has = (name: string): boolean => Object.keys(headers).some((k) => k.toLowerCase() === name);
    const b = obj(f.body);
    if (f.status === 429) {
      if (!has('retry-after') && typeof b.retry_after === 'number') headers['Retry-After'] = String(b.retry_after);
      if (!has('x-ratelimit-scope')) headers['X-RateLimit-Scope'] = b.global ? 'global' : 'user';
      if (b.global && !has('x-ratelimit-global')) headers['X-RateLimit-Global'] = 'true';
    }
    return { status: f.status, body: f.body, headers };
  }
}
