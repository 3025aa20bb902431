/**
 * What the Slack fake remembers: the workspace it pretends to be, the people, channels and
 * messages it holds, every call it received (recorded before it is answered) and the tests
 * waiting for one, and the answers tests queued in place of the default ones.
 */
import { randomBytes } from 'node:crypto';
import type { AnyBlock } from '@slack/types';
import type { RecordedMessage, SlackArgs } from './slack-fake-parse.ts';

export interface SlackCall {
  /** Web API method, e.g. 'chat.postMessage'. */
  method: string;
  args: SlackArgs;
  /** From `Authorization: Bearer …`, or the `token` field when no header was sent. */
  token?: string;
  /** Date.now() when the request was received. */
  at: number;
}

export interface ResponseUrlCall {
  id: string;
  body: RecordedMessage;
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
  [key: string]: unknown;
  type: 'message';
  ts: string;
  text?: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  blocks?: AnyBlock[];
}

export interface FailAnswer {
  /** HTTP status; default 200 (429 when `headers` contains Retry-After). */
  status?: number;
  /** JSON body (a string is sent as-is); default `{ ok:false, error: 'ratelimited' }` for 429, else `{ ok:false, error:'fatal_error' }`. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A Web API answer: always sent with HTTP 200. */
export type ApiAnswer = Record<string, unknown>;

/** A test's own answer for a method; it may take its time (a slow Slack), resolving when the test says. */
export type MethodHandler = (
  call: SlackCall,
) => FailAnswer | ApiAnswer | undefined | Promise<FailAnswer | ApiAnswer | undefined>;

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

export const TS_BASE_SEC = 1732000000;

export function randomId(prefix: string, len = 10): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(len);
  let out = prefix;
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

interface Waiter<T> {
  pred: (x: T) => boolean;
  resolve: (x: T) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** A recorded list that tests can wait on: past items match at once, future ones when they arrive. */
interface Recording<T> {
  items: T[];
  push(item: T): void;
  waitFor(pred: (x: T) => boolean, timeoutMs: number): Promise<T>;
  close(): void;
}

function recording<T>(describe: () => string): Recording<T> {
  const items: T[] = [];
  const waiters = new Set<Waiter<T>>();
  let closed = false;
  return {
    items,
    push(item: T): void {
      items.push(item);
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
    },
    waitFor(pred: (x: T) => boolean, timeoutMs: number): Promise<T> {
      const found = items.find((x) => pred(x));
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
    },
    close(): void {
      closed = true;
      for (const w of waiters) {
        clearTimeout(w.timer);
        w.reject(new Error('slack fake closed while waiting'));
      }
      waiters.clear();
    },
  };
}

export function createFakeState(opts: StartSlackFakeOptions) {
  const identity = {
    teamId: opts.teamId ?? 'T00RELAIS01',
    teamDomain: opts.teamDomain ?? 'relais-test',
    teamName: opts.teamName ?? 'Relais Test',
    botUserId: opts.botUserId ?? 'U00RELAISBOT',
    botId: opts.botId ?? 'B00RELAISBOT',
    appId: opts.appId ?? 'A00RELAISAPP',
  };
  const calls: Recording<SlackCall> = recording(
    () => `methods recorded: [${calls.items.map((c) => c.method).join(', ')}]`,
  );
  const responses: Recording<ResponseUrlCall> = recording(
    () =>
      `response URL posts recorded: ${responses.items.length} [${responses.items.map((r) => r.id).join(', ')}]; ` +
      `methods recorded: [${calls.items.map((c) => c.method).join(', ')}]`,
  );
  const users = new Map<string, SlackFakeUser>((opts.users ?? []).map((u) => [u.id, u]));
  const channels = new Map<string, SlackFakeChannel>((opts.channels ?? []).map((c) => [c.id, c]));
  const messages = new Map<string, SlackFakeMessage[]>();
  const usergroups = new Map<string, string[]>(Object.entries(opts.usergroups ?? {}));
  const views = new Map<string, Record<string, unknown>>();
  const dmChannels = new Map<string, string>();
  const failures = new Map<string, FailAnswer[]>();
  const handlers = new Map<string, MethodHandler>();
  let tsSeq = 0;

  const nextTs = (): string => {
    const i = tsSeq++;
    const sec = TS_BASE_SEC + Math.floor(i / 9999);
    const micro = ((i % 9999) + 1) * 100;
    return `${sec}.${String(micro).padStart(6, '0')}`;
  };

  /** The direct conversation of these people (opened on first use). */
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

  return {
    ...identity,
    calls,
    responses,
    users,
    channels,
    messages,
    usergroups,
    views,
    failures,
    handlers,
    nextTs,
    dmFor,
    /** A user id as a channel means the direct conversation with that person. */
    resolveChannel: (channel: string): string => (/^[UW][A-Z0-9]+$/.test(channel) ? dmFor([channel]) : channel),
    storeMessage(channel: string, msg: SlackFakeMessage): void {
      const list = messages.get(channel) ?? [];
      messages.set(channel, list);
      list.push(msg);
    },
    findMessage: (channel: string, ts: string): SlackFakeMessage | undefined =>
      messages.get(channel)?.find((m) => m.ts === ts),
    failNext(method: string, answer: FailAnswer): void {
      const queue = failures.get(method) ?? [];
      failures.set(method, queue);
      queue.push(answer);
    },
    reset(): void {
      calls.items.length = 0;
      responses.items.length = 0;
      failures.clear();
      messages.clear();
    },
  };
}

export type FakeState = ReturnType<typeof createFakeState>;
