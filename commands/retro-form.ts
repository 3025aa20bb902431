import { z } from 'zod';
import { COUNT_FIELDS, readRetroAnswer } from '../src/domain/retro-answer.ts';
import { Invalid } from '../src/errors.ts';
import { form, notice } from '../src/message/build.ts';
import type { Reply } from '../src/message/model.ts';
import { retroButton } from '../src/services/buttons.ts';
import { workspaceOfDraft } from '../src/services/draft-queries.ts';
import { retroToAnswer } from '../src/services/retro.ts';
import { recordResult } from '../src/services/stats-results.ts';
import { type ClickDef, type CommandContext, type FormDef, type FormValues, onClick } from './define-command.ts';
import { formOf } from './draft-forms.ts';

/**
 * The author's retro: the button in the direct message opens the form, the form records the
 * results once. Five fields, the most a Discord modal holds: the four counts, and what worked
 * with its word on one line (`tone, timing: the hook`), so the whole answer is one submission
 * recorded at once on every platform.
 */

const FORM_ID = 'retro:answer';
const COUNT_LABELS = {
  reactions: 'retro.field.reactions',
  comments: 'retro.field.comments',
  shares: 'retro.field.shares',
  clicks: 'retro.field.clicks',
} as const;

function retroForm(ctx: CommandContext, draftId: string, ref: string): Reply {
  const { t } = ctx;
  return form({
    id: FORM_ID,
    title: t('retro.form.title', { ref }),
    submitLabel: t('retro.form.submit'),
    cancelLabel: t('form.cancel'),
    state: draftId,
    fields: [
      ...COUNT_FIELDS.map((id) => ({
        id,
        label: t(COUNT_LABELS[id]),
        kind: 'number' as const,
        required: false,
        min: 0,
        hint: t('retro.field.count-hint'),
      })),
      {
        id: 'worked',
        label: t('retro.field.worked'),
        kind: 'text',
        required: false,
        maxLength: 250,
        placeholder: t('retro.field.worked-example'),
        hint: t('retro.field.worked-hint'),
      },
    ],
  });
}

const one = (v: FormValues[string] | undefined) => (Array.isArray(v) ? v.join(' ') : v);

async function answer(ctx: CommandContext, values: FormValues, state: string | undefined): Promise<Reply> {
  const draftId = z.uuid().safeParse(state);
  if (!draftId.success) throw new Invalid('error.bad-form');
  const read = readRetroAnswer(Object.fromEntries(['worked', ...COUNT_FIELDS].map((k) => [k, one(values[k])])));
  const { ref, answered } = await retroToAnswer(ctx.deps, ctx.workspace, ctx.actor, draftId.data);
  if (answered) return notice(ctx.t('retro.already', { ref }));
  if (!read.ok)
    return {
      kind: 'form-errors',
      errors: Object.fromEntries(
        read.problems.map((p) => [
          p.field,
          p.kind === 'count' ? ctx.t('retro.bad-count') : ctx.t('retro.bad-tags', { given: p.given }),
        ]),
      ),
    };
  const outcome = await recordResult(ctx.deps, ctx.workspace, ctx.actor, {
    draftId: draftId.data,
    result: read.result,
  });
  return notice(ctx.t(outcome === 'recorded' ? 'retro.recorded' : 'retro.already', { ref }));
}

export const retroActions: ClickDef[] = [
  onClick(retroButton, {
    // In a direct message, where Discord names no server: the draft knows its workspace.
    workspaceOf: workspaceOfDraft,
    async run(ctx, draftId) {
      const { ref, answered } = await retroToAnswer(ctx.deps, ctx.workspace, ctx.actor, draftId);
      return answered ? notice(ctx.t('retro.already', { ref })) : retroForm(ctx, draftId, ref);
    },
  }),
];

export const retroForms: Record<string, FormDef> = {
  [FORM_ID]: {
    run: answer,
    // Discord closes forms on submit: "Fix it" opens this one again, filled.
    async reopen(ctx, state) {
      const draftId = z.uuid().safeParse(state);
      if (!draftId.success) throw new Invalid('error.bad-form');
      const { ref } = await retroToAnswer(ctx.deps, ctx.workspace, ctx.actor, draftId.data);
      return formOf(retroForm(ctx, draftId.data, ref));
    },
    async workspaceOf(deps, state) {
      const draftId = z.uuid().safeParse(state);
      return draftId.success ? workspaceOfDraft(deps, draftId.data) : null;
    },
  },
};
