/**
 * Builders for INTERACTION_CREATE payloads, shaped like the ones Discord really sends
 * (see ../shared/fixtures/payloads/discord.json). Pass the result to `fake.dispatchInteraction()`.
 *
 * Every builder returns a fresh snowflake `id` and a unique `token`. With `guildId` the payload
 * carries `member` (guild context 0); without it, `user` (bot DM context 1).
 *
 * `dispatchInteraction` then aligns the payload with the fake's state: `application_id` becomes the
 * fake's, `channel` takes the registered channel's name/type/parent, and `data.id` of a command
 * becomes the id of the registered command with that name.
 */
import { randomBytes } from 'node:crypto';
import type {
  APIApplicationCommandInteractionDataOption,
  APIChatInputApplicationCommandInteraction,
  APIMessageComponentInteraction,
  APIModalSubmitInteraction,
  APIPingInteraction,
} from 'discord-api-types/v10';
import { isObject, type JsonObject, list } from './discord/json.ts';
import { BOT_PERMISSIONS, DEFAULT_APPLICATION_ID, snowflake } from './discord-fake.ts';

export interface InteractionUser {
  id: string;
  username?: string;
  /** display name (`global_name`); defaults to null */
  globalName?: string | null;
}

interface CommonOpts {
  user?: InteractionUser;
  /** the member's permissions in the channel; default none (0n). Manage Server is 1n << 5n. */
  permissions?: bigint;
  /** role ids of the member */
  roles?: string[];
  /** the user's client locale, e.g. 'fr' or 'en-US' (default 'en-US') */
  locale?: string;
  /** the guild's preferred locale (default 'en-US') */
  guildLocale?: string;
  /** omit for a DM interaction */
  guildId?: string;
  channelId: string;
  /** only used when the fake does not know the channel (default 0 text, 1 in DMs) */
  channelType?: number;
  channelName?: string;
  /** default: the fake's default application id (the fake overrides it with its own anyway) */
  applicationId?: string;
}

const DEFAULT_USER: Required<InteractionUser> = {
  id: '1100000000000000101',
  username: 'camille',
  globalName: 'Camille',
};

const InteractionType = { ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;

function newToken(id: string): string {
  return Buffer.from(`interaction:${id}:${randomBytes(60).toString('base64url')}`).toString('base64url');
}

function userObject(u: InteractionUser): JsonObject {
  return {
    avatar: null,
    avatar_decoration_data: null,
    clan: null,
    collectibles: null,
    discriminator: '0',
    display_name_styles: null,
    global_name: u.globalName ?? null,
    id: u.id,
    primary_guild: null,
    public_flags: 0,
    username: u.username ?? `user${u.id.slice(-4)}`,
  };
}

/** The payload as Discord sends it; the builders below give it its discord-api-types type. */
function base(type: number, opts: CommonOpts, data: object): JsonObject {
  const id = snowflake();
  const user = opts.user ?? DEFAULT_USER;
  const permissions = (opts.permissions ?? 0n).toString();
  const inGuild = opts.guildId !== undefined;
  const payload: JsonObject = {
    app_permissions: BOT_PERMISSIONS.toString(),
    application_id: opts.applicationId ?? DEFAULT_APPLICATION_ID,
    attachment_size_limit: 10485760,
    authorizing_integration_owners: inGuild ? { '0': opts.guildId } : { '1': user.id },
    channel: inGuild
      ? {
          flags: 0,
          guild_id: opts.guildId,
          id: opts.channelId,
          last_message_id: null,
          name: opts.channelName ?? `channel-${opts.channelId.slice(-4)}`,
          nsfw: false,
          parent_id: null,
          permissions,
          position: 0,
          rate_limit_per_user: 0,
          topic: null,
          type: opts.channelType ?? 0,
        }
      : { flags: 0, id: opts.channelId, last_message_id: null, type: opts.channelType ?? 1 },
    channel_id: opts.channelId,
    context: inGuild ? 0 : 1,
    data,
    entitlement_sku_ids: [],
    entitlements: [],
    id,
    locale: opts.locale ?? 'en-US',
    token: newToken(id),
    type,
    version: 1,
  };
  if (inGuild) {
    payload.guild = { features: [], id: opts.guildId, locale: opts.guildLocale ?? 'en-US' };
    payload.guild_id = opts.guildId;
    payload.guild_locale = opts.guildLocale ?? 'en-US';
    payload.member = {
      avatar: null,
      banner: null,
      collectibles: null,
      communication_disabled_until: null,
      deaf: false,
      display_name_styles: null,
      flags: 0,
      joined_at: '2025-01-06T09:30:00.000000+00:00',
      mute: false,
      nick: null,
      pending: false,
      permissions,
      premium_since: null,
      roles: opts.roles ?? [],
      unusual_dm_activity_until: null,
      user: userObject(user),
    };
  } else {
    payload.user = userObject(user);
  }
  return payload;
}

/** Finds the component with `customId` in a message's components (action rows, V2 containers, sections, labels). */
function findComponent(message: unknown, customId: string): JsonObject | undefined {
  const walk = (items: unknown[]): JsonObject | undefined => {
    for (const c of items) {
      if (!isObject(c)) continue;
      if (c.custom_id === customId) return c;
      const inner =
        walk(list(c.components)) ?? walk(c.accessory ? [c.accessory] : []) ?? walk(c.component ? [c.component] : []);
      if (inner) return inner;
    }
    return undefined;
  };
  return isObject(message) ? walk(list(message.components)) : undefined;
}

/** A slash command (APPLICATION_COMMAND, data.type 1). */
export function chatInput(
  opts: CommonOpts & {
    name: string;
    /** raw Discord option objects, e.g. [{type:1,name:'config',options:[{type:4,name:'approvals',value:2}]}] */
    options?: APIApplicationCommandInteractionDataOption[];
    /** resolved users/members/roles/channels/attachments for user/role/channel/attachment options */
    resolved?: object;
    /** default: a fresh snowflake (dispatchInteraction replaces it with the registered command's id) */
    commandId?: string;
  },
): APIChatInputApplicationCommandInteraction {
  const data: JsonObject = { id: opts.commandId ?? snowflake(), name: opts.name, type: 1 };
  if (opts.options !== undefined) data.options = opts.options;
  if (opts.resolved !== undefined) data.resolved = opts.resolved;
  return base(InteractionType.ApplicationCommand, opts, data) as unknown as APIChatInputApplicationCommandInteraction;
}

/** A button click (default) or select-menu choice on a message. */
export function component(
  opts: CommonOpts & {
    customId: string;
    /** 2 button (default, or the type of the component found in `message`), 3 string select, 5 user, 6 role, 7 mentionable, 8 channel select */
    componentType?: number;
    /** select values */
    values?: string[];
    /** resolved entities for user/role/mentionable/channel selects */
    resolved?: object;
    /** the message carrying the component, as the fake recorded it (e.g. `call.response` or `fake.messages.get(id)`) */
    message: object;
  },
): APIMessageComponentInteraction {
  const found = findComponent(opts.message, opts.customId);
  const componentType = opts.componentType ?? (typeof found?.type === 'number' ? found.type : 2);
  const data: JsonObject = { component_type: componentType, custom_id: opts.customId };
  if (typeof found?.id === 'number') data.id = found.id;
  if (componentType !== 2) data.values = opts.values ?? [];
  if (opts.resolved !== undefined) data.resolved = opts.resolved;
  const payload = base(InteractionType.MessageComponent, opts, data);
  payload.message = structuredClone(opts.message);
  return payload as unknown as APIMessageComponentInteraction;
}

/** A modal submission; `fields` maps each text input's custom_id to the submitted value. */
export function modalSubmit(
  opts: CommonOpts & {
    customId: string;
    fields: Record<string, string>;
    /** 'actionRow' (default): rows (type 1) of text inputs (type 4); 'label': labels (type 18) wrapping text inputs */
    layout?: 'actionRow' | 'label';
    /** the message whose component opened the modal, if any */
    message?: object;
  },
): APIModalSubmitInteraction {
  let nextId = 1;
  const components = Object.entries(opts.fields).map(([customId, value]) => {
    const outerId = nextId++;
    const input = { type: 4, id: nextId++, custom_id: customId, value };
    return opts.layout === 'label'
      ? { type: 18, id: outerId, component: input }
      : { type: 1, id: outerId, components: [input] };
  });
  const payload = base(InteractionType.ModalSubmit, opts, { custom_id: opts.customId, components });
  if (opts.message !== undefined) payload.message = structuredClone(opts.message);
  return payload as unknown as APIModalSubmitInteraction;
}

/** The PING Discord sends when the Interactions Endpoint URL is saved (and now and then). */
export function ping(): APIPingInteraction {
  const id = snowflake();
  const payload: JsonObject = {
    app_permissions: BOT_PERMISSIONS.toString(),
    application_id: DEFAULT_APPLICATION_ID,
    authorizing_integration_owners: {},
    entitlements: [],
    attachment_size_limit: 10485760,
    id,
    token: newToken(id),
    type: 1,
    user: userObject(DEFAULT_USER),
    version: 1,
  };
  return payload as unknown as APIPingInteraction;
}
