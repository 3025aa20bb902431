import {
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type APIModalInteractionResponseCallbackData,
  type APIStringSelectComponent,
  type APITextInputComponent,
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type RESTPostAPIChannelMessageJSONBody,
  TextInputStyle,
} from 'discord.js';
import { encodeActionId } from '../../src/message/action-id.ts';
import type { Block, Button, Form, Inline, Message, Span } from '../../src/message/model.ts';
import { truncate } from '../../src/message/truncate.ts';
import { DISCORD_LIMITS as L } from './limits.ts';

/**
 * Message model → Discord embed + components. Pure. People's text is markdown-escaped and the
 * payload always carries `allowed_mentions: { parse: [] }`, so nothing typed by someone can
 * format, link or ping.
 */

/**
 * Backslash-escapes Discord markdown: inline markers anywhere, block markers (headings, lists,
 * quotes, subtext) at the start of a line; breaks `@everyone`/`@here` even where mentions would parse.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\*_~`|[\]()<])/g, '\\$1')
    .replace(/^(\s*)([#>-]|\d+\.)/gm, '$1\\$2')
    .replace(/@(everyone|here)/gi, '@\u200b$1');
}

function inlineToMarkdown(inline: Inline): string {
  const spans: Span[] = typeof inline === 'string' ? [{ text: inline }] : inline;
  return spans
    .map((s) => {
      if ('user' in s) return `<@${s.user}>`;
      if ('group' in s) return `<@&${s.group}>`;
      if ('channel' in s) return `<#${s.channel}>`;
      let text = escapeMarkdown(s.text);
      if (s.style === 'bold') text = `**${text}**`;
      else if (s.style === 'italic') text = `*${text}*`;
      else if (s.style === 'code') text = `\`${s.text.replace(/`/g, 'ˋ')}\``;
      if (s.href && /^https?:\/\//i.test(s.href))
        text = `[${text}](<${s.href.replace(/[<>\s]/g, encodeURIComponent)}>)`;
      return text;
    })
    .join('');
}

const BUTTON_STYLE = {
  primary: ButtonStyle.Primary,
  default: ButtonStyle.Secondary,
  danger: ButtonStyle.Danger,
} as const;

function renderButton(b: Button): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: BUTTON_STYLE[b.style ?? 'default'],
    label: truncate(b.label, L.buttonLabel),
    custom_id: encodeActionId(b.action, b.value).slice(0, L.customId),
  };
}

type DiscordActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/**
 * Actions a message repeats for several named things (Draft a post, once per digest story): on
 * Discord, five rows would hold five of them with the same label, so they become one menu listing
 * each thing by name.
 */
function repeatedActions(blocks: Block[]): Map<string, Button[]> {
  const byAction = new Map<string, Button[]>();
  for (const block of blocks) {
    if (block.type !== 'actions') continue;
    for (const b of block.buttons) if (b.subject) byAction.set(b.action, [...(byAction.get(b.action) ?? []), b]);
  }
  return new Map([...byAction].filter(([, buttons]) => buttons.length > 1));
}

/** One string select per 25 things, each option numbered in the message's order; the pick is the button's value. */
function renderMenus(buttons: Button[]): DiscordActionRow[] {
  const rows: DiscordActionRow[] = [];
  for (let start = 0; start < buttons.length; start += L.selectOptions) {
    const menu: APIStringSelectComponent = {
      type: ComponentType.StringSelect,
      custom_id: encodeActionId(buttons[0]?.action ?? '', String(rows.length)).slice(0, L.customId),
      placeholder: truncate(buttons[0]?.label ?? '', L.selectPlaceholder),
      options: buttons.slice(start, start + L.selectOptions).map((b, i) => ({
        label: truncate(`${start + i + 1}. ${b.subject ?? b.label}`, L.selectOptionLabel),
        value: (b.value ?? '').slice(0, L.selectOptionValue),
      })),
    };
    rows.push({ type: ComponentType.ActionRow, components: [menu] });
  }
  return rows;
}

/**
 * A message for a channel post, an interaction reply or an edit: content or one embed, action
 * rows, no mention parsed. `flags` carries Ephemeral for an answer only its reader sees (a channel
 * post drops it).
 */
export interface DiscordMessagePayload extends RESTPostAPIChannelMessageJSONBody {
  embeds: APIEmbed[];
  components: DiscordActionRow[];
  allowed_mentions: APIAllowedMentions;
}

export function renderMessage(message: Message): DiscordMessagePayload {
  const embed: APIEmbed = {};
  const description: string[] = [];
  const footer: string[] = [];
  const fields: APIEmbedField[] = [];
  const rows: DiscordActionRow[] = [];
  // Each repeated action becomes its menu where its first button was.
  const menus = repeatedActions(message.blocks);
  const repeated = new Set(menus.keys());
  const pushBlock = (block: Block) => {
    switch (block.type) {
      case 'header':
        if (!embed.title) embed.title = truncate(block.text, L.embedTitle);
        else description.push(`**${escapeMarkdown(block.text)}**`);
        break;
      case 'section':
        description.push(inlineToMarkdown(block.text));
        break;
      case 'context':
        footer.push(inlineToMarkdown(block.text));
        break;
      case 'divider':
        break;
      case 'fields':
        // Fields after descriptive text keep their place by going into the description when embeds are full.
        for (const f of block.fields) {
          if (fields.length < L.embedFields)
            fields.push({
              name: truncate(f.label, L.fieldName),
              value: truncate(inlineToMarkdown(f.value) || '—', L.fieldValue),
              inline: true,
            });
          else description.push(`**${escapeMarkdown(f.label)}**: ${inlineToMarkdown(f.value)}`);
        }
        break;
      case 'actions': {
        for (const b of block.buttons) {
          const gathered = menus.get(b.action);
          if (b.subject && gathered) {
            rows.push(...renderMenus(gathered));
            menus.delete(b.action);
          }
        }
        const buttons = block.buttons.filter((b) => !(b.subject && repeated.has(b.action)));
        for (let i = 0; i < buttons.length && rows.length < L.actionRows; i += L.buttonsPerRow) {
          rows.push({
            type: ComponentType.ActionRow,
            components: buttons.slice(i, i + L.buttonsPerRow).map(renderButton),
          });
        }
        break;
      }
    }
  };
  message.blocks.forEach(pushBlock);
  // Context lines are small print: in the footer when it is plain, else at the end of the description (mentions do not render in footers).
  const footerHasMarkup = footer.some((line) => /<[@#]/.test(line));
  if (footerHasMarkup) description.push(...footer.map((line) => `-# ${line}`));
  else if (footer.length) embed.footer = { text: truncate(footer.join('\n').replace(/\\(.)/g, '$1'), L.footer) };
  if (description.length) embed.description = truncate(description.join('\n\n'), L.embedDescription);
  if (fields.length) embed.fields = fields;
  if (message.accent) embed.color = Number.parseInt(message.accent.slice(1), 16);
  fitEmbedTotal(embed);
  const hasEmbed = Object.keys(embed).length > 0;
  return {
    ...(hasEmbed ? {} : { content: truncate(message.text, L.content) }),
    embeds: hasEmbed ? [embed] : [],
    components: rows.slice(0, L.actionRows),
    allowed_mentions: { parse: [] },
    ...(message.visibility === 'only-you' ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/**
 * All embeds together must stay under 6,000 characters: fields are dropped from the end (and
 * counted in a last field) until they fit beside the title and footer, then the description
 * takes what is left.
 */
function fitEmbedTotal(embed: APIEmbed): void {
  const fixed = (embed.title ?? '').length + (embed.footer?.text ?? '').length;
  const fields = embed.fields ?? [];
  const fieldSize = (f: APIEmbedField) => f.name.length + f.value.length;
  const reserveForDescription = Math.min(String(embed.description ?? '').length, 500);
  let dropped = 0;
  while (
    fields.length &&
    fixed + reserveForDescription + fields.reduce((n, f) => n + fieldSize(f), 0) + (dropped ? 12 : 0) > L.embedsTotal
  ) {
    fields.pop();
    dropped++;
  }
  if (dropped) fields.push({ name: '…', value: `+${dropped}`, inline: true });
  if (embed.fields) embed.fields = fields;
  const left = L.embedsTotal - fixed - fields.reduce((n, f) => n + fieldSize(f), 0);
  if (typeof embed.description === 'string' && embed.description.length > left)
    embed.description = truncate(embed.description, Math.max(1, left));
}

/** A form as a modal. Discord modals hold text inputs: choices are typed, and listed in the placeholder. */
export function renderModal(form: Form, customId: string): APIModalInteractionResponseCallbackData {
  return {
    title: truncate(form.title, L.modalTitle),
    custom_id: customId.slice(0, L.customId),
    components: form.fields.slice(0, L.modalInputs).map((f): APIActionRowComponent<APITextInputComponent> => {
      const initial = Array.isArray(f.initial) ? f.initial.join(', ') : f.initial;
      const choices = f.choices?.map((c) => c.value).join(', ');
      const placeholder = f.placeholder ?? (choices ? choices : f.hint);
      return {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: f.id,
            label: truncate(f.label, L.inputLabel),
            style: f.kind === 'textarea' ? TextInputStyle.Paragraph : TextInputStyle.Short,
            required: f.required,
            max_length: Math.min(f.maxLength ?? L.inputValue, L.inputValue),
            ...(initial ? { value: truncate(initial, L.inputValue) } : {}),
            ...(placeholder ? { placeholder: truncate(placeholder, L.placeholder) } : {}),
          },
        ],
      };
    }),
  };
}
