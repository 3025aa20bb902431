/**
 * A local fake of the Slack Web API (and of Slack's `response_url` endpoints), bound to 127.0.0.1.
 *
 * Point the real Bolt App / WebClient at it with `clientOptions: { slackApiUrl: fake.apiUrl }`
 * (see /work/shared/PLATFORMS.md §1.7 and §6). Every request is recorded in `calls` / `responses`
 * before it is answered, so tests can assert on exactly what the bot sent.
 *
 * Behaviour worth knowing:
 * - Bodies are accepted as `application/x-www-form-urlencoded` (what @slack/web-api sends; nested
 *   objects arrive as JSON strings and are parsed back), `application/json`, `multipart/form-data`
 *   (file parts are recorded as `{ filename, size }`) and query-string parameters (GET).
 * - Requests without a token (neither `Authorization: Bearer …` nor a `token` field) get
 *   `{ ok:false, error:'not_authed' }`, like Slack.
 * - `chat.update` / `chat.delete` succeed even for messages the fake never saw (tests often act on
 *   messages taken from payloads); `conversations.replies` / `conversations.history` answer from
 *   `messages`, which the fake fills from chat.* calls and which tests may seed.
 * - `failNext(method, …)` queues one-shot answers per method (FIFO); `setHandler` overrides a
 *   method permanently. Use the method name `'response_url'` to fail the next response-URL POST.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  /** Web API method, e.g. 'chat.postMessage'. */
  method: string;
  /** Form or JSON body (plus query-string parameters); nested JSON strings parsed back to objects. */
  args: Record<string, any>;
  /** From `Authorization: Bearer …`, or the `token` field when no header was sent. */
  token?: string;
  /** Date.now() when the request was received. */
  at: number;
}

export interface ResponseUrlCall {
  id: string;
  body: any;
  at: number;
}

export interface SlackFakeUser {
  id: string;
  name?: string;
  real_name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  locale?: string;
  tz?: string;
  deleted?: boolean;
  email?: string;
}

export interface SlackFakeChannel {
  id: string;
  name?: string;
  is_private?: boolean;
  is_archived?: boolean;
  is_member?: boolean;
  /** For D… channels: the other party. */
  user?: string;
  topic?: string;
  purpose?: string;
  members?: string[];
}

/** A stored message (shape of `message` objects returned by Slack). */
export interface SlackFakeMessage {
  type: 'message';
  ts: string;
  text?: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  blocks?: any[];
  [key: string]: any;
}

export interface FailAnswer {
  /** HTTP status; default 200 (429 when `headers` contains Retry-After). */
  status?: number;
  /** JSON body (a string is sent as-is); default `{ ok:false, error: 'ratelimited' }` for 429, else `{ ok:false, error:'fatal_error' }`. */
  body?: any;
  headers?: Record<string, string>;
}

export type MethodHandler = (call: SlackCall) => FailAnswer | Record<string, any> | undefined;

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
  /** Permanently override a method: return a JSON body (`{ok:…}`), a FailAnswer-like `{status, body, headers}`, or undefined for the default. */
  setHandler(method: string, handler: MethodHandler | undefined): void;
  /** Forget recorded calls/responses, pending failures and stored messages (keeps users/channels/usergroups). */
  reset(): void;
  close(): Promise<void>;
}

export interface StartSlackFakeOptions {
  teamId?: string;
  teamDomain?: string;
  teamName?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  users?: SlackFakeUser[];
  channels?: SlackFakeChannel[];
  usergroups?: Record<string, string[]>;
}

/** Keys whose form-encoded values are JSON documents. */
const JSON_KEYS = new Set([
  'blocks',
  'view',
  'attachments',
  'metadata',
  'unfurls',
  'user_auth_blocks',
  'chunks',
  'outputs',
  'prompts',
  'options',
  'option_groups',
  'profile',
]);

const TS_BASE_SEC = 1732000000;

function parseMaybeJson(key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !JSON_KEYS.has(key)) return value;
  const t = value.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return value;
  try {
    return JSON.parse(t);
  } catch {
    return value;
  }
}

function isTruthy(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

function randomId(prefix: string, len = 10): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(len);
  let out = prefix;
  for (let i = 0; i < len; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function parseArgs(req: IncomingMessage, raw: Buffer, query: URLSearchParams): Promise<Record<string, any>> {
  const args: Record<string, any> = {};
  for (const [k, v] of query) args[k] = parseMaybeJson(k, v);
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  if (raw.length === 0) return args;
  if (contentType.startsWith('application/json')) {
    const parsed = JSON.parse(raw.toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [k, v] of Object.entries(parsed)) args[k] = parseMaybeJson(k, v);
    }
  } else if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    form.forEach((v, k) => {
      args[k] = typeof v === 'string' ? parseMaybeJson(k, v) : { filename: v.name, size: v.size };
    });
  } else {
    // application/x-www-form-urlencoded (also the fallback for unlabeled bodies)
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) args[k] = parseMaybeJson(k, v);
  }
  return args;
}

interface Waiter<T> {
  pred: (x: T) => boolean;
  resolve: (x: T) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export async function startSlackFake(opts: StartSlackFakeOptions = {}): Promise<SlackFake> {
  const teamId = opts.teamId ?? 'T00RELAIS01';
  const teamDomain = opts.teamDomain ?? 'relais-test';
  const teamName = opts.teamName ?? 'Relais Test';
  const botUserId = opts.botUserId ?? 'U00RELAISBOT';
  const botId = opts.botId ?? 'B00RELAISBOT';
  const appId = opts.appId ?? 'A00RELAISAPP';

  const calls: SlackCall[] = [];
  const responses: ResponseUrlCall[] = [];
  const users = new Map<string, SlackFakeUser>((opts.users ?? []).map((u) => [u.id, u]));
  const channels = new Map<string, SlackFakeChannel>((opts.channels ?? []).map((c) => [c.id, c]));
  const messages = new Map<string, SlackFakeMessage[]>();
  const usergroups = new Map<string, string[]>(Object.entries(opts.usergroups ?? {}));
  const failures = new Map<string, FailAnswer[]>();
  const handlers = new Map<string, MethodHandler>();
  const views = new Map<string, any>();
  const dmChannels = new Map<string, string>();
  const callWaiters = new Set<Waiter<SlackCall>>();
  const responseWaiters = new Set<Waiter<ResponseUrlCall>>();
  let tsSeq = 0;
  let responseSeq = 0;
  let closed = false;

  const nextTs = (): string => {
    const i = tsSeq++;
    const sec = TS_BASE_SEC + Math.floor(i / 9999);
    const micro = ((i % 9999) + 1) * 100;
    return `${sec}.${String(micro).padStart(6, '0')}`;
  };

  const dmFor = (userIds: string[]): string => {
    const key = [...userIds].sort().join(',');
    let id = dmChannels.get(key);
    if (!id) {
      id = `D${String(dmChannels.size + 1).padStart(3, '0')}${randomId('', 7)}`;
      dmChannels.set(key, id);
      const other = userIds.length === 1 ? userIds[0] : undefined;
      if (!channels.has(id))
        channels.set(id, { id, ...(other ? { user: other } : {}), is_private: true, is_member: true });
    }
    return id;
  };

  const resolveChannel = (channel: string): string => (/^[UW][A-Z0-9]+$/.test(channel) ? dmFor([channel]) : channel);

  const storeMessage = (channel: string, msg: SlackFakeMessage): void => {
    let list = messages.get(channel);
    if (!list) messages.set(channel, (list = []));
    list.push(msg);
  };

  const findMessage = (channel: string, ts: string): SlackFakeMessage | undefined =>
    messages.get(channel)?.find((m) => m.ts === ts);

  const userObject = (u: SlackFakeUser, includeLocale: boolean): Record<string, any> => {
    const name = u.name ?? u.id.toLowerCase();
    const realName = u.real_name ?? name;
    const tz = u.tz ?? 'Europe/Paris';
    const out: Record<string, any> = {
      id: u.id,
      team_id: teamId,
      name,
      deleted: u.deleted ?? false,
      color: '9f69e7',
      real_name: realName,
      tz,
      tz_label: tz === 'Europe/Paris' ? 'Central European Time' : tz,
      tz_offset: tz === 'Europe/Paris' ? 3600 : 0,
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: name,
        display_name_normalized: name,
        ...(u.email ? { email: u.email } : {}),
        team: teamId,
      },
      is_admin: u.is_admin ?? false,
      is_owner: u.is_owner ?? false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: u.is_bot ?? false,
      is_app_user: false,
      updated: TS_BASE_SEC,
    };
    if (includeLocale) out.locale = u.locale ?? 'en-US';
    return out;
  };

  const botUser = (): SlackFakeUser => ({ id: botUserId, name: 'relais', real_name: 'Relais', is_bot: true });

  const channelObject = (id: string): Record<string, any> | undefined => {
    const seeded = channels.get(id);
    if (!seeded && !/^[CGD][A-Z0-9]+$/.test(id)) return undefined;
    const c: SlackFakeChannel = seeded ?? { id };
    const isIm = id.startsWith('D');
    const created = TS_BASE_SEC - 86400;
    if (isIm) {
      return {
        id,
        created,
        is_im: true,
        is_org_shared: false,
        user: c.user ?? 'U00UNKNOWN',
        is_user_deleted: false,
        priority: 0,
      };
    }
    const name = c.name ?? id.toLowerCase();
    const isPrivate = c.is_private ?? id.startsWith('G');
    return {
      id,
      name,
      name_normalized: name,
      is_channel: !isPrivate,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: isPrivate,
      created,
      is_archived: c.is_archived ?? false,
      is_general: name === 'general',
      is_shared: false,
      is_org_shared: false,
      is_ext_shared: false,
      is_member: c.is_member ?? true,
      creator: 'U00CREATOR',
      context_team_id: teamId,
      topic: { value: c.topic ?? '', creator: '', last_set: 0 },
      purpose: { value: c.purpose ?? '', creator: '', last_set: 0 },
      ...(c.members ? { num_members: c.members.length } : {}),
    };
  };

  const viewObject = (input: any, id: string, previous?: any): Record<string, any> => {
    const v = (input && typeof input === 'object' ? input : {}) as Record<string, any>;
    const hash = `${Math.floor(Date.now() / 1000)}.${randomId('', 8)}`;
    return {
      id,
      team_id: teamId,
      type: v.type ?? previous?.type ?? 'modal',
      blocks: v.blocks ?? [],
      private_metadata: v.private_metadata ?? '',
      callback_id: v.callback_id ?? '',
      state: { values: {} },
      hash,
      title: v.title ?? null,
      clear_on_close: v.clear_on_close ?? false,
      notify_on_close: v.notify_on_close ?? false,
      close: v.close ?? null,
      submit: v.submit ?? null,
      previous_view_id: null,
      root_view_id: previous?.root_view_id ?? id,
      app_id: appId,
      external_id: v.external_id ?? '',
      app_installed_team_id: teamId,
      bot_id: botId,
    };
  };

  const paginate = <T>(items: T[], args: Record<string, any>): { page: T[]; next_cursor: string } => {
    const limit = Number(args.limit ?? 0);
    const start = args.cursor
      ? Number(
          Buffer.from(String(args.cursor), 'base64')
            .toString('utf8')
            .replace(/^offset:/, ''),
        ) || 0
      : 0;
    if (!limit || limit <= 0) return { page: items.slice(start), next_cursor: '' };
    const page = items.slice(start, start + limit);
    const next = start + limit < items.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
    return { page, next_cursor: next };
  };

  /** Default answers: a JSON body (always HTTP 200). */
  const answer = (method: string, a: Record<string, any>): Record<string, any> => {
    switch (method) {
      case 'api.test':
        return { ok: true, args: a };
      case 'auth.test':
        return {
          ok: true,
          url: `https://${teamDomain}.slack.com/`,
          team: teamName,
          user: 'relais',
          team_id: teamId,
          user_id: botUserId,
          bot_id: botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage':
      case 'chat.postEphemeral':
      case 'chat.scheduleMessage':
      case 'chat.meMessage': {
        if (!a.channel) return { ok: false, error: 'channel_not_found' };
        if (
          method !== 'chat.meMessage' &&
          a.text === undefined &&
          a.blocks === undefined &&
          a.attachments === undefined
        ) {
          return { ok: false, error: 'no_text' };
        }
        if (method === 'chat.postEphemeral' && !a.user) return { ok: false, error: 'user_not_found' };
        const channel = resolveChannel(String(a.channel));
        const ts = nextTs();
        const message: SlackFakeMessage = {
          user: botUserId,
          type: 'message',
          ts,
          bot_id: botId,
          app_id: appId,
          text: a.text ?? '',
          team: teamId,
          ...(a.blocks !== undefined ? { blocks: a.blocks } : {}),
          ...(a.attachments !== undefined ? { attachments: a.attachments } : {}),
          ...(a.metadata !== undefined ? { metadata: a.metadata } : {}),
          ...(a.thread_ts
            ? { thread_ts: String(a.thread_ts), parent_user_id: findMessage(channel, String(a.thread_ts))?.user }
            : {}),
          bot_profile: { id: botId, app_id: appId, name: 'Relais', deleted: false, team_id: teamId },
        };
        if (method === 'chat.postEphemeral') return { ok: true, message_ts: ts };
        if (method === 'chat.scheduleMessage') {
          return {
            ok: true,
            channel,
            scheduled_message_id: randomId('Q', 10),
            post_at: Number(a.post_at ?? 0),
            message,
          };
        }
        storeMessage(channel, message);
        if (message.thread_ts) {
          const parent = findMessage(channel, message.thread_ts);
          if (parent) {
            parent.thread_ts = parent.ts;
            parent.reply_count = Number(parent.reply_count ?? 0) + 1;
            parent.latest_reply = ts;
          }
        }
        return { ok: true, channel, ts, message };
      }
      case 'chat.update': {
        if (!a.channel) return { ok: false, error: 'channel_not_found' };
        if (!a.ts) return { ok: false, error: 'message_not_found' };
        const channel = String(a.channel);
        const ts = String(a.ts);
        const existing = findMessage(channel, ts);
        const patch: Record<string, any> = {};
        for (const k of ['text', 'blocks', 'attachments', 'metadata'] as const) if (a[k] !== undefined) patch[k] = a[k];
        const message = existing
          ? Object.assign(existing, patch, { edited: { user: botUserId, ts: nextTs() } })
          : { type: 'message', user: botUserId, bot_id: botId, ts, text: '', ...patch };
        return { ok: true, channel, ts, text: message.text ?? '', message };
      }
      case 'chat.delete': {
        if (!a.channel) return { ok: false, error: 'channel_not_found' };
        if (!a.ts) return { ok: false, error: 'message_not_found' };
        const channel = String(a.channel);
        const list = messages.get(channel);
        if (list) {
          const idx = list.findIndex((m) => m.ts === String(a.ts));
          if (idx >= 0) list.splice(idx, 1);
        }
        return { ok: true, channel, ts: String(a.ts) };
      }
      case 'chat.getPermalink': {
        if (!a.channel) return { ok: false, error: 'channel_not_found' };
        if (!a.message_ts) return { ok: false, error: 'message_not_found' };
        return {
          ok: true,
          channel: a.channel,
          permalink: `https://${teamDomain}.slack.com/archives/${a.channel}/p${String(a.message_ts).replace('.', '')}`,
        };
      }
      case 'reactions.add':
      case 'reactions.remove':
      case 'conversations.join':
      case 'conversations.mark':
        if (method.startsWith('reactions') && (!a.name || !a.timestamp))
          return { ok: false, error: 'invalid_arguments' };
        return method === 'conversations.join'
          ? { ok: true, channel: channelObject(String(a.channel)) ?? { id: a.channel } }
          : { ok: true };
      case 'views.open':
      case 'views.push': {
        if (!a.trigger_id && !a.interactivity_pointer) return { ok: false, error: 'invalid_arguments' };
        if (!a.view || typeof a.view !== 'object') return { ok: false, error: 'invalid_arguments' };
        const id = randomId('V', 10);
        const view = viewObject(a.view, id);
        views.set(id, view);
        return { ok: true, view };
      }
      case 'views.update': {
        if (!a.view || typeof a.view !== 'object') return { ok: false, error: 'invalid_arguments' };
        let id = a.view_id ? String(a.view_id) : undefined;
        if (!id && a.external_id) id = [...views.values()].find((v) => v.external_id === a.external_id)?.id;
        if (!id) return a.external_id ? { ok: false, error: 'not_found' } : { ok: false, error: 'invalid_arguments' };
        const previous = views.get(id);
        if (previous && a.hash && previous.hash !== a.hash) return { ok: false, error: 'hash_conflict' };
        const view = viewObject(a.view, id, previous);
        views.set(id, view);
        return { ok: true, view };
      }
      case 'views.publish': {
        if (!a.user_id) return { ok: false, error: 'invalid_arguments' };
        if (!a.view || typeof a.view !== 'object') return { ok: false, error: 'invalid_arguments' };
        const key = `home:${a.user_id}`;
        const previous = views.get(key);
        if (previous && a.hash && previous.hash !== a.hash) return { ok: false, error: 'hash_conflict' };
        const view = viewObject({ type: 'home', ...a.view }, previous?.id ?? randomId('V', 10), previous);
        views.set(key, view);
        return { ok: true, view };
      }
      case 'conversations.open': {
        if (a.channel) {
          const c = channelObject(String(a.channel));
          return c
            ? { ok: true, channel: isTruthy(a.return_im) ? c : { id: c.id } }
            : { ok: false, error: 'channel_not_found' };
        }
        const ids = String(a.users ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (ids.length === 0) return { ok: false, error: 'users_list_not_supplied' };
        if (ids.length > 8) return { ok: false, error: 'too_many_users' };
        if (ids.includes(botUserId) && ids.length === 1) return { ok: false, error: 'cannot_dm_bot' };
        for (const id of ids) {
          const u = users.get(id);
          // Unseeded but well-formed ids are accepted, so tests need not seed every payload's user.
          if (!u && !/^[UW][A-Z0-9]+$/.test(id)) return { ok: false, error: 'user_not_found' };
          if (u?.deleted) return { ok: false, error: 'user_disabled' };
        }
        const id = dmFor(ids);
        return {
          ok: true,
          ...(isTruthy(a.return_im) ? {} : { no_op: false, already_open: false }),
          channel: isTruthy(a.return_im) ? channelObject(id) : { id },
        };
      }
      case 'conversations.info': {
        const c = a.channel ? channelObject(String(a.channel)) : undefined;
        return c ? { ok: true, channel: c } : { ok: false, error: 'channel_not_found' };
      }
      case 'conversations.members': {
        const c = a.channel ? channels.get(String(a.channel)) : undefined;
        if (!a.channel || (!c && !channelObject(String(a.channel)))) return { ok: false, error: 'channel_not_found' };
        const { page, next_cursor } = paginate(c?.members ?? [...users.keys()], a);
        return { ok: true, members: page, response_metadata: { next_cursor } };
      }
      case 'conversations.replies': {
        if (!a.channel || !channelObject(String(a.channel))) return { ok: false, error: 'channel_not_found' };
        if (!a.ts) return { ok: false, error: 'thread_not_found' };
        const ts = String(a.ts);
        const list = messages.get(String(a.channel)) ?? [];
        const thread = list
          .filter((m) => m.ts === ts || m.thread_ts === ts)
          .sort((x, y) => Number(x.ts) - Number(y.ts));
        if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
        const { page, next_cursor } = paginate(thread, a);
        return { ok: true, messages: page, has_more: next_cursor !== '', response_metadata: { next_cursor } };
      }
      case 'conversations.history': {
        if (!a.channel || !channelObject(String(a.channel))) return { ok: false, error: 'channel_not_found' };
        const list = (messages.get(String(a.channel)) ?? [])
          .filter((m) => !m.thread_ts || m.thread_ts === m.ts)
          .sort((x, y) => Number(y.ts) - Number(x.ts));
        const { page, next_cursor } = paginate(list, a);
        return {
          ok: true,
          messages: page,
          has_more: next_cursor !== '',
          pin_count: 0,
          response_metadata: { next_cursor },
        };
      }
      case 'users.info': {
        const id = String(a.user ?? '');
        const u = users.get(id) ?? (id === botUserId ? botUser() : undefined);
        return u
          ? { ok: true, user: userObject(u, isTruthy(a.include_locale)) }
          : { ok: false, error: 'user_not_found' };
      }
      case 'users.list': {
        const { page, next_cursor } = paginate([...users.values()], a);
        return {
          ok: true,
          members: page.map((u) => userObject(u, isTruthy(a.include_locale))),
          cache_ts: Math.floor(Date.now() / 1000),
          response_metadata: { next_cursor },
        };
      }
      case 'users.lookupByEmail': {
        const u = [...users.values()].find((x) => x.email && x.email === a.email);
        return u ? { ok: true, user: userObject(u, false) } : { ok: false, error: 'users_not_found' };
      }
      case 'usergroups.users.list': {
        const g = a.usergroup ? usergroups.get(String(a.usergroup)) : undefined;
        return g ? { ok: true, users: [...g] } : { ok: false, error: 'no_such_subteam' };
      }
      case 'usergroups.list':
        return {
          ok: true,
          usergroups: [...usergroups.entries()].map(([id, members]) => ({
            id,
            team_id: teamId,
            is_usergroup: true,
            name: id.toLowerCase(),
            handle: id.toLowerCase(),
            user_count: members.length,
            ...(isTruthy(a.include_users) ? { users: [...members] } : {}),
          })),
        };
      case 'team.info':
        return {
          ok: true,
          team: {
            id: teamId,
            name: teamName,
            url: `https://${teamDomain}.slack.com/`,
            domain: teamDomain,
            email_domain: '',
            icon: { image_default: true, image_34: 'https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-34.png' },
            avatar_base_url: 'https://ca.slack-edge.com/',
            is_verified: false,
          },
        };
      default:
        return { ok: false, error: 'unknown_method', req_method: method };
    }
  };

  const settle = <T>(waiters: Set<Waiter<T>>, item: T): void => {
    for (const w of [...waiters]) {
      let hit = false;
      try {
        hit = w.pred(item);
      } catch {
        hit = false;
      }
      if (hit) {
        clearTimeout(w.timer);
        waiters.delete(w);
        w.resolve(item);
      }
    }
  };

  const waitFor = <T>(
    list: T[],
    waiters: Set<Waiter<T>>,
    pred: (x: T) => boolean,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T> => {
    const found = list.find((x) => pred(x));
    if (found) return Promise.resolve(found);
    if (closed) return Promise.reject(new Error('slack fake is closed'));
    return new Promise<T>((resolve, reject) => {
      const w: Waiter<T> = {
        pred,
        resolve,
        reject,
        timer: setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`timed out after ${timeoutMs} ms; ${describe()}`));
        }, timeoutMs),
      };
      waiters.add(w);
    });
  };

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

  const isFailAnswer = (x: Record<string, any>): x is FailAnswer =>
    !('ok' in x) && ('status' in x || 'body' in x || 'headers' in x);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const at = Date.now();

    if (url.pathname.startsWith('/response/')) {
      if (req.method !== 'POST') return send(res, 405, { ok: false, error: 'method_not_allowed' });
      const id = decodeURIComponent(url.pathname.slice('/response/'.length));
      let body: any;
      const text = raw.toString('utf8');
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        body = text;
      }
      const r: ResponseUrlCall = { id, body, at };
      responses.push(r);
      settle(responseWaiters, r);
      const fail = failures.get('response_url')?.shift();
      if (fail) return sendAnswer(res, fail, 'expired_url');
      return send(res, 200, { ok: true });
    }

    const m = /^\/api\/([A-Za-z0-9_.]+)\/?$/.exec(url.pathname);
    if (!m) return send(res, 404, { ok: false, error: 'not_found' });
    const method = m[1]!;
    let args: Record<string, any>;
    try {
      args = await parseArgs(req, raw, url.searchParams);
    } catch {
      args = { _raw: raw.toString('utf8') };
    }
    const auth = String(req.headers.authorization ?? '');
    const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    const call: SlackCall = { method, args, ...(token !== undefined ? { token } : {}), at };
    calls.push(call);
    settle(callWaiters, call);

    const fail = failures.get(method)?.shift();
    if (fail) return sendAnswer(res, fail, 'fatal_error');
    if (!token) return send(res, 200, { ok: false, error: 'not_authed' });
    const custom = handlers.get(method)?.(call);
    if (custom) {
      if (isFailAnswer(custom)) return sendAnswer(res, custom, 'fatal_error');
      return send(res, 200, custom);
    }
    return send(res, 200, answer(method, args));
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
  const baseUrl = `http://127.0.0.1:${port}`;

  const fake: SlackFake = {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    calls,
    responses,
    responseUrl(id?: string): string {
      const rid =
        id ?? `${teamId}/${Date.now()}${String(++responseSeq).padStart(3, '0')}/${randomId('', 24).toLowerCase()}`;
      return `${baseUrl}/response/${rid.split('/').map(encodeURIComponent).join('/')}`;
    },
    users,
    channels,
    messages,
    usergroups,
    teamId,
    teamDomain,
    botUserId,
    botId,
    appId,
    addMessage(channel: string, msg: Partial<SlackFakeMessage>): SlackFakeMessage {
      const full: SlackFakeMessage = { text: '', ...msg, type: 'message', ts: msg.ts ?? nextTs() };
      storeMessage(channel, full);
      return full;
    },
    callsTo(method: string): SlackCall[] {
      return calls.filter((c) => c.method === method);
    },
    waitForCall(pred, timeoutMs = 5000) {
      return waitFor(
        calls,
        callWaiters,
        pred,
        timeoutMs,
        () => `methods recorded: [${calls.map((c) => c.method).join(', ')}]`,
      );
    },
    waitForResponse(pred, timeoutMs = 5000) {
      return waitFor(
        responses,
        responseWaiters,
        pred,
        timeoutMs,
        () =>
          `response URL posts recorded: ${responses.length} [${responses.map((r) => r.id).join(', ')}]; methods recorded: [${calls.map((c) => c.method).join(', ')}]`,
      );
    },
    failNext(method: string, answer: FailAnswer): void {
      let q = failures.get(method);
      if (!q) failures.set(method, (q = []));
      q.push(answer);
    },
    setHandler(method: string, handler: MethodHandler | undefined): void {
      if (handler) handlers.set(method, handler);
      else handlers.delete(method);
    },
    reset(): void {
      calls.length = 0;
      responses.length = 0;
      failures.clear();
      messages.clear();
    },
    close(): Promise<void> {
      if (closed) return Promise.resolve();
      closed = true;
      for (const w of [...callWaiters, ...responseWaiters]) {
        clearTimeout(w.timer);
        w.reject(new Error('slack fake closed while waiting'));
      }
      callWaiters.clear();
      responseWaiters.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return fake;
}
