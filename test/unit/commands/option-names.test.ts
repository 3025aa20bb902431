import { describe, expect, it } from 'vitest';
import { commandsJson } from '../../../adapters/discord/command-json.ts';
import type { OptionSpec } from '../../../commands/define-command.ts';
import { commands } from '../../../commands/index.ts';
import { parseCommandText } from '../../../commands/parse-text.ts';
import { textUsage } from '../../../commands/text-usage.ts';
import { declaredOption, frenchOptionName } from '../../../src/i18n/option-names.ts';

/** Discord's rule for chat-input names (and their localizations): lowercase where a letter has a case. */
const DISCORD_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const subcommands = commands.flatMap((c) =>
  Object.entries(c.subcommands).map(([name, sub]) => ({
    where: `/${c.name} ${name}`,
    names: Object.keys(sub.options as Record<string, OptionSpec>),
  })),
);

describe('French option names', () => {
  it('exist for every registered option, valid for Discord', () => {
    for (const { where, names } of subcommands)
      for (const name of names) {
        const fr = frenchOptionName(name);
        expect(fr, `${where} ${name}`).toBeDefined();
        expect(fr).toMatch(DISCORD_NAME);
        expect(fr).toBe(fr?.toLowerCase());
      }
  });

  it('are distinct within each subcommand, from each other and from the English names', () => {
    // Discord: a localized option name differs from every default name and every other one in that locale.
    for (const { where, names } of subcommands) {
      const french = names.map((n) => frenchOptionName(n));
      expect(new Set(french).size, where).toBe(names.length);
      names.forEach((name, i) => {
        const others = names.filter((n) => n !== name);
        expect(others, `${where}: ${french[i]}`).not.toContain(french[i]);
      });
      // Typed without accents, each still names one option only.
      for (const name of names) expect(declaredOption(frenchOptionName(name)!, names), where).toBe(name);
    }
  });

  it('never take the English name of another option of the same command', () => {
    for (const c of commands) {
      const all = Object.values(c.subcommands).flatMap((sub) => Object.keys(sub.options as Record<string, OptionSpec>));
      for (const name of all) {
        const fr = frenchOptionName(name)!;
        expect(
          all.filter((n) => n !== name),
          `/${c.name} ${name}`,
        ).not.toContain(fr);
      }
    }
  });

  it('are registered on Discord as French name localizations, but never equal to the name', () => {
    const relais = commandsJson(commands).find((c) => c.name === 'relais');
    const config = relais?.options?.find((o) => o.name === 'config');
    const options = config && 'options' in config ? (config.options ?? []) : [];
    expect(options.find((o) => o.name === 'approvals')?.name_localizations).toEqual({ fr: 'approbations' });
    expect(options.find((o) => o.name === 'review-channel')?.name_localizations).toEqual({ fr: 'canal-relecture' });
    for (const c of commandsJson(commands))
      for (const sub of c.options ?? [])
        for (const o of 'options' in sub ? (sub.options ?? []) : []) expect(o.name_localizations?.fr).not.toBe(o.name);
  });

  it('are read in Slack text as the English ones, with or without accents', () => {
    const relais = commands.find((c) => c.name === 'relais')!;
    const read = () => null;
    expect(parseCommandText(relais, 'config approbations 2', read).options).toEqual({ approvals: '2' });
    expect(parseCommandText(relais, 'config Délai-Relecture 4 approvals 3', read).options).toEqual({
      'review-delay': '4',
      approvals: '3',
    });
    expect(parseCommandText(relais, 'config delai-relecture 4', read).options).toEqual({ 'review-delay': '4' });
    expect(parseCommandText(relais, 'help commande draft', read).options).toEqual({ command: 'draft' });
    expect(parseCommandText(relais, 'help draft', read).options).toEqual({ command: 'draft' });
  });

  it('are shown in usages typed in French, slots included', () => {
    expect(textUsage('draft', 'show', [['ref', '', true]], 'fr')).toBe('/draft show <réf>');
    expect(textUsage('draft', 'show', [['ref', 'D-42', true]], 'fr')).toBe('/draft show D-42');
    expect(textUsage('relais', 'config', [['approvals', '2']], 'fr')).toBe('/relais config approbations 2');
    expect(textUsage('relais', 'config', [['approvals', '2']])).toBe('/relais config approvals 2');
  });
});
