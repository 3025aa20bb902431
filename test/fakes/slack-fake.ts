/**
 * A local fake of the Slack Web API (and of Slack's `response_url` endpoints), bound to 127.0.0.1.
 *
 * Point the real Bolt App / WebClient at it with `clientOptions: { slackApiUrl: fake.apiUrl }`
 * (see /work/shared/PLATFORMS.md §1.7 and §6). Every request is recorded in `calls` / `responses`
 * before it is answered, so tests can assert on exactly what the bot sent: the top-level `text`,
 * every block, every view.
 *
 * Behaviour worth knowing:
 * - Bodies are read as Slack reads them (slack-fake-parse.ts); requests without a token (neither
 *   `Authorization: Bearer …` nor a `token` field) get `{ ok:false, error:'not_authed' }`, like Slack.
 * - `chat.update` / `chat.delete` succeed even for messages the fake never saw (tests often act on
 *   messages taken from payloads); `conversations.replies` / `conversations.history` answer from
 *   `messages`, which the fake fills from chat.* calls and which tests may seed.
 * - `failNext(method, …)` queues one-shot answers per method (FIFO); `setHandler` overrides a
 *   method permanently. Use the method name `'response_url'` to fail the next response-URL POST.
 *
 * The parts: slack-fake-parse.ts (what a request says), slack-fake-state.ts (what the fake holds
 * and records), slack-fake-chat.ts and slack-fake-directory.ts (the Web API methods),
 * slack-fake-objects.ts (Slack's object shapes).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatRoute } from './slack-fake-chat.ts';
import { directoryRoute } from './slack-fake-directory.ts';
import { createFileStore, filesRoute, receiveUpload, type SlackFakeFile } from './slack-fake-files.ts';
import { parseArgs, parseResponseBody, readBody, tokenOf } from './slack-fake-parse.ts';
import {
  type ApiAnswer,
  createFakeState,
  type FailAnswer,
  type MethodHandler,
  type ResponseUrlCall,
  randomId,
  type SlackCall,
  type SlackFakeChannel,
  type SlackFakeMessage,
  type SlackFakeUser,
  type StartSlackFakeOptions,
} from './slack-fake-state.ts';

export type { RecordedMessage, RecordedView } from './slack-fake-parse.ts';
export type { SlackCall, StartSlackFakeOptions } from './slack-fake-state.ts';

export interface SlackFake {
  /** 'http://127.0.0.1:<port>/api/' — Bolt `clientOptions.slackApiUrl` / SLACK_API_URL. */
  apiUrl: string;
  /** 'http://127.0.0.1:<port>' */
  baseUrl: string;
  calls: SlackCall[];
  /** Everything POSTed to response URLs. */
  responses: ResponseUrlCall[];
  /** A URL on the fake ('http://127.0.0.1:<port>/response/<id>') to put in payloads' response_url. */
  responseUrl(id?: string): string;
  /** Backing store for users.info (with `include_locale`: returns `locale`) and users.list. */
  users: Map<string, SlackFakeUser>;
  /** Backing store for conversations.info (ids not in it are synthesised from their prefix). */
  channels: Map<string, SlackFakeChannel>;
  /** Messages per channel id, filled by chat.postMessage/update/delete; seed it for conversations.replies. */
  messages: Map<string, SlackFakeMessage[]>;
  /** usergroup id → user ids, for usergroups.users.list (unknown → `no_such_subteam`). */
  usergroups: Map<string, string[]>;
  /** Files by id: uploaded with files.getUploadURLExternal, the upload URL and files.completeUploadExternal. */
  files: Map<string, SlackFakeFile>;
  teamId: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  appId: string;
  /** Store a message (e.g. the user's thread parent) so conversations.replies/history can return it; `ts` is generated unless given. */
  addMessage(channel: string, msg: Partial<SlackFakeMessage>): SlackFakeMessage;
  /** Calls of one method, in order. */
  callsTo(method: string): SlackCall[];
  /** First matching call, past or future; default 5000 ms; rejects with the recorded methods on timeout. */
  waitForCall(pred: (c: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  waitForResponse(pred: (r: ResponseUrlCall) => boolean, timeoutMs?: number): Promise<ResponseUrlCall>;
  /** Answer the next call of `method` with this (one-shot, FIFO per method); the call is still recorded. */
  failNext(method: string, answer: FailAnswer): void;
  /**
   * Permanently override a method: return a JSON body (`{ok:…}`), a FailAnswer-like `{status, body, headers}`,
   * or undefined for the default; return a promise to answer when the test decides (a slow Slack).
   */
  setHandler(method: string, handler: MethodHandler | undefined): void;
  /** Forget recorded calls/responses, pending failures and stored messages (keeps users/channels/usergroups). */
  reset(): void;
  close(): Promise<void>;
}

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
};

const sendAnswer = (res: ServerResponse, a: FailAnswer, defaultError: string): void => {
  const headers = a.headers ?? {};
  const hasRetryAfter = Object.keys(headers).some((h) => h.toLowerCase() === 'retry-after');
  const status = a.status ?? (hasRetryAfter ? 429 : 200);
  const body = a.body ?? { ok: false, error: status === 429 ? 'ratelimited' : defaultError };
  send(res, status, body, headers);
};

const isFailAnswer = (x: FailAnswer | ApiAnswer): x is FailAnswer =>
  !('ok' in x) && ('status' in x || 'body' in x || 'headers' in x);

export async function startSlackFake(opts: StartSlackFakeOptions = {}): Promise<SlackFake> {
  const state = createFakeState(opts);
  const files = createFileStore();
  let baseUrl = '';
  let responseSeq = 0;
  let closed = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const at = Date.now();

    if (url.pathname.startsWith('/response/')) {
      if (req.method !== 'POST') return send(res, 405, { ok: false, error: 'method_not_allowed' });
      const id = decodeURIComponent(url.pathname.slice('/response/'.length));
      state.responses.push({ id, body: parseResponseBody(raw), at });
      const fail = state.failures.get('response_url')?.shift();
      if (fail) return sendAnswer(res, fail, 'expired_url');
      return send(res, 200, { ok: true });
    }

    if (url.pathname.startsWith('/upload/')) {
      if (req.method !== 'POST') return send(res, 405, { ok: false, error: 'method_not_allowed' });
      const status = receiveUpload(files, decodeURIComponent(url.pathname.slice('/upload/'.length)), raw);
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? `OK - ${raw.length}` : 'not found');
      return;
    }

    const method = /^\/api\/([A-Za-z0-9_.]+)\/?$/.exec(url.pathname)?.[1];
    if (!method) return send(res, 404, { ok: false, error: 'not_found' });
    const { args, error } = await parseArgs(req, raw, url.searchParams);
    const token = tokenOf(req, args);
    const call: SlackCall = { method, args, ...(token !== undefined ? { token } : {}), at };
    state.calls.push(call);

    const fail = state.failures.get(method)?.shift();
    if (fail) return sendAnswer(res, fail, 'fatal_error');
    if (!token) return send(res, 200, { ok: false, error: 'not_authed' });
    if (error) return send(res, 200, { ok: false, error });
    const custom = await state.handlers.get(method)?.(call);
    if (custom) return isFailAnswer(custom) ? sendAnswer(res, custom, 'fatal_error') : send(res, 200, custom);
    const answer = chatRoute(state, method, args) ??
      directoryRoute(state, method, args) ??
      filesRoute(state, files, baseUrl, method, args) ?? { ok: false, error: 'unknown_method', req_method: method };
    return send(res, 200, answer);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: 'fake_internal_error', detail: String(err) });
      else res.end();
    });
  });
  // Don't let idle keep-alive sockets from the WebClient hold the process open.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    calls: state.calls.items,
    responses: state.responses.items,
    responseUrl(id?: string): string {
      const rid =
        id ??
        `${state.teamId}/${Date.now()}${String(++responseSeq).padStart(3, '0')}/${randomId('', 24).toLowerCase()}`;
      return `${baseUrl}/response/${rid.split('/').map(encodeURIComponent).join('/')}`;
    },
    users: state.users,
    channels: state.channels,
    messages: state.messages,
    usergroups: state.usergroups,
    files,
    teamId: state.teamId,
    teamDomain: state.teamDomain,
    botUserId: state.botUserId,
    botId: state.botId,
    appId: state.appId,
    addMessage(channel, msg) {
      const full: SlackFakeMessage = { text: '', ...msg, type: 'message', ts: msg.ts ?? state.nextTs() };
      state.storeMessage(channel, full);
      return full;
    },
    callsTo: (method) => state.calls.items.filter((c) => c.method === method),
    waitForCall: (pred, timeoutMs = 5000) => state.calls.waitFor(pred, timeoutMs),
    waitForResponse: (pred, timeoutMs = 5000) => state.responses.waitFor(pred, timeoutMs),
    failNext: state.failNext,
    setHandler(method, handler) {
      if (handler) state.handlers.set(method, handler);
      else state.handlers.delete(method);
    },
    reset: state.reset,
    close(): Promise<void> {
      if (closed) return Promise.resolve();
      closed = true;
      state.calls.close();
      state.responses.close();
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
