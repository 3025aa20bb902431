import { encodeActionId } from '../../src/message/action-id.ts';
import type {
  Block,
  Button,
  Form,
  FormField,
  Inline,
  Message,
  MessageAttachment,
  Span,
} from '../../src/message/model.ts';
import { ELLIPSIS, truncate } from '../../src/message/truncate.ts';
import { PLAYGROUND_LIMITS as L } from './limits.ts';

/**
 * Message model → HTML for the playground page. Pure. Every string is escaped, so text from
 * people or feeds (`<script>`, `<!channel>`, `@everyone`) shows as the inert text it is; only
 * http(s) links become anchors; mentions become chips named through the lookup given.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c as keyof typeof ESCAPES]);
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' } as const;

/** Display names for the ids mentions carry; an unknown id shows as itself. */
export interface MentionNames {
  users?: ReadonlyMap<string, string>;
  groups?: ReadonlyMap<string, string>;
  channels?: ReadonlyMap<string, string>;
}

export interface RenderMessageOptions {
  names?: MentionNames;
  /** Page-language labels for the visibility note. */
  labels?: { onlyYou?: string; direct?: string };
}

export function renderMessageHtml(message: Message, opts: RenderMessageOptions = {}): string {
  const names = opts.names ?? {};
  const blocks: Block[] = message.blocks.length ? message.blocks : [{ type: 'section', text: message.text }];
  const shown = blocks.length > L.blocksPerMessage ? blocks.slice(0, L.blocksPerMessage - 1) : blocks;
  let buttonBudget: number = L.buttonsPerMessage;
  const parts = shown.map((block) => {
    if (block.type !== 'actions') return renderBlock(block, names);
    const buttons = block.buttons.slice(0, Math.max(0, buttonBudget));
    buttonBudget -= buttons.length;
    return buttons.length ? `<div class="rl-actions">${buttons.map(renderButton).join('')}</div>` : '';
  });
  if (shown.length < blocks.length)
    parts.push(`<p class="rl-context rl-truncated">${ELLIPSIS} (${blocks.length - shown.length} more)</p>`);
  const note =
    message.visibility === 'only-you'
      ? `<p class="rl-visibility">${escapeHtml(opts.labels?.onlyYou ?? 'Only visible to you')}</p>`
      : message.visibility === 'direct'
        ? `<p class="rl-visibility">${escapeHtml(opts.labels?.direct ?? 'Direct message')}</p>`
        : '';
  const accent = message.accent && /^#[0-9a-f]{6}$/i.test(message.accent) ? ` data-accent="${message.accent}"` : '';
  if (message.attachment) parts.push(renderAttachment(message.attachment));
  return `<div class="rl-message" data-visibility="${message.visibility}"${accent}>${note}${parts.join('')}</div>`;
}

/**
 * A PNG as a data: URL (the page's CSP allows `img-src data:`), with its alt text; any other file
 * as a download link holding its bytes (a data: URL with `download`: nothing is navigated to).
 */
function renderAttachment(file: MessageAttachment): string {
  // Only base64's alphabet goes into the attribute: nothing else can end it.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(file.base64)) return '';
  if (file.kind === 'image')
    return `<img class="rl-image" src="data:image/png;base64,${file.base64}" alt="${escapeHtml(file.alt)}" width="800" height="400">`;
  const name = /^[\w.-]{1,100}$/.test(file.filename) ? file.filename : 'relais-file.txt';
  const type = file.contentType === 'text/csv' ? 'text/csv' : 'text/plain';
  return `<p class="rl-file"><a class="rl-download" href="data:${type};charset=utf-8;base64,${file.base64}" download="${name}" title="${escapeHtml(file.alt)}">${escapeHtml(name)}</a></p>`;
}

function renderBlock(block: Exclude<Block, { type: 'actions' }>, names: MentionNames): string {
  switch (block.type) {
    case 'header':
      return `<h3 class="rl-header">${escapeHtml(truncate(block.text, L.headerText))}</h3>`;
    case 'section':
      return `<p class="rl-section">${renderInlineHtml(block.text, L.sectionText, names)}</p>`;
    case 'context':
      return `<p class="rl-context">${renderInlineHtml(block.text, L.sectionText, names)}</p>`;
    case 'divider':
      return '<hr class="rl-divider">';
    case 'fields':
      return `<dl class="rl-fields">${block.fields
        .map(
          (f) =>
            `<div class="rl-field"><dt>${escapeHtml(truncate(f.label, L.fieldLabel))}</dt><dd>${renderInlineHtml(f.value, L.sectionText, names)}</dd></div>`,
        )
        .join('')}</dl>`;
  }
}

function renderButton(b: Button): string {
  const style = b.style && b.style !== 'default' ? ` rl-${b.style}` : '';
  const said = b.subject ? ` aria-label="${escapeHtml(`${b.label}: ${b.subject}`)}"` : '';
  return `<button type="button" class="rl-button${style}" data-action="${escapeHtml(encodeActionId(b.action, b.value))}"${said}>${escapeHtml(truncate(b.label, L.buttonLabel))}</button>`;
}

/** Inline text within `max` characters (mentions count their shown name); a cut ends with an ellipsis. */
export function renderInlineHtml(inline: Inline, max: number, names: MentionNames = {}): string {
  const spans: Span[] = typeof inline === 'string' ? [{ text: inline }] : inline;
  let budget = max;
  let out = '';
  for (const span of spans) {
    if (budget <= 0) {
      out += ELLIPSIS;
      break;
    }
    if ('text' in span) {
      const text = truncate(span.text, budget);
      budget -= span.text.length;
      out += styledText(span, text);
      if (text !== span.text) break;
      continue;
    }
    const chip = mentionChip(span, names);
    budget -= chip.label.length;
    out += chip.html;
  }
  return out;
}

function styledText(span: { style?: 'bold' | 'italic' | 'code'; href?: string }, text: string): string {
  let html = escapeHtml(text);
  if (span.style === 'bold') html = `<strong>${html}</strong>`;
  else if (span.style === 'italic') html = `<em>${html}</em>`;
  else if (span.style === 'code') html = `<code>${html}</code>`;
  const href = span.href ? safeHref(span.href) : null;
  return href ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer" target="_blank">${html}</a>` : html;
}

/** Only absolute http(s) URLs become links: no `javascript:`, `data:` or relative tricks. */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function mentionChip(
  span: { user: string } | { group: string } | { channel: string },
  names: MentionNames,
): { label: string; html: string } {
  const [kind, id, sigil, map] =
    'user' in span
      ? (['user', span.user, '@', names.users] as const)
      : 'group' in span
        ? (['group', span.group, '@', names.groups] as const)
        : (['channel', span.channel, '#', names.channels] as const);
  const label = `${sigil}${truncate(map?.get(id) ?? id, L.mentionName)}`;
  return {
    label,
    html: `<span class="rl-mention rl-mention-${kind}" data-${kind}="${escapeHtml(id)}">${escapeHtml(label)}</span>`,
  };
}

export interface RenderFormOptions {
  /** What a `channel` field offers: the playground's channels. */
  channels: readonly { id: string; name: string }[];
}

/**
 * A form as the body of the page's dialog. Each field gets a labelled control, its hint, and an
 * empty error slot the page fills when the submission comes back with problems.
 */
export function renderFormHtml(form: Form, opts: RenderFormOptions): string {
  const fields = form.fields.map((f) => renderField(form, f, opts)).join('');
  return (
    `<form class="rl-form" data-testid="form" data-form-id="${escapeHtml(form.id)}">` +
    `<h2 class="rl-form-title">${escapeHtml(truncate(form.title, L.formTitle))}</h2>` +
    `<p class="rl-error" data-error-for="" hidden></p>` +
    `<div class="rl-form-fields">${fields}</div>` +
    `<div class="rl-form-buttons">` +
    `<button type="button" class="rl-button" data-form-cancel>${escapeHtml(truncate(form.cancelLabel, L.buttonLabel))}</button>` +
    `<button type="submit" class="rl-button rl-primary">${escapeHtml(truncate(form.submitLabel, L.buttonLabel))}</button>` +
    `</div></form>`
  );
}

function renderField(form: Form, field: FormField, opts: RenderFormOptions): string {
  const id = `rl-${slug(form.id)}-${slug(field.id)}`;
  const name = escapeHtml(field.id);
  const label = `${escapeHtml(truncate(field.label, L.inputLabel))}${field.required ? ' <span class="rl-required" aria-hidden="true">*</span>' : ''}`;
  const hint = field.hint
    ? `<small class="rl-hint" id="${id}-hint">${escapeHtml(truncate(field.hint, L.hint))}</small>`
    : '';
  const described = field.hint ? ` aria-describedby="${id}-hint"` : '';
  const required = field.required ? ' required' : '';
  const placeholder = field.placeholder
    ? ` placeholder="${escapeHtml(truncate(field.placeholder, L.placeholder))}"`
    : '';
  const maxLength = field.maxLength ? ` maxlength="${field.maxLength}"` : '';
  const initial = Array.isArray(field.initial) ? field.initial : field.initial === undefined ? [] : [field.initial];
  const first = initial[0] ?? '';
  const error = `<p class="rl-error" data-error-for="${name}" hidden></p>`;
  const wrap = (control: string) =>
    `<div class="rl-form-field" data-field="${name}" data-kind="${field.kind}"><label for="${id}">${label}</label>${control}${hint}${error}</div>`;

  switch (field.kind) {
    case 'text':
      return wrap(
        `<input type="text" id="${id}" name="${name}" value="${escapeHtml(first)}"${maxLength}${placeholder}${required}${described}>`,
      );
    case 'textarea':
      return wrap(
        `<textarea id="${id}" name="${name}" rows="4"${maxLength}${placeholder}${required}${described}>${escapeHtml(initial.join(', '))}</textarea>`,
      );
    case 'number': {
      const bounds = `${field.min !== undefined ? ` min="${field.min}"` : ''}${field.max !== undefined ? ` max="${field.max}"` : ''}`;
      return wrap(
        `<input type="number" step="1" inputmode="numeric" id="${id}" name="${name}" value="${escapeHtml(first)}"${bounds}${placeholder}${required}${described}>`,
      );
    }
    case 'choice':
    case 'channel': {
      const choices =
        field.kind === 'channel'
          ? opts.channels.map((c) => ({ value: c.id, label: `#${c.name}` }))
          : (field.choices ?? []);
      const empty = field.required ? '' : '<option value="">—</option>';
      return wrap(
        `<select id="${id}" name="${name}"${required}${described}>${empty}${options(choices, [first])}</select>`,
      );
    }
    case 'choices': {
      const boxes = (field.choices ?? [])
        .slice(0, L.choices)
        .map(
          (c, i) =>
            `<label class="rl-check"><input type="checkbox" name="${name}" value="${escapeHtml(c.value)}"${initial.includes(c.value) ? ' checked' : ''}${i === 0 ? ` id="${id}"` : ''}> ${escapeHtml(truncate(c.label, L.choiceLabel))}</label>`,
        );
      return (
        `<fieldset class="rl-form-field" data-field="${name}" data-kind="choices"${described}><legend>${label}</legend>` +
        `<div class="rl-checks">${boxes.join('')}</div>${hint}${error}</fieldset>`
      );
    }
  }
}

function options(choices: readonly { value: string; label: string }[], selected: string[]): string {
  return choices
    .slice(0, L.choices)
    .map(
      (c) =>
        `<option value="${escapeHtml(c.value)}"${selected.includes(c.value) ? ' selected' : ''}>${escapeHtml(truncate(c.label, L.choiceLabel))}</option>`,
    )
    .join('');
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
}
