import { NETWORK_LABELS, NETWORKS } from '../src/domain/networks.ts';
import type { WorkspaceSettings } from '../src/domain/settings.ts';
import { Invalid } from '../src/errors.ts';
import {
  actions,
  bold,
  context,
  fields,
  form,
  header,
  message,
  notice,
  replyWith,
  section,
} from '../src/message/build.ts';
import { button } from '../src/message/button-kind.ts';
import type { Block, FormField, Reply, Span } from '../src/message/model.ts';
import { configEditButton } from '../src/services/buttons.ts';
import { adminView, changeSettings } from '../src/services/settings.ts';
import {
  type CommandContext,
  defineCommand,
  defineSubcommand,
  type FormValues,
  type OptionSpecs,
  onClick,
  option,
  parseOptions,
  type RawValue,
  UNREADABLE,
} from './define-command.ts';
import { commandHelp, helpOverview } from './help.ts';
import { FORM_SECTIONS, labelKey, readSetting, type Section, type SettingDef, writeSetting } from './relais-setting.ts';
import { displaySetting } from './relais-setting-display.ts';
import { SETTINGS, settingByKey } from './relais-settings.ts';

/** Every command's name, for `/relais help <command>` (a test checks it matches the registered commands). */
const HELP_TOPICS = ['draft', 'veille', 'ambassador', 'relais', 'stats'] as const;

const configOptions = Object.fromEntries(SETTINGS.map((s) => [s.key, s.option])) as OptionSpecs;

export const relaisCommand = defineCommand({
  name: 'relais',
  description: 'cmd.relais.description',
  defaultSubcommand: 'help',
  subcommands: {
    help: defineSubcommand({
      description: 'cmd.relais.help.description',
      // A choice, so Discord offers the list; commands/index.ts cannot be imported here (it imports this file).
      options: { command: option.choice({ description: 'opt.relais.help.command', choices: HELP_TOPICS }) },
      textStyle: 'named',
      async run(ctx, input) {
        if (!input.command) return replyWith(helpOverview(ctx));
        const name = input.command;
        const command = ctx.commands.find((c) => c.name === name);
        if (!command)
          throw new Invalid('error.unknown-command', {
            given: `/${name}`,
            help: ctx.platform.formatUsage('relais', 'help', []),
          });
        return replyWith(commandHelp(ctx, command));
      },
    }),
    config: defineSubcommand({
      description: 'cmd.relais.config.description',
      options: configOptions,
      textStyle: 'named',
      async run(ctx, input) {
        const given = Object.entries(input).filter(([, v]) => v !== undefined);
        if (given.length === 0) {
          const { admins } = await adminView(ctx.deps, ctx.workspace, ctx.actor);
          return replyWith(settingsCard(ctx, ctx.settings, admins));
        }
        return saveSettings(ctx, Object.fromEntries(given));
      },
    }),
  },
  actions: [
    onClick(configEditButton, {
      async run(ctx, sectionName) {
        await adminView(ctx.deps, ctx.workspace, ctx.actor);
        return sectionForm(ctx, sectionName);
      },
    }),
  ],
  forms: Object.fromEntries(
    FORM_SECTIONS.map((sectionName) => [
      `config:${sectionName}`,
      {
        async run(ctx: CommandContext, values: FormValues) {
          const raw = await formToRaw(ctx, sectionName, values);
          return saveSettings(ctx, parseOptions(optionsOf(sectionName), raw, ctx.t), { fromCard: true });
        },
        // Discord's "Fix it": the section's form again (the typed values fill it).
        async reopen(ctx: CommandContext) {
          const opened = sectionForm(ctx, sectionName);
          if (opened.kind !== 'form') throw new Error('not a form');
          return opened.form;
        },
      },
    ]),
  ),
});

const SECTION_TITLES: Record<Section, Parameters<CommandContext['t']>[0]> = {
  review: 'config.section.review',
  workspace: 'config.section.workspace',
  charter: 'config.section.charter',
  'charter-levels': 'config.section.charter-levels',
  people: 'config.section.people',
  report: 'config.section.report',
};

function settingsCard(ctx: CommandContext, settings: WorkspaceSettings, admins: string[]) {
  const { t } = ctx;
  const blocks: Block[] = [header(t('config.title'))];
  for (const sectionName of Object.keys(SECTION_TITLES) as Section[]) {
    const inSection = SETTINGS.filter((s) => s.section === sectionName);
    blocks.push(section([bold(t(SECTION_TITLES[sectionName]))]));
    blocks.push(
      fields(inSection.map((s) => ({ label: t(labelKey(s.key)), value: displaySetting(s, settings, admins, t) }))),
    );
  }
  blocks.push(
    actions(
      ...FORM_SECTIONS.map((s) => button(configEditButton, s, t('config.edit', { section: t(SECTION_TITLES[s]) }))),
    ),
  );
  blocks.push(
    context(t('config.text-hint', { example: ctx.platform.formatUsage('relais', 'config', [['approvals', '2']]) })),
  );
  blocks.push(
    context(
      t('config.people-hint', {
        example: ctx.platform.formatUsage('relais', 'config', [['reviewers', '@alice @bob']]),
      }),
    ),
  );
  return message(blocks, { visibility: 'only-you', text: t('config.title') });
}

function optionsOf(sectionName: Section): OptionSpecs {
  return Object.fromEntries(
    SETTINGS.filter((s) => s.section === sectionName).map((s) => [s.key, { ...s.option, required: false }]),
  );
}

function sectionForm(ctx: CommandContext, sectionName: (typeof FORM_SECTIONS)[number]): Reply {
  const { t, settings } = ctx;
  const inSection = SETTINGS.filter((s) => s.section === sectionName && s.field);
  return form({
    id: `config:${sectionName}`,
    title: t(SECTION_TITLES[sectionName]),
    submitLabel: t('config.submit'),
    cancelLabel: t('form.cancel'),
    fields: inSection.map((s) => formField(ctx, s, settings)),
  });
}

function formField(ctx: CommandContext, s: SettingDef, settings: WorkspaceSettings): FormField {
  const { t } = ctx;
  const value = readSetting(s, settings, []);
  const field: FormField = {
    id: s.key,
    label: t(labelKey(s.key)),
    kind: s.field ?? 'text',
    // Only what has a default may be left empty without meaning "clear it".
    required: s.field === 'number' || s.field === 'choice',
    hint: t(s.option.description),
    initial: value === null || value === undefined ? undefined : s.asText?.(value),
  };
  if (s.option.choices) field.choices = s.option.choices.map((c) => ({ value: c, label: choiceLabel(ctx, s.key, c) }));
  if (s.key === 'networks') field.choices = NETWORKS.map((n) => ({ value: n, label: NETWORK_LABELS[n] }));
  if (s.option.maxLength) field.maxLength = s.option.maxLength;
  if (s.option.min !== undefined) field.min = s.option.min;
  if (s.option.max !== undefined) field.max = s.option.max;
  return field;
}

function choiceLabel(ctx: CommandContext, key: string, choice: string): string {
  if (key === 'language') return ctx.t(`language.${choice as 'en' | 'fr'}`);
  if (key.endsWith('-level')) return ctx.t(`level.${choice as 'blocker' | 'warning'}`);
  return choice;
}

/** Form values arrive as text (or a list); channels are resolved the platform's way. */
async function formToRaw(
  ctx: CommandContext,
  sectionName: Section,
  values: FormValues,
): Promise<Record<string, RawValue>> {
  const raw: Record<string, RawValue> = {};
  for (const s of SETTINGS.filter((d) => d.section === sectionName && d.field)) {
    const value = values[s.key];
    if (value === undefined) continue;
    if (value === null || (typeof value === 'string' && value.trim() === '')) {
      // An emptied list or optional value means "none"; a required one is reported by the schema.
      raw[s.key] = s.field === 'text' || s.field === 'textarea' || s.field === 'choices' ? 'none' : '';
      continue;
    }
    if (s.field === 'channel') {
      const id = await ctx.platform.resolveChannel(Array.isArray(value) ? (value[0] ?? '') : value);
      raw[s.key] = id ?? UNREADABLE;
      continue;
    }
    raw[s.key] = value;
  }
  return raw;
}

/** `fromCard`: the change came from the settings card's form, which then shows the new values in its place. */
async function saveSettings(
  ctx: CommandContext,
  input: Record<string, unknown>,
  opts: { fromCard?: boolean } = {},
): Promise<Reply> {
  const entries = Object.entries(input).filter(([, v]) => v !== undefined);
  const defs = entries.map(([key, value]) => {
    const setting = settingByKey.get(key);
    if (!setting)
      throw new Invalid('error.unknown-option', { given: key, known: SETTINGS.map((s) => s.key).join(', ') });
    return [setting, value] as const;
  });
  const adminsEntry = defs.find(([s]) => s.key === 'admins');
  const result = await changeSettings(ctx.deps, ctx.workspace, ctx.actor, {
    apply: (current) => defs.reduce((acc, [setting, value]) => writeSetting(setting, acc, value), current),
    ...(adminsEntry ? { admins: adminsEntry[1] as string[] } : {}),
  });
  if (result.changed.length === 0) return notice(ctx.t('config.unchanged'));
  const changedDefs = defs.map(([s]) => s).filter((s) => result.changed.includes(s.path));
  const spans: Span[] = [];
  for (const s of changedDefs) {
    if (spans.length) spans.push({ text: ', ' });
    spans.push(bold(ctx.t(labelKey(s.key))), { text: ' → ' });
    const shown = displaySetting(s, result.settings, result.admins, ctx.t);
    if (typeof shown === 'string') spans.push({ text: shown });
    else spans.push(...shown);
  }
  const [before, after] = ctx.t('config.saved', { changes: '\u0000' }).split('\u0000');
  const saved: Span[] = [{ text: before ?? '' }, ...spans, { text: after ?? '' }];
  if (opts.fromCard && ctx.source) {
    const card = settingsCard(ctx, result.settings, result.admins);
    return replyWith({ ...card, blocks: [context(saved), ...card.blocks], replaces: ctx.source });
  }
  return notice(saved);
}
