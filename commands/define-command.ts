import { z } from 'zod';
import type { WorkspaceSettings } from '../src/domain/settings.ts';
import type { Workspace } from '../src/domain/workspace.ts';
import { Invalid } from '../src/errors.ts';
import type { Locale, MessageKey, Translate } from '../src/i18n/catalog.ts';
import type { ButtonKind } from '../src/message/button-kind.ts';
import type { Form, MessageRef, Reply } from '../src/message/model.ts';
import type { Actor } from '../src/services/actor.ts';
import type { Deps } from '../src/services/deps.ts';

/**
 * A command is declared once. Its options (kind + zod schema + description) drive Slack's text
 * parsing, Discord's typed option registration and the help text; its buttons and forms are
 * declared beside it.
 *
 * Option kinds say what the value is, so each adapter reads it its own way: a channel is
 * `<#C1|x>` in Slack text and a typed CHANNEL option on Discord, but the command always
 * receives the channel id.
 */
type OptionKind = 'string' | 'text' | 'integer' | 'choice' | 'channel' | 'users' | 'group';

/** An adapter could not read the value as its kind (text where a mention was expected…). */
export const UNREADABLE = Symbol('unreadable');

/** A value as an adapter hands it over, before validation. */
export type RawValue = string | number | boolean | string[] | typeof UNREADABLE;

export interface OptionSpec<T = unknown> {
  kind: OptionKind;
  description: MessageKey;
  required: boolean;
  choices?: readonly string[];
  min?: number;
  max?: number;
  maxLength?: number;
  schema: z.ZodType<T>;
  /**
   * The message shown when the value does not validate. `whole`: the message says it all (it
   * names the thing), so it is not prefixed with "Invalid value for <option>".
   */
  problem: { key: MessageKey; params?: Record<string, string | number>; whole?: boolean };
  /** The message when a required value is missing, with a sample value shown in a usage example. */
  missing?: { key: MessageKey; sample: string };
}

export type OptionSpecs = Record<string, OptionSpec>;

export type InputOf<O extends OptionSpecs> = {
  [K in keyof O]: O[K] extends OptionSpec<infer T> ? (O[K]['required'] extends true ? T : T | undefined) : never;
};

export type UsageArg = [name: string, value: string, positional?: boolean];

/** Platform abilities a command needs, each adapter providing its own. */
export interface PlatformTools {
  /** `#general`, `<#C1|general>`, an id…: the channel id, or null when none matches. */
  resolveChannel(ref: string): Promise<string | null>;
  /**
   * How a command is typed on this platform, for help and hints. A `positional` value is typed
   * without its name where text is parsed (Slack `/draft show D-42`); Discord always names it.
   * Names are the declared ones, shown as the reader sees them: in `locale` where text is typed
   * (English by default; both are read), in the client's language on Discord. An empty value is a
   * slot to fill (`<réf>`, `réf:…`).
   */
  formatUsage(command: string, subcommand: string | null, args: UsageArg[], locale?: Locale): string;
  /** Whether the acting person belongs to a user group (Slack) or role (Discord). */
  memberOf(groupId: string): Promise<boolean>;
  /** Text platforms only (Slack, playground): reads a mention token as an id, or null. */
  readMention?(kind: 'channel' | 'user' | 'group' | 'link', token: string): string | null;
  /**
   * Text platforms that escape what people type before sending it: the typed text back. Applied
   * to command text after its mentions and links are read, so escaped text never becomes one.
   */
  unescapeText?(text: string): string;
  /**
   * The most characters a form's long text field takes here (Slack: two inputs of 3,000; Discord:
   * 4,000; the playground: any post). Unset: one Slack input.
   */
  formTextMax?: number;
  /** Discord closes a form on submit, so its problems come with a button that opens it again. */
  formsCloseOnSubmit?: boolean;
}

export interface CommandContext {
  deps: Deps;
  workspace: Workspace;
  settings: WorkspaceSettings;
  actor: Actor;
  channelId: string | null;
  locale: Locale;
  t: Translate;
  platform: PlatformTools;
  /** Identifies this delivery (a Slack trigger, a Discord interaction): a retry carries the same one. */
  deliveryId: string | null;
  /** Every command, for help. */
  commands: readonly CommandDef[];
  /**
   * The message whose button led here (a click, or a form opened by one): an answer that changes
   * what it shows replaces it (`Message.replaces`), so it never shows a state that is over.
   */
  source: MessageRef | null;
}

export interface SubcommandDef<O extends OptionSpecs = OptionSpecs> {
  description: MessageKey;
  options: O;
  /**
   * How Slack text after the subcommand maps to options: `positional` fills options in order (a
   * final `text` option takes the rest); `named` reads `name value` pairs.
   */
  textStyle: 'positional' | 'named';
  run(ctx: CommandContext, input: InputOf<O>): Promise<Reply>;
}

/** A handler bound to a kind of button; the value arrives decoded by the kind's schema. */
export interface ClickDef {
  id: string;
  run(ctx: CommandContext, value: string): Promise<Reply>;
  /** For buttons clicked outside any workspace (a Discord DM): the workspace id the value belongs to. */
  workspaceOf?(deps: Deps, value: string): Promise<string | null>;
}

export function onClick<T>(
  kind: ButtonKind<T>,
  handler: {
    run(ctx: CommandContext, value: T): Promise<Reply>;
    workspaceOf?(deps: Deps, value: T): Promise<string | null>;
  },
): ClickDef {
  const { workspaceOf } = handler;
  return {
    id: kind.id,
    run(ctx, raw) {
      const parsed = kind.value.safeParse(raw);
      // A value no button of ours carries: forged or from an older version.
      if (!parsed.success) throw new Invalid('error.unknown-action');
      return handler.run(ctx, parsed.data);
    },
    ...(workspaceOf
      ? {
          async workspaceOf(deps: Deps, raw: string) {
            const parsed = kind.value.safeParse(raw);
            return parsed.success ? workspaceOf(deps, parsed.data) : null;
          },
        }
      : {}),
  };
}

export type FormValues = Record<string, string | string[] | null>;

export interface FormDef {
  run(ctx: CommandContext, values: FormValues, state: string | undefined): Promise<Reply>;
  /** The same form again, for someone whose submission had problems (its fields are then filled with what was typed). */
  reopen?(ctx: CommandContext, state: string | undefined): Promise<Form>;
  /** For forms opened outside any workspace (a Discord DM): the workspace id their state belongs to. */
  workspaceOf?(deps: Deps, state: string): Promise<string | null>;
}

export interface CommandDef {
  name: string;
  description: MessageKey;
  // biome-ignore lint/suspicious/noExplicitAny: each subcommand has its own options; run() is contravariant in them
  subcommands: Record<string, SubcommandDef<any>>;
  /** Slack: the subcommand used when the text starts with none (e.g. `/draft <text>`). */
  defaultSubcommand?: string;
  /** Slack: a lone word the default subcommand would take as its text is confirmed first (`/draft foo`). */
  confirmLoneWord?(ctx: CommandContext, word: string): Promise<Reply>;
  actions?: ClickDef[];
  forms?: Record<string, FormDef>;
}

export function defineSubcommand<O extends OptionSpecs>(def: SubcommandDef<O>): SubcommandDef<O> {
  return def;
}

export function defineCommand(def: CommandDef): CommandDef {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(def.name)) throw new Error(`bad command name ${def.name}`);
  for (const [name, sub] of Object.entries(def.subcommands)) {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(name)) throw new Error(`bad subcommand name ${def.name} ${name}`);
    const names = Object.keys(sub.options);
    if (names.length > 25) throw new Error(`${def.name} ${name}: Discord allows 25 options`);
    const texts = names.filter((n) => sub.options[n]?.kind === 'text');
    if (sub.textStyle === 'positional' && texts.length > 0 && names.at(-1) !== texts[0]) {
      throw new Error(`${def.name} ${name}: a text option must come last`);
    }
  }
  if (def.defaultSubcommand && !def.subcommands[def.defaultSubcommand])
    throw new Error(`${def.name}: unknown default subcommand`);
  return def;
}

/** Option builders: the zod schema and the metadata adapters need, together. */
export const option = {
  string(o: { description: MessageKey; required?: boolean; maxLength?: number }): OptionSpec<string> {
    const max = o.maxLength ?? 1000;
    return {
      kind: 'string',
      description: o.description,
      required: o.required ?? false,
      maxLength: max,
      schema: z.string().trim().min(1).max(max),
      problem: { key: 'problem.too-long', params: { max } },
    };
  },
  text(o: { description: MessageKey; required?: boolean; maxLength?: number }): OptionSpec<string> {
    const max = o.maxLength ?? 4000;
    return {
      kind: 'text',
      description: o.description,
      required: o.required ?? false,
      maxLength: max,
      schema: z.string().trim().min(1).max(max),
      problem: { key: 'problem.too-long', params: { max } },
    };
  },
  integer(o: { description: MessageKey; required?: boolean; min: number; max: number }): OptionSpec<number> {
    return {
      kind: 'integer',
      description: o.description,
      required: o.required ?? false,
      min: o.min,
      max: o.max,
      schema: z.number().int().min(o.min).max(o.max),
      problem: { key: 'problem.range', params: { min: o.min, max: o.max } },
    };
  },
  choice<const C extends readonly [string, ...string[]]>(o: {
    description: MessageKey;
    required?: boolean;
    choices: C;
  }): OptionSpec<C[number]> {
    return {
      kind: 'choice',
      description: o.description,
      required: o.required ?? false,
      choices: o.choices,
      schema: z.enum(o.choices),
      problem: { key: 'problem.choice', params: { choices: o.choices.join(', ') } },
    };
  },
  channel(o: { description: MessageKey; required?: boolean }): OptionSpec<string> {
    return {
      kind: 'channel',
      description: o.description,
      required: o.required ?? false,
      schema: z.string().min(1).max(64),
      problem: { key: 'problem.channel' },
    };
  },
  users(o: { description: MessageKey; required?: boolean; max?: number }): OptionSpec<string[]> {
    const max = o.max ?? 50;
    return {
      kind: 'users',
      description: o.description,
      required: o.required ?? false,
      max,
      schema: z.array(z.string().min(1).max(64)).max(max),
      problem: { key: 'problem.mentions' },
    };
  },
  group(o: { description: MessageKey; required?: boolean }): OptionSpec<string> {
    return {
      kind: 'group',
      description: o.description,
      required: o.required ?? false,
      schema: z.string().min(1).max(64),
      problem: { key: 'problem.group' },
    };
  },
  /** Any kind, with a different schema (a refinement) and its own problem message. */
  refine<T>(base: OptionSpec<unknown>, schema: z.ZodType<T>, problem: OptionSpec['problem']): OptionSpec<T> {
    return { ...base, schema, problem };
  },
};

/** The same option, with messages that name what it is (`I do not know @zoe`, `Which draft?`). */
export function withProblem<T>(
  spec: OptionSpec<T>,
  problem: OptionSpec['problem'],
  missing?: OptionSpec['missing'],
): OptionSpec<T> {
  return { ...spec, problem, ...(missing ? { missing } : {}) };
}

/** Validates raw adapter values against a subcommand's options; the first problem is reported. */
export function parseOptions<O extends OptionSpecs>(
  options: O,
  raw: Record<string, RawValue | undefined>,
  t: Translate,
  /** The subcommand as typed with these values, for examples in messages. */
  usage?: (args: UsageArg[]) => string,
): InputOf<O> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(options)) {
    const value = raw[name];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0 && spec.kind !== 'users')) {
      if (spec.required && spec.missing && usage)
        throw new Invalid(spec.missing.key, { option: name, example: usage([[name, spec.missing.sample, true]]) });
      if (spec.required) throw new Invalid('error.missing-value', { option: name });
      continue;
    }
    // Blank text is no value; text over the limit says so with its length, whatever the option's own problem.
    if (typeof value === 'string' && (spec.kind === 'string' || spec.kind === 'text')) {
      if (!value.trim()) {
        if (spec.required && spec.missing && usage)
          throw new Invalid(spec.missing.key, { option: name, example: usage([[name, spec.missing.sample, true]]) });
        if (spec.required) throw new Invalid('error.missing-value', { option: name });
        continue;
      }
      if (spec.maxLength !== undefined && value.trim().length > spec.maxLength)
        throw new Invalid('error.invalid-option', {
          option: name,
          problem: t('problem.too-long-by', { max: spec.maxLength, length: value.trim().length }),
        });
    }
    const params = { given: value === UNREADABLE ? '?' : String(value).slice(0, 40), ...spec.problem.params };
    const problem = () => t(spec.problem.key, params);
    const invalid = (text: string) =>
      spec.problem.whole
        ? new Invalid(spec.problem.key, { ...params, option: name, problem: text })
        : new Invalid('error.invalid-option', { option: name, problem: text });
    if (value === UNREADABLE) throw invalid(problem());
    const coerced =
      spec.kind === 'integer' && typeof value === 'string' && /^-?\d+$/.test(value.trim())
        ? Number(value.trim())
        : value;
    const parsed = spec.schema.safeParse(coerced);
    if (!parsed.success) throw invalid(problem());
    out[name] = parsed.data;
  }
  return out as InputOf<O>;
}
