import { optionName } from '../src/i18n/option-names.ts';
import { bold, code, context, divider, header, message, section } from '../src/message/build.ts';
import type { Block, Message, Span } from '../src/message/model.ts';
import type { CommandContext, CommandDef, OptionSpec, SubcommandDef, UsageArg } from './define-command.ts';

/**
 * Help shows commands as they are typed on the reader's platform (PlatformTools.formatUsage): the
 * overview one line per command, each command's detail on request.
 */

/** How to ask for one command's detail, on this platform. */
const detailUsage = (ctx: CommandContext, command: string) =>
  ctx.platform.formatUsage('relais', 'help', [['command', command]], ctx.locale);

/** A subcommand as typed, with a slot for each value it cannot do without (`/draft show <réf>`). */
function usage(ctx: CommandContext, command: string, name: string, sub: SubcommandDef): string {
  const slots = Object.entries<OptionSpec>(sub.options)
    .filter(([, spec]) => spec.required && sub.textStyle === 'positional')
    .map(([option]): UsageArg => [option, '', true]);
  return ctx.platform.formatUsage(command, name, slots, ctx.locale);
}

export function helpOverview(ctx: CommandContext): Message {
  const { t } = ctx;
  const lines: Span[] = [];
  for (const command of ctx.commands) {
    if (lines.length) lines.push({ text: '\n' });
    lines.push(bold(`/${command.name}`), { text: ` — ${t(command.description)}: ` });
    Object.keys(command.subcommands).forEach((name, i) => {
      lines.push(...(i ? [{ text: ' · ' }] : []), code(ctx.platform.formatUsage(command.name, name, [], ctx.locale)));
    });
  }
  const blocks: Block[] = [
    header(t('help.title')),
    section(t('help.intro')),
    section(lines),
    context([{ text: `${t('help.detail')} ` }, code(detailUsage(ctx, 'draft'))]),
    context(t('help.footer', { language: t(`language.${ctx.settings.locale}`) })),
  ];
  return message(blocks, { visibility: 'only-you', text: t('help.title') });
}

/** One command: each subcommand as typed here, what it does, and its options. */
export function commandHelp(ctx: CommandContext, command: CommandDef): Message {
  const { t } = ctx;
  const lines: Span[] = [];
  for (const [name, sub] of Object.entries(command.subcommands)) {
    if (lines.length) lines.push({ text: '\n' });
    lines.push(code(usage(ctx, command.name, name, sub)), { text: ` — ${t(sub.description)}` });
    const optionNames = Object.keys(sub.options).map((option) => optionName(ctx.locale, option));
    if (optionNames.length > 0)
      lines.push({ text: '\n    ' }, { text: t('help.options', { options: optionNames.join(', ') }), style: 'italic' });
  }
  const blocks: Block[] = [
    header(`/${command.name}`),
    section(t(command.description)),
    divider(),
    section(lines),
    context([{ text: `${t('help.all')} ` }, code(ctx.platform.formatUsage('relais', 'help', [], ctx.locale))]),
  ];
  return message(blocks, { visibility: 'only-you', text: `/${command.name} — ${t(command.description)}` });
}
