/** Messages as Discord keeps them: created, edited, deleted, threaded, with the gateway events that follow. */

import type {
  APIAttachment,
  APIEmbed,
  APIMessage,
  APIMessageTopLevelComponent,
  APIPoll,
  APIUser,
} from 'discord-api-types/v10';
import { discordTimestamp, Intent, MessageFlag, snowflake, THREAD_TYPES } from './constants.ts';
import type { StoredChannel } from './entities.ts';
import { checkLen, emptyMessage, type FormErr, formError, HttpError } from './errors.ts';
import { isObject, type JsonObject, list, obj, str } from './json.ts';
import type { RecordedFile } from './recorded.ts';
import type { DiscordState } from './state.ts';
import { isEmptyMessage, validateMessageFields } from './validate-message.ts';

interface Mentions {
  mentions: APIUser[];
  mention_roles: string[];
  mention_everyone: boolean;
}

/** Who the content pings, under `allowed_mentions` (absent: everything parses). */
function computeMentions(state: DiscordState, content: string, allowedRaw: unknown): Mentions {
  const allowed = isObject(allowedRaw) ? allowedRaw : null;
  const parse = allowed ? list(allowed.parse) : ['users', 'roles', 'everyone'];
  const users = new Set(list(allowed?.users));
  const roles = new Set(list(allowed?.roles));
  const userIds = [...new Set([...content.matchAll(/<@!?(\d{15,21})>/g)].map((m) => m[1] as string))];
  const roleIds = [...new Set([...content.matchAll(/<@&(\d{15,21})>/g)].map((m) => m[1] as string))];
  return {
    mentions: userIds.filter((id) => parse.includes('users') || users.has(id)).map((id) => state.knownUser(id)),
    mention_roles: roleIds.filter((id) => parse.includes('roles') || roles.has(id)),
    mention_everyone: /@(everyone|here)\b/.test(content) && parse.includes('everyone'),
  };
}

/** Embeds as Discord stores them (`type: 'rich'` added); validated by the caller. */
function normEmbeds(embeds: unknown): APIEmbed[] {
  return list(embeds).map((e) => ({ type: 'rich', ...obj(e), content_scan_version: 0 }) as APIEmbed);
}

/** Discord gives every component a numeric `id` (unique in the message) when the app didn't. */
function assignComponentIds(components: unknown): APIMessageTopLevelComponent[] {
  const copy = structuredClone(list(components));
  const used = new Set<number>();
  const all: JsonObject[] = [];
  const walk = (items: unknown[]): void => {
    for (const c of items) {
      if (!isObject(c)) continue;
      all.push(c);
      if (typeof c.id === 'number') used.add(c.id);
      walk(list(c.components));
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
  return copy as APIMessageTopLevelComponent[];
}

function attachmentsFrom(
  state: DiscordState,
  channelId: string,
  body: JsonObject,
  files: RecordedFile[],
): APIAttachment[] {
  const meta = list(body.attachments).map(obj);
  return files.map((f, i) => {
    const idx = Number(/\[(\d+)\]/.exec(f.field)?.[1] ?? i);
    const m = meta.find((a) => String(a.id) === String(idx));
    const id = snowflake();
    const filename = str(m?.filename) ?? f.filename;
    const urlPath = `/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
    state.attachments.set(urlPath, { data: f.data, contentType: f.contentType });
    const url = `${state.origin}${urlPath}`;
    const description = str(m?.description);
    return {
      id,
      filename,
      size: f.size,
      url,
      proxy_url: url,
      content_type: f.contentType,
      ...(description ? { description } : {}),
    };
  });
}

/** MESSAGE_* events go only to sessions that asked for GuildMessages / DirectMessages intents. */
function emitMessageEvent(state: DiscordState, t: string, msg: JsonObject & { channel_id: string }): void {
  const guildId = state.channels.get(msg.channel_id)?.guild_id;
  const d: JsonObject = { ...msg };
  if (guildId) {
    d.guild_id = guildId;
    const author = obj(msg.author);
    const m = t === 'MESSAGE_DELETE' ? undefined : state.members.get(`${guildId}:${String(author.id)}`);
    if (m) {
      const { user: _u, ...member } = m;
      d.member = member;
    }
  }
  state.emit(t, d, guildId ? Intent.GuildMessages : Intent.DirectMessages);
}

export function createMessage(
  state: DiscordState,
  channelId: string,
  raw: unknown,
  files: RecordedFile[],
  flagMask: number,
  extra: Partial<APIMessage> = {},
  allowEmpty = false,
): APIMessage {
  const body = obj(raw);
  const content = str(body.content) ?? '';
  const msg: APIMessage = {
    type: 0,
    content,
    ...computeMentions(state, content, body.allowed_mentions),
    attachments: attachmentsFrom(state, channelId, body, files),
    embeds: normEmbeds(body.embeds),
    timestamp: discordTimestamp(),
    edited_timestamp: null,
    flags: (Number(body.flags) || 0) & flagMask,
    components: assignComponentIds(body.components),
    id: snowflake(),
    channel_id: channelId,
    author: state.botUserObject(),
    pinned: false,
    tts: Boolean(body.tts),
    ...extra,
  };
  if (typeof body.nonce === 'string' || typeof body.nonce === 'number') msg.nonce = body.nonce;
  if (isObject(body.poll)) msg.poll = body.poll as unknown as APIPoll;
  const ref = obj(body.message_reference);
  if (ref.message_id) {
    const target = state.messages.get(String(ref.message_id));
    if (!target && ref.fail_if_not_exists !== false) {
      throw formError([{ path: ['message_reference'], code: 'REPLIES_UNKNOWN_MESSAGE', message: 'Unknown message' }]);
    }
    const guildId = state.channels.get(channelId)?.guild_id;
    msg.type = 19;
    msg.message_reference = {
      type: 0,
      channel_id: str(ref.channel_id) ?? channelId,
      message_id: String(ref.message_id),
      ...(guildId ? { guild_id: guildId } : {}),
    };
    msg.referenced_message = target ?? null;
  }
  if (!allowEmpty && isEmptyMessage(msg)) throw emptyMessage();
  state.messages.set(msg.id, msg);
  const ch = state.channels.get(channelId);
  if (ch) {
    ch.last_message_id = msg.id;
    if (THREAD_TYPES.includes(ch.type)) {
      ch.message_count = (ch.message_count ?? 0) + 1;
      ch.total_message_sent = (ch.total_message_sent ?? 0) + 1;
    }
  }
  if (!((msg.flags ?? 0) & MessageFlag.Ephemeral)) emitMessageEvent(state, 'MESSAGE_CREATE', { ...msg });
  return msg;
}

export function editMessage(
  state: DiscordState,
  msg: APIMessage,
  raw: unknown,
  files: RecordedFile[],
  flagMask: number,
): APIMessage {
  const body = obj(raw);
  const before = msg.flags ?? 0;
  const flags =
    body.flags !== undefined && body.flags !== null
      ? (Number(body.flags) & flagMask) | (before & MessageFlag.Ephemeral)
      : before;
  const errs = validateMessageFields(body, flags);
  if (errs.length) throw formError(errs);
  const next: APIMessage = { ...msg };
  if ('content' in body) {
    next.content = str(body.content) ?? '';
    Object.assign(next, computeMentions(state, next.content, body.allowed_mentions));
  }
  if ('embeds' in body) next.embeds = normEmbeds(body.embeds);
  if ('components' in body) next.components = assignComponentIds(body.components);
  if (Array.isArray(body.attachments)) {
    const keep = new Set(body.attachments.map((a) => String(obj(a).id)));
    next.attachments = msg.attachments
      .filter((a) => keep.has(a.id))
      .concat(attachmentsFrom(state, msg.channel_id, body, files));
  } else if (files.length) {
    next.attachments = msg.attachments.concat(attachmentsFrom(state, msg.channel_id, body, files));
  }
  next.flags = (flags & ~MessageFlag.Loading) | (before & MessageFlag.HasThread);
  if (isEmptyMessage(next)) throw emptyMessage();
  next.edited_timestamp = before & MessageFlag.Loading ? null : discordTimestamp();
  state.messages.set(msg.id, next);
  if (!(next.flags & MessageFlag.Ephemeral)) emitMessageEvent(state, 'MESSAGE_UPDATE', { ...next });
  return next;
}

export function deleteMessage(state: DiscordState, msg: APIMessage): void {
  state.messages.delete(msg.id);
  const guildId = state.channels.get(msg.channel_id)?.guild_id;
  if (!((msg.flags ?? 0) & MessageFlag.Ephemeral)) {
    emitMessageEvent(state, 'MESSAGE_DELETE', {
      id: msg.id,
      channel_id: msg.channel_id,
      ...(guildId ? { guild_id: guildId } : {}),
    });
  }
}

/** A thread in `parent`; a thread started from a message takes the message's id. */
export function createThread(
  state: DiscordState,
  parent: StoredChannel,
  raw: unknown,
  type: number,
  id: string,
): StoredChannel {
  if (![0, 5, 15, 16].includes(parent.type)) {
    throw new HttpError(400, { message: 'Cannot execute action on this channel type', code: 50024 });
  }
  const body = obj(raw);
  const errs: FormErr[] = [];
  checkLen(errs, ['name'], body.name, 100, 1, true);
  if (errs.length) throw formError(errs);
  const now = discordTimestamp();
  const bot = state.botUser.id;
  const autoArchive = Number(body.auto_archive_duration ?? parent.default_auto_archive_duration ?? 4320);
  const thread: StoredChannel = {
    id,
    type,
    guild_id: parent.guild_id,
    parent_id: parent.id,
    owner_id: bot,
    name: String(body.name),
    last_message_id: null,
    rate_limit_per_user: body.rate_limit_per_user ?? 0,
    flags: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: autoArchive as 60 | 1440 | 4320 | 10080,
      archive_timestamp: now,
      locked: false,
      create_timestamp: now,
      ...(type === 12 ? { invitable: typeof body.invitable === 'boolean' ? body.invitable : true } : {}),
    },
    member: { id, user_id: bot, join_timestamp: now, flags: 1, muted: false, mute_config: null },
  };
  state.channels.set(id, thread);
  state.emit('THREAD_CREATE', { ...thread, newly_created: true }, Intent.Guilds);
  return thread;
}
