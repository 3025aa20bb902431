import type { Block, Button, Field, Form, Inline, Message, Reply, Span, Visibility } from './model.ts';
import { MAX_FORM_FIELDS, spansToPlain } from './model.ts';

/** Small builders so commands read as what they show. */

export const header = (text: string): Block => ({ type: 'header', text });
export const section = (text: Inline): Block => ({ type: 'section', text });
export const fields = (list: Field[]): Block => ({ type: 'fields', fields: list });
export const context = (text: Inline): Block => ({ type: 'context', text });
export const divider = (): Block => ({ type: 'divider' });
export const actions = (...buttons: Button[]): Block => ({ type: 'actions', buttons });

export const bold = (text: string): Span => ({ text, style: 'bold' });
export const code = (text: string): Span => ({ text, style: 'code' });

export function message(
  blocks: Block[],
  opts: { visibility?: Visibility; text?: string; accent?: string } = {},
): Message {
  const firstText = blocks.find((b) => b.type === 'header' || b.type === 'section');
  const text =
    opts.text ?? (firstText ? (firstText.type === 'header' ? firstText.text : spansToPlain(firstText.text)) : '');
  return { text, blocks, visibility: opts.visibility ?? 'public', ...(opts.accent ? { accent: opts.accent } : {}) };
}

/** A private one-line answer: confirmations and refusals. */
export function notice(text: Inline): Reply {
  return { kind: 'message', message: message([section(text)], { visibility: 'only-you' }) };
}

export function replyWith(m: Message): Reply {
  return { kind: 'message', message: m };
}

export function form(f: Form): Reply {
  if (f.fields.length === 0 || f.fields.length > MAX_FORM_FIELDS) {
    throw new Error(`form ${f.id} has ${f.fields.length} fields; forms hold 1 to ${MAX_FORM_FIELDS}`);
  }
  const built: Form = { ...f };
  return { kind: 'form', form: built };
}
