import { type Draft, type DraftEvent, draftRef } from '../src/domain/draft.ts';
import { checkDraft } from '../src/domain/draft-checks.ts';
import { bold, context, fields, header, message, notice, replyWith, section } from '../src/message/build.ts';
import type { Block, Reply, Span } from '../src/message/model.ts';
import { checksBlocks, contentFields, historyLines } from '../src/services/draft-messages.ts';
import type { SubmitResult } from '../src/services/drafts.ts';
import type { CommandContext } from './define-command.ts';

/** What /draft answers privately: a submission's outcome, a list of drafts, one draft in full. */

export function submitted(ctx: CommandContext, result: SubmitResult): Reply {
  if (result.kind === 'duplicate') return notice(ctx.t('draft.duplicate'));
  if (result.kind === 'blocked') {
    return replyWith(
      message(
        [
          section(ctx.t('draft.blocked', { count: result.check.findings.filter((f) => f.level === 'blocker').length })),
          ...checksBlocks(result.check, ctx.t),
        ],
        { visibility: 'only-you' },
      ),
    );
  }
  const ref = draftRef(result.draft.number);
  if (result.waiting) return waitingReply(ctx, ref, result.waiting.admins);
  return replyWith(
    message([section([bold(ctx.t('draft.submitted', { ref }))]), ...checksBlocks(result.check, ctx.t)], {
      visibility: 'only-you',
    }),
  );
}

/** Kept, not lost: the draft waits for a review channel, and the author learns who can set one. */
function waitingReply(ctx: CommandContext, ref: string, admins: string[]): Reply {
  const example = ctx.platform.formatUsage('relais', 'config', [['review-channel', '#review']]);
  const who: Span[] = admins.length
    ? [
        { text: `${ctx.t('config.admins-are')} ` },
        ...admins.flatMap((id, i): Span[] => (i ? [{ text: ', ' }, { user: id }] : [{ user: id }])),
      ]
    : [{ text: ctx.t('draft.waiting.workspace-admins') }];
  return replyWith(
    message(
      [
        section([bold(ctx.t('draft.waiting', { ref }))]),
        section(ctx.t('draft.waiting.how', { example })),
        context(who),
      ],
      {
        visibility: 'only-you',
      },
    ),
  );
}

function summaryLine(ctx: CommandContext, d: Draft): Span[] {
  const preview = d.content.text.replace(/\s+/g, ' ');
  return [
    bold(draftRef(d.number)),
    { text: ` · ${ctx.t(`draft.state.${d.state}`)} · ${preview.length > 80 ? `${preview.slice(0, 79)}…` : preview}` },
  ];
}

export function listMessage(ctx: CommandContext, title: string, drafts: Draft[], empty: string): Reply {
  if (drafts.length === 0) return notice(empty);
  const lines = drafts.flatMap((d, i): Span[] => [...(i ? [{ text: '\n' }] : []), ...summaryLine(ctx, d)]);
  return replyWith(message([header(title), section(lines)], { visibility: 'only-you' }));
}

/** `/draft show`: the draft, its checks and its history, times on the reader's clock. */
export function showMessage(
  ctx: CommandContext,
  { draft, approvals, events, timezone }: { draft: Draft; approvals: number; events: DraftEvent[]; timezone: string },
): Reply {
  const blocks: Block[] = [
    header(`${draftRef(draft.number)} · ${ctx.t(`draft.state.${draft.state}`)}`),
    section([{ text: ctx.t('draft.card.by') }, { user: draft.authorId }]),
    section(draft.content.text),
    fields([
      ...contentFields(draft.content, { ...ctx.settings, timezone }, ctx.locale, ctx.t),
      { label: ctx.t('draft.card.revision'), value: String(draft.revision) },
      { label: ctx.t('draft.card.approvals'), value: `${approvals}/${ctx.settings.approvalsNeeded}` },
    ]),
    ...checksBlocks(checkDraft(draft.content, ctx.settings), ctx.t),
    section([bold(ctx.t('draft.history')), { text: '\n' }, ...historyLines(events, timezone, ctx.locale, ctx.t)]),
  ];
  return replyWith(message(blocks, { visibility: 'only-you' }));
}
