import { z } from 'zod';
import { type Decision, draftRef, parseDraftRef } from '../src/domain/draft.ts';
import { CONTROL_CHARS, readDraftInput } from '../src/domain/draft-input.ts';
import { Invalid } from '../src/errors.ts';
import { FieldProblems } from '../src/field-problems.ts';
import { actions, context, message, notice, replyWith, section } from '../src/message/build.ts';
import { button } from '../src/message/button-kind.ts';
import type { Reply } from '../src/message/model.ts';
import { draftButtons, loneWordButton } from '../src/services/buttons.ts';
import type { Deps } from '../src/services/deps.ts';
import { decide } from '../src/services/draft-decisions.ts';
import { draftDetails, draftToEdit, myDrafts, reviewQueue, workspaceOfDraft } from '../src/services/draft-queries.ts';
import type { DraftScope } from '../src/services/draft-scope.ts';
import { cloneDraft, editDraft, markPublished, submitDraft, withdrawDraft } from '../src/services/drafts.ts';
import {
  type CommandContext,
  defineCommand,
  defineSubcommand,
  type FormValues,
  onClick,
  option,
  withProblem,
} from './define-command.ts';
import {
  blockedErrors,
  draftForm,
  formOf,
  formTextMax,
  publishForm,
  readDraftForm,
  readLiveUrls,
  reasonForm,
  storyOf,
} from './draft-forms.ts';
import { listMessage, showMessage, submitted } from './draft-replies.ts';

const refOptionBase = () =>
  option.refine(
    option.string({ description: 'opt.draft.ref', required: true, maxLength: 20 }),
    z.string().transform((v, c) => {
      const ref = parseDraftRef(v);
      if (ref !== null) return ref;
      c.addIssue({ code: 'custom', message: 'ref' });
      return z.NEVER;
    }),
    { key: 'draft.bad-ref', whole: true },
  );
const refOption = () => withProblem(refOptionBase(), refOptionBase().problem, { key: 'draft.which', sample: 'D-42' });

type DraftRevision = { draftId: string; revision: number };

/** Forms opened from a draft button keep its value as their state: the draft and the revision seen. */
function readState(state: string | undefined): DraftRevision {
  const parsed = draftButtons.approve.value.safeParse(state ?? '');
  if (!parsed.success) throw new Invalid('error.unknown-action');
  return parsed.data;
}

async function draftWorkspace(deps: Deps, value: DraftRevision): Promise<string | null> {
  return workspaceOfDraft(deps, value.draftId);
}

async function stateWorkspace(deps: Deps, state: string): Promise<string | null> {
  const parsed = draftButtons.approve.value.safeParse(state);
  return parsed.success ? workspaceOfDraft(deps, parsed.data.draftId) : null;
}

const scopeOf = (ctx: CommandContext): DraftScope => ({
  workspace: ctx.workspace,
  settings: ctx.settings,
  actor: ctx.actor,
  locale: ctx.locale,
});

const inGroup = async (ctx: CommandContext) =>
  ctx.settings.reviewerGroup ? ctx.platform.memberOf(ctx.settings.reviewerGroup) : false;

async function submit(ctx: CommandContext, content: ReturnType<typeof readDraftForm>): Promise<Reply> {
  return submitted(
    ctx,
    await submitDraft(ctx.deps, scopeOf(ctx), {
      content,
      channelId: ctx.channelId,
      deliveryKey: ctx.deliveryId,
      storyItemId: null,
    }),
  );
}

/** `/draft <text>`: the workspace's default networks, submitted at once. */
function submitText(ctx: CommandContext, text: string): Promise<Reply> {
  const content = readDraftInput(
    { text },
    {
      defaultNetworks: ctx.settings.defaultNetworks,
      timezone: ctx.settings.timezone,
      now: ctx.deps.clock.now(),
      locale: ctx.locale,
    },
  );
  return submit(ctx, content);
}

async function decideWith(
  ctx: CommandContext,
  { draftId, revision }: DraftRevision,
  decision: Decision,
  reason: string | null,
): Promise<Reply> {
  const { draft } = await decide(ctx.deps, scopeOf(ctx), {
    draftId,
    revision,
    decision,
    reason,
    inReviewerGroup: await inGroup(ctx),
  });
  return notice(ctx.t(`draft.decided.${decision}`, { ref: draftRef(draft.number) }));
}

export const draftCommand = defineCommand({
  name: 'draft',
  description: 'cmd.draft.description',
  defaultSubcommand: 'new',
  async confirmLoneWord(ctx, word) {
    const label = word.length > 40 ? `${word.slice(0, 39)}…` : word;
    return replyWith(
      message(
        [
          section(ctx.t('draft.confirm-word', { word })),
          actions(button(loneWordButton, word, ctx.t('draft.button.confirm-word', { word: label }), 'primary')),
          context(
            ctx.t('draft.confirm-hint', { help: ctx.platform.formatUsage('relais', 'help', [['command', 'draft']]) }),
          ),
        ],
        { visibility: 'only-you' },
      ),
    );
  },
  subcommands: {
    new: defineSubcommand({
      description: 'cmd.draft.new.description',
      options: { text: option.text({ description: 'opt.draft.text', maxLength: 100_000 }) },
      textStyle: 'positional',
      async run(ctx, input) {
        if (!input.text) return draftForm(ctx);
        return submitText(ctx, input.text);
      },
    }),
    list: defineSubcommand({
      description: 'cmd.draft.list.description',
      options: {},
      textStyle: 'positional',
      run: async (ctx) =>
        listMessage(ctx, ctx.t('draft.list-title'), await myDrafts(ctx.deps, scopeOf(ctx)), ctx.t('draft.none')),
    }),
    queue: defineSubcommand({
      description: 'cmd.draft.queue.description',
      options: {},
      textStyle: 'positional',
      async run(ctx) {
        const mine = await reviewQueue(ctx.deps, scopeOf(ctx), await inGroup(ctx));
        return listMessage(ctx, ctx.t('draft.queue-title'), mine, ctx.t('draft.queue-empty'));
      },
    }),
    show: defineSubcommand({
      description: 'cmd.draft.show.description',
      options: { ref: refOption() },
      textStyle: 'positional',
      async run(ctx, input) {
        return showMessage(ctx, await draftDetails(ctx.deps, scopeOf(ctx), required(input.ref)));
      },
    }),
    clone: defineSubcommand({
      description: 'cmd.draft.clone.description',
      options: { ref: refOption() },
      textStyle: 'positional',
      async run(ctx, input) {
        return submitted(
          ctx,
          await cloneDraft(ctx.deps, scopeOf(ctx), {
            number: required(input.ref),
            channelId: ctx.channelId,
            deliveryKey: ctx.deliveryId,
          }),
        );
      },
    }),
    withdraw: defineSubcommand({
      description: 'cmd.draft.withdraw.description',
      options: { ref: refOption() },
      textStyle: 'positional',
      async run(ctx, input) {
        const draft = await withdrawDraft(ctx.deps, scopeOf(ctx), required(input.ref));
        return notice(ctx.t('draft.withdrawn', { ref: draftRef(draft.number) }));
      },
    }),
  },
  actions: [
    onClick(loneWordButton, { run: (ctx, word) => submitText(ctx, word) }),
    onClick(draftButtons.approve, { run: (ctx, value) => decideWith(ctx, value, 'approve', null) }),
    onClick(draftButtons.changes, {
      run: async (ctx, value) => reasonForm(ctx, 'changes', draftButtons.changes.encode(value)),
    }),
    onClick(draftButtons.reject, {
      run: async (ctx, value) => reasonForm(ctx, 'reject', draftButtons.reject.encode(value)),
    }),
    // Also in the author's direct message at the planned time, where Discord names no server.
    onClick(draftButtons.publish, {
      run: async (ctx, value) => publishForm(ctx, draftButtons.publish.encode(value)),
      workspaceOf: draftWorkspace,
    }),
    // Also in the author's direct message after changes were asked.
    onClick(draftButtons.edit, {
      workspaceOf: draftWorkspace,
      // Refusing here spares a form that could not be saved.
      async run(ctx, { draftId }) {
        const draft = await draftToEdit(ctx.deps, scopeOf(ctx), draftId);
        // The platform's form would cut a longer text; the whole text is kept instead.
        if (draft.content.text.length > formTextMax(ctx))
          throw new Invalid('draft.too-long-for-form', {
            ref: draftRef(draft.number),
            length: new Intl.NumberFormat(ctx.locale).format(draft.content.text.length),
            max: new Intl.NumberFormat(ctx.locale).format(formTextMax(ctx)),
          });
        return draftForm(ctx, draft);
      },
    }),
  ],
  forms: {
    'draft:new': {
      async run(ctx, values, state) {
        const result = await submitDraft(ctx.deps, scopeOf(ctx), {
          content: readDraftForm(ctx, values),
          channelId: ctx.channelId,
          deliveryKey: ctx.deliveryId,
          storyItemId: storyOf(state),
        });
        // A blocked draft stays in its form, the blockers beside its text.
        if (result.kind === 'blocked') return { kind: 'form-errors', errors: blockedErrors(ctx, result.check) };
        return submitted(ctx, result);
      },
      reopen: async (ctx, state) => ({ ...formOf(draftForm(ctx)), ...(state ? { state } : {}) }),
    },
    'draft:edit': {
      workspaceOf: async (deps, state) => (z.uuid().safeParse(state).success ? workspaceOfDraft(deps, state) : null),
      async run(ctx, values, state) {
        const result = await editDraft(ctx.deps, scopeOf(ctx), {
          draftId: draftIdOf(state),
          content: readDraftForm(ctx, values),
        });
        if (result.kind === 'blocked') return { kind: 'form-errors', errors: blockedErrors(ctx, result.check) };
        return notice(ctx.t('draft.edited', { ref: draftRef(result.draft.number), revision: result.draft.revision }));
      },
      reopen: async (ctx, state) => formOf(draftForm(ctx, await draftToEdit(ctx.deps, scopeOf(ctx), draftIdOf(state)))),
    },
    'draft:changes': {
      run: (ctx, values, state) => decideWith(ctx, readState(state), 'changes', reasonOf(values)),
      reopen: async (ctx, state) => formOf(reasonForm(ctx, 'changes', state ?? '')),
    },
    'draft:reject': {
      run: (ctx, values, state) => decideWith(ctx, readState(state), 'reject', reasonOf(values)),
      reopen: async (ctx, state) => formOf(reasonForm(ctx, 'reject', state ?? '')),
    },
    'draft:publish': {
      workspaceOf: stateWorkspace,
      async run(ctx, values, state) {
        const { draftId } = readState(state);
        const list = readLiveUrls(values);
        const draft = await markPublished(ctx.deps, scopeOf(ctx), { draftId, urls: list });
        return replyWith(
          message([section(ctx.t('draft.published', { ref: draftRef(draft.number) })), context(list.join(' '))], {
            visibility: 'only-you',
          }),
        );
      },
      reopen: async (ctx, state) => formOf(publishForm(ctx, state ?? '')),
    },
  },
});

function draftIdOf(state: string | undefined): string {
  const draftId = z.uuid().safeParse(state);
  if (!draftId.success) throw new Invalid('error.bad-form');
  return draftId.data;
}

function required(ref: number | undefined): number {
  if (ref === undefined) throw new Invalid('error.missing-value', { option: 'ref' });
  return ref;
}

function reasonOf(values: FormValues): string {
  const raw = values.reason;
  const text = (Array.isArray(raw) ? raw.join('\n') : (raw ?? '')).trim();
  if (!text) throw new FieldProblems({ reason: { key: 'draft.no-reason' } });
  if (CONTROL_CHARS.test(text)) throw new FieldProblems({ reason: { key: 'draft.control-chars' } });
  return text.slice(0, 2000);
}
