import {
  type APIInteraction,
  type APIInteractionResponse,
  type APIModalSubmitInteraction,
  InteractionResponseType,
  MessageFlags,
  type RawFile,
  type REST,
  type RESTPatchAPIWebhookWithTokenMessageJSONBody,
  type RESTPostAPIWebhookWithTokenJSONBody,
  Routes,
} from 'discord.js';
import type { PlatformTools } from '../../commands/define-command.ts';
import type { Dispatcher, Invocation } from '../../commands/dispatch.ts';
import { ANSWER_DEADLINE_MS, withinDeadline } from '../../src/deadline.ts';
import { type Locale, resolveLocale, translate } from '../../src/i18n/catalog.ts';
import { optionName } from '../../src/i18n/option-names.ts';
import type { Logger } from '../../src/log.ts';
import { decodeActionId, encodeActionId } from '../../src/message/action-id.ts';
import type { Message, MessageRef, Reply } from '../../src/message/model.ts';
import { withAttachment } from './attach-file.ts';
import { DISCORD_LIMITS } from './limits.ts';
import {
  type Answerable,
  actorOf,
  channelOf,
  clickedId,
  formValues,
  isAnswerable,
  isClick,
  isFormSubmit,
  readOptions,
  rolesOf,
} from './read-interaction.ts';
import { renderMessage, renderModal } from './render-discord.ts';

/** How an interaction is answered: the first response, then edits of it (a deferred answer). */
export interface Responder {
  respond(response: APIInteractionResponse): Promise<void>;
  /** `files`: multipart attachments (a private answer's file). */
  editOriginal(body: RESTPatchAPIWebhookWithTokenMessageJSONBody, files?: RawFile[]): Promise<void>;
  /** A new message after the interaction was acknowledged (private with the ephemeral flag). */
  followUp(body: RESTPostAPIWebhookWithTokenJSONBody, files?: RawFile[]): Promise<void>;
}

/** Answers through Discord's interaction routes (no bot token: the interaction token is the credential). */
export function restResponder(rest: REST, applicationId: string, raw: APIInteraction): Responder {
  return {
    async respond(response) {
      await rest.post(Routes.interactionCallback(raw.id, raw.token), { body: response, auth: false });
    },
    async editOriginal(body, files) {
      await rest.patch(Routes.webhookMessage(applicationId, raw.token), {
        body,
        auth: false,
        ...(files ? { files } : {}),
      });
    },
    async followUp(body, files) {
      await rest.post(Routes.webhook(applicationId, raw.token), { body, auth: false, ...(files ? { files } : {}) });
    },
  };
}

/** What Relais knows of a server without asking the core: its name when known, its channels. */
export interface GuildDirectory {
  name(guildId: string): string | undefined;
  channels(guildId: string): Promise<{ id: string; name: string }[]>;
}

export type Outcome = 'answered' | 'duplicate' | 'ignored';

/**
 * One interaction, whichever way it came (gateway or Interactions Endpoint): claimed first, so the
 * same interaction delivered twice (a gateway replay, two processes) has its effect once and gets
 * exactly one answer; then dispatched to the core and answered within Discord's 3 seconds
 * (directly when the core is quick, else deferred and edited).
 */
export function createInteractionHandler(deps: {
  dispatcher: Dispatcher;
  log: Logger;
  /** True for the first claim of an interaction id across every process, false after. */
  claim: (interactionId: string) => Promise<boolean>;
  directory: GuildDirectory;
}) {
  const { dispatcher, log } = deps;

  function invocationOf(raw: Answerable): Invocation {
    const guildId = raw.guild_id ?? null;
    const name = guildId ? deps.directory.name(guildId) : undefined;
    return {
      workspace: guildId
        ? { platform: 'discord', externalId: guildId, ...(name ? { name } : {}) }
        : { platform: 'discord', externalId: null },
      actor: actorOf(raw),
      channelId: channelOf(raw),
      platform: discordTools(guildId, rolesOf(raw), deps.directory, clientLanguage(raw.locale)),
      deliveryId: `discord:${raw.id}`,
      source: sourceOf(raw),
    };
  }

  function submitForm(raw: APIModalSubmitInteraction, inv: Invocation): Promise<Reply> {
    const { action: formId, value: state } = decodeActionId(raw.data.custom_id);
    return dispatcher.form(inv, formId, formValues(raw), state || undefined);
  }

  return async function handle(raw: APIInteraction, responder: Responder): Promise<Outcome> {
    if (!isAnswerable(raw)) return 'ignored';
    if (!(await deps.claim(raw.id))) {
      log.info({ interaction: raw.id }, 'Discord interaction already claimed; not answered twice');
      return 'duplicate';
    }
    // Outside a server only buttons and their forms make sense (direct messages carry their workspace).
    if (!raw.guild_id && !isClick(raw) && !isFormSubmit(raw)) {
      await responder.respond(privateText(translate(resolveLocale(raw.locale, 'en'), 'error.not-in-workspace')));
      return 'answered';
    }
    const inv = invocationOf(raw);
    const work = isClick(raw)
      ? dispatcher.action(inv, clickedId(raw))
      : isFormSubmit(raw)
        ? submitForm(raw, inv)
        : dispatcher.command(inv, { command: raw.data.name, ...readOptions(raw) });
    await answer(raw, responder, work);
    return 'answered';
  };
}

/** The language the person's Discord shows option names in: French ones for a French client, else English. */
const clientLanguage = (locale: string | undefined): Locale => (locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en');

function discordTools(
  guildId: string | null,
  roles: string[],
  directory: GuildDirectory,
  optionsIn: Locale,
): PlatformTools {
  return {
    async memberOf(roleId) {
      return roles.includes(roleId);
    },
    async resolveChannel(ref) {
      if (!guildId) return null;
      const text = ref.trim();
      const id = /^<#(\d+)>$/.exec(text)?.[1] ?? (/^\d{5,25}$/.test(text) ? text : null);
      const channels = await directory.channels(guildId);
      if (id) return channels.some((c) => c.id === id) ? id : null;
      const name = text.replace(/^#/, '').toLowerCase();
      return channels.find((c) => c.name.toLowerCase() === name)?.id ?? null;
    },
    // Named as this person's Discord shows them, whatever language the answer is in.
    formatUsage(command, subcommand, args) {
      const shown = args.map(([name, value]) => `${optionName(optionsIn, name)}:${value || '…'}`);
      return [`/${command}`, subcommand, ...shown].filter(Boolean).join(' ');
    },
    formTextMax: DISCORD_LIMITS.inputValue,
    formsCloseOnSubmit: true,
  };
}

function privateText(content: string): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
  };
}

/** Answers inside the 3-second window: directly when the core is quick, else defer then edit. */
async function answer(raw: Answerable, responder: Responder, work: Promise<Reply>): Promise<void> {
  const quick = await withinDeadline(work, ANSWER_DEADLINE_MS);
  // A file cannot ride in the HTTP answer of the Interactions Endpoint: every answer with one is
  // deferred (privately), then the file attached by editing it through the REST route.
  const attached = quick?.kind === 'message' && quick.message.attachment;
  // A click answered late: Discord is told the clicked message may change, so an answer that takes
  // its place still does (an answered prompt loses its buttons), and any other answer follows it.
  if (quick === null && isClick(raw)) {
    await responder.respond({ type: InteractionResponseType.DeferredMessageUpdate });
    await answerLateClick(raw, responder, await work);
    return;
  }
  if (quick === null || attached) {
    await responder.respond({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral },
    });
    const reply = await work;
    const { payload, files } = withAttachment(
      editPayload(reply, raw.locale),
      reply.kind === 'message' ? reply.message.attachment : undefined,
    );
    await responder.editOriginal(payload, files);
    return;
  }
  const reply = quick;
  if (reply.kind === 'none') {
    if (isClick(raw)) await responder.respond({ type: InteractionResponseType.DeferredMessageUpdate });
    return;
  }
  if (reply.kind === 'form') {
    if (isFormSubmit(raw)) throw new Error('a form cannot open another form on Discord');
    const data = renderModal(reply.form, encodeActionId(reply.form.id, reply.form.state ?? ''));
    await responder.respond({ type: InteractionResponseType.Modal, data });
    return;
  }
  if (reply.kind === 'form-errors') {
    const payload = renderMessage(formErrorsMessage(reply));
    await responder.respond({ type: InteractionResponseType.ChannelMessageWithSource, data: payload });
    return;
  }
  const payload = renderMessage(reply.message);
  // A click's answer, or that of a form a click opened, may take the place of the message it came from.
  if (reply.message.replaces && (isClick(raw) || (isFormSubmit(raw) && raw.message))) {
    const { flags: _onlyForNewAnswers, ...update } = payload;
    await responder.respond({ type: InteractionResponseType.UpdateMessage, data: update });
    return;
  }
  await responder.respond({ type: InteractionResponseType.ChannelMessageWithSource, data: payload });
}

async function answerLateClick(raw: Answerable, responder: Responder, reply: Reply): Promise<void> {
  if (reply.kind === 'none') return;
  if (reply.kind === 'message' && reply.message.replaces) {
    const { payload, files } = withAttachment(editPayload(reply, raw.locale), reply.message.attachment);
    await responder.editOriginal(payload, files);
    return;
  }
  const message =
    reply.kind === 'message' ? reply.message : reply.kind === 'form-errors' ? formErrorsMessage(reply) : null;
  if (!message) {
    // Discord cannot open a form after a deferred answer; this only happens when the database is slow.
    const content = translate(resolveLocale(raw.locale, 'en'), 'error.form-too-slow');
    await responder.followUp({ content, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } });
    return;
  }
  const { payload, files } = withAttachment(renderMessage(message), message.attachment);
  await responder.followUp(payload, files);
}

function editPayload(reply: Reply, locale: string): RESTPatchAPIWebhookWithTokenMessageJSONBody {
  if (reply.kind === 'message') {
    const { flags: _setWhenDeferring, ...payload } = renderMessage(reply.message);
    return payload;
  }
  if (reply.kind === 'form-errors') {
    const { flags: _setWhenDeferring, ...payload } = renderMessage(formErrorsMessage(reply));
    return payload;
  }
  // Discord cannot open a form after a deferred answer; this only happens when the database is slow.
  return { content: translate(resolveLocale(locale, 'en'), 'error.form-too-slow'), allowed_mentions: { parse: [] } };
}

/** Discord modals close on submit: the problems come back as a private message (the core's, with its Fix it button). */
function formErrorsMessage(reply: Extract<Reply, { kind: 'form-errors' }>): Message {
  if (reply.closed) return reply.closed;
  const text = Object.values(reply.errors).join('\n');
  return { text, blocks: [{ type: 'section', text }], visibility: 'only-you' };
}

/** The message a click (or the form it opened) came from. */
function sourceOf(raw: Answerable): MessageRef | null {
  const message = 'message' in raw ? raw.message : undefined;
  return message ? { channel: message.channel_id, id: message.id } : null;
}
