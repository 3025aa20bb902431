/**
 * A local fake of Discord's REST API (v10) and gateway, good enough for the REAL discord.js
 * `Client` to log in to it and for adapter tests to drive the bot end to end.
 *
 *   const fake = await startDiscordFake({ guilds: [{ id, name, channels: [{ id, name }] }] });
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
 *   const ready = once(client, Events.ClientReady);
 *   await client.login('any-token'); await ready;
 *   fake.dispatchInteraction(chatInput({ name: 'relais', guildId, channelId }));
 *   const cb = await fake.waitForCall((c) => c.path.endsWith('/callback'));
 *
 * Listens on 127.0.0.1 only (HTTP and WebSocket share one port). Everything the client sends is
 * recorded in `calls`. Where Discord would refuse a request (unknown interaction, interaction
 * acknowledged twice, 3 s deadline passed, empty message, limits from PLATFORMS.md §2.2, invalid
 * command names…) the fake answers with Discord's error status, code and body, so the bot's
 * error paths behave as they would in production.
 */

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RawData, WebSocket, WebSocketServer } from 'ws';

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export interface FakeGuild {
  id: string;
  name: string;
  /** `type` defaults to 0 (GUILD_TEXT); `parent_id` may point at a category (type 4) of the guild. */
  channels: { id: string; name: string; type?: number; parent_id?: string; topic?: string }[];
  /** Extra roles (the @everyone role, id = guild id, and the bot's managed role are always added). */
  roles?: { id: string; name: string; permissions?: string }[];
}

export interface RecordedFile {
  /** multipart field name, e.g. `files[0]` */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface RecordedCall {
  method: string;
  /** decoded path after /api/v10, e.g. '/interactions/123/tok/callback', '/webhooks/1/tok/messages/@original' */
  path: string;
  query: Record<string, string>;
  /** parsed JSON body; for multipart, the parsed `payload_json` part (or the plain fields); null when empty */
  body: any;
  /** lower-cased header names */
  headers: Record<string, string>;
  /** Date.now() when the request arrived */
  at: number;
  /** status the fake answered with */
  status: number;
  /** JSON the fake answered with (undefined for 204) */
  response: any;
  /** files of a multipart request */
  files: RecordedFile[];
}

export interface DiscordFake {
  /** 'http://127.0.0.1:<port>/api' — pass as `rest.api` / DISCORD_API_URL */
  apiUrl: string;
  /** 'ws://127.0.0.1:<port>' */
  gatewayUrl: string;
  applicationId: string;
  botUser: { id: string; username: string };
  /** every REST call, in order (including failed and unknown-route ones) */
  calls: RecordedCall[];
  /** global application commands, as stored by PUT/POST */
  readonly commands: any[];
  /** guild application commands by guild id */
  readonly guildCommands: Record<string, any[]>;
  /** current state of every message the fake knows (bot messages, plus messages seen in interactions) */
  messages: Map<string, any>;
  /** `d` of every IDENTIFY received (token, intents, properties…) */
  identifies: any[];
  /** callbacks later than this after dispatch get 404 10062 Unknown interaction; 0 disables. Default 3000. */
  interactionDeadlineMs: number;
  waitForCall(pred: (c: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  dispatchInteraction(payload: object): void;
  /** send any gateway dispatch (e.g. 'MESSAGE_CREATE', 'GUILD_DELETE') on every live session */
  dispatch(event: string, data: object): void;
  connected(): Promise<void>;
  failNext(routeMatch: RegExp, status: number, body: object, headers?: Record<string, string>): void;
  /** close every gateway socket with `code` (default 4000: the client RESUMEs after ~0.5 s) */
  disconnect(code?: number): void;
  close(): Promise<void>;
}

export interface DiscordFakeOptions {
  guilds?: FakeGuild[];
  applicationId?: string;
  /** bot username (default 'Relais') */
  botName?: string;
  /** users the fake knows (for GET /users/:id, DM recipients, mentions); interaction users are added automatically */
  users?: { id: string; username: string; global_name?: string | null; bot?: boolean }[];
  /** see DiscordFake.interactionDeadlineMs */
  interactionDeadlineMs?: number;
}

export const DEFAULT_APPLICATION_ID = '1283000000000000001';
const DISCORD_EPOCH = 1420070400000n;

let lastSnowflake = 0n;
/** A fresh snowflake, strictly increasing within the process. */
export function snowflake(at: number = Date.now()): string {
  let v = (BigInt(at) - DISCORD_EPOCH) << 22n;
  if (v <= lastSnowflake) v = lastSnowflake + 1n;
  lastSnowflake = v;
  return v.toString();
}

const P = (bit: number): bigint => 1n << BigInt(bit);
/** Permissions of @everyone in the fake guilds (what a fresh Discord server grants). */
export const EVERYONE_PERMISSIONS = [
  0, 6, 9, 10, 11, 14, 15, 16, 18, 20, 21, 25, 26, 31, 35, 36, 37, 38, 39, 46, 49, 50,
]
  .map(P)
  .reduce((a, b) => a | b, 0n);
/** Permissions of the bot (its managed role adds Manage Messages and Manage Threads). */
export const BOT_PERMISSIONS = EVERYONE_PERMISSIONS | P(13) | P(34);

/** Discord-style ISO timestamp: 2026-01-05T00:49:57.486000+00:00 */
export function discordTimestamp(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
}

export function startDiscordFake(opts: DiscordFakeOptions = {}): Promise<DiscordFake> {
  return new FakeServer(opts).start();
}

// ---------------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------------

const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  HasThread: 1 << 5,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsVoiceMessage: 1 << 13,
  IsComponentsV2: 1 << 15,
};
const CHANNEL_MESSAGE_FLAGS =
  MessageFlag.SuppressEmbeds |
  MessageFlag.SuppressNotifications |
  MessageFlag.IsVoiceMessage |
  MessageFlag.IsComponentsV2;
const INTERACTION_MESSAGE_FLAGS = CHANNEL_MESSAGE_FLAGS | MessageFlag.Ephemeral;

const Intent = { Guilds: 1 << 0, GuildMessages: 1 << 9, DirectMessages: 1 << 12 };

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

function safePred(pred: (c: RecordedCall) => boolean, c: RecordedCall): boolean {
  try {
    return Boolean(pred(c));
  } catch {
    return false;
  }
}

const unknown = (what: string, code: number): HttpError => new HttpError(404, { message: `Unknown ${what}`, code });

interface FormErr {
  path: (string | number)[];
  code: string;
  message: string;
}

function formError(errs: FormErr[]): HttpError {
  const errors: any = {};
  for (const e of errs) {
    let node = errors;
    for (const p of e.path) node = node[String(p)] ??= {};
    (node._errors ??= []).push({ code: e.code, message: e.message });
  }
  return new HttpError(400, { message: 'Invalid Form Body', code: 50035, errors });
}

const strLen = (v: string): number => [...v].length;

function checkLen(
  errs: FormErr[],
  path: (string | number)[],
  v: unknown,
  max: number,
  min = 0,
  required = false,
): void {
  if (v === undefined || v === null) {
    if (required) errs.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    return;
  }
  if (typeof v !== 'string') {
    errs.push({ path, code: 'STRING_TYPE_CONVERT', message: 'Could not interpret value as string.' });
    return;
  }
  const n = strLen(v);
  if (n > max) errs.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  if (n < min) errs.push({ path, code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${min} or more in length.` });
}

function checkCount(errs: FormErr[], path: (string | number)[], v: unknown, max: number, min = 0): void {
  if (!Array.isArray(v)) return;
  if (v.length > max) errs.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  if (v.length < min) errs.push({ path, code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${min} or more in length.` });
}

// --- message validation (PLATFORMS.md §2.2) ---------------------------------------------------

function validateEmbeds(errs: FormErr[], embeds: unknown): void {
  if (embeds === undefined || embeds === null) return;
  if (!Array.isArray(embeds)) {
    errs.push({ path: ['embeds'], code: 'LIST_TYPE_CONVERT', message: 'Must be an array.' });
    return;
  }
  checkCount(errs, ['embeds'], embeds, 10);
  let total = 0;
  const count = (v: unknown): void => {
    if (typeof v === 'string') total += strLen(v);
  };
  embeds.forEach((e: any, i: number) => {
    const p = ['embeds', i];
    checkLen(errs, [...p, 'title'], e?.title, 256);
    checkLen(errs, [...p, 'description'], e?.description, 4096);
    checkLen(errs, [...p, 'footer', 'text'], e?.footer?.text, 2048);
    checkLen(errs, [...p, 'author', 'name'], e?.author?.name, 256);
    checkCount(errs, [...p, 'fields'], e?.fields, 25);
    if (typeof e?.color === 'number' && (e.color < 0 || e.color > 0xffffff)) {
      errs.push({
        path: [...p, 'color'],
        code: 'NUMBER_TYPE_MAX',
        message: 'int value should be less than or equal to 16777215.',
      });
    }
    (Array.isArray(e?.fields) ? e.fields : []).forEach((f: any, j: number) => {
      checkLen(errs, [...p, 'fields', j, 'name'], f?.name, 256, 1, true);
      checkLen(errs, [...p, 'fields', j, 'value'], f?.value, 1024, 1, true);
      count(f?.name);
      count(f?.value);
    });
    count(e?.title);
    count(e?.description);
    count(e?.footer?.text);
    count(e?.author?.name);
  });
  if (total > 6000) {
    errs.push({
      path: ['embeds'],
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: 'Embed size exceeds maximum size of 6000',
    });
  }
}

const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

function validateInteractive(errs: FormErr[], c: any, p: (string | number)[], ids: Map<string, string>): void {
  if (c?.custom_id !== undefined) {
    const key = String(c.custom_id);
    if (ids.has(key)) {
      errs.push({
        path: [...p, 'custom_id'],
        code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
        message: 'Component custom id cannot be duplicated',
      });
    } else ids.set(key, p.join('.'));
  }
  if (c?.type === 2) {
    if (c.style === 5) {
      if (!c.url)
        errs.push({ path: [...p, 'url'], code: 'BUTTON_COMPONENT_URL_REQUIRED', message: 'A url is required' });
      if (c.custom_id !== undefined) {
        errs.push({
          path: [...p, 'custom_id'],
          code: 'BUTTON_COMPONENT_CUSTOM_ID_INVALID',
          message: 'A custom id cannot be specified',
        });
      }
    } else if (c.style !== 6) {
      checkLen(errs, [...p, 'custom_id'], c.custom_id, 100, 1, true);
    }
    checkLen(errs, [...p, 'label'], c.label, 80);
  } else if (SELECT_TYPES.has(c?.type)) {
    checkLen(errs, [...p, 'custom_id'], c.custom_id, 100, 1, true);
    checkLen(errs, [...p, 'placeholder'], c.placeholder, 150);
    if (c.type === 3) {
      checkCount(errs, [...p, 'options'], c.options ?? [], 25, 1);
      (c.options ?? []).forEach((o: any, k: number) => {
        checkLen(errs, [...p, 'options', k, 'label'], o?.label, 100, 1, true);
        checkLen(errs, [...p, 'options', k, 'value'], o?.value, 100, 1, true);
        checkLen(errs, [...p, 'options', k, 'description'], o?.description, 100);
      });
    }
  }
}

function validateActionRow(errs: FormErr[], row: any, p: (string | number)[], ids: Map<string, string>): void {
  const children: any[] = Array.isArray(row?.components) ? row.components : [];
  checkCount(errs, [...p, 'components'], children, 5, 1);
  if (children.some((c) => SELECT_TYPES.has(c?.type)) && children.length > 1) {
    errs.push({
      path: [...p, 'components'],
      code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
      message: 'The specified component exceeds the maximum width',
    });
  }
  children.forEach((c, i) => {
    if (c?.type === 4) {
      errs.push({
        path: [...p, 'components', i, 'type'],
        code: 'COMPONENT_TYPE_INVALID',
        message: 'Text inputs are only valid in modals',
      });
    }
    validateInteractive(errs, c, [...p, 'components', i], ids);
  });
}

function countComponents(list: any[]): number {
  let n = 0;
  for (const c of list) {
    n++;
    if (Array.isArray(c?.components)) n += countComponents(c.components);
    if (c?.accessory) n += countComponents([c.accessory]);
    if (c?.component) n += countComponents([c.component]);
  }
  return n;
}

function validateComponents(errs: FormErr[], comps: unknown, flags: number): void {
  if (comps === undefined || comps === null) return;
  if (!Array.isArray(comps)) {
    errs.push({ path: ['components'], code: 'LIST_TYPE_CONVERT', message: 'Must be an array.' });
    return;
  }
  const ids = new Map<string, string>();
  if ((flags & MessageFlag.IsComponentsV2) === 0) {
    checkCount(errs, ['components'], comps, 5);
    comps.forEach((row: any, i: number) => {
      if (row?.type !== 1) {
        errs.push({
          path: ['components', i, 'type'],
          code: 'UNION_TYPE_CHOICES',
          message: 'Value of field "type" must be one of (1,).',
        });
      } else validateActionRow(errs, row, ['components', i], ids);
    });
  } else {
    if (countComponents(comps) > 40) {
      errs.push({ path: ['components'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 40 or fewer in length.' });
    }
    const walk = (list: any[], p: (string | number)[]): void =>
      list.forEach((c: any, i: number) => {
        const cp = [...p, i];
        if (c?.type === 1) validateActionRow(errs, c, cp, ids);
        else validateInteractive(errs, c, cp, ids);
        if (c?.type !== 1 && Array.isArray(c?.components)) walk(c.components, [...cp, 'components']);
        if (c?.accessory) validateInteractive(errs, c.accessory, [...cp, 'accessory'], ids);
      });
    walk(comps, ['components']);
  }
}

function validateAllowedMentions(errs: FormErr[], am: any): void {
  if (!am || typeof am !== 'object') return;
  const parse: string[] = Array.isArray(am.parse) ? am.parse : [];
  for (const kind of ['users', 'roles'] as const) {
    if (parse.includes(kind) && Array.isArray(am[kind]) && am[kind].length > 0) {
      errs.push({
        path: ['allowed_mentions'],
        code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      });
    }
    checkCount(errs, ['allowed_mentions', kind], am[kind], 100);
  }
}

/** Validates the message fields present in `body` (creation or edit). */
function validateMessageFields(body: any, flags: number): FormErr[] {
  const errs: FormErr[] = [];
  checkLen(errs, ['content'], body?.content, 2000);
  validateEmbeds(errs, body?.embeds);
  validateComponents(errs, body?.components, flags);
  validateAllowedMentions(errs, body?.allowed_mentions);
  if (flags & MessageFlag.IsComponentsV2) {
    const hasContent = typeof body?.content === 'string' && body.content.length > 0;
    const hasEmbeds = Array.isArray(body?.embeds) && body.embeds.length > 0;
    if (hasContent || hasEmbeds) {
      errs.push({
        path: [hasContent ? 'content' : 'embeds'],
        code: 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        message: "The 'content' and 'embeds' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2",
      });
    }
  }
  return errs;
}

function isEmptyMessage(m: any): boolean {
  const has = (v: unknown): boolean => Array.isArray(v) && v.length > 0;
  return (
    !(typeof m.content === 'string' && m.content.trim().length > 0) &&
    !has(m.embeds) &&
    !has(m.components) &&
    !has(m.attachments) &&
    !has(m.sticker_ids) &&
    !has(m.sticker_items) &&
    !m.poll
  );
}

const EMPTY_MESSAGE = (): HttpError => new HttpError(400, { message: 'Cannot send an empty message', code: 50006 });

function validateModal(data: any): FormErr[] {
  const errs: FormErr[] = [];
  const p = ['data'];
  checkLen(errs, [...p, 'title'], data?.title, 45, 1, true);
  checkLen(errs, [...p, 'custom_id'], data?.custom_id, 100, 1, true);
  const comps: any[] = Array.isArray(data?.components) ? data.components : [];
  checkCount(errs, [...p, 'components'], comps, 5, 1);
  const textInput = (t: any, tp: (string | number)[], inRow: boolean): void => {
    checkLen(errs, [...tp, 'custom_id'], t?.custom_id, 100, 1, true);
    if (inRow) checkLen(errs, [...tp, 'label'], t?.label, 45, 1, true);
    checkLen(errs, [...tp, 'value'], t?.value, 4000);
    checkLen(errs, [...tp, 'placeholder'], t?.placeholder, 100);
    if (t?.min_length !== undefined && (t.min_length < 0 || t.min_length > 4000)) {
      errs.push({
        path: [...tp, 'min_length'],
        code: 'NUMBER_TYPE_MAX',
        message: 'int value should be between 0 and 4000.',
      });
    }
    if (t?.max_length !== undefined && (t.max_length < 1 || t.max_length > 4000)) {
      errs.push({
        path: [...tp, 'max_length'],
        code: 'NUMBER_TYPE_MAX',
        message: 'int value should be between 1 and 4000.',
      });
    }
  };
  comps.forEach((c: any, i: number) => {
    const cp = [...p, 'components', i];
    if (c?.type === 1) {
      const inner: any[] = Array.isArray(c.components) ? c.components : [];
      checkCount(errs, [...cp, 'components'], inner, 1, 1);
      inner.forEach((t, j) => {
        if (t?.type === 4) textInput(t, [...cp, 'components', j], true);
      });
    } else if (c?.type === 18) {
      checkLen(errs, [...cp, 'label'], c.label, 45, 1, true);
      checkLen(errs, [...cp, 'description'], c.description, 100);
      if (c.component?.type === 4) textInput(c.component, [...cp, 'component'], false);
    }
  });
  return errs;
}

// --- command validation --------------------------------------------------------------------

const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateCommandName(errs: FormErr[], p: (string | number)[], name: unknown, chatInput: boolean): void {
  if (typeof name !== 'string') {
    errs.push({ path: [...p, 'name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    return;
  }
  if (chatInput) {
    if (!CHAT_INPUT_NAME.test(name) || name !== name.toLowerCase()) {
      errs.push({
        path: [...p, 'name'],
        code: 'APPLICATION_COMMAND_INVALID_NAME',
        message: `Command name is invalid`,
      });
    }
  } else checkLen(errs, [...p, 'name'], name, 32, 1);
}

function validateOptions(errs: FormErr[], p: (string | number)[], options: unknown, depth: number): void {
  if (!Array.isArray(options)) return;
  checkCount(errs, [...p, 'options'], options, 25);
  let sawOptional = false;
  const names = new Set<string>();
  options.forEach((o: any, i: number) => {
    const op = [...p, 'options', i];
    validateCommandName(errs, op, o?.name, true);
    checkLen(errs, [...op, 'description'], o?.description, 100, 1, true);
    if (names.has(o?.name)) {
      errs.push({
        path: [...op, 'name'],
        code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
        message: 'Option names must be unique',
      });
    }
    names.add(o?.name);
    const isSub = o?.type === 1 || o?.type === 2;
    if (isSub) {
      if (o.type === 2 && depth > 0) {
        errs.push({
          path: [...op, 'type'],
          code: 'APPLICATION_COMMAND_OPTION_TYPE_INVALID',
          message: 'Subcommand groups cannot be nested',
        });
      }
      if (o.type === 2 && Array.isArray(o.options) && o.options.some((s: any) => s?.type !== 1)) {
        errs.push({
          path: [...op, 'options'],
          code: 'APPLICATION_COMMAND_OPTION_TYPE_INVALID',
          message: 'Subcommand groups may only contain subcommands',
        });
      }
      validateOptions(errs, op, o.options, depth + 1);
    } else {
      if (o?.required) {
        if (sawOptional) {
          errs.push({
            path: [...op, 'required'],
            code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
            message: 'Required options must be placed before non-required options',
          });
        }
      } else sawOptional = true;
      checkCount(errs, [...op, 'choices'], o?.choices, 25);
    }
  });
}

function validateCommand(errs: FormErr[], p: (string | number)[], c: any): void {
  const type = c?.type ?? 1;
  validateCommandName(errs, p, c?.name, type === 1);
  if (type === 1) checkLen(errs, [...p, 'description'], c?.description, 100, 1, true);
  else if (c?.description) {
    errs.push({
      path: [...p, 'description'],
      code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION_INVALID',
      message: 'Context menu commands cannot have description',
    });
  }
  if (type === 1) validateOptions(errs, p, c?.options, 0);
}

// --- gateway ---------------------------------------------------------------------------------

interface Session {
  id: string;
  seq: number;
  log: { s: number; t: string; d: unknown }[];
  conn: Conn | null;
  intents: number;
  alive: boolean;
  ready: boolean;
}

interface Conn {
  ws: WebSocket;
  session: Session | null;
}

interface InteractionRec {
  id: string;
  token: string;
  type: number;
  payload: any;
  dispatchedAt: number;
  acked: boolean;
  callbackType: number | null;
  originalId: string | null;
  sourceMessageId: string | null;
  channelId: string;
  messageIds: Set<string>;
}

interface Waiter {
  pred: (c: RecordedCall) => boolean;
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

interface Ctx {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: any;
  files: RecordedFile[];
  headers: Record<string, string>;
}

interface Result {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Route {
  method: string;
  segs: string[];
  auth: boolean;
  handler: (ctx: Ctx) => Result | Promise<Result>;
}

class FakeServer implements DiscordFake {
  apiUrl = '';
  gatewayUrl = '';
  readonly applicationId: string;
  readonly botUser: { id: string; username: string };
  calls: RecordedCall[] = [];
  messages = new Map<string, any>();
  identifies: any[] = [];
  interactionDeadlineMs: number;

  private server: Server;
  private wss: WebSocketServer;
  private port = 0;
  private routes: Route[] = [];
  private waiters: Waiter[] = [];
  private failures: Failure[] = [];
  private connectedWaiters: (() => void)[] = [];
  private conns = new Set<Conn>();
  private sessions = new Map<string, Session>();
  private cmdStore = new Map<string, any[]>(); // 'global' | guild id
  private guilds = new Map<string, { fake: FakeGuild; roles: any[]; joinedAt: string }>();
  private channels = new Map<string, any>();
  private dmByUser = new Map<string, string>();
  private users = new Map<string, any>();
  private members = new Map<string, any>(); // `${guild}:${user}`
  private interactions = new Map<string, InteractionRec>();
  private byToken = new Map<string, InteractionRec>();
  private attachmentsData = new Map<string, { data: Buffer; contentType: string }>();
  private botRoleIds = new Map<string, string>();
  private closed = false;

  constructor(private readonly opts: DiscordFakeOptions) {
    this.applicationId = opts.applicationId ?? DEFAULT_APPLICATION_ID;
    this.botUser = { id: this.applicationId, username: opts.botName ?? 'Relais' };
    this.interactionDeadlineMs = opts.interactionDeadlineMs ?? 3000;
    this.users.set(this.botUser.id, this.botUserObject());
    for (const u of opts.users ?? []) this.users.set(u.id, this.userObject(u));
    this.server = createServer((req, res) => {
      this.onRequest(req, res).catch((err: unknown) => {
        console.error('[discord-fake] request handler crashed', err);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: '500: Internal Server Error', code: 0 }));
      });
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url));
    });
    this.defineRoutes();
  }

  async start(): Promise<DiscordFake> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.apiUrl = `http://127.0.0.1:${this.port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${this.port}`;
    for (const g of this.opts.guilds ?? []) this.addGuild(g);
    return this;
  }

  get commands(): any[] {
    return this.cmdStore.get('global') ?? [];
  }

  get guildCommands(): Record<string, any[]> {
    const out: Record<string, any[]> = {};
    for (const [k, v] of this.cmdStore) if (k !== 'global') out[k] = v;
    return out;
  }

  // --- public methods ------------------------------------------------------------------------

  waitForCall(pred: (c: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const found = this.calls.find((c) => safePred(pred, c));
    if (found) return Promise.resolve(found);
    return new Promise<RecordedCall>((resolve, reject) => {
      const waiter: Waiter = {
        pred,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(
            new Error(`waitForCall: no matching call within ${timeoutMs} ms. Recorded calls:\n${this.describeCalls()}`),
          );
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  dispatchInteraction(payload: object): void {
    const p: any = structuredClone(payload);
    if (typeof p.id !== 'string' || typeof p.token !== 'string' || typeof p.type !== 'number') {
      throw new Error('dispatchInteraction: payload needs id, token and type');
    }
    p.application_id = this.applicationId;
    this.registerInteraction(p);
    const live = [...this.sessions.values()].filter((s) => s.alive && s.ready);
    if (live.length === 0) throw new Error('dispatchInteraction: no gateway session (await fake.connected() first)');
    for (const s of live) this.sendDispatch(s, 'INTERACTION_CREATE', p);
  }

  dispatch(event: string, data: object): void {
    for (const s of this.sessions.values()) if (s.alive && s.ready) this.sendDispatch(s, event, structuredClone(data));
  }

  connected(): Promise<void> {
    if ([...this.sessions.values()].some((s) => s.ready && s.alive)) return Promise.resolve();
    return new Promise<void>((resolve) => this.connectedWaiters.push(resolve));
  }

  failNext(routeMatch: RegExp, status: number, body: object, headers: Record<string, string> = {}): void {
    this.failures.push({ re: routeMatch, status, body, headers });
  }

  disconnect(code = 4000): void {
    for (const c of this.conns) c.ws.close(code, 'fake disconnect');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error('discord fake closed'));
    }
    this.waiters = [];
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- state helpers -------------------------------------------------------------------------

  private botUserObject(): any {
    return {
      id: this.botUser.id,
      username: this.botUser.username,
      avatar: null,
      discriminator: '4242',
      public_flags: 0,
      flags: 0,
      bot: true,
      banner: null,
      accent_color: null,
      global_name: null,
      avatar_decoration_data: null,
      collectibles: null,
      display_name_styles: null,
      banner_color: null,
      clan: null,
      primary_guild: null,
    };
  }

  private userObject(u: { id: string; username?: string; global_name?: string | null; bot?: boolean }): any {
    return {
      id: u.id,
      username: u.username ?? `user${u.id.slice(-4)}`,
      avatar: null,
      discriminator: '0',
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      global_name: u.global_name ?? null,
      avatar_decoration_data: null,
      collectibles: null,
      display_name_styles: null,
      banner_color: null,
      clan: null,
      primary_guild: null,
      ...(u.bot ? { bot: true } : {}),
    };
  }

  private addGuild(g: FakeGuild): void {
    const botRoleId = snowflake();
    this.botRoleIds.set(g.id, botRoleId);
    const role = (id: string, name: string, position: number, permissions: string, extra: object = {}): any => ({
      id,
      name,
      description: null,
      permissions,
      position,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      managed: false,
      mentionable: false,
      icon: null,
      unicode_emoji: null,
      flags: 0,
      ...extra,
    });
    const roles = [
      role(g.id, '@everyone', 0, EVERYONE_PERMISSIONS.toString()),
      role(botRoleId, this.botUser.username, 1, BOT_PERMISSIONS.toString(), {
        managed: true,
        tags: { bot_id: this.botUser.id },
      }),
      ...(g.roles ?? []).map((r, i) => role(r.id, r.name, i + 2, r.permissions ?? '0')),
    ];
    this.guilds.set(g.id, { fake: g, roles, joinedAt: discordTimestamp() });
    g.channels.forEach((c, i) => this.channels.set(c.id, this.guildChannelObject(g.id, c, i)));
    this.members.set(`${g.id}:${this.botUser.id}`, this.memberObject(this.users.get(this.botUser.id), [botRoleId]));
  }

  private guildChannelObject(guildId: string, c: FakeGuild['channels'][number], position: number): any {
    const type = c.type ?? 0;
    const base: any = {
      id: c.id,
      type,
      guild_id: guildId,
      name: c.name,
      position,
      flags: 0,
      parent_id: c.parent_id ?? null,
      permission_overwrites: [],
    };
    if (type === 0 || type === 5 || type === 15 || type === 16) {
      Object.assign(base, { topic: c.topic ?? null, nsfw: false, last_message_id: null, rate_limit_per_user: 0 });
    }
    if (type === 2 || type === 13) {
      Object.assign(base, {
        bitrate: 64000,
        user_limit: 0,
        rtc_region: null,
        nsfw: false,
        last_message_id: null,
        rate_limit_per_user: 0,
      });
    }
    if (type === 15 || type === 16) {
      Object.assign(base, {
        available_tags: [],
        default_reaction_emoji: null,
        default_sort_order: null,
        default_forum_layout: 0,
        default_thread_rate_limit_per_user: 0,
      });
    }
    return base;
  }

  private memberObject(user: any, roles: string[], extra: object = {}): any {
    return {
      user,
      nick: null,
      avatar: null,
      banner: null,
      roles,
      joined_at: discordTimestamp(),
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
      ...extra,
    };
  }

  private guildObject(guildId: string): any {
    const g = this.guilds.get(guildId);
    if (!g) throw unknown('Guild', 10004);
    const firstText = g.fake.channels.find((c) => (c.type ?? 0) === 0);
    return {
      id: guildId,
      name: g.fake.name,
      icon: null,
      description: null,
      home_header: null,
      splash: null,
      discovery_splash: null,
      features: [],
      banner: null,
      owner_id: '1000000000000000001',
      application_id: null,
      region: 'deprecated',
      afk_channel_id: null,
      afk_timeout: 300,
      system_channel_id: firstText?.id ?? null,
      system_channel_flags: 0,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 0,
      roles: g.roles,
      default_message_notifications: 0,
      mfa_level: 0,
      explicit_content_filter: 0,
      max_presences: null,
      max_members: 25000000,
      max_stage_video_channel_users: 50,
      max_video_channel_users: 25,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      rules_channel_id: null,
      safety_alerts_channel_id: null,
      public_updates_channel_id: null,
      hub_type: null,
      premium_progress_bar_enabled: false,
      latest_onboarding_question_id: null,
      nsfw: false,
      nsfw_level: 0,
      emojis: [],
      stickers: [],
      incidents_data: null,
      inventory_settings: null,
      embed_enabled: false,
      embed_channel_id: null,
    };
  }

  private guildCreatePayload(guildId: string): any {
    const g = this.guilds.get(guildId);
    if (!g) throw new Error(`unknown guild ${guildId}`);
    const channels = [...this.channels.values()]
      .filter((c) => c.guild_id === guildId && ![10, 11, 12].includes(c.type))
      .map(({ guild_id: _omit, ...rest }) => rest); // GUILD_CREATE channels carry no guild_id
    const threads = [...this.channels.values()].filter((c) => c.guild_id === guildId && [10, 11, 12].includes(c.type));
    const me = this.members.get(`${guildId}:${this.botUser.id}`);
    return {
      ...this.guildObject(guildId),
      joined_at: g.joinedAt,
      large: false,
      unavailable: false,
      lazy: true,
      member_count: 2,
      voice_states: [],
      members: me ? [me] : [],
      channels,
      threads,
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
      activity_instances: [],
      application_command_counts: {},
      version: Date.now(),
    };
  }

  private channelOrThrow(id: string): any {
    const ch = this.channels.get(id);
    if (!ch) throw unknown('Channel', 10003);
    return ch;
  }

  private knownUser(id: string): any {
    return this.users.get(id) ?? this.userObject({ id });
  }

  private computeMentions(
    content: string,
    allowed: any,
  ): { mentions: any[]; mention_roles: string[]; mention_everyone: boolean } {
    const parse: string[] = allowed
      ? Array.isArray(allowed.parse)
        ? allowed.parse
        : []
      : ['users', 'roles', 'everyone'];
    const users = new Set<string>(allowed?.users ?? []);
    const roles = new Set<string>(allowed?.roles ?? []);
    const userIds = [...new Set([...content.matchAll(/<@!?(\d{15,21})>/g)].map((m) => m[1] as string))];
    const roleIds = [...new Set([...content.matchAll(/<@&(\d{15,21})>/g)].map((m) => m[1] as string))];
    return {
      mentions: userIds.filter((id) => parse.includes('users') || users.has(id)).map((id) => this.knownUser(id)),
      mention_roles: roleIds.filter((id) => parse.includes('roles') || roles.has(id)),
      mention_everyone: /@(everyone|here)\b/.test(content) && parse.includes('everyone'),
    };
  }

  private normEmbeds(embeds: unknown): any[] {
    if (!Array.isArray(embeds)) return [];
    return embeds.map((e: any) => ({ type: 'rich', ...e, content_scan_version: 0 }));
  }

  /** Discord gives every component a numeric `id` (unique in the message) when the app didn't. */
  private assignComponentIds(components: unknown): any[] {
    if (!Array.isArray(components)) return [];
    const copy = structuredClone(components) as any[];
    const used = new Set<number>();
    const all: any[] = [];
    const walk = (list: any[]): void => {
      for (const c of list) {
        if (!c || typeof c !== 'object') continue;
        all.push(c);
        if (typeof c.id === 'number') used.add(c.id);
        if (Array.isArray(c.components)) walk(c.components);
        if (c.accessory) walk([c.accessory]);
        if (c.component) walk([c.component]);
      }
    };
    walk(copy);
    let next = 1;
    for (const c of all) {
      if (typeof c.id === 'number') continue;
      while (used.has(next)) next++;
      c.id = next;
      used.add(next);
    }
    return copy;
  }

  private attachmentsFrom(channelId: string, body: any, files: RecordedFile[]): any[] {
    const meta: any[] = Array.isArray(body?.attachments) ? body.attachments : [];
    return files.map((f, i) => {
      const idx = Number(/\[(\d+)\]/.exec(f.field)?.[1] ?? i);
      const m = meta.find((a) => String(a?.id) === String(idx));
      const id = snowflake();
      const filename = m?.filename ?? f.filename;
      const urlPath = `/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
      this.attachmentsData.set(urlPath, { data: f.data, contentType: f.contentType });
      const url = `http://127.0.0.1:${this.port}${urlPath}`;
      return {
        id,
        filename,
        size: f.size,
        url,
        proxy_url: url,
        content_type: f.contentType,
        ...(m?.description ? { description: m.description } : {}),
      };
    });
  }

  private createMessage(
    channelId: string,
    body: any,
    files: RecordedFile[],
    flagMask: number,
    extra: object = {},
    allowEmpty = false,
  ): any {
    const content = typeof body?.content === 'string' ? body.content : '';
    const msg: any = {
      type: 0,
      content,
      ...this.computeMentions(content, body?.allowed_mentions),
      attachments: this.attachmentsFrom(channelId, body, files),
      embeds: this.normEmbeds(body?.embeds),
      timestamp: discordTimestamp(),
      edited_timestamp: null,
      flags: (Number(body?.flags) || 0) & flagMask,
      components: this.assignComponentIds(body?.components),
      id: snowflake(),
      channel_id: channelId,
      author: this.botUserObject(),
      pinned: false,
      tts: Boolean(body?.tts),
      ...extra,
    };
    if (body?.nonce !== undefined) msg.nonce = body.nonce;
    if (body?.poll) msg.poll = body.poll;
    const ref = body?.message_reference;
    if (ref?.message_id) {
      const target = this.messages.get(String(ref.message_id));
      if (!target && ref.fail_if_not_exists !== false) {
        throw formError([{ path: ['message_reference'], code: 'REPLIES_UNKNOWN_MESSAGE', message: 'Unknown message' }]);
      }
      msg.type = 19;
      msg.message_reference = {
        type: 0,
        channel_id: ref.channel_id ?? channelId,
        message_id: String(ref.message_id),
        ...(this.channels.get(channelId)?.guild_id ? { guild_id: this.channels.get(channelId).guild_id } : {}),
      };
      msg.referenced_message = target ?? null;
    }
    if (!allowEmpty && isEmptyMessage(msg)) throw EMPTY_MESSAGE();
    this.messages.set(msg.id, msg);
    const ch = this.channels.get(channelId);
    if (ch) {
      ch.last_message_id = msg.id;
      if ([10, 11, 12].includes(ch.type)) {
        ch.message_count = (ch.message_count ?? 0) + 1;
        ch.total_message_sent = (ch.total_message_sent ?? 0) + 1;
      }
    }
    if (!(msg.flags & MessageFlag.Ephemeral)) this.dispatchMessageEvent('MESSAGE_CREATE', msg);
    return msg;
  }

  private editMessage(msg: any, body: any, files: RecordedFile[], flagMask: number): any {
    const flags =
      body?.flags !== undefined && body.flags !== null
        ? (Number(body.flags) & flagMask) | (msg.flags & MessageFlag.Ephemeral)
        : msg.flags;
    const errs = validateMessageFields(body, flags);
    if (errs.length) throw formError(errs);
    const next: any = { ...msg };
    if (body && 'content' in body) {
      next.content = body.content ?? '';
      Object.assign(next, this.computeMentions(next.content, body.allowed_mentions));
    }
    if (body && 'embeds' in body) next.embeds = this.normEmbeds(body.embeds);
    if (body && 'components' in body) next.components = this.assignComponentIds(body.components);
    if (Array.isArray(body?.attachments)) {
      const keep = new Set(body.attachments.map((a: any) => String(a?.id)));
      next.attachments = msg.attachments
        .filter((a: any) => keep.has(a.id))
        .concat(this.attachmentsFrom(msg.channel_id, body, files));
    } else if (files.length) {
      next.attachments = msg.attachments.concat(this.attachmentsFrom(msg.channel_id, body, files));
    }
    next.flags = (flags & ~MessageFlag.Loading) | (msg.flags & MessageFlag.HasThread);
    if (isEmptyMessage(next)) throw EMPTY_MESSAGE();
    next.edited_timestamp = msg.flags & MessageFlag.Loading ? null : discordTimestamp();
    this.messages.set(msg.id, next);
    if (!(next.flags & MessageFlag.Ephemeral)) this.dispatchMessageEvent('MESSAGE_UPDATE', next);
    return next;
  }

  private deleteMessage(msg: any): void {
    this.messages.delete(msg.id);
    const ch = this.channels.get(msg.channel_id);
    if (!(msg.flags & MessageFlag.Ephemeral)) {
      this.dispatchMessageEvent('MESSAGE_DELETE', {
        id: msg.id,
        channel_id: msg.channel_id,
        ...(ch?.guild_id ? { guild_id: ch.guild_id } : {}),
      });
    }
  }

  /** MESSAGE_* events go only to sessions that asked for GuildMessages / DirectMessages intents. */
  private dispatchMessageEvent(t: string, msg: any): void {
    const ch = this.channels.get(msg.channel_id);
    const guildId: string | undefined = ch?.guild_id;
    const intent = guildId ? Intent.GuildMessages : Intent.DirectMessages;
    const d: any = { ...msg };
    if (guildId) {
      d.guild_id = guildId;
      if (t !== 'MESSAGE_DELETE') {
        const m = this.members.get(`${guildId}:${msg.author?.id}`);
        if (m) {
          const { user: _u, ...member } = m;
          d.member = member;
        }
      }
    }
    for (const s of this.sessions.values()) if (s.alive && s.ready && s.intents & intent) this.sendDispatch(s, t, d);
  }

  private registerInteraction(p: any): void {
    const guildId: string | undefined = p.guild_id;
    const user = p.member?.user ?? p.user;
    if (user?.id) {
      this.users.set(user.id, { ...this.userObject(user), ...user });
      if (guildId && p.member) {
        const { permissions: _perms, ...member } = p.member;
        this.members.set(`${guildId}:${user.id}`, member);
      }
    }
    // channel: the fake's registry is the truth; unknown channels are learnt from the payload
    const chId: string | undefined = p.channel_id ?? p.channel?.id;
    if (chId) {
      const known = this.channels.get(chId);
      if (known) {
        p.channel = { ...(p.channel ?? {}), ...known };
        delete p.channel.permission_overwrites;
        if (p.member?.permissions) p.channel.permissions = p.member.permissions;
      } else if (p.channel) {
        const reg: any = { ...p.channel };
        delete reg.permissions;
        delete reg.member;
        if (guildId) reg.guild_id = guildId;
        if (reg.type === 1 && user) reg.recipients = [this.knownUser(user.id)];
        this.channels.set(chId, reg);
        if (reg.type === 1 && user?.id) this.dmByUser.set(user.id, chId);
      }
    }
    // application command ids: use the ids of the registered commands when the name matches
    if (p.type === 2 || p.type === 4) {
      const cmdType = p.data?.type ?? 1;
      const match = (list: any[] | undefined): any =>
        list?.find((c) => c.name === p.data?.name && (c.type ?? 1) === cmdType);
      const guildCmd = guildId ? match(this.cmdStore.get(guildId)) : undefined;
      const cmd = guildCmd ?? match(this.cmdStore.get('global'));
      if (cmd) {
        p.data.id = cmd.id;
        if (guildCmd) p.data.guild_id = guildId;
      }
    }
    let sourceMessageId: string | null = null;
    if (p.message?.id) {
      sourceMessageId = String(p.message.id);
      const known = this.messages.get(sourceMessageId);
      if (known) p.message = structuredClone(known);
      else this.messages.set(sourceMessageId, structuredClone(p.message));
    }
    const rec: InteractionRec = {
      id: p.id,
      token: p.token,
      type: p.type,
      payload: p,
      dispatchedAt: Date.now(),
      acked: false,
      callbackType: null,
      originalId: null,
      sourceMessageId,
      channelId: chId ?? '',
      messageIds: new Set(sourceMessageId ? [sourceMessageId] : []),
    };
    this.interactions.set(rec.id, rec);
    this.byToken.set(rec.token, rec);
  }

  private interactionMessageExtra(rec: InteractionRec, forOriginal: boolean): any {
    const p = rec.payload;
    const user = p.member?.user ?? p.user;
    const commandType = rec.type === 2 ? (p.data?.type ?? 1) : null;
    const metadata: any = {
      id: rec.id,
      type: rec.type,
      user: user ? this.knownUser(user.id) : undefined,
      authorizing_integration_owners: p.authorizing_integration_owners ?? {},
    };
    if (commandType !== null) {
      metadata.name = p.data?.name;
      metadata.command_type = commandType;
    }
    if (!forOriginal) metadata.original_response_message_id = rec.originalId ?? undefined;
    if (rec.sourceMessageId && rec.type === 3) metadata.interacted_message_id = rec.sourceMessageId;
    return {
      type: forOriginal && commandType !== null ? (commandType === 1 ? 20 : 23) : 0,
      webhook_id: this.applicationId,
      application_id: this.applicationId,
      interaction_metadata: metadata,
    };
  }

  // --- routes ------------------------------------------------------------------------------

  private defineRoutes(): void {
    const r = (method: string, pattern: string, handler: Route['handler'], auth = true): void => {
      this.routes.push({ method, segs: pattern.split('/').filter(Boolean), auth, handler });
    };
    const ok = (body: unknown, status = 200): Result => ({ status, body });
    const noContent: Result = { status: 204 };

    r('GET', '/gateway/bot', () =>
      ok({
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      }),
    );
    r('GET', '/gateway', () => ok({ url: this.gatewayUrl }), false);
    r('GET', '/users/@me', () =>
      ok({ ...this.botUserObject(), verified: true, mfa_enabled: false, locale: 'en-US', email: null }),
    );
    r('GET', '/applications/@me', () => ok(this.applicationObject()));
    r('GET', '/oauth2/applications/@me', () => ok(this.applicationObject()));
    r('GET', '/users/:userId', ({ params }) => {
      const u = this.users.get(params.userId as string);
      if (!u) throw unknown('User', 10013);
      return ok(u);
    });
    r('POST', '/users/@me/channels', ({ body }) => {
      const recipient = String(body?.recipient_id ?? '');
      if (!/^\d{15,21}$/.test(recipient)) {
        throw formError([
          { path: ['recipient_id'], code: 'NUMBER_TYPE_COERCE', message: `Value "${recipient}" is not snowflake.` },
        ]);
      }
      let id = this.dmByUser.get(recipient);
      if (!id) {
        id = snowflake();
        this.dmByUser.set(recipient, id);
        this.channels.set(id, {
          id,
          type: 1,
          last_message_id: null,
          flags: 0,
          recipients: [this.knownUser(recipient)],
        });
      }
      return ok(this.channels.get(id));
    });

    // guilds / channels
    r('GET', '/guilds/:guildId', ({ params }) =>
      ok({ ...this.guildObject(params.guildId as string), approximate_member_count: 2, approximate_presence_count: 1 }),
    );
    r('GET', '/guilds/:guildId/channels', ({ params }) => {
      this.guildObject(params.guildId as string);
      return ok(
        [...this.channels.values()].filter((c) => c.guild_id === params.guildId && ![10, 11, 12].includes(c.type)),
      );
    });
    r('GET', '/guilds/:guildId/roles', ({ params }) => ok(this.guildObject(params.guildId as string).roles));
    r('GET', '/guilds/:guildId/members/:userId', ({ params }) => {
      this.guildObject(params.guildId as string);
      const m = this.members.get(`${params.guildId}:${params.userId}`);
      if (!m) throw unknown('Member', 10007);
      return ok(m);
    });
    r('GET', '/channels/:channelId', ({ params }) => ok(this.channelOrThrow(params.channelId as string)));
    r('POST', '/channels/:channelId/typing', ({ params }) => {
      this.channelOrThrow(params.channelId as string);
      return noContent;
    });

    // channel messages
    r('POST', '/channels/:channelId/messages', ({ params, body, files }) => {
      const ch = this.channelOrThrow(params.channelId as string);
      if (ch.type === 4 || ch.type === 15 || ch.type === 16) {
        throw new HttpError(400, { message: 'Cannot send messages in a non-text channel', code: 50008 });
      }
      if (ch.thread_metadata?.archived) throw new HttpError(400, { message: 'Thread is archived', code: 50083 });
      const flags = (Number(body?.flags) || 0) & CHANNEL_MESSAGE_FLAGS;
      const errs = validateMessageFields(body, flags);
      if (errs.length) throw formError(errs);
      return ok(this.createMessage(ch.id, body, files, CHANNEL_MESSAGE_FLAGS));
    });
    const channelMessage = (params: Record<string, string>): any => {
      this.channelOrThrow(params.channelId as string);
      const msg = this.messages.get(params.messageId as string);
      if (!msg || msg.channel_id !== params.channelId || msg.flags & MessageFlag.Ephemeral)
        throw unknown('Message', 10008);
      return msg;
    };
    r('GET', '/channels/:channelId/messages/:messageId', ({ params }) => ok(channelMessage(params)));
    r('PATCH', '/channels/:channelId/messages/:messageId', ({ params, body, files }) => {
      const msg = channelMessage(params);
      if (msg.author?.id !== this.botUser.id) {
        throw new HttpError(403, { message: 'Cannot edit a message authored by another user', code: 50005 });
      }
      return ok(this.editMessage(msg, body, files, CHANNEL_MESSAGE_FLAGS));
    });
    r('DELETE', '/channels/:channelId/messages/:messageId', ({ params }) => {
      this.deleteMessage(channelMessage(params));
      return noContent;
    });
    r('PUT', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', ({ params }) => {
      channelMessage(params);
      return noContent;
    });
    r('DELETE', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', ({ params }) => {
      channelMessage(params);
      return noContent;
    });

    // threads
    r('POST', '/channels/:channelId/messages/:messageId/threads', ({ params, body }) => {
      const parent = this.channelOrThrow(params.channelId as string);
      const msg = channelMessage(params);
      if (msg.thread)
        throw new HttpError(400, { message: 'A thread has already been created for this message', code: 160004 });
      const thread = this.createThread(parent, body, parent.type === 5 ? 10 : 11, msg.id);
      this.messages.set(msg.id, { ...msg, flags: msg.flags | MessageFlag.HasThread, thread });
      return ok(thread, 201);
    });
    r('POST', '/channels/:channelId/threads', ({ params, body }) => {
      const parent = this.channelOrThrow(params.channelId as string);
      return ok(this.createThread(parent, body, Number(body?.type ?? 12), snowflake()), 201);
    });

    // interactions
    r('POST', '/interactions/:interactionId/:token/callback', (ctx) => this.interactionCallback(ctx), false);
    const webhookRec = (params: Record<string, string>): InteractionRec => {
      const rec = this.byToken.get(params.token as string);
      if (params.appId !== this.applicationId || !rec) throw unknown('Webhook', 10015);
      return rec;
    };
    const webhookMessage = (rec: InteractionRec, messageId: string): any => {
      const id = messageId === '@original' ? rec.originalId : messageId;
      const msg = id ? this.messages.get(id) : undefined;
      if (!id || !msg || !rec.messageIds.has(id)) throw unknown('Message', 10008);
      return msg;
    };
    r(
      'POST',
      '/webhooks/:appId/:token',
      ({ params, body, files, query }) => {
        const rec = webhookRec(params);
        if (!rec.acked) throw unknown('Webhook', 10015);
        const original = rec.originalId ? this.messages.get(rec.originalId) : undefined;
        let msg: any;
        if (rec.callbackType === 5 && original && original.flags & MessageFlag.Loading) {
          // Discord: the first follow-up after a deferred reply replaces the "thinking…" message,
          // and keeps the ephemeral setting chosen when deferring.
          msg = this.editMessage(
            original,
            { ...body, flags: (Number(body?.flags) || 0) & ~MessageFlag.Ephemeral },
            files,
            INTERACTION_MESSAGE_FLAGS,
          );
        } else {
          const flags = (Number(body?.flags) || 0) & INTERACTION_MESSAGE_FLAGS;
          const errs = validateMessageFields(body, flags);
          if (errs.length) throw formError(errs);
          msg = this.createMessage(
            rec.channelId,
            body,
            files,
            INTERACTION_MESSAGE_FLAGS,
            this.interactionMessageExtra(rec, false),
          );
          rec.messageIds.add(msg.id);
        }
        return query.wait === 'true' ? ok(msg) : noContent;
      },
      false,
    );
    r(
      'GET',
      '/webhooks/:appId/:token/messages/:messageId',
      ({ params }) => ok(webhookMessage(webhookRec(params), params.messageId as string)),
      false,
    );
    r(
      'PATCH',
      '/webhooks/:appId/:token/messages/:messageId',
      ({ params, body, files }) => {
        const rec = webhookRec(params);
        return ok(
          this.editMessage(webhookMessage(rec, params.messageId as string), body, files, INTERACTION_MESSAGE_FLAGS),
        );
      },
      false,
    );
    r(
      'DELETE',
      '/webhooks/:appId/:token/messages/:messageId',
      ({ params }) => {
        const rec = webhookRec(params);
        const msg = webhookMessage(rec, params.messageId as string);
        this.deleteMessage(msg);
        return noContent;
      },
      false,
    );

    // application commands
    const scopeOf = (params: Record<string, string>): string => {
      if (params.appId !== this.applicationId) throw unknown('Application', 10002);
      if (params.guildId) {
        if (!this.guilds.has(params.guildId)) throw new HttpError(403, { message: 'Missing Access', code: 50001 });
        return params.guildId;
      }
      return 'global';
    };
    const cmdRoutes = (base: string): void => {
      r('GET', base, ({ params }) => ok(this.cmdStore.get(scopeOf(params)) ?? []));
      r('PUT', base, ({ params, body }) => {
        const scope = scopeOf(params);
        if (!Array.isArray(body))
          throw formError([{ path: [], code: 'LIST_TYPE_CONVERT', message: 'Must be an array.' }]);
        const errs: FormErr[] = [];
        const seen = new Set<string>();
        body.forEach((c: any, i: number) => {
          validateCommand(errs, [i], c);
          const key = `${c?.type ?? 1}:${c?.name}`;
          if (seen.has(key))
            errs.push({
              path: [i, 'name'],
              code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
              message: `Application command names must be unique`,
            });
          seen.add(key);
        });
        if (errs.length) throw formError(errs);
        const old = this.cmdStore.get(scope) ?? [];
        const stored = body.map((c: any) =>
          this.normalizeCommand(
            c,
            old.find((o) => o.name === c.name && o.type === (c.type ?? 1)),
            scope,
          ),
        );
        this.cmdStore.set(scope, stored);
        return ok(stored);
      });
      r('POST', base, ({ params, body }) => {
        const scope = scopeOf(params);
        const errs: FormErr[] = [];
        validateCommand(errs, [], body);
        if (errs.length) throw formError(errs);
        const list = [...(this.cmdStore.get(scope) ?? [])];
        const i = list.findIndex((o) => o.name === body.name && o.type === (body.type ?? 1));
        const cmd = this.normalizeCommand(body, i >= 0 ? list[i] : undefined, scope);
        if (i >= 0) list[i] = cmd;
        else list.push(cmd);
        this.cmdStore.set(scope, list);
        return ok(cmd, i >= 0 ? 200 : 201);
      });
      r('GET', `${base}/:commandId`, ({ params }) => {
        const c = (this.cmdStore.get(scopeOf(params)) ?? []).find((x) => x.id === params.commandId);
        if (!c) throw unknown('application command', 10063);
        return ok(c);
      });
      r('PATCH', `${base}/:commandId`, ({ params, body }) => {
        const scope = scopeOf(params);
        const list = [...(this.cmdStore.get(scope) ?? [])];
        const i = list.findIndex((x) => x.id === params.commandId);
        if (i < 0) throw unknown('application command', 10063);
        const merged = { ...list[i], ...body };
        const errs: FormErr[] = [];
        validateCommand(errs, [], merged);
        if (errs.length) throw formError(errs);
        list[i] = this.normalizeCommand(merged, list[i], scope);
        this.cmdStore.set(scope, list);
        return ok(list[i]);
      });
      r('DELETE', `${base}/:commandId`, ({ params }) => {
        const scope = scopeOf(params);
        const list = this.cmdStore.get(scope) ?? [];
        if (!list.some((x) => x.id === params.commandId)) throw unknown('application command', 10063);
        this.cmdStore.set(
          scope,
          list.filter((x) => x.id !== params.commandId),
        );
        return noContent;
      });
    };
    cmdRoutes('/applications/:appId/commands');
    cmdRoutes('/applications/:appId/guilds/:guildId/commands');
  }

  private applicationObject(): any {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      hook: true,
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: randomBytes(32).toString('hex'),
      flags: 0,
      owner: this.userObject({ id: '1000000000000000001', username: 'owner' }),
      team: null,
      bot: this.botUserObject(),
      tags: [],
      install_params: null,
      integration_types_config: { '0': {} },
      approximate_guild_count: this.guilds.size,
      approximate_user_install_count: 0,
      interactions_endpoint_url: null,
      redirect_uris: [],
      event_webhooks_status: 1,
    };
  }

  private normalizeCommand(c: any, existing: any, scope: string): any {
    const cmd: any = {
      id: existing?.id ?? snowflake(),
      application_id: this.applicationId,
      version: existing?.version ?? snowflake(),
      default_member_permissions: c.default_member_permissions ?? null,
      type: c.type ?? 1,
      name: c.name,
      name_localizations: c.name_localizations ?? null,
      description: c.description ?? '',
      description_localizations: c.description_localizations ?? null,
      ...(scope === 'global' ? { dm_permission: c.dm_permission ?? true } : { guild_id: scope }),
      contexts: c.contexts ?? null,
      integration_types: c.integration_types ?? [0],
      nsfw: c.nsfw ?? false,
      ...(Array.isArray(c.options) && c.options.length ? { options: structuredClone(c.options) } : {}),
    };
    if (existing) {
      const strip = ({ version: _v, ...rest }: any): string => JSON.stringify(rest);
      if (strip(existing) !== strip(cmd)) cmd.version = snowflake();
    }
    return cmd;
  }

  private createThread(parent: any, body: any, type: number, id: string): any {
    if (![0, 5, 15, 16].includes(parent.type)) {
      throw new HttpError(400, { message: 'Cannot execute action on this channel type', code: 50024 });
    }
    const errs: FormErr[] = [];
    checkLen(errs, ['name'], body?.name, 100, 1, true);
    if (errs.length) throw formError(errs);
    const now = discordTimestamp();
    const thread: any = {
      id,
      type,
      guild_id: parent.guild_id,
      parent_id: parent.id,
      owner_id: this.botUser.id,
      name: body.name,
      last_message_id: null,
      rate_limit_per_user: body.rate_limit_per_user ?? 0,
      flags: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: body.auto_archive_duration ?? parent.default_auto_archive_duration ?? 4320,
        archive_timestamp: now,
        locked: false,
        create_timestamp: now,
        ...(type === 12 ? { invitable: body.invitable ?? true } : {}),
      },
      member: { id, user_id: this.botUser.id, join_timestamp: now, flags: 1, muted: false, mute_config: null },
    };
    this.channels.set(id, thread);
    for (const s of this.sessions.values()) {
      if (s.alive && s.ready && s.intents & Intent.Guilds)
        this.sendDispatch(s, 'THREAD_CREATE', { ...thread, newly_created: true });
    }
    return thread;
  }

  private interactionCallback({ params, body, files, query }: Ctx): Result {
    const rec = this.interactions.get(params.interactionId as string);
    if (!rec || rec.token !== params.token) throw unknown('interaction', 10062);
    if (this.interactionDeadlineMs > 0 && Date.now() - rec.dispatchedAt > this.interactionDeadlineMs) {
      throw unknown('interaction', 10062);
    }
    if (rec.acked) throw new HttpError(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    const type = Number(body?.type);
    const data = body?.data ?? {};
    const typeError = (message: string): HttpError =>
      formError([{ path: ['type'], code: 'INTERACTION_RESPONSE_TYPE_INVALID', message }]);
    const hasSource = rec.sourceMessageId !== null && (rec.type === 3 || rec.type === 5);
    let resourceMessage: any;
    switch (type) {
      case 4: {
        const flags = (Number(data.flags) || 0) & INTERACTION_MESSAGE_FLAGS;
        const errs = validateMessageFields(data, flags).map((e) => ({ ...e, path: ['data', ...e.path] }));
        if (errs.length) throw formError(errs);
        resourceMessage = this.createMessage(
          rec.channelId,
          data,
          files,
          INTERACTION_MESSAGE_FLAGS,
          this.interactionMessageExtra(rec, true),
        );
        rec.originalId = resourceMessage.id;
        rec.messageIds.add(resourceMessage.id);
        break;
      }
      case 5: {
        const flags = Number(data.flags) || 0;
        if (flags & ~MessageFlag.Ephemeral) {
          throw formError([
            {
              path: ['data', 'flags'],
              code: 'INTERACTION_RESPONSE_FLAGS_INVALID',
              message: 'Only the EPHEMERAL flag may be set with a deferred response',
            },
          ]);
        }
        resourceMessage = this.createMessage(
          rec.channelId,
          { content: '', flags: flags | MessageFlag.Loading, components: [] },
          [],
          MessageFlag.Ephemeral | MessageFlag.Loading,
          this.interactionMessageExtra(rec, true),
          true,
        );
        rec.originalId = resourceMessage.id;
        rec.messageIds.add(resourceMessage.id);
        break;
      }
      case 6:
      case 7: {
        if (!hasSource) throw typeError('This response type is only valid for component interactions');
        const source = this.messages.get(rec.sourceMessageId as string);
        rec.originalId = rec.sourceMessageId;
        resourceMessage =
          type === 7 && source ? this.editMessage(source, data, files, INTERACTION_MESSAGE_FLAGS) : source;
        break;
      }
      case 8: {
        if (rec.type !== 4) throw typeError('Autocomplete results are only valid for autocomplete interactions');
        const errs: FormErr[] = [];
        checkCount(errs, ['data', 'choices'], data.choices, 25);
        if (errs.length) throw formError(errs);
        break;
      }
      case 9: {
        if (rec.type === 5 || rec.type === 4) throw typeError('A modal cannot answer a modal submit or autocomplete');
        const errs = validateModal(data);
        if (errs.length) throw formError(errs);
        break;
      }
      case 10:
      case 12:
        break;
      default:
        throw typeError(`Value of field "type" must be one of (4, 5, 6, 7, 8, 9, 10, 12).`);
    }
    rec.acked = true;
    rec.callbackType = type;
    if (query.with_response !== 'true') return { status: 204 };
    const msg = rec.originalId ? this.messages.get(rec.originalId) : undefined;
    return {
      status: 200,
      body: {
        interaction: {
          id: rec.id,
          type: rec.type,
          ...(msg
            ? {
                response_message_id: msg.id,
                response_message_loading: Boolean(msg.flags & MessageFlag.Loading),
                response_message_ephemeral: Boolean(msg.flags & MessageFlag.Ephemeral),
              }
            : {}),
        },
        resource: {
          type,
          ...(resourceMessage ? { message: this.messages.get(resourceMessage.id) ?? resourceMessage } : {}),
        },
      },
    };
  }

  // --- HTTP plumbing -------------------------------------------------------------------------

  private describeCalls(): string {
    if (this.calls.length === 0) return '  (none)';
    return this.calls
      .map(
        (c) =>
          `  ${c.method} ${c.path}${Object.keys(c.query).length ? `?${new URLSearchParams(c.query)}` : ''} -> ${c.status}`,
      )
      .join('\n');
  }

  private async readBody(
    req: IncomingMessage,
    headers: Record<string, string>,
  ): Promise<{ body: any; files: RecordedFile[] }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    if (raw.length === 0) return { body: null, files: [] };
    const ct = headers['content-type'] ?? '';
    if (ct.startsWith('multipart/form-data')) {
      const form = await new Request('http://127.0.0.1/', {
        method: 'POST',
        headers: { 'content-type': ct },
        body: raw,
      }).formData();
      const fields: Record<string, string> = {};
      const pending: Promise<RecordedFile>[] = [];
      form.forEach((value, key) => {
        if (typeof value === 'string') fields[key] = value;
        else {
          pending.push(
            value.arrayBuffer().then((ab) => ({
              field: key,
              filename: value.name,
              contentType: value.type || 'application/octet-stream',
              size: value.size,
              data: Buffer.from(ab),
            })),
          );
        }
      });
      const files = await Promise.all(pending);
      let body: any = fields;
      if (fields.payload_json !== undefined) body = JSON.parse(fields.payload_json);
      return { body, files };
    }
    const text = raw.toString('utf8');
    if (ct.startsWith('application/json') || /^\s*[[{]/.test(text)) return { body: JSON.parse(text), files: [] };
    return { body: text, files: [] };
  }

  private match(
    method: string,
    segs: string[],
  ): { route?: Route; params: Record<string, string>; methodMismatch: boolean } {
    let methodMismatch = false;
    for (const route of this.routes) {
      if (route.segs.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let okay = true;
      for (let i = 0; i < segs.length; i++) {
        const p = route.segs[i] as string;
        const s = segs[i] as string;
        if (p.startsWith(':')) params[p.slice(1)] = s;
        else if (p !== s) {
          okay = false;
          break;
        }
      }
      if (!okay) continue;
      if (route.method === method) return { route, params, methodMismatch: false };
      methodMismatch = true;
    }
    return { params: {}, methodMismatch };
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => {
      query[k] = v;
    });

    // attachment downloads (the urls the fake hands out in message.attachments)
    if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
      const a = this.attachmentsData.get(url.pathname);
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
    const path = '/' + apiSegs.join('/');

    let result: Result;
    let parsed: { body: any; files: RecordedFile[] } = { body: null, files: [] };
    try {
      parsed = await this.readBody(req, headers);
      result =
        this.failureFor(method, path) ??
        (await this.route(method, isApi ? apiSegs : null, {
          method,
          path,
          params: {},
          query,
          body: parsed.body,
          files: parsed.files,
          headers,
        }));
    } catch (err) {
      if (err instanceof HttpError) result = { status: err.status, body: err.body, headers: err.headers };
      else if (err instanceof SyntaxError)
        result = { status: 400, body: { message: 'The request body contains invalid JSON.', code: 50109 } };
      else throw err;
    }

    const call: RecordedCall = {
      method,
      path,
      query,
      body: parsed.body,
      headers,
      at,
      status: result.status,
      response: result.body === undefined ? undefined : structuredClone(result.body),
      files: parsed.files,
    };
    this.calls.push(call);
    for (const w of [...this.waiters]) {
      if (safePred(w.pred, call)) {
        clearTimeout(w.timer);
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(call);
      }
    }

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
    if (i < 0) return undefined;
    const [f] = this.failures.splice(i, 1) as [Failure];
    const headers: Record<string, string> = { ...f.headers };
    const has = (name: string): boolean => Object.keys(headers).some((k) => k.toLowerCase() === name);
    const b = f.body as any;
    if (f.status === 429) {
      if (!has('retry-after') && typeof b?.retry_after === 'number') headers['Retry-After'] = String(b.retry_after);
      if (!has('x-ratelimit-scope')) headers['X-RateLimit-Scope'] = b?.global ? 'global' : 'user';
      if (b?.global && !has('x-ratelimit-global')) headers['X-RateLimit-Global'] = 'true';
    }
    return { status: f.status, body: f.body, headers };
  }

  private async route(method: string, segs: string[] | null, ctx: Ctx): Promise<Result> {
    const { route, params, methodMismatch } = segs ? this.match(method, segs) : { params: {}, methodMismatch: false };
    if (!route) {
      if (methodMismatch) return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
      return { status: 404, body: { message: 'Unknown route', code: 0 } };
    }
    if (route.auth && !/^Bot \S+/.test(ctx.headers.authorization ?? '')) {
      return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    }
    return route.handler({ ...ctx, params });
  }

  // --- gateway plumbing ------------------------------------------------------------------------

  private send(conn: Conn, payload: object): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  private sendDispatch(session: Session, t: string, d: unknown): void {
    const s = ++session.seq;
    session.log.push({ s, t, d });
    if (session.log.length > 1000) session.log.shift();
    if (session.conn) this.send(session.conn, { op: 0, t, s, d });
  }

  private onConnection(ws: WebSocket, url: URL): void {
    const conn: Conn = { ws, session: null };
    this.conns.add(conn);
    ws.on('close', (code: number) => {
      this.conns.delete(conn);
      const s = conn.session;
      if (s && s.conn === conn) {
        s.conn = null;
        if (code === 1000 || code === 1001) s.alive = false; // a client closing normally ends its session
      }
    });
    ws.on('error', () => {});
    if (url.searchParams.get('v') !== '10') {
      ws.close(4012, 'Invalid API version');
      return;
    }
    if ((url.searchParams.get('encoding') ?? 'json') !== 'json' || url.searchParams.has('compress')) {
      ws.close(4002, 'Decode error: the fake gateway speaks uncompressed JSON only');
      return;
    }
    this.send(conn, {
      op: 10,
      d: { heartbeat_interval: 41250, _trace: ['["fake-gateway",{"micros":0}]'] },
      s: null,
      t: null,
    });
    ws.on('message', (data: RawData, isBinary: boolean) => this.onFrame(conn, data, isBinary));
  }

  private onFrame(conn: Conn, data: RawData, isBinary: boolean): void {
    let msg: any;
    try {
      if (isBinary) throw new Error('binary');
      msg = JSON.parse(
        Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8'),
      );
    } catch {
      conn.ws.close(4002, 'Decode error');
      return;
    }
    switch (msg?.op) {
      case 1: // heartbeat
        this.send(conn, { op: 11, d: null, s: null, t: null });
        return;
      case 2:
        this.onIdentify(conn, msg.d);
        return;
      case 6:
        this.onResume(conn, msg.d);
        return;
      case 3: // presence update
      case 4: // voice state update
        if (!conn.session) conn.ws.close(4003, 'Not authenticated');
        return;
      case 8:
        this.onRequestMembers(conn, msg.d);
        return;
      default:
        conn.ws.close(4001, 'Unknown opcode');
    }
  }

  private onIdentify(conn: Conn, d: any): void {
    if (conn.session) {
      conn.ws.close(4005, 'Already authenticated');
      return;
    }
    if (typeof d?.token !== 'string' || d.token.length === 0) {
      conn.ws.close(4004, 'Authentication failed');
      return;
    }
    if (typeof d.intents !== 'number') {
      conn.ws.close(4013, 'Invalid intent(s)');
      return;
    }
    if (Array.isArray(d.shard) && (d.shard[1] !== 1 || d.shard[0] !== 0)) {
      conn.ws.close(4010, 'Invalid shard');
      return;
    }
    this.identifies.push(structuredClone(d));
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      seq: 0,
      log: [],
      conn,
      intents: d.intents,
      alive: true,
      ready: false,
    };
    this.sessions.set(session.id, session);
    conn.session = session;
    const guildIds = [...this.guilds.keys()];
    this.sendDispatch(session, 'READY', {
      v: 10,
      user_settings: {},
      user: { ...this.botUserObject(), verified: true, mfa_enabled: false, email: null },
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      guild_join_requests: [],
      relationships: [],
      private_channels: [],
      presences: [],
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.gatewayUrl,
      shard: [0, 1],
      application: { id: this.applicationId, flags: 0 },
      auth: {},
      geo_ordered_rtc_regions: ['local'],
      _trace: ['["fake-gateway",{"micros":0}]'],
    });
    for (const id of guildIds) this.sendDispatch(session, 'GUILD_CREATE', this.guildCreatePayload(id));
    session.ready = true;
    const waiters = this.connectedWaiters;
    this.connectedWaiters = [];
    for (const w of waiters) w();
  }

  private onResume(conn: Conn, d: any): void {
    const session = this.sessions.get(String(d?.session_id));
    if (!session || !session.alive || typeof d?.seq !== 'number' || d.seq > session.seq) {
      this.send(conn, { op: 9, d: false, s: null, t: null });
      return;
    }
    if (session.conn && session.conn !== conn) session.conn.ws.close(4000, 'Session resumed elsewhere');
    session.conn = conn;
    conn.session = session;
    for (const e of session.log) if (e.s > d.seq) this.send(conn, { op: 0, t: e.t, s: e.s, d: e.d });
    this.sendDispatch(session, 'RESUMED', { _trace: ['["fake-gateway",{"micros":0}]'] });
  }

  private onRequestMembers(conn: Conn, d: any): void {
    const session = conn.session;
    if (!session) {
      conn.ws.close(4003, 'Not authenticated');
      return;
    }
    const guildId = String(d?.guild_id);
    const wanted: string[] | null = Array.isArray(d?.user_ids)
      ? d.user_ids.map(String)
      : d?.user_ids
        ? [String(d.user_ids)]
        : null;
    const all = [...this.members.entries()].filter(([k]) => k.startsWith(`${guildId}:`)).map(([, m]) => m);
    const members = wanted ? all.filter((m) => wanted.includes(m.user?.id)) : all;
    const notFound = wanted ? wanted.filter((id) => !members.some((m) => m.user?.id === id)) : [];
    this.sendDispatch(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guildId,
      members,
      chunk_index: 0,
      chunk_count: 1,
      ...(notFound.length ? { not_found: notFound } : {}),
      ...(d?.nonce !== undefined ? { nonce: d.nonce } : {}),
    });
  }
}
