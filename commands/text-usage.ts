import type { Locale } from '../src/i18n/catalog.ts';
import { optionName } from '../src/i18n/option-names.ts';
import type { UsageArg } from './define-command.ts';

/**
 * A command as typed where text is parsed (Slack, the playground): positional values alone, named
 * ones after their name, in the reader's language (`/relais config approbations 2`); an empty
 * value is a slot (`/draft show <réf>`).
 */
export function textUsage(command: string, subcommand: string | null, args: UsageArg[], locale: Locale = 'en'): string {
  return [
    `/${command}`,
    subcommand,
    ...args.flatMap(([declared, value, positional]) => {
      const name = optionName(locale, declared);
      const shown = value || (positional ? `<${name}>` : '<…>');
      return positional ? [shown] : [name, shown];
    }),
  ]
    .filter(Boolean)
    .join(' ');
}
