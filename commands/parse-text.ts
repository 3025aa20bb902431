import { Invalid } from '../src/errors.ts';
import { declaredOption } from '../src/i18n/option-names.ts';
import { isClearWord } from '../src/message/clear-words.ts';
import { type CommandDef, type OptionSpec, type RawValue, UNREADABLE } from './define-command.ts';

/** Reads one token the platform's way (`<#C1|x>`, `<https://…>` on Slack…): the id or URL, or null. */
export type MentionReader = (kind: 'channel' | 'user' | 'group' | 'link', token: string) => string | null;

/** The text as typed, from the platform's escaped form (identity where nothing is escaped). */
export type TextReader = (text: string) => string;

const asTyped: TextReader = (text) => text;

interface Token {
  text: string;
  /** Where the token starts in the original text, so a free-text option keeps its spacing. */
  start: number;
}

/** Splits on white space; "double" or “curly” quotes group words into one token. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /"([^"]*)"|“([^”]*)”|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) tokens.push({ text: m[1] ?? m[2] ?? m[3] ?? '', start: m.index });
  return tokens;
}

/**
 * Turns the text typed after a slash command into a subcommand and raw option values, using
 * the same option declarations Discord registers as typed options. Mentions and links are read
 * first, in the platform's own form; only then is the rest turned back into what was typed
 * (`typed`), so an escaped `&lt;@U1&gt;` stays words and never becomes a mention.
 */
export function parseCommandText(
  def: CommandDef,
  text: string,
  read: MentionReader,
  typed: TextReader = asTyped,
): { subcommand: string; options: Record<string, RawValue> } {
  const trimmed = text.trim();
  const tokens = tokenize(trimmed);
  const first = tokens[0]?.text.toLowerCase();
  let subcommand: string;
  let rest: Token[];
  let restText: string;
  if (first && def.subcommands[first]) {
    subcommand = first;
    rest = tokens.slice(1);
    restText = rest[0] ? trimmed.slice(rest[0].start) : '';
  } else if (def.defaultSubcommand && (!first || hasTextOption(def, def.defaultSubcommand))) {
    subcommand = def.defaultSubcommand;
    rest = tokens;
    restText = trimmed;
  } else {
    throw new Invalid('error.unknown-subcommand', {
      given: typed(tokens[0]?.text ?? ''),
      help: `/${def.name} help`,
    });
  }
  const sub = def.subcommands[subcommand]!;
  const reader: Reader = { read, typed };
  const options =
    sub.textStyle === 'named'
      ? readNamed(sub.options, rest, reader)
      : readPositional(sub.options, rest, restText, reader);
  return { subcommand, options };
}

interface Reader {
  read: MentionReader;
  typed: TextReader;
}

function hasTextOption(def: CommandDef, sub: string): boolean {
  return Object.values<OptionSpec>(def.subcommands[sub]?.options ?? {}).some((o) => o.kind === 'text');
}

function readPositional(
  options: Record<string, OptionSpec>,
  tokens: Token[],
  restText: string,
  reader: Reader,
): Record<string, RawValue> {
  const { read, typed } = reader;
  const out: Record<string, RawValue> = {};
  let i = 0;
  for (const [name, spec] of Object.entries(options)) {
    if (i >= tokens.length) break;
    if (spec.kind === 'text') {
      out[name] = typed(
        restText
          .slice(tokens[i]!.start - (tokens[0]?.start ?? 0))
          .split(/(\s+)/)
          .map((part) => read('link', part) ?? part)
          .join(''),
      );
      i = tokens.length;
    } else if (spec.kind === 'users') {
      const mentions: Token[] = [];
      while (i < tokens.length && read('user', tokens[i]!.text)) mentions.push(tokens[i++]!);
      const last = name === Object.keys(options).at(-1);
      if (last && mentions.length === 0 && i < tokens.length && !isClearWord(tokens[i]!.text)) {
        // Words where people were expected (`@zoe`, no such person): kept as typed, to be named in the answer.
        out[name] = typed(
          tokens
            .slice(i)
            .map((t) => t.text)
            .join(' '),
        );
        i = tokens.length;
      } else out[name] = convert(spec, mentions, reader);
    } else {
      out[name] = convert(spec, [tokens[i++]!], reader);
    }
  }
  if (i < tokens.length)
    throw new Invalid('error.too-many-values', {
      extra: typed(
        tokens
          .slice(i)
          .map((t) => t.text)
          .join(' '),
      ),
    });
  return out;
}

function readNamed(options: Record<string, OptionSpec>, tokens: Token[], reader: Reader): Record<string, RawValue> {
  const groups = new Map<string, Token[]>();
  const names = Object.keys(options);
  // Options are named in English or in French (`approvals`, `approbations`), as help shows them.
  const nameOf = (token: Token) => declaredOption(token.text.replace(/:$/, ''), names);
  // With a single option its name may be left out (`/relais help draft`).
  let current: string | null = names.length === 1 && tokens[0] && !nameOf(tokens[0]) ? names[0]! : null;
  if (current) groups.set(current, []);
  for (const token of tokens) {
    const name = nameOf(token);
    if (name && !(current && groups.get(current)?.length === 0)) {
      current = name;
      groups.set(name, []);
    } else if (current) {
      groups.get(current)!.push(token);
    } else {
      throw new Invalid('error.unknown-option', {
        given: reader.typed(token.text),
        known: Object.keys(options).join(', '),
      });
    }
  }
  const out: Record<string, RawValue> = {};
  for (const [name, values] of groups) {
    if (values.length === 0) throw new Invalid('error.missing-value', { option: name });
    out[name] = convert(options[name]!, values, reader);
  }
  return out;
}

function convert(spec: OptionSpec, tokens: Token[], { read, typed }: Reader): RawValue {
  const texts = tokens.map((t) => t.text);
  switch (spec.kind) {
    case 'channel':
      return texts.length === 1 ? (read('channel', texts[0]!) ?? UNREADABLE) : UNREADABLE;
    case 'group':
      if (texts.length === 1 && isClearWord(texts[0]!)) return texts[0]!;
      return texts.length === 1 ? (read('group', texts[0]!) ?? UNREADABLE) : UNREADABLE;
    case 'users': {
      if (texts.length === 1 && isClearWord(texts[0]!)) return [];
      const ids = texts.map((t) => read('user', t));
      return ids.every((id): id is string => id !== null) ? [...new Set(ids)] : UNREADABLE;
    }
    default:
      // Platforms may wrap links they recognise (Slack: `<https://…>`): pass the bare URL on.
      return typed(texts.map((t) => read('link', t) ?? t).join(' '));
  }
}

/** What a lone word after a command means when it names no subcommand (`/draft lsit`, `/draft help`, `/draft foo`). */
export type LoneWord =
  | { kind: 'help' }
  | { kind: 'suggest'; subcommand: string; given: string }
  | { kind: 'confirm'; word: string };

const HELP_WORDS = new Set(['help', 'aide', '?', '-h', '--help', 'usage']);
/** Longer lone words are not typos of a subcommand, and fit in a button's value on every platform. */
const CONFIRM_MAX = 60;

/**
 * A single word that is not a subcommand: a request for help, a typo of a subcommand (close to
 * one), or, where the default subcommand would take it as text, a word to confirm before it
 * becomes something. Null when the text is anything else, parsed as usual.
 */
export function readLoneWord(def: CommandDef, text: string, typed: TextReader = asTyped): LoneWord | null {
  const tokens = tokenize(text.trim());
  if (tokens.length !== 1) return null;
  const given = typed(tokens[0]!.text);
  const word = given.toLowerCase();
  if (def.subcommands[word]) return null;
  if (HELP_WORDS.has(word)) return { kind: 'help' };
  if (!/^[\p{L}\p{N}'’-]+$/u.test(word)) return null;
  const near = Object.keys(def.subcommands)
    .map((name) => ({ name, distance: editDistance(word, name) }))
    .filter((c) => c.distance <= (word.length <= 4 ? 1 : 2))
    .sort((a, b) => a.distance - b.distance)[0];
  if (near) return { kind: 'suggest', subcommand: near.name, given };
  if (def.defaultSubcommand && hasTextOption(def, def.defaultSubcommand) && given.length <= CONFIRM_MAX)
    return { kind: 'confirm', word: given };
  return null;
}

/** Edit distance counting a swap of two neighbouring letters as one edit (`lsit` → `list`). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
