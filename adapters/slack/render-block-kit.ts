import { encodeAction } from '../../commands/dispatch.ts';
import type { Block, Button, Form, FormField, Inline, Message, Span } from '../../src/message/model.ts';
import { spansToPlain } from '../../src/message/model.ts';
import { truncate } from '../../src/message/truncate.ts';
import { SLACK_LIMITS as L } from './limits.ts';

/**
 * Message model → Block Kit. Pure. Text from people or feeds is never parsed as mrkdwn: styled
 * or mentioning text becomes `rich_text` elements, plain text becomes `plain_text`, so `<!channel>`
 * or `<http://x|y>` typed by someone stays inert text.
 */

type Json = Record<string, unknown>;

const plainText = (text: string, max: number): Json => ({
  type: 'plain_text',
  text: truncate(text || ' ', max),
  emoji: true,
});

function richElements(inline: Inline, max: number): Json[] {
  const spans: Span[] = typeof inline === 'string' ? [{ text: inline }] : inline;
  const out: Json[] = [];
  let budget = max;
  for (const span of spans) {
    if (budget <= 0) break;
    if ('user' in span) out.push({ type: 'user', user_id: span.user });
    else if ('group' in span) out.push({ type: 'usergroup', usergroup_id: span.group });
    else if ('channel' in span) out.push({ type: 'channel', channel_id: span.channel });
    else {
      const text = truncate(span.text, budget);
      budget -= text.length;
      if (!text) continue;
      const style =
        span.style === 'bold'
          ? { bold: true }
          : span.style === 'italic'
            ? { italic: true }
            : span.style === 'code'
              ? { code: true }
              : undefined;
      if (span.href && /^https?:\/\//i.test(span.href))
        out.push({ type: 'link', url: span.href, text, ...(style ? { style } : {}) });
      else out.push({ type: 'text', text, ...(style ? { style } : {}) });
    }
  }
  return out.length ? out : [{ type: 'text', text: ' ' }];
}

const isPlain = (inline: Inline) =>
  typeof inline === 'string' || inline.every((s) => 'text' in s && !s.style && !s.href);

function richText(inline: Inline, max: number): Json {
  return { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: richElements(inline, max) }] };
}

function renderButton(b: Button): Json {
  return {
    type: 'button',
    action_id: truncate(encodeAction(b.action, b.value), L.actionId),
    text: plainText(b.label, L.buttonText),
    ...(b.value !== undefined ? { value: b.value.slice(0, L.buttonValue) } : {}),
    ...(b.style && b.style !== 'default' ? { style: b.style } : {}),
    ...(b.subject ? { accessibility_label: truncate(`${b.label}: ${b.subject}`, L.buttonText) } : {}),
  };
}

function renderBlock(block: Block): Json[] {
  switch (block.type) {
    case 'header':
      return [{ type: 'header', text: plainText(block.text, L.headerText) }];
    case 'section':
      return [
        isPlain(block.text)
          ? { type: 'section', text: plainText(spansToPlain(block.text), L.sectionText) }
          : richText(block.text, L.sectionText),
      ];
    case 'context':
      return [
        isPlain(block.text)
          ? { type: 'context', elements: [plainText(spansToPlain(block.text), L.sectionText)] }
          : richText(block.text, L.sectionText),
      ];
    case 'fields': {
      // One rich_text line per field: mentions and bold labels, and no mrkdwn parsing of values.
      const spans: Span[] = block.fields.flatMap((f, i): Span[] => [
        ...(i ? [{ text: '\n' }] : []),
        { text: `${f.label}: `, style: 'bold' },
        ...(typeof f.value === 'string' ? [{ text: f.value }] : f.value),
      ]);
      return [richText(spans, L.sectionText)];
    }
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions':
      return block.buttons.length
        ? [{ type: 'actions', elements: block.buttons.slice(0, L.actionsElements).map(renderButton) }]
        : [];
  }
}

export interface SlackMessagePayload {
  text: string;
  blocks: Json[];
}

export function renderMessage(message: Message): SlackMessagePayload {
  let blocks = message.blocks.flatMap(renderBlock);
  if (blocks.length > L.blocksPerMessage) {
    const dropped = blocks.length - (L.blocksPerMessage - 1);
    blocks = [
      ...blocks.slice(0, L.blocksPerMessage - 1),
      { type: 'context', elements: [plainText(`… (${dropped} more)`, 100)] },
    ];
  }
  return { text: truncate(message.text, L.messageText), blocks };
}

function renderInput(field: FormField): Json {
  const initial = field.initial;
  const first = Array.isArray(initial) ? initial[0] : initial;
  const options = (field.choices ?? [])
    .slice(0, L.selectOptions)
    .map((c) => ({ text: plainText(c.label, L.optionText), value: c.value.slice(0, L.optionValue) }));
  let element: Json;
  switch (field.kind) {
    case 'text':
    case 'textarea':
      element = {
        type: 'plain_text_input',
        multiline: field.kind === 'textarea',
        max_length: Math.min(field.maxLength ?? L.plainTextInputMax, L.plainTextInputMax),
        ...(first ? { initial_value: truncate(first, L.plainTextInputMax) } : {}),
      };
      break;
    case 'number':
      element = {
        type: 'number_input',
        is_decimal_allowed: false,
        ...(first ? { initial_value: first } : {}),
        ...(field.min !== undefined ? { min_value: String(field.min) } : {}),
        ...(field.max !== undefined ? { max_value: String(field.max) } : {}),
      };
      break;
    case 'choice': {
      const selected = options.find((o) => o.value === first);
      element = { type: 'static_select', options, ...(selected ? { initial_option: selected } : {}) };
      break;
    }
    case 'choices': {
      const values = Array.isArray(initial) ? initial : initial ? [initial] : [];
      const selected = options.filter((o) => values.includes(o.value as string));
      element = { type: 'multi_static_select', options, ...(selected.length ? { initial_options: selected } : {}) };
      break;
    }
    case 'channel':
      element = {
        type: 'conversations_select',
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        ...(first ? { initial_conversation: first } : {}),
      };
      break;
  }
  element.action_id = field.id;
  if (field.placeholder) element.placeholder = plainText(field.placeholder, L.placeholder);
  return {
    type: 'input',
    block_id: field.id,
    optional: !field.required,
    label: plainText(field.label, L.inputLabel),
    ...(field.hint ? { hint: plainText(field.hint, L.hint) } : {}),
    element,
  };
}

/** A form as a modal view; `privateMetadata` is the adapter's own envelope (it carries the form's state). */
export function renderModal(form: Form, privateMetadata: string): Json {
  return {
    type: 'modal',
    callback_id: form.id,
    title: plainText(form.title, L.modalTitle),
    submit: plainText(form.submitLabel, L.modalButton),
    close: plainText(form.cancelLabel, L.modalButton),
    private_metadata: privateMetadata.slice(0, L.privateMetadata),
    blocks: form.fields.map(renderInput),
  };
}
