import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type ApplicationCommandOptionAllowedChannelType,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandDef, OptionSpec } from '../../commands/define-command.ts';
import { translate } from '../../src/i18n/catalog.ts';
import { optionName } from '../../src/i18n/option-names.ts';

/**
 * Relais' command declarations as Discord application commands. Pure: the same definitions drive
 * Slack's text parsing, so a typed option here is the value Slack users type.
 */

const TEXT_CHANNEL_TYPES: ApplicationCommandOptionAllowedChannelType[] = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
];
const DESCRIPTION_MAX = 100;

const describe = (key: Parameters<typeof translate>[1]) => ({
  description: translate('en', key).slice(0, DESCRIPTION_MAX),
  description_localizations: { fr: translate('fr', key).slice(0, DESCRIPTION_MAX) },
});

/**
 * The name a French Discord shows and lets people type; interactions still carry the declared name.
 * Discord ignores a localization equal to the name, so none is sent then (the registration diff
 * compares what Discord keeps).
 */
function localizedName(name: string) {
  const fr = optionName('fr', name);
  return fr === name ? {} : { name_localizations: { fr } };
}

function optionJson(name: string, spec: OptionSpec): APIApplicationCommandBasicOption {
  const base = { name, ...localizedName(name), ...describe(spec.description), required: spec.required };
  switch (spec.kind) {
    case 'integer':
      return { ...base, type: ApplicationCommandOptionType.Integer, min_value: spec.min, max_value: spec.max };
    case 'channel':
      return { ...base, type: ApplicationCommandOptionType.Channel, channel_types: TEXT_CHANNEL_TYPES };
    case 'choice':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: (spec.choices ?? []).map((c) => ({ name: c, value: c })),
      };
    // Discord has no "several users" type: people are mentioned in a text option (`@a @b`), groups as `@role`.
    case 'users':
    case 'group':
    case 'string':
    case 'text':
      return { ...base, type: ApplicationCommandOptionType.String, max_length: Math.min(spec.maxLength ?? 1000, 6000) };
  }
}

function commandJson(def: CommandDef): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    name: def.name,
    type: ApplicationCommandType.ChatInput,
    ...describe(def.description),
    options: Object.entries(def.subcommands).map(
      ([name, sub]): APIApplicationCommandSubcommandOption => ({
        type: ApplicationCommandOptionType.Subcommand,
        name,
        ...describe(sub.description),
        // Discord wants required options first.
        options: Object.entries(sub.options as Record<string, OptionSpec>)
          .sort(([, a], [, b]) => Number(b.required) - Number(a.required))
          .map(([optName, spec]) => optionJson(optName, spec)),
      }),
    ),
  };
}

export function commandsJson(defs: readonly CommandDef[]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return defs.map(commandJson);
}
