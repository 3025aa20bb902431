import {
  type APIApplicationCommandInteractionDataBasicOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIMessageComponentButtonInteraction,
  type APIMessageComponentSelectMenuInteraction,
  type APIModalSubmitInteraction,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionType,
  PermissionFlagsBits,
} from 'discord.js';
import type { FormValues, OptionSpec, RawValue } from '../../commands/define-command.ts';
import { UNREADABLE } from '../../commands/define-command.ts';
import { findCommand } from '../../commands/index.ts';
import { decodeActionId, encodeActionId } from '../../src/message/action-id.ts';
import { isClearWord } from '../../src/message/clear-words.ts';
import type { Actor } from '../../src/services/actor.ts';

/**
 * What Relais reads from a raw interaction (as the gateway or the Interactions Endpoint delivers
 * it): the kind, the person, the command's typed options, a form's values. Pure.
 */

export type SlashCommand = APIChatInputApplicationCommandInteraction;
export type Click = APIMessageComponentButtonInteraction | APIMessageComponentSelectMenuInteraction;
export type Answerable = SlashCommand | Click | APIModalSubmitInteraction;

const isSlashCommand = (raw: APIInteraction): raw is SlashCommand =>
  raw.type === InteractionType.ApplicationCommand && raw.data.type === ApplicationCommandType.ChatInput;

export const isClick = (raw: APIInteraction): raw is Click =>
  raw.type === InteractionType.MessageComponent &&
  (raw.data.component_type === ComponentType.Button || raw.data.component_type === ComponentType.StringSelect);

export const isFormSubmit = (raw: APIInteraction): raw is APIModalSubmitInteraction =>
  raw.type === InteractionType.ModalSubmit;

/** The interactions Relais answers; others (autocomplete, context menus) it leaves alone. */
export const isAnswerable = (raw: APIInteraction): raw is Answerable =>
  isSlashCommand(raw) || isClick(raw) || isFormSubmit(raw);

/** The person acting: Discord's display name, client locale, and Manage Server (or Administrator) as admin. */
export function actorOf(raw: Answerable): Actor {
  const user = raw.member?.user ?? raw.user;
  const permissions = BigInt(raw.member?.permissions ?? 0);
  const has = (bit: bigint) => (permissions & bit) === bit;
  return {
    userId: user?.id ?? '',
    displayName: user ? (user.global_name ?? user.username) : null,
    locale: raw.locale,
    platformAdmin: has(PermissionFlagsBits.Administrator) || has(PermissionFlagsBits.ManageGuild),
  };
}

export const rolesOf = (raw: Answerable): string[] => raw.member?.roles ?? [];

export const channelOf = (raw: Answerable): string | null => raw.channel_id ?? raw.channel?.id ?? null;

/** The subcommand and its options (`/draft new text:…`). */
function subcommandOf(raw: SlashCommand): {
  subcommand: string;
  options: APIApplicationCommandInteractionDataBasicOption[];
} {
  const first = raw.data.options?.[0];
  if (first?.type === ApplicationCommandOptionType.Subcommand)
    return { subcommand: first.name, options: first.options ?? [] };
  return { subcommand: '', options: [] };
}

/** Discord's typed options → raw values, by the kind each option was declared with. */
export function readOptions(raw: SlashCommand): { subcommand: string; options: Record<string, RawValue | undefined> } {
  const { subcommand, options } = subcommandOf(raw);
  const sub = findCommand(raw.data.name)?.subcommands[subcommand];
  const given = (name: string) => options.find((o) => o.name === name);
  const text = (name: string): string | null => {
    const o = given(name);
    return o?.type === ApplicationCommandOptionType.String ? o.value : null;
  };
  const out: Record<string, RawValue | undefined> = {};
  for (const [name, spec] of Object.entries((sub?.options ?? {}) as Record<string, OptionSpec>)) {
    const o = given(name);
    switch (spec.kind) {
      case 'integer':
        out[name] = o?.type === ApplicationCommandOptionType.Integer ? o.value : undefined;
        break;
      case 'channel':
        // The raw option value is the channel id, whether or not Discord resolved the channel.
        out[name] = o?.type === ApplicationCommandOptionType.Channel ? o.value : undefined;
        break;
      case 'users':
        out[name] = readMentions(text(name), /^<@!?(\d+)>$/);
        break;
      case 'group':
        out[name] = readGroup(text(name));
        break;
      default:
        out[name] = text(name) ?? undefined;
    }
  }
  return { subcommand, options: out };
}

function readGroup(text: string | null): RawValue | undefined {
  if (text === null) return undefined;
  const trimmed = text.trim();
  if (isClearWord(trimmed)) return trimmed;
  return /^<@&(\d+)>$/.exec(trimmed)?.[1] ?? UNREADABLE;
}

function readMentions(text: string | null, pattern: RegExp): RawValue | undefined {
  if (text === null) return undefined;
  const tokens = text.split(/[\s,]+/).filter(Boolean);
  if (tokens.length === 1 && isClearWord(tokens[0] ?? '')) return [];
  const ids = tokens.map((t) => pattern.exec(t)?.[1] ?? null);
  // Not mentions (`@zoe` typed by hand): the text itself, so the answer can say what it did not know.
  return ids.every((id): id is string => id !== null) ? [...new Set(ids)] : text.trim() || UNREADABLE;
}

/** A form's submitted values by field id, whether Discord sent them in action rows or labels. */
export function formValues(raw: APIModalSubmitInteraction): FormValues {
  const values: FormValues = {};
  for (const c of raw.data.components) {
    const inputs =
      c.type === ComponentType.ActionRow ? c.components : c.type === ComponentType.Label ? [c.component] : [];
    for (const input of inputs)
      values[input.custom_id] = 'value' in input && typeof input.value === 'string' ? input.value : null;
  }
  return values;
}

/** The id a click routes by: a button's own, or a select's action with the chosen option as its value. */
export function clickedId(raw: Click): string {
  if (raw.data.component_type === ComponentType.Button) return raw.data.custom_id;
  return encodeActionId(decodeActionId(raw.data.custom_id).action, raw.data.values[0] ?? '');
}
