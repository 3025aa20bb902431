import { Invalid } from '../src/errors.ts';
import { FieldProblems } from '../src/field-problems.ts';
import type { Translate } from '../src/i18n/catalog.ts';
import { actions, bold, message, section } from '../src/message/build.ts';
import type { Form, Reply, Span } from '../src/message/model.ts';
import { keepForm, keptForm } from '../src/services/kept-forms.ts';
import type { CommandContext, FormDef, FormValues } from './define-command.ts';

/** A form whose submission had problems: each beside its field, and the form open again with what was typed. */

/** The action of the "Fix it" button; its value is the kept form's id. */
export const REOPEN_ACTION = 'form:reopen';

type FormErrors = Extract<Reply, { kind: 'form-errors' }>;

/** Problems with a form's values as field → message, or null for any other failure. */
export function fieldProblems(error: unknown, t: Translate): Record<string, string> | null {
  if (error instanceof FieldProblems)
    return Object.fromEntries(Object.entries(error.problems).map(([field, p]) => [field, t(p.key, p.params)]));
  if (error instanceof Invalid && typeof error.params.option === 'string') {
    const problem = typeof error.params.problem === 'string' ? error.params.problem : t(error.key, error.params);
    return { [error.params.option]: problem };
  }
  return null;
}

/** The form filled with what was typed (a field left out keeps its first value). */
function refill(form: Form, values: FormValues): Form {
  return {
    ...form,
    fields: form.fields.map((f) => {
      const typed = values[f.id];
      if (typed === undefined) return f;
      const { initial: _first, ...rest } = f;
      return typed === null || typed === '' || (Array.isArray(typed) && !typed.length && f.kind !== 'choices')
        ? rest
        : { ...rest, initial: typed };
    }),
  };
}

/**
 * Where the platform closes the form on submit, what was typed is kept and the answer says each
 * problem by its field's label, with a button that opens the form again, filled.
 */
export async function withReopen(
  ctx: CommandContext,
  def: FormDef,
  reply: FormErrors,
  values: FormValues,
  state: string | undefined,
): Promise<FormErrors> {
  if (!ctx.platform.formsCloseOnSubmit || !def.reopen) return reply;
  const form = refill(await def.reopen(ctx, state), values);
  const id = await keepForm(ctx.deps, { workspaceId: ctx.workspace.id, userId: ctx.actor.userId, form });
  const labels = new Map(form.fields.map((f) => [f.id, f.label]));
  const lines = Object.entries(reply.errors).flatMap(([field, problem], i): Span[] => [
    ...(i ? [{ text: '\n' }] : []),
    bold(labels.get(field) ?? field),
    { text: `${ctx.t('form.problem-sep')}${problem}` },
  ]);
  const closed = message(
    [
      section(ctx.t('form.problems')),
      section(lines),
      actions({ action: REOPEN_ACTION, value: id, label: ctx.t('form.fix-it'), style: 'primary' }),
    ],
    { visibility: 'only-you', text: [ctx.t('form.problems'), ...Object.values(reply.errors)].join('\n') },
  );
  return { ...reply, closed };
}

/** The "Fix it" click: the kept form, for the person who typed it. */
export async function reopenKept(ctx: CommandContext, id: string): Promise<Reply> {
  const form = await keptForm(ctx.deps, { workspaceId: ctx.workspace.id, userId: ctx.actor.userId, id });
  return { kind: 'form', form };
}
