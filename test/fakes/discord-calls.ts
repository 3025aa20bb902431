/**
 * Typed readings of what the Discord fake recorded: the answer to an interaction, a modal, a
 * message Relais sent, the message Discord made of it. Each checks the shape it claims, so a
 * test reads `reply(call).embeds` instead of poking at untyped JSON.
 */

import type {
  APIInteractionResponseCallbackData,
  APIMessage,
  APIModalInteractionResponseCallbackData,
  APITextInputComponent,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import { isObject, list, obj } from './discord/json.ts';
import type { RecordedCall } from './discord/recorded.ts';

export const EPHEMERAL = 1 << 6;

function fail(what: string, call: RecordedCall): never {
  throw new Error(`expected ${what}, got ${call.method} ${call.path} ${JSON.stringify(call.body)?.slice(0, 300)}`);
}

/** The interaction response type of a callback (4 reply, 5 defer, 6 deferred update, 7 update, 9 modal). */
export function responseType(call: RecordedCall): number {
  const type = obj(call.body).type;
  if (!call.path.endsWith('/callback') || typeof type !== 'number') fail('an interaction callback', call);
  return type;
}

/** The message of a reply (4) or an update (7). */
export function reply(call: RecordedCall): APIInteractionResponseCallbackData {
  const type = responseType(call);
  const data = obj(call.body).data;
  if ((type !== 4 && type !== 7) || !isObject(data)) fail('a reply or an update', call);
  return data as APIInteractionResponseCallbackData;
}

/** Whether a reply (or update) is ephemeral: only its reader sees it. */
export const isPrivate = (call: RecordedCall): boolean => (Number(reply(call).flags ?? 0) & EPHEMERAL) === EPHEMERAL;

/** The modal a callback opened (9). */
export function modal(call: RecordedCall): APIModalInteractionResponseCallbackData {
  const data = obj(call.body).data;
  if (responseType(call) !== 9 || !isObject(data) || typeof data.custom_id !== 'string') fail('a modal', call);
  return data as unknown as APIModalInteractionResponseCallbackData;
}

/** The text inputs of a modal, in order, whether in action rows or labels. */
export function modalInputs(m: APIModalInteractionResponseCallbackData): APITextInputComponent[] {
  return m.components.flatMap((c) =>
    c.type === 1 ? c.components : c.type === 18 && c.component.type === 4 ? [c.component] : [],
  );
}

/** The body of a message Relais posted or edited (channel message or webhook route). */
export function sent(call: RecordedCall): RESTPostAPIChannelMessageJSONBody {
  if (!isObject(call.body) || !/\/messages|\/webhooks\//.test(call.path)) fail('a message body', call);
  return call.body as RESTPostAPIChannelMessageJSONBody;
}

/** The message Discord answered with (POST/PATCH of a message). */
export function messageOf(call: RecordedCall): APIMessage {
  const r = obj(call.response);
  if (typeof r.id !== 'string' || typeof r.channel_id !== 'string') fail('a message in the response', call);
  return call.response as APIMessage;
}

/** Every custom id of a message's components (rows, and any nesting), in order. */
export function customIds(message: { components?: unknown }): string[] {
  const walk = (items: unknown[]): string[] =>
    items
      .map(obj)
      .flatMap((c) => [...(typeof c.custom_id === 'string' ? [c.custom_id] : []), ...walk(list(c.components))]);
  return walk(list(message.components));
}

/** Everything a person reads in a recorded body, with Discord's markdown escapes removed as it renders them. */
export const shown = (call: RecordedCall): string => JSON.stringify(call.body).replace(/\\\\(.)/g, '$1');
