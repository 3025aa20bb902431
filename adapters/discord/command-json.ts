import type { CommandDef, OptionSpec } from '../../commands/define-command.ts';
import { translate } from '../../src/i18n/catalog.ts';

/**
 * Relais' command declarations as Discord application commands. Pure: the same definitions drive
 * Slack's text parsing, so a typed option here is the value Slack users type.
 */

const OPTION_TYPE = { SUB_COMMAND: 1, STRING: 3, INTEGER: 4, CHANNEL: 7 } as const;
const TEXT_CHANNEL_TYPES = [0, 5];
const DESCRIPTION_MAX = 100;

const describe = (key: Parameters<typeof translate>[1]) => ({
  description: translate('en', key).slice(0, DESCRIPTION_MAX),
  description_localizations: { fr: translate('fr', key).slice(0, DESCRIPTION_MAX) },
});

function optionJson(name: string, spec: OptionSpec): Record<string, unknown> {
  const base = { name, ...describe(spec.description), required: spec.required };
  switch (spec.kind) {
    case 'integer':
      return { ...base, type: OPTION_TYPE.INTEGER, min_value: spec.min, max_value: spec.max };
    case 'channel':
      return { ...base, type: OPTION_TYPE.CHANNEL, channel_types: TEXT_CHANNEL_TYPES };
    case 'choice':
      return { ...base, type: OPTION_TYPE.STRING, choices: (spec.choices ?? []).map((c) => ({ name: c, value: c })) };
    // Discord has no "several users" type: people are mentioned in a text option (`@a @b`), groups as `@role`.
    case 'users':
    case 'group':
    case 'string':
    case 'text':
      return { ...base, type: OPTION_TYPE.STRING, max_length: Math.min(spec.maxLength ?? 1000, 6000) };
  }
}

export function commandJson(def: CommandDef): Record<string, unknown> {
  return {
    name: def.name,
    type: 1,
    ...describe(def.description),
    options: Object.entries(def.subcommands).map(([name, sub]) => ({
      type: OPTION_TYPE.SUB_COMMAND,
      name,
      ...describe(sub.description),
      // Discord wants required options first.
      options: Object.entries(sub.options as Record<string, OptionSpec>)
        .sort(([, a], [, b]) => Number(b.required) - Number(a.required))
        .map(([optName, spec]) => optionJson(optName, spec)),
    })),
  };
}

export function commandsJson(defs: readonly CommandDef[]): Record<string, unknown>[] {
  return defs.map(commandJson);
}
