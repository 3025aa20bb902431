import type {
  ActionsBlock,
  HomeView,
  InputBlock,
  InputBlockElement,
  KnownBlock,
  ModalView,
  PlainTextElement,
  PlainTextOption,
  RichTextBlock,
  RichTextElement,
  Button as SlackButton,
} from '@slack/types';
import { encodeActionId } from '../../src/message/action-id.ts';
import type { Block, Button, Form, FormField, Inline, Message, Span } from '../../src/message/model.ts';
import { spansToPlain } from '../../src/message/model.ts';
import { truncate } from '../../src/message/truncate.ts';
import { SLACK_LIMITS as L } from './limits.ts';
import { escapeMrkdwn } from './mrkdwn-escape.ts';

/**
 * Message model → Block Kit. Pure. Text from people or feeds is never parsed as mrkdwn: styled
 * or mentioning text becomes `rich_text` elements, plain text becomes `plain_text`, so `<!channel>`
 * or `<http://x|y>` typed by someone stays inert text. The one mrkdwn field, the message's
 * top-level `text` (its notification and fallback), is escaped.
 */

const plainText = (text: string, max: number): PlainTextElement => ({
  type: 'plain_text',
  text: truncate(text || ' ', max),
  emoji: true,
});

const STYLES = { bold: { bold: true }, italic: { italic: true }, code: { code: true } } as const;

function richElements(inline: Inline, max: number): RichTextElement[] {
  const spans: Span[] = typeof inline === 'string' ? [{ text: inline }] : inline;
  const out: RichTextElement[] = [];
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
      const style = span.style ? { style: STYLES[span.style] } : {};
      if (span.href && /^https?:\/\//i.test(span.href)) out.push({ type: 'link', url: span.href, text, ...style });
      else out.push({ type: 'text', text, ...style });
    }
  }
  return out.length ? out : [{ type: 'text', text: ' ' }];
}

const isPlain = (inline: Inline) =>
  typeof inline === 'string' || inline.every((s) => 'text' in s && !s.style && !s.href);

function richText(inline: Inline, max: number): RichTextBlock {
  return { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: richElements(inline, max) }] };
}

function renderButton(b: Button): SlackButton {
  return {
    type: 'button',
    action_id: truncate(encodeActionId(b.action, b.value), L.actionId),
    text: plainText(b.label, L.buttonText),
    ...(b.value !== undefined ? { value: b.value.slice(0, L.buttonValue) } : {}),
    ...(b.style && b.style !== 'default' ? { style: b.style } : {}),
    ...(b.subject ? { accessibility_label: truncate(`${b.label}: ${b.subject}`, L.buttonText) } : {}),
  };
}

function renderBlock(block: Block): KnownBlock[] {
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
    case 'actions': {
      if (!block.buttons.length) return [];
      const actions: ActionsBlock = {
        type: 'actions',
        elements: block.buttons.slice(0, L.actionsElements).map(renderButton),
      };
      return [actions];
    }
  }
}

export interface SlackMessagePayload {
  text: string;
  blocks: KnownBlock[];
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
  return { text: escapeMrkdwn(message.text, L.messageText), blocks };
}

/** Blocks as the App Home tab's view: up to 100 blocks there (a message holds 50). */
export function renderHome(blocks: Block[]): HomeView {
  let out = blocks.flatMap(renderBlock);
  if (out.length > L.blocksPerHome) {
    const dropped = out.length - (L.blocksPerHome - 1);
    out = [
      ...out.slice(0, L.blocksPerHome - 1),
      { type: 'context', elements: [plainText(`… (${dropped} more)`, 100)] },
    ];
  }
  return { type: 'home', blocks: out };
}

function renderElement(field: FormField, options: PlainTextOption[]): InputBlockElement {
  const initial = field.initial;
  const first = Array.isArray(initial) ? initial[0] : initial;
  const placeholder = field.placeholder ? { placeholder: plainText(field.placeholder, L.placeholder) } : {};
  const common = { action_id: field.id, ...placeholder };
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return {
        type: 'plain_text_input',
        ...common,
        multiline: field.kind === 'textarea',
        max_length: Math.min(field.maxLength ?? L.plainTextInputMax, L.plainTextInputMax),
        ...(first ? { initial_value: truncate(first, L.plainTextInputMax) } : {}),
      };
    case 'number':
      return {
        type: 'number_input',
        ...common,
        is_decimal_allowed: false,
        ...(first ? { initial_value: first } : {}),
        ...(field.min !== undefined ? { min_value: String(field.min) } : {}),
        ...(field.max !== undefined ? { max_value: String(field.max) } : {}),
      };
    case 'choice': {
      const selected = options.find((o) => o.value === first);
      return { type: 'static_select', ...common, options, ...(selected ? { initial_option: selected } : {}) };
    }
    case 'choices': {
      const values = Array.isArray(initial) ? initial : initial ? [initial] : [];
      const selected = options.filter((o) => o.value !== undefined && values.includes(o.value));
      return {
        type: 'multi_static_select',
        ...common,
        options,
        ...(selected.length ? { initial_options: selected } : {}),
      };
    }
    case 'channel':
      return {
        type: 'conversations_select',
        ...common,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        ...(first ? { initial_conversation: first } : {}),
      };
  }
}

function renderInput(field: FormField): InputBlock {
  const options: PlainTextOption[] = (field.choices ?? [])
    .slice(0, L.selectOptions)
    .map((c) => ({ text: plainText(c.label, L.optionText), value: c.value.slice(0, L.optionValue) }));
  return {
    type: 'input',
    block_id: field.id,
    optional: !field.required,
    label: plainText(field.label, L.inputLabel),
    ...(field.hint ? { hint: plainText(field.hint, L.hint) } : {}),
    element: renderElement(field, options),
  };
}

/** Marks the block ids of a long text's continuation inputs: `text~2` continues `text`. */
const CONTINUED = '~';

/**
 * A text longer than one input holds shows as several: the first under the field's label, the
 * others as its continuation. Prefilled text is split at line ends (else spaces), the joints the
 * submission puts back.
 */
function renderInputs(field: FormField): InputBlock[] {
  const max = field.maxLength ?? 0;
  if (field.kind !== 'textarea' || !field.continued || max <= L.plainTextInputMax) return [renderInput(field)];
  const count = Math.min(Math.ceil(max / L.plainTextInputMax), 10);
  const initial = typeof field.initial === 'string' ? field.initial : '';
  const parts = splitText(initial, L.plainTextInputMax, count);
  const { initial: _whole, ...rest } = field;
  const blocks: InputBlock[] = [renderInput({ ...rest, ...(parts[0] ? { initial: parts[0] } : {}) })];
  for (let i = 2; i <= count; i++) {
    const part = parts[i - 1];
    blocks.push(
      renderInput({
        id: `${field.id}${CONTINUED}${i}`,
        label: count > 2 ? `${field.continued.label} ${i - 1}` : field.continued.label,
        hint: field.continued.hint,
        kind: 'textarea',
        required: false,
        maxLength: L.plainTextInputMax,
        ...(part ? { initial: part } : {}),
      }),
    );
  }
  return blocks;
}

function splitText(text: string, size: number, count: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > size && parts.length < count - 1) {
    const window = rest.slice(0, size + 1);
    const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const at = cut > 0 ? cut : size;
    parts.push(rest.slice(0, at));
    rest = rest.slice(cut > 0 ? at + 1 : at);
  }
  parts.push(rest);
  return parts;
}

/** A form as a modal view; `privateMetadata` is the adapter's own envelope (it carries the form's state). */
export function renderModal(form: Form, privateMetadata: string): ModalView {
  return {
    type: 'modal',
    callback_id: form.id,
    title: plainText(form.title, L.modalTitle),
    submit: plainText(form.submitLabel, L.modalButton),
    close: plainText(form.cancelLabel, L.modalButton),
    private_metadata: privateMetadata.slice(0, L.privateMetadata),
    blocks: form.fields.flatMap(renderInputs),
  };
}
