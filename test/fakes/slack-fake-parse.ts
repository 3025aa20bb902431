/**
 * What the Slack fake accepts, and how it reads it: the request validation half of the fake.
 *
 * Web API bodies are `application/x-www-form-urlencoded` (what @slack/web-api sends; nested
 * documents arrive as JSON strings and are parsed back), `application/json`, `multipart/form-data`
 * (file parts are recorded as `{ filename, size }`) or query-string parameters (GET). The fields
 * tests read are checked here, so a recorded call is typed by what was really sent.
 */
import type { IncomingMessage } from 'node:http';
import type { AnyBlock } from '@slack/types';

/** A view (modal, home) as a client sent it to views.open / views.update / views.publish. */
export interface RecordedView {
  [key: string]: unknown;
  type?: string;
  blocks: AnyBlock[];
  callback_id?: string;
  private_metadata?: string;
  external_id?: string;
}

/** A Web API call's arguments: form strings, and the JSON documents Slack takes parsed back. */
export interface SlackArgs {
  [key: string]: unknown;
  channel?: string;
  ts?: string;
  thread_ts?: string;
  text?: string;
  user?: string;
  users?: string;
  usergroup?: string;
  trigger_id?: string;
  blocks?: AnyBlock[];
  view?: RecordedView;
  /** The body as received, when it could not be read at all. */
  _raw?: string;
}

/** A message body as it reached a response_url (or an acknowledgement). */
export interface RecordedMessage {
  [key: string]: unknown;
  text?: string;
  blocks?: AnyBlock[];
  response_type?: string;
  replace_original?: boolean;
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

/** Keys the fake (and the tests) read as strings. */
const STRING_KEYS = ['channel', 'ts', 'thread_ts', 'text', 'user', 'users', 'usergroup', 'trigger_id'] as const;

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const isTruthy = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 1;

/** A scalar argument as a string (form values are strings already; JSON bodies may carry numbers). */
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

const isBlocks = (v: unknown): v is AnyBlock[] =>
  Array.isArray(v) && v.every((b) => isRecord(b) && typeof b.type === 'string');

const isView = (v: unknown): v is RecordedView => isRecord(v) && (v.type === undefined || typeof v.type === 'string');

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

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function parseFields(req: IncomingMessage, raw: Buffer, query: URLSearchParams): Promise<Map<string, unknown>> {
  const fields = new Map<string, unknown>();
  for (const [k, v] of query) fields.set(k, v);
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  if (raw.length === 0) return fields;
  if (contentType.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (isRecord(parsed)) for (const [k, v] of Object.entries(parsed)) fields.set(k, v);
  } else if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    form.forEach((v, k) => {
      fields.set(k, typeof v === 'string' ? v : { filename: v.name, size: v.size });
    });
  } else {
    // application/x-www-form-urlencoded (also the fallback for unlabeled bodies)
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) fields.set(k, v);
  }
  return fields;
}

/**
 * The arguments of a Web API call, or the error Slack would answer for a body it cannot read:
 * `invalid_form_data` for an unreadable body, `invalid_blocks_format` for blocks that are not a
 * list of blocks, `invalid_arguments` for a view that is not an object.
 */
export async function parseArgs(
  req: IncomingMessage,
  raw: Buffer,
  query: URLSearchParams,
): Promise<{ args: SlackArgs; error?: string }> {
  let fields: Map<string, unknown>;
  try {
    fields = await parseFields(req, raw, query);
  } catch {
    return { args: { _raw: raw.toString('utf8') }, error: 'invalid_form_data' };
  }
  const args: SlackArgs = {};
  let error: string | undefined;
  for (const [key, value] of fields) {
    const v = parseMaybeJson(key, value);
    if (key === 'blocks') {
      if (isBlocks(v)) args.blocks = v;
      else error ??= 'invalid_blocks_format';
    } else if (key === 'view') {
      if (isView(v)) args.view = { ...v, blocks: isBlocks(v.blocks) ? v.blocks : [] };
      else error ??= 'invalid_arguments';
    } else if ((STRING_KEYS as readonly string[]).includes(key)) {
      const s = str(v);
      if (s !== undefined) args[key] = s;
      else error ??= 'invalid_arguments';
    } else {
      args[key] = v;
    }
  }
  return error ? { args: { ...args, _raw: raw.toString('utf8') }, error } : { args };
}

/** What reached a response_url: a message body, or the raw text when it is not a JSON object. */
export function parseResponseBody(raw: Buffer): RecordedMessage {
  const text = raw.toString('utf8');
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    return { _raw: text };
  }
  if (!isRecord(parsed)) return { _raw: text };
  const { blocks, text: messageText, response_type, replace_original, ...rest } = parsed;
  const wellFormed =
    (blocks === undefined || isBlocks(blocks)) &&
    (messageText === undefined || typeof messageText === 'string') &&
    (response_type === undefined || typeof response_type === 'string') &&
    (replace_original === undefined || typeof replace_original === 'boolean');
  if (!wellFormed) return { _raw: text };
  return { ...rest, text: messageText, blocks, response_type, replace_original };
}

/** The token of a Web API call: `Authorization: Bearer …`, else a `token` field. */
export function tokenOf(req: IncomingMessage, args: SlackArgs): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
  return bearer ?? (typeof args.token === 'string' ? args.token : undefined);
}
