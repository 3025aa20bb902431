/** What the fake Discord remembers: guilds, channels, users, members, messages, commands, interactions. */

import type { APIApplicationCommand, APIInteraction, APIMessage } from 'discord-api-types/v10';
import { BOT_PERMISSIONS, discordTimestamp, EVERYONE_PERMISSIONS, snowflake } from './constants.ts';
import {
  botUserObject,
  type FakeGuild,
  type FakeMember,
  type FakeRole,
  type FakeUser,
  guildChannelObject,
  type KnownUser,
  memberObject,
  roleObject,
  type StoredChannel,
  userObject,
} from './entities.ts';
import { unknownEntity } from './errors.ts';

/** One interaction from dispatch to its answers. */
export interface InteractionRec {
  id: string;
  token: string;
  type: number;
  payload: APIInteraction;
  dispatchedAt: number;
  acked: boolean;
  callbackType: number | null;
  originalId: string | null;
  sourceMessageId: string | null;
  channelId: string;
  messageIds: Set<string>;
}

export interface GuildRecord {
  fake: FakeGuild;
  roles: FakeRole[];
  joinedAt: string;
}

/** Sends a gateway dispatch to every live session that asked for `intent` (0: every session). */
export type EmitEvent = (t: string, d: unknown, intent: number) => void;

export class DiscordState {
  readonly botUser: { id: string; username: string };
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, StoredChannel>();
  readonly dmByUser = new Map<string, string>();
  readonly users = new Map<string, FakeUser>();
  /** keyed `${guildId}:${userId}` */
  readonly members = new Map<string, FakeMember>();
  readonly messages = new Map<string, APIMessage>();
  /** 'global' or a guild id → its application commands */
  readonly commands = new Map<string, APIApplicationCommand[]>();
  readonly interactions = new Map<string, InteractionRec>();
  readonly byToken = new Map<string, InteractionRec>();
  /** url path → bytes of an uploaded attachment */
  readonly attachments = new Map<string, { data: Buffer; contentType: string }>();
  /** set once the server listens: 'http://127.0.0.1:<port>' */
  origin = '';
  emit: EmitEvent = () => {};

  constructor(
    readonly applicationId: string,
    botName: string,
    users: KnownUser[],
  ) {
    this.botUser = { id: applicationId, username: botName };
    this.users.set(this.botUser.id, this.botUserObject());
    for (const u of users) this.users.set(u.id, userObject(u));
  }

  /** 'ws://127.0.0.1:<port>': HTTP and WebSocket share the port. */
  get gatewayUrl(): string {
    return this.origin.replace(/^http/, 'ws');
  }

  botUserObject(): FakeUser {
    return botUserObject(this.botUser);
  }

  knownUser(id: string): FakeUser {
    return this.users.get(id) ?? userObject({ id });
  }

  addGuild(g: FakeGuild): void {
    const botRoleId = snowflake();
    const roles = [
      roleObject(g.id, '@everyone', 0, EVERYONE_PERMISSIONS.toString()),
      roleObject(botRoleId, this.botUser.username, 1, BOT_PERMISSIONS.toString(), {
        managed: true,
        tags: { bot_id: this.botUser.id },
      }),
      ...(g.roles ?? []).map((r, i) => roleObject(r.id, r.name, i + 2, r.permissions ?? '0')),
    ];
    this.guilds.set(g.id, { fake: g, roles, joinedAt: discordTimestamp() });
    g.channels.forEach((c, i) => {
      this.channels.set(c.id, guildChannelObject(g.id, c, i));
    });
    this.members.set(`${g.id}:${this.botUser.id}`, memberObject(this.knownUser(this.botUser.id), [botRoleId]));
  }

  guild(id: string): GuildRecord {
    const g = this.guilds.get(id);
    if (!g) throw unknownEntity('Guild', 10004);
    return g;
  }

  channel(id: string): StoredChannel {
    const ch = this.channels.get(id);
    if (!ch) throw unknownEntity('Channel', 10003);
    return ch;
  }

  /** The DM channel with a user, opened on first use (POST /users/@me/channels). */
  openDm(userId: string): StoredChannel {
    let id = this.dmByUser.get(userId);
    if (!id) {
      id = snowflake();
      this.dmByUser.set(userId, id);
      this.channels.set(id, { id, type: 1, last_message_id: null, flags: 0, recipients: [this.knownUser(userId)] });
    }
    return this.channel(id);
  }
}
