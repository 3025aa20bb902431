/** What Discord refuses in a message body (PLATFORMS.md §2.2): lengths, counts, layouts, mention rules. */

import { MessageFlag } from './constants.ts';
import { checkCount, checkLen, type FormErr, type FormPath, textLength } from './errors.ts';
import { isObject, type JsonObject, list, obj } from './json.ts';

function validateEmbeds(errs: FormErr[], embeds: unknown): void {
  if (embeds === undefined || embeds === null) return;
  if (!Array.isArray(embeds)) {
    errs.push({ path: ['embeds'], code: 'LIST_TYPE_CONVERT', message: 'Must be an array.' });
    return;
  }
  checkCount(errs, ['embeds'], embeds, 10);
  let total = 0;
  embeds.forEach((raw: unknown, i: number) => {
    const e = obj(raw);
    const footer = obj(e.footer);
    const author = obj(e.author);
    const p = ['embeds', i];
    checkLen(errs, [...p, 'title'], e.title, 256);
    checkLen(errs, [...p, 'description'], e.description, 4096);
    checkLen(errs, [...p, 'footer', 'text'], footer.text, 2048);
    checkLen(errs, [...p, 'author', 'name'], author.name, 256);
    checkCount(errs, [...p, 'fields'], e.fields, 25);
    if (typeof e.color === 'number' && (e.color < 0 || e.color > 0xffffff)) {
      errs.push({
        path: [...p, 'color'],
        code: 'NUMBER_TYPE_MAX',
        message: 'int value should be less than or equal to 16777215.',
      });
    }
    list(e.fields).forEach((rawField, j) => {
      const f = obj(rawField);
      checkLen(errs, [...p, 'fields', j, 'name'], f.name, 256, 1, true);
      checkLen(errs, [...p, 'fields', j, 'value'], f.value, 1024, 1, true);
      total += textLength(f.name) + textLength(f.value);
    });
    total += textLength(e.title) + textLength(e.description) + textLength(footer.text) + textLength(author.name);
  });
  if (total > 6000) {
    errs.push({
      path: ['embeds'],
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: 'Embed size exceeds maximum size of 6000',
    });
  }
}

const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);
const isSelect = (c: JsonObject): boolean => typeof c.type === 'number' && SELECT_TYPES.has(c.type);

function validateInteractive(errs: FormErr[], c: JsonObject, p: FormPath, ids: Map<string, string>): void {
  if (c.custom_id !== undefined) {
    const key = String(c.custom_id);
    if (ids.has(key)) {
      errs.push({
        path: [...p, 'custom_id'],
        code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
        message: 'Component custom id cannot be duplicated',
      });
    } else ids.set(key, p.join('.'));
  }
  if (c.type === 2) {
    if (c.style === 5) {
      if (!c.url)
        errs.push({ path: [...p, 'url'], code: 'BUTTON_COMPONENT_URL_REQUIRED', message: 'A url is required' });
      if (c.custom_id !== undefined) {
        errs.push({
          path: [...p, 'custom_id'],
          code: 'BUTTON_COMPONENT_CUSTOM_ID_INVALID',
          message: 'A custom id cannot be specified',
        });
      }
    } else if (c.style !== 6) {
      checkLen(errs, [...p, 'custom_id'], c.custom_id, 100, 1, true);
    }
    checkLen(errs, [...p, 'label'], c.label, 80);
  } else if (isSelect(c)) {
    checkLen(errs, [...p, 'custom_id'], c.custom_id, 100, 1, true);
    checkLen(errs, [...p, 'placeholder'], c.placeholder, 150);
    if (c.type === 3) {
      const options = c.options ?? [];
      checkCount(errs, [...p, 'options'], options, 25, 1);
      list(options).forEach((raw, k) => {
        const o = obj(raw);
        checkLen(errs, [...p, 'options', k, 'label'], o.label, 100, 1, true);
        checkLen(errs, [...p, 'options', k, 'value'], o.value, 100, 1, true);
        checkLen(errs, [...p, 'options', k, 'description'], o.description, 100);
      });
    }
  }
}

function validateActionRow(errs: FormErr[], row: JsonObject, p: FormPath, ids: Map<string, string>): void {
  const children = list(row.components).map(obj);
  checkCount(errs, [...p, 'components'], children, 5, 1);
  if (children.some(isSelect) && children.length > 1) {
    errs.push({
      path: [...p, 'components'],
      code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
      message: 'The specified component exceeds the maximum width',
    });
  }
  children.forEach((c, i) => {
    if (c.type === 4) {
      errs.push({
        path: [...p, 'components', i, 'type'],
        code: 'COMPONENT_TYPE_INVALID',
        message: 'Text inputs are only valid in modals',
      });
    }
    validateInteractive(errs, c, [...p, 'components', i], ids);
  });
}

/** Every component of a tree: children, section accessories and label components count too. */
function countComponents(items: unknown[]): number {
  let n = 0;
  for (const raw of items) {
    const c = obj(raw);
    n++;
    n += countComponents(list(c.components));
    if (isObject(c.accessory)) n += countComponents([c.accessory]);
    if (isObject(c.component)) n += countComponents([c.component]);
  }
  return n;
}

function validateComponents(errs: FormErr[], comps: unknown, flags: number): void {
  if (comps === undefined || comps === null) return;
  if (!Array.isArray(comps)) {
    errs.push({ path: ['components'], code: 'LIST_TYPE_CONVERT', message: 'Must be an array.' });
    return;
  }
  const ids = new Map<string, string>();
  if ((flags & MessageFlag.IsComponentsV2) === 0) {
    checkCount(errs, ['components'], comps, 5);
    comps.map(obj).forEach((row, i) => {
      if (row.type !== 1) {
        errs.push({
          path: ['components', i, 'type'],
          code: 'UNION_TYPE_CHOICES',
          message: 'Value of field "type" must be one of (1,).',
        });
      } else validateActionRow(errs, row, ['components', i], ids);
    });
    return;
  }
  if (countComponents(comps) > 40) {
    errs.push({ path: ['components'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 40 or fewer in length.' });
  }
  const walk = (items: unknown[], p: FormPath): void =>
    items.map(obj).forEach((c, i) => {
      const cp = [...p, i];
      if (c.type === 1) validateActionRow(errs, c, cp, ids);
      else validateInteractive(errs, c, cp, ids);
      if (c.type !== 1 && Array.isArray(c.components)) walk(c.components, [...cp, 'components']);
      if (isObject(c.accessory)) validateInteractive(errs, c.accessory, [...cp, 'accessory'], ids);
    });
  walk(comps, ['components']);
}

function validateAllowedMentions(errs: FormErr[], raw: unknown): void {
  if (!isObject(raw)) return;
  const parse = list(raw.parse);
  for (const kind of ['users', 'roles'] as const) {
    const ids = raw[kind];
    if (parse.includes(kind) && Array.isArray(ids) && ids.length > 0) {
      errs.push({
        path: ['allowed_mentions'],
        code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      });
    }
    checkCount(errs, ['allowed_mentions', kind], ids, 100);
  }
}

/** Validates the message fields present in `body` (creation or edit). */
export function validateMessageFields(raw: unknown, flags: number): FormErr[] {
  const body = obj(raw);
  const errs: FormErr[] = [];
  checkLen(errs, ['content'], body.content, 2000);
  validateEmbeds(errs, body.embeds);
  validateComponents(errs, body.components, flags);
  validateAllowedMentions(errs, body.allowed_mentions);
  if (flags & MessageFlag.IsComponentsV2) {
    const hasContent = typeof body.content === 'string' && body.content.length > 0;
    const hasEmbeds = list(body.embeds).length > 0;
    if (hasContent || hasEmbeds) {
      errs.push({
        path: [hasContent ? 'content' : 'embeds'],
        code: 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        message: "The 'content' and 'embeds' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2",
      });
    }
  }
  return errs;
}

/** Discord refuses a message with nothing to show. */
export function isEmptyMessage(m: {
  content?: unknown;
  embeds?: unknown;
  components?: unknown;
  attachments?: unknown;
  sticker_items?: unknown;
  poll?: unknown;
}): boolean {
  const has = (v: unknown): boolean => list(v).length > 0;
  return (
    !(typeof m.content === 'string' && m.content.trim().length > 0) &&
    !has(m.embeds) &&
    !has(m.components) &&
    !has(m.attachments) &&
    !has(m.sticker_items) &&
    !m.poll
  );
}
