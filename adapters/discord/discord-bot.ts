import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Guild,
  type Interaction,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
} from 'discord.js';
import type { FormValues, OptionSpec, PlatformTools, RawValue } from '../../commands/define-command.ts';
import { UNREADABLE } from '../../commands/define-command.ts';
import { type Dispatcher, decodeAction, encodeAction, type Invocation } from '../../commands/dispatch.ts';
import { findCommand } from '../../commands/index.ts';
import type { DiscordConfig } from '../../src/config.ts';
import { ANSWER_DEADLINE_MS, withinDeadline } from '../../src/deadline.ts';
import { resolveLocale, translate } from '../../src/i18n/catalog.ts';
import type { Logger } from '../../src/log.ts';
import type { Reply } from '../../src/message/model.ts';
import { type DiscordMessagePayload, escapeMarkdown, renderMessage, renderModal } from './render-discord.ts';

export interface DiscordAdapter {
  start(): Promise<void>;
  stop(): Promise<void>;
}

type Answerable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/**
 * Discord through discord.js, Guilds intent only: interactions need no intent, and the channel
 * cache (for `#name` in forms) comes with Guilds.
 */
export function createDiscordAdapter({
  config,
  dispatcher,
  log,
}: {
  config: DiscordConfig;
  dispatcher: Dispatcher;
  log: Logger;
}): DiscordAdapter {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: config.apiUrl },
    allowedMentions: { parse: [] },
  });
  const inFlight = new Set<Promise<unknown>>();

  client.on(Events.InteractionCreate, (interaction) => {
    const work = handle(interaction).catch((err: unknown) =>
      log.error({ err, interaction: interaction.id }, 'Discord interaction failed'),
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  client.on(Events.Error, (err) => log.error({ err }, 'Discord client error'));

  async function handle(interaction: Interaction): Promise<void> {
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit()) return;
    // Outside a server only buttons and their forms make sense (direct messages carry their workspace).
    if (!interaction.guild && interaction.isChatInputCommand()) {
      await interaction.reply({
        content: translate(resolveLocale(interaction.locale, 'en'), 'error.not-in-workspace'),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    const inv = invocationOf(interaction, interaction.guild);
    const work = interaction.isChatInputCommand()
      ? dispatcher.command(inv, {
          command: interaction.commandName,
          subcommand: interaction.options.getSubcommand(false) ?? '',
          options: readOptions(interaction),
        })
      : interaction.isButton()
        ? dispatcher.action(inv, interaction.customId)
        : submitForm(interaction, inv);
    await answer(interaction, work);
  }

  function submitForm(interaction: ModalSubmitInteraction, inv: Invocation): Promise<Reply> {
    const { action: formId, value: state } = decodeAction(interaction.customId);
    const values: FormValues = {};
    for (const [id, field] of interaction.fields.fields)
      values[id] = 'value' in field && typeof field.value === 'string' ? field.value : null;
    return dispatcher.form(inv, formId, values, state || undefined);
  }

  return {
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.token);
      await ready;
      log.info({ guilds: client.guilds.cache.size }, 'Discord connected');
    },
    async stop() {
      await Promise.allSettled([...inFlight]);
      await client.destroy();
    },
  };
}

function invocationOf(interaction: Answerable, guild: Guild | null): Invocation {
  return {
    workspace: guild
      ? { platform: 'discord', externalId: guild.id, name: guild.name }
      : { platform: 'discord', externalId: null },
    actor: {
      userId: interaction.user.id,
      displayName: interaction.user.globalName ?? interaction.user.username,
      locale: interaction.locale,
      platformAdmin: Boolean(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)),
    },
    channelId: interaction.channelId,
    platform: discordTools(guild, memberRoles(interaction)),
    deliveryId: `discord:${interaction.id}`,
  };
}

function memberRoles(interaction: Answerable): string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

function discordTools(guild: Guild | null, roles: string[]): PlatformTools {
  return {
    async memberOf(roleId) {
      return roles.includes(roleId);
    },
    async resolveChannel(ref) {
      const text = ref.trim();
      const id = /^<#(\d+)>$/.exec(text)?.[1] ?? (/^\d{5,25}$/.test(text) ? text : null);
      if (!guild) return null;
      if (id) return guild.channels.cache.has(id) ? id : null;
      const name = text.replace(/^#/, '').toLowerCase();
      return guild.channels.cache.find((c) => c.name.toLowerCase() === name)?.id ?? null;
    },
    formatUsage(command, subcommand, args) {
      return [`/${command}`, subcommand, ...args.map(([k, v]) => `${k}:${v}`)].filter(Boolean).join(' ');
    },
  };
}

/** Discord's typed options → raw values, by the kind each option was declared with. */
function readOptions(interaction: ChatInputCommandInteraction): Record<string, RawValue | undefined> {
  const sub = findCommand(interaction.commandName)?.subcommands[interaction.options.getSubcommand(false) ?? ''];
  const out: Record<string, RawValue | undefined> = {};
  for (const [name, spec] of Object.entries((sub?.options ?? {}) as Record<string, OptionSpec>)) {
    switch (spec.kind) {
      case 'integer':
        out[name] = interaction.options.getInteger(name) ?? undefined;
        break;
      case 'channel': {
        // The raw option value is the channel id, whether or not Discord resolved the channel.
        const value = interaction.options.get(name)?.value;
        out[name] = typeof value === 'string' ? value : undefined;
        break;
      }
      case 'users':
        out[name] = readMentions(interaction.options.getString(name), /^<@!?(\d+)>$/);
        break;
      case 'group': {
        const text = interaction.options.getString(name);
        out[name] =
          text === null
            ? undefined
            : /^(none|-|aucun)$/i.test(text.trim())
              ? text.trim()
              : (/^<@&(\d+)>$/.exec(text.trim())?.[1] ?? UNREADABLE);
        break;
      }
      default:
        out[name] = interaction.options.getString(name) ?? undefined;
    }
  }
  return out;
}

function readMentions(text: string | null, pattern: RegExp): RawValue | undefined {
  if (text === null) return undefined;
  const tokens = text.split(/[\s,]+/).filter(Boolean);
  if (tokens.length === 1 && /^(none|-|aucun)$/i.test(tokens[0] ?? '')) return [];
  const ids = tokens.map((t) => pattern.exec(t)?.[1] ?? null);
  return ids.every((id): id is string => id !== null) ? [...new Set(ids)] : UNREADABLE;
}

/** Answers inside the 3-second window: directly when the core is quick, else defer then edit. */
async function answer(interaction: Answerable, work: Promise<Reply>): Promise<void> {
  const locale = interaction.locale;
  const quick = await withinDeadline(work, ANSWER_DEADLINE_MS);
  if (quick === null) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const reply = await work;
    await interaction.editReply(editPayload(reply, locale));
    return;
  }
  const reply = quick;
  if (reply.kind === 'none') {
    if (interaction.isButton()) await interaction.deferUpdate();
    return;
  }
  if (reply.kind === 'form') {
    if (interaction.isModalSubmit()) throw new Error('a form cannot open another form on Discord');
    await interaction.showModal(renderModal(reply.form, encodeAction(reply.form.id, reply.form.state ?? '')));
    return;
  }
  if (reply.kind === 'form-errors') {
    await interaction.reply({
      content: formErrorsText(reply.errors),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
    return;
  }
  const payload = toDiscordJs(renderMessage(reply.message));
  if (reply.message.replaces && interaction.isButton()) {
    await interaction.update(payload);
    return;
  }
  await interaction.reply({
    ...payload,
    ...(reply.message.visibility === 'only-you' ? { flags: MessageFlags.Ephemeral } : {}),
  });
}

/** The renderer's API-shaped payload in the option names discord.js takes (it accepts raw embeds and components). */
function toDiscordJs(p: DiscordMessagePayload) {
  return {
    ...(p.content ? { content: p.content } : {}),
    embeds: p.embeds,
    components: p.components,
    allowedMentions: { parse: [] },
  };
}

function editPayload(reply: Reply, locale: string): Record<string, unknown> {
  if (reply.kind === 'message') return toDiscordJs(renderMessage(reply.message));
  if (reply.kind === 'form-errors') return { content: formErrorsText(reply.errors), allowedMentions: { parse: [] } };
  // Discord cannot open a form after a deferred answer; this only happens when the database is slow.
  return { content: translate(resolveLocale(locale, 'en'), 'error.form-too-slow') };
}

/** Discord modals close on submit: the problems come back as a private message, each named by its field. */
function formErrorsText(errors: Record<string, string>): string {
  return Object.entries(errors)
    .map(([field, problem]) => `**${field}**: ${escapeMarkdown(problem)}`)
    .join('\n');
}
