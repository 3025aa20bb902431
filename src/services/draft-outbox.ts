import type { Draft } from '../domain/draft.ts';
import { checkDraft } from '../domain/draft-checks.ts';
import { translator } from '../i18n/catalog.ts';
import type { Span } from '../message/model.ts';
import type { Store } from '../ports.ts';
import { type authorNote, draftCard, threadEntry } from './draft-messages.ts';
import type { DraftScope } from './draft-scope.ts';

/** What a draft's changes send: its card, its thread entries and notes to its author, all through the outbox. */

/** Queues the card for the draft as it now is: posted when the draft is new, then updated in place. */
export async function queueCard(tx: Store, scope: DraftScope, draft: Draft, isNew = false): Promise<void> {
  // A draft waiting for a review channel has no card to update: it is posted as it is once one is set.
  if (!draft.card && !scope.settings.reviewChannel) return;
  const t = translator(scope.settings.locale);
  const approvals = isNew
    ? 0
    : (await tx.drafts.reviews(draft.id, draft.revision)).filter((r) => r.decision === 'approve').length;
  const card = draftCard(
    draft,
    checkDraft(draft.content, scope.settings),
    approvals,
    scope.settings,
    scope.settings.locale,
    t,
  );
  if (!isNew) {
    await tx.outbox.enqueue({
      workspaceId: draft.workspaceId,
      target: { to: 'draft-card', draftId: draft.id },
      message: card,
      orderKey: `draft:${draft.id}`,
    });
  } else {
    await tx.outbox.enqueue({
      workspaceId: draft.workspaceId,
      target: { to: 'channel', channel: scope.settings.reviewChannel! },
      message: card,
      recordsCardOf: draft.id,
      dedupeKey: `draft-card:${draft.id}`,
      orderKey: `draft:${draft.id}`,
    });
  }
}

export async function queueThread(tx: Store, draft: Draft, actorId: string, what: Span[]): Promise<void> {
  await tx.outbox.enqueue({
    workspaceId: draft.workspaceId,
    target: { to: 'draft-thread', draftId: draft.id },
    message: threadEntry(actorId, what),
    orderKey: `draft:${draft.id}`,
  });
}

export async function queueAuthorNote(tx: Store, draft: Draft, message: ReturnType<typeof authorNote>): Promise<void> {
  await tx.outbox.enqueue({ workspaceId: draft.workspaceId, target: { to: 'user', userId: draft.authorId }, message });
}
