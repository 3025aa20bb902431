import type { WorkspaceRef } from '../src/domain/workspace.ts';
import { AppError, Invalid, NotAdmin } from '../src/errors.ts';
import { FieldProblems } from '../src/field-problems.ts';
import { type Locale, resolveLocale, type Translate, translator } from '../src/i18n/catalog.ts';
import { optionName } from '../src/i18n/option-names.ts';
import { decodeActionId } from '../src/message/action-id.ts';
import { context, message, notice, replyWith, section } from '../src/message/build.ts';
import type { Block, MessageRef, Reply, Span } from '../src/message/model.ts';
import type { Actor } from '../src/services/actor.ts';
import type { Deps } from '../src/services/deps.ts';
import { workspaceOfKeptForm } from '../src/services/kept-forms.ts';
import { rememberPerson } from '../src/services/people.ts';
import { openWorkspace, openWorkspaceById } from '../src/services/workspaces.ts';
import {
  type CommandContext,
  type FormValues,
  type PlatformTools,
  parseOptions,
  type RawValue,
  type UsageArg,
} from './define-command.ts';
import { fieldProblems, REOPEN_ACTION, reopenKept, withReopen } from './form-retry.ts';
import { commandHelp } from './help.ts';
import { commands, findAction, findCommand, findForm } from './index.ts';
import { parseCommandText, readLoneWord } from './parse-text.ts';

/** Who acts, where: what every adapter establishes before handing over to a command. */
export interface Invocation {
  /** `externalId: null` outside any workspace (a Discord DM): some clicks carry their workspace themselves. */
  workspace: WorkspaceRef | { platform: string; externalId: null };
  actor: Actor;
  channelId: string | null;
  platform: PlatformTools;
  /** Same for a retry of the same delivery (Slack trigger_id, Discord interaction id). */
  deliveryId?: string | null;
  /** The message whose button led here (a click, or a form a click opened), when the platform says. */
  source?: MessageRef | null;
}

/** Typed options (Discord), or the text typed after the command (Slack, playground). */
export type CommandCall =
  | { command: string; subcommand: string; options: Record<string, RawValue | undefined> }
  | { command: string; text: string };

/**
 * The one place where commands, clicks and form submissions enter the core. Expected failures
 * become a private message in the person's language; unexpected ones are logged with context and
 * answered with a generic private message. Nothing is swallowed.
 */
export function createDispatcher(deps: Deps) {
  async function load(inv: Invocation, locate?: () => Promise<string | null>) {
    if (inv.workspace.externalId !== null) return openWorkspace(deps, inv.workspace);
    return openWorkspaceById(deps, locate ? await locate() : null, inv.workspace.platform);
  }

  async function withContext(
    inv: Invocation,
    what: Record<string, unknown>,
    run: (ctx: CommandContext) => Promise<Reply>,
    locate?: () => Promise<string | null>,
  ): Promise<Reply> {
    let locale: Locale = resolveLocale(inv.actor.locale, 'en');
    let t: Translate = translator(locale);
    try {
      const { workspace, settings } = await load(inv, locate);
      // What the platform says of the person now serves the messages sent to them later.
      await rememberPerson(deps, workspace.id, inv.actor);
      locale = resolveLocale(inv.actor.locale, settings.locale);
      t = translator(locale);
      return await run({
        deps,
        workspace,
        settings,
        actor: inv.actor,
        channelId: inv.channelId,
        locale,
        t,
        // Usage examples name the options in the reader's language unless a caller says otherwise.
        platform: {
          ...inv.platform,
          formatUsage: (command, subcommand, args, given) =>
            inv.platform.formatUsage(command, subcommand, args, given ?? locale),
        },
        deliveryId: inv.deliveryId ?? null,
        source: inv.source ?? null,
        commands,
      });
    } catch (error) {
      // Problems found in typed values: every one is said, not only the first.
      if (error instanceof FieldProblems) return notice(Object.values(fieldProblems(error, t) ?? {}).join('\n'));
      if (error instanceof NotAdmin) return refusal(error, t);
      if (error instanceof AppError) {
        // An option is named as the reader sees it (`réf` for a French reader).
        const { option } = error.params;
        return notice(
          t(
            error.key,
            typeof option === 'string' ? { ...error.params, option: optionName(locale, option) } : error.params,
          ),
        );
      }
      deps.log.error({ err: error, workspace: inv.workspace, user: inv.actor.userId, ...what }, 'command failed');
      return notice(t('error.generic'));
    } finally {
      // Whatever the work queued (cards, thread replies, notes) can leave now.
      deps.afterWork?.();
    }
  }

  return {
    command(inv: Invocation, call: CommandCall): Promise<Reply> {
      return withContext(inv, { command: call.command }, async (ctx) => {
        const command = findCommand(call.command);
        const help = ctx.platform.formatUsage('relais', 'help', []);
        if (!command) throw new Invalid('error.unknown-command', { given: `/${call.command}`, help });
        if ('text' in call) {
          const lone = readLoneWord(command, call.text, ctx.platform.unescapeText);
          if (lone?.kind === 'help') return replyWith(commandHelp(ctx, command));
          if (lone?.kind === 'suggest') {
            const usage = ctx.platform.formatUsage(command.name, lone.subcommand, []);
            return notice(ctx.t('error.did-you-mean', { given: lone.given, usage }));
          }
          if (lone?.kind === 'confirm' && command.confirmLoneWord) return command.confirmLoneWord(ctx, lone.word);
        }
        const { subcommand, options } =
          'text' in call
            ? parseCommandText(command, call.text, ctx.platform.readMention ?? (() => null), ctx.platform.unescapeText)
            : call;
        const sub = command.subcommands[subcommand];
        if (!sub) throw new Invalid('error.unknown-subcommand', { given: subcommand, help });
        const usage = (args: UsageArg[]) => ctx.platform.formatUsage(command.name, subcommand, args);
        return sub.run(ctx, parseOptions(sub.options, options, ctx.t, usage));
      });
    },

    action(inv: Invocation, id: string): Promise<Reply> {
      const { action, value } = decodeActionId(id);
      if (action === REOPEN_ACTION)
        return withContext(
          inv,
          { action },
          (ctx) => reopenKept(ctx, value),
          () => workspaceOfKeptForm(deps, value),
        );
      const def = findAction(action);
      return withContext(
        inv,
        { action },
        async (ctx) => {
          if (!def) throw new Invalid('error.unknown-action');
          return def.run(ctx, value);
        },
        def?.workspaceOf ? () => def.workspaceOf!(deps, value) : undefined,
      );
    },

    form(inv: Invocation, id: string, values: FormValues, state?: string): Promise<Reply> {
      const def = findForm(id);
      return withContext(
        inv,
        { form: id },
        async (ctx) => {
          if (!def) throw new Invalid('error.bad-form');
          let reply: Reply;
          try {
            reply = await def.run(ctx, values, state);
          } catch (error) {
            // In a form, a bad value is shown beside its field.
            const errors = fieldProblems(error, ctx.t);
            if (!errors) throw error;
            reply = { kind: 'form-errors', errors };
          }
          return reply.kind === 'form-errors' ? withReopen(ctx, def, reply, values, state) : reply;
        },
        def?.workspaceOf && state ? () => def.workspaceOf!(deps, state) : undefined,
      );
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/** A refusal to a non-admin names the admins, so the person knows whom to ask. */
function refusal(error: NotAdmin, t: Translate): Reply {
  const blocks: Block[] = [section(t(error.key))];
  if (error.admins.length > 0)
    blocks.push(
      context([
        { text: `${t('config.admins-are')} ` },
        ...error.admins.flatMap((id, i): Span[] => (i ? [{ text: ', ' }, { user: id }] : [{ user: id }])),
      ]),
    );
  return replyWith(message(blocks, { visibility: 'only-you' }));
}
