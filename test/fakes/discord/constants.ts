/** Ids, timestamps and bit sets the Discord fake hands out, as Discord shapes them. */

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

/** Discord-style ISO timestamp: 2026-01-05T00:49:57.486000+00:00 */
export function discordTimestamp(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
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

export const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  HasThread: 1 << 5,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsVoiceMessage: 1 << 13,
  IsComponentsV2: 1 << 15,
} as const;
/** Flags a bot may set on a channel message. */
export const CHANNEL_MESSAGE_FLAGS =
  MessageFlag.SuppressEmbeds |
  MessageFlag.SuppressNotifications |
  MessageFlag.IsVoiceMessage |
  MessageFlag.IsComponentsV2;
/** Flags an interaction response may set. */
export const INTERACTION_MESSAGE_FLAGS = CHANNEL_MESSAGE_FLAGS | MessageFlag.Ephemeral;

export const Intent = { Guilds: 1 << 0, GuildMessages: 1 << 9, DirectMessages: 1 << 12 } as const;

/** Channel types that are threads (announcement, public, private). */
export const THREAD_TYPES: readonly number[] = [10, 11, 12];
