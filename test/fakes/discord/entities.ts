/**
 * The objects Discord returns for users, roles, members, channels, guilds and the application,
 * with every field a real answer carries (recorded from Discord), so discord.js caches them as it would.
 */

import type {
  APIGuildMember,
  APIRole,
  APIThreadMetadata,
  APIUser,
  GuildMemberFlags,
  RoleFlags,
  UserFlags,
} from 'discord-api-types/v10';
import { discordTimestamp } from './constants.ts';
import type { JsonObject } from './json.ts';

/** A user as Discord sends it, with the newer fields discord-api-types does not list yet. */
export type FakeUser = APIUser & { display_name_styles?: null; banner_color?: string | null; clan?: null };
export type FakeRole = APIRole & { description: string | null };
export type FakeMember = APIGuildMember;

/** A channel the fake knows: guild channels, threads and DMs share the fields it reads and changes. */
export interface StoredChannel {
  id: string;
  type: number;
  guild_id?: string;
  name?: string;
  parent_id?: string | null;
  last_message_id?: string | null;
  recipients?: APIUser[];
  thread_metadata?: APIThreadMetadata;
  message_count?: number;
  total_message_sent?: number;
  default_auto_archive_duration?: number;
  [field: string]: unknown;
}

export interface FakeGuild {
  id: string;
  name: string;
  /** `type` defaults to 0 (GUILD_TEXT); `parent_id` may point at a category (type 4) of the guild. */
  channels: { id: string; name: string; type?: number; parent_id?: string; topic?: string }[];
  /** Extra roles (the @everyone role, id = guild id, and the bot's managed role are always added). */
  roles?: { id: string; name: string; permissions?: string }[];
}

export interface KnownUser {
  id: string;
  username?: string;
  global_name?: string | null;
  bot?: boolean;
}

export function userObject(u: KnownUser): FakeUser {
  return {
    id: u.id,
    username: u.username ?? `user${u.id.slice(-4)}`,
    avatar: null,
    discriminator: '0',
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
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

export function botUserObject(bot: { id: string; username: string }): FakeUser {
  return { ...userObject({ id: bot.id, username: bot.username }), discriminator: '4242', bot: true };
}

export function roleObject(
  id: string,
  name: string,
  position: number,
  permissions: string,
  extra: Partial<FakeRole> = {},
): FakeRole {
  return {
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
    flags: 0 as RoleFlags,
    ...extra,
  };
}

export function memberObject(user: APIUser, roles: string[]): FakeMember {
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
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

export function guildChannelObject(guildId: string, c: FakeGuild['channels'][number], position: number): StoredChannel {
  const type = c.type ?? 0;
  const base: StoredChannel = {
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

/** GET /guilds/:id, and the base of GUILD_CREATE. */
export function guildObject(guild: FakeGuild, roles: FakeRole[]): JsonObject {
  const firstText = guild.channels.find((c) => (c.type ?? 0) === 0);
  return {
    id: guild.id,
    name: guild.name,
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
    roles,
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

/** GET /applications/@me. */
export function applicationObject(opts: {
  id: string;
  bot: FakeUser;
  guildCount: number;
  verifyKey: string;
  interactionsEndpointUrl: string | null;
}): JsonObject {
  return {
    id: opts.id,
    name: opts.bot.username,
    icon: null,
    description: '',
    summary: '',
    type: null,
    hook: true,
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: opts.verifyKey,
    flags: 0,
    owner: userObject({ id: '1000000000000000001', username: 'owner' }),
    team: null,
    bot: opts.bot,
    tags: [],
    install_params: null,
    integration_types_config: { '0': {} },
    approximate_guild_count: opts.guildCount,
    approximate_user_install_count: 0,
    interactions_endpoint_url: opts.interactionsEndpointUrl,
    redirect_uris: [],
    event_webhooks_status: 1,
  };
}
