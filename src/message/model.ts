/**
 * The neutral message model. The core says what to show; each adapter's pure renderer decides how
 * (Block Kit, Discord embeds + components, playground HTML). Every string here is plain text:
 * renderers escape it, so text from people or feeds can never become markup or a mass ping.
 */

/** Inline text: plain strings, or spans with a style, a link, or a mention of one person/group/channel. */
export type Span =
  | { text: string; style?: 'bold' | 'italic' | 'code'; href?: string }
  | { user: string }
  | { group: string }
  | { channel: string };
export type Inline = string | Span[];

export type ButtonStyle = 'primary' | 'danger' | 'default';

export interface Button {
  /** Stable action id, e.g. `config:edit`; the adapter routes clicks by it. */
  action: string;
  label: string;
  /** Opaque value carried back with the click (validated by the command on return). */
  value?: string;
  style?: ButtonStyle;
  /**
   * What the button acts on, when a message repeats one action for several things (each story of
   * a digest): said to screen readers, and the name of each choice where a platform must gather
   * such buttons into one menu (Discord's five rows).
   */
  subject?: string;
}

export interface Field {
  label: string;
  value: Inline;
}

export type Block =
  | { type: 'header'; text: string }
  | { type: 'section'; text: Inline }
  | { type: 'fields'; fields: Field[] }
  | { type: 'context'; text: Inline }
  | { type: 'divider' }
  | { type: 'actions'; buttons: Button[] };

export type Visibility = 'public' | 'only-you' | 'direct';

/** Where a message lives once posted: enough for any adapter to update it or reply in its thread. */
export interface MessageRef {
  channel: string;
  id: string;
}

export interface Message {
  /** Plain-text summary: notifications, screen readers, and the fallback where blocks cannot show. */
  text: string;
  blocks: Block[];
  visibility: Visibility;
  /** Reply in the thread of this message. */
  threadOf?: MessageRef;
  /** Replace this message in place instead of posting a new one. */
  replaces?: MessageRef;
  /** Accent colour for cards, as #rrggbb. */
  accent?: string;
  /**
   * A file sent with the message: a picture shown with it (the weekly report's chart) or a
   * document to download (the /stats export); base64 so the outbox can hold it as JSON.
   */
  attachment?: MessageAttachment;
  /** A link to another posted message (a note to an author links to the draft's card); each adapter makes its URL. */
  linkTo?: { message: MessageRef; label: string };
}

export interface MessageAttachment {
  /** `image`: a PNG shown with the message; `file`: a document to download. */
  kind: 'image' | 'file';
  /** The bytes, base64. */
  base64: string;
  /** `chart.png`, `relais-2026-03.csv`: letters, digits, dashes and dots only. */
  filename: string;
  contentType: 'image/png' | 'text/csv';
  /** What the file holds in words, for screen readers and wherever it does not show. */
  alt: string;
}

type FormFieldKind = 'text' | 'textarea' | 'number' | 'choice' | 'choices' | 'channel';

export interface FormField {
  id: string;
  label: string;
  kind: FormFieldKind;
  required: boolean;
  initial?: string | string[];
  placeholder?: string;
  hint?: string;
  choices?: { value: string; label: string }[];
  maxLength?: number;
  /** Bounds of a number field. */
  min?: number;
  max?: number;
  /**
   * A long text where one input holds less than `maxLength` (Slack: 3,000): the platform shows
   * more inputs under this label, and their parts come back joined by a new line.
   */
  continued?: { label: string; hint: string };
}

/**
 * A form (Slack modal, Discord modal, playground dialog). At most five fields: the most Discord's
 * modals hold, so every form the core builds shows on every platform.
 */
export interface Form {
  /** Routes the submission back, e.g. `config:review`. */
  id: string;
  title: string;
  submitLabel: string;
  cancelLabel: string;
  fields: FormField[];
  /** Opaque state carried through the submission (validated on return). */
  state?: string;
}

export const MAX_FORM_FIELDS = 5;

/** What a command, click or form submission answers with. */
export type Reply =
  | { kind: 'message'; message: Message }
  | { kind: 'form'; form: Form }
  /** A submitted form had problems: field id → message, shown beside the field where the platform can. */
  | {
      kind: 'form-errors';
      errors: Record<string, string>;
      /**
       * Where the platform closes a form on submit (Discord): the private answer to show instead,
       * each problem named by its field, with a button that opens the form again as typed.
       */
      closed?: Message;
    }
  | { kind: 'none' };

export function spansToPlain(inline: Inline): string {
  if (typeof inline === 'string') return inline;
  return inline
    .map((s) => ('text' in s ? s.text : 'user' in s ? `@${s.user}` : 'group' in s ? `@${s.group}` : `#${s.channel}`))
    .join('');
}

/** The message with its `linkTo` made a link at its end, where the platform gave a URL for it. */
export function withLinkTo(message: Message, url: string | null): Message {
  if (!message.linkTo) return message;
  const { linkTo, ...rest } = message;
  if (!url) return rest;
  const link: Block = { type: 'context', text: [{ text: linkTo.label, href: url }] };
  // Before the buttons, when the message ends with them: the next step stays last.
  const last = rest.blocks.at(-1);
  const blocks = last?.type === 'actions' ? [...rest.blocks.slice(0, -1), link, last] : [...rest.blocks, link];
  return { ...rest, blocks };
}
