import type { Draft, DraftContent } from '../src/domain/draft.ts';
import { draftRef } from '../src/domain/draft.ts';
import type { DraftCheck } from '../src/domain/draft-checks.ts';
import { MAX_DRAFT_LENGTH, readDraftInput, readUrls } from '../src/domain/draft-input.ts';
import { NETWORK_LABELS, NETWORKS } from '../src/domain/networks.ts';
import { toLocalInput } from '../src/domain/zoned-time.ts';
import { problemList } from '../src/field-problems.ts';
import { form } from '../src/message/build.ts';
import type { Form, Reply } from '../src/message/model.ts';
import { findingText } from '../src/services/draft-messages.ts';
import type { CommandContext, FormValues } from './define-command.ts';

/** The draft form (new and edit) and the small forms behind Request changes, Reject, Mark as published. */

/** One Slack input: what a platform that says nothing of its own takes. */
const ONE_INPUT = 3000;

/** The most a draft form's text takes on this platform: its own inputs' limit, never more than a post may be. */
export function formTextMax(ctx: CommandContext): number {
  return Math.min(ctx.platform.formTextMax ?? ONE_INPUT, MAX_DRAFT_LENGTH);
}

const count = (n: number, locale: string) => new Intl.NumberFormat(locale).format(n);

/** The draft form: empty, prefilled from a veille item (`prefill`), or an existing draft to edit. */
export function draftForm(
  ctx: CommandContext,
  draft?: Draft,
  prefill?: { text: string; link: string | null; note: string; storyId: number },
): Reply {
  const { t, settings } = ctx;
  const max = formTextMax(ctx);
  const c =
    draft?.content ??
    (prefill
      ? {
          text: prefill.text,
          networks: settings.defaultNetworks,
          link: prefill.link,
          media: [],
          plannedAt: null,
          campaign: null,
          reviewerNote: prefill.note,
        }
      : undefined);
  return form({
    id: draft ? 'draft:edit' : 'draft:new',
    title: draft ? t('draft.form.edit-title', { ref: draftRef(draft.number) }) : t('draft.form.title'),
    submitLabel: t('draft.form.submit'),
    cancelLabel: t('form.cancel'),
    // A draft started from a veille story remembers which one (/stats counts stories turned into drafts).
    ...(draft ? { state: draft.id } : prefill ? { state: `${STORY_STATE}${prefill.storyId}` } : {}),
    fields: [
      {
        id: 'text',
        label: t('draft.field.text'),
        kind: 'textarea',
        required: true,
        maxLength: max,
        hint: t('draft.field.text-hint', { max: count(max, ctx.locale) }),
        continued: {
          label: t('draft.field.text-more'),
          hint: t('draft.field.text-more-hint', { max: count(max, ctx.locale) }),
        },
        ...(c ? { initial: c.text } : {}),
      },
      {
        id: 'networks',
        label: t('draft.field.networks'),
        kind: 'choices',
        required: false,
        choices: NETWORKS.map((n) => ({ value: n, label: NETWORK_LABELS[n] })),
        initial: c?.networks ?? settings.defaultNetworks,
      },
      {
        id: 'planned',
        label: t('draft.field.planned'),
        kind: 'text',
        required: false,
        placeholder: 'YYYY-MM-DD HH:mm',
        hint: t('draft.field.planned-hint', { timezone: settings.timezone }),
        ...(c?.plannedAt ? { initial: toLocalInput(c.plannedAt, settings.timezone) } : {}),
      },
      {
        id: 'links',
        label: t('draft.field.links'),
        kind: 'textarea',
        required: false,
        hint: t('draft.field.links-hint'),
        ...(c && (c.link || c.media.length) ? { initial: [c.link, ...c.media].filter(Boolean).join('\n') } : {}),
      },
      {
        id: 'note',
        label: t('draft.field.note'),
        kind: 'textarea',
        required: false,
        hint: t('draft.field.note-hint'),
        ...(c && (c.campaign || c.reviewerNote)
          ? { initial: [c.campaign ? `#${c.campaign}` : '', c.reviewerNote ?? ''].join(' ').trim() }
          : {}),
      },
    ],
  });
}

const STORY_STATE = 'story:';

/** The veille story a new draft's form was opened from, if any (the id is checked against the workspace on submit). */
export function storyOf(state: string | undefined): number | null {
  const m = /^story:(\d{1,15})$/.exec(state ?? '');
  return m ? Number(m[1]) : null;
}

const one = (v: FormValues[string] | undefined) => (Array.isArray(v) ? v.join('\n') : (v ?? ''));

export function readDraftForm(ctx: CommandContext, values: FormValues): DraftContent {
  return readDraftInput(
    {
      text: one(values.text),
      networks: values.networks ?? null,
      planned: one(values.planned),
      links: one(values.links),
      note: one(values.note),
    },
    {
      defaultNetworks: ctx.settings.defaultNetworks,
      timezone: ctx.settings.timezone,
      now: ctx.deps.clock.now(),
      locale: ctx.locale,
    },
  );
}

export function reasonForm(ctx: CommandContext, kind: 'changes' | 'reject', state: string): Reply {
  const { t } = ctx;
  return form({
    id: `draft:${kind}`,
    title: t(kind === 'changes' ? 'draft.changes.title' : 'draft.reject.title'),
    submitLabel: t(kind === 'changes' ? 'draft.button.changes' : 'draft.button.reject'),
    cancelLabel: t('form.cancel'),
    state,
    fields: [{ id: 'reason', label: t('draft.field.reason'), kind: 'textarea', required: true, maxLength: 2000 }],
  });
}

export function publishForm(ctx: CommandContext, state: string): Reply {
  const { t } = ctx;
  return form({
    id: 'draft:publish',
    title: t('draft.publish.title'),
    submitLabel: t('draft.button.publish'),
    cancelLabel: t('form.cancel'),
    state,
    fields: [
      {
        id: 'urls',
        label: t('draft.field.urls'),
        kind: 'textarea',
        required: true,
        hint: t('draft.field.urls-hint'),
        maxLength: 2000,
      },
    ],
  });
}

/** The blockers that keep a draft from being submitted, said beside its text. */
export function blockedErrors(ctx: CommandContext, check: DraftCheck): Record<string, string> {
  const blockers = check.findings.filter((f) => f.level === 'blocker');
  return {
    text: [ctx.t('draft.blocked', { count: blockers.length }), ...blockers.map((f) => findingText(f, ctx.t))].join(
      '\n',
    ),
  };
}

/** Mark as published's live URLs: at least one, every one a web address, ten at most. */
export function readLiveUrls(values: FormValues): string[] {
  const problems = problemList();
  const list = problems.on('urls', () => readUrls(one(values.urls)), []).slice(0, 10);
  if (list.length === 0) problems.add('urls', 'draft.no-urls');
  problems.throwIfAny();
  return list;
}

/** The form of a reply built here. */
export function formOf(reply: Reply): Form {
  if (reply.kind !== 'form') throw new Error('not a form');
  return reply.form;
}
