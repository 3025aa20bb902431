/**
 * Interactions as the fake learns them at dispatch: the user, member and channel they carry join
 * the fake's state, a command takes the id Discord registered for its name, and the record tracks
 * acknowledgement and the messages answering it.
 */

import { type APIInteraction, type APIMessage, InteractionType } from 'discord-api-types/v10';
import { type StoredChannel, userObject } from './entities.ts';
import { obj } from './json.ts';
import type { DiscordState, InteractionRec } from './state.ts';

function learnUserAndChannel(state: DiscordState, p: APIInteraction): string | undefined {
  const guildId = p.guild_id;
  const user = p.member?.user ?? p.user;
  if (user) {
    state.users.set(user.id, { ...userObject(user), ...user });
    if (guildId && p.member) {
      const { permissions: _perms, ...member } = p.member;
      state.members.set(`${guildId}:${user.id}`, member);
    }
  }
  // channel: the fake's registry is the truth; unknown channels are learnt from the payload
  const chId = p.channel_id ?? p.channel?.id;
  if (!chId) return undefined;
  const known = state.channels.get(chId);
  if (known) {
    const { permission_overwrites: _hidden, ...visible } = known;
    const permissions = p.member?.permissions;
    Object.assign(p, { channel: { ...(p.channel ?? {}), ...visible, ...(permissions ? { permissions } : {}) } });
  } else if (p.channel) {
    const { permissions: _p, member: _m, ...rest } = obj(p.channel);
    const reg: StoredChannel = {
      ...rest,
      id: chId,
      type: Number(rest.type),
      ...(guildId ? { guild_id: guildId } : {}),
    };
    if (reg.type === 1 && user) reg.recipients = [state.knownUser(user.id)];
    state.channels.set(chId, reg);
    if (reg.type === 1 && user) state.dmByUser.set(user.id, chId);
  }
  return chId;
}

/** Application commands carry the id of the registered command with their name (guild first, then global). */
function alignCommandId(state: DiscordState, p: APIInteraction): void {
  if (p.type !== InteractionType.ApplicationCommand && p.type !== InteractionType.ApplicationCommandAutocomplete)
    return;
  const cmdType = p.data.type ?? 1;
  const match = (scope: string | undefined) =>
    scope ? state.commands.get(scope)?.find((c) => c.name === p.data.name && (c.type ?? 1) === cmdType) : undefined;
  const guildCmd = match(p.guild_id);
  const cmd = guildCmd ?? match('global');
  if (!cmd) return;
  p.data.id = cmd.id;
  if (guildCmd) p.data.guild_id = p.guild_id;
}

/**
 * Records an interaction at dispatch. The same interaction delivered again (a gateway replay, a
 * second process) keeps its record: it can still be acknowledged only once.
 */
export function registerInteraction(state: DiscordState, p: APIInteraction): InteractionRec {
  const known = state.interactions.get(p.id);
  if (known && known.token === p.token) return known;
  const channelId = learnUserAndChannel(state, p);
  alignCommandId(state, p);
  let sourceMessageId: string | null = null;
  if ('message' in p && p.message?.id) {
    sourceMessageId = String(p.message.id);
    const known = state.messages.get(sourceMessageId);
    if (known) Object.assign(p, { message: structuredClone(known) });
    else state.messages.set(sourceMessageId, structuredClone(p.message));
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
    channelId: channelId ?? '',
    messageIds: new Set(sourceMessageId ? [sourceMessageId] : []),
  };
  state.interactions.set(rec.id, rec);
  state.byToken.set(rec.token, rec);
  return rec;
}

/** The fields Discord adds to a message sent in answer to an interaction. */
export function interactionMessageExtra(
  state: DiscordState,
  rec: InteractionRec,
  forOriginal: boolean,
): Partial<APIMessage> {
  const p = rec.payload;
  const user = p.member?.user ?? p.user;
  const commandType = p.type === InteractionType.ApplicationCommand ? (p.data.type ?? 1) : null;
  const metadata: Record<string, unknown> = {
    id: rec.id,
    type: rec.type,
    user: user ? state.knownUser(user.id) : undefined,
    authorizing_integration_owners: p.authorizing_integration_owners ?? {},
  };
  if (commandType !== null && p.type === InteractionType.ApplicationCommand) {
    metadata.name = p.data.name;
    metadata.command_type = commandType;
  }
  if (!forOriginal) metadata.original_response_message_id = rec.originalId ?? undefined;
  if (rec.sourceMessageId && rec.type === 3) metadata.interacted_message_id = rec.sourceMessageId;
  return {
    type: forOriginal && commandType !== null ? (commandType === 1 ? 20 : 23) : 0,
    webhook_id: state.applicationId,
    application_id: state.applicationId,
    interaction_metadata: metadata as unknown as APIMessage['interaction_metadata'],
  };
}
