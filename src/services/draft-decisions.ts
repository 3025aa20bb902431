import { can, type Decision, type Draft, type DraftState, draftRef, mayReview, stateAfter } from '../domain/draft.ts';
import { Conflict, Forbidden, Invalid } from '../errors.ts';
import { translator } from '../i18n/catalog.ts';
import type { Deps } from './deps.ts';
import { draftDesksChanged } from './desk-changes.ts';
import { authorNote } from './draft-messages.ts';
import { queueAuthorNote, queueCard, queueThread } from './draft-outbox.ts';
import type { DraftScope } from './draft-scope.ts';
import { findDraft, wrongState } from './drafts.ts';
import { personLocale } from './people.ts';
import { isAdmin } from './settings.ts';

export interface DecideInput {
  draftId: string;
  revision: number;
  decision: Decision;
  reason: string | null;
  /** Whether the actor is in the workspace's reviewer group, as the platform says. */
  inReviewerGroup: boolean;
}

/** Approve, request changes or reject one revision. Idempotent per reviewer and revision. */
export async function decide(
  deps: Deps,
  scope: DraftScope,
  input: DecideInput,
): Promise<{ draft: Draft; state: DraftState }> {
  const admin = await isAdmin(deps, scope.workspace, scope.actor);
  const t = translator(scope.settings.locale);
  const result = await deps.store.transaction(async (tx) => {
    const draft = await findDraft(tx, scope, { id: input.draftId }, true);
    const ref = draftRef(draft.number);
    const allowed = mayReview({
      actorId: scope.actor.userId,
      authorId: draft.authorId,
      reviewers: scope.settings.reviewers,
      hasGroup: Boolean(scope.settings.reviewerGroup),
      inGroup: input.inReviewerGroup,
      isAdmin: admin,
    });
    if (allowed === 'own-draft') throw new Forbidden('draft.own-draft');
    if (allowed === 'not-reviewer') throw new Forbidden('draft.not-reviewer');
    if (input.revision !== draft.revision)
      throw new Conflict('draft.stale-revision', { ref, revision: draft.revision });
    if (input.decision === 'reject' ? !can.reject(draft.state) : !can.decide(draft.state))
      wrongState(draft, scope.locale);
    if ((input.decision === 'changes' || input.decision === 'reject') && !input.reason?.trim())
      throw new Invalid('error.missing-value', { option: 'reason' });

    const added = await tx.drafts.addReview(draft.id, {
      revision: draft.revision,
      reviewerId: scope.actor.userId,
      decision: input.decision,
      reason: input.reason,
    });
    if (!added) throw new Conflict('draft.already-decided', { ref, revision: draft.revision });
    const approvals = (await tx.drafts.reviews(draft.id, draft.revision)).filter(
      (r) => r.decision === 'approve',
    ).length;
    const state = stateAfter(input.decision, approvals, scope.settings.approvalsNeeded);
    const kind =
      input.decision === 'approve' ? 'approved' : input.decision === 'changes' ? 'changes_requested' : 'rejected';
    await tx.drafts.setState(draft.id, { state });
    await tx.drafts.addEvent(draft.id, {
      revision: draft.revision,
      actorId: scope.actor.userId,
      kind,
      fromState: draft.state,
      toState: state,
      reason: input.reason,
      details: { approvals },
    });
    const updated = { ...draft, state };
    // The card and thread are the workspace's; the note is the author's, in their language.
    const authorT = translator(await personLocale(tx, draft.workspaceId, draft.authorId, scope.settings));
    await queueCard(tx, scope, updated);
    if (input.decision === 'approve') {
      await queueThread(tx, draft, scope.actor.userId, [
        {
          text: t('draft.thread.approved', {
            revision: draft.revision,
            count: approvals,
            needed: scope.settings.approvalsNeeded,
          }),
        },
      ]);
      if (state === 'approved')
        await queueAuthorNote(
          tx,
          updated,
          authorNote('draft.dm.approved', updated, authorT, null, true, { by: scope.actor.userId }),
        );
    } else {
      const key = input.decision === 'changes' ? 'draft.thread.changes' : 'draft.thread.rejected';
      await queueThread(tx, draft, scope.actor.userId, [{ text: t(key) }, { text: input.reason ?? '' }]);
      await queueAuthorNote(
        tx,
        updated,
        authorNote(
          input.decision === 'changes' ? 'draft.dm.changes' : 'draft.dm.rejected',
          updated,
          authorT,
          input.reason,
          false,
          { by: scope.actor.userId, withEditButton: input.decision === 'changes' },
        ),
      );
    }
    return { draft: updated, state };
  });
  // Out of the actor's queue, and every reviewer's queue shows the approvals so far.
  await draftDesksChanged(deps, scope, result.draft, { reviewers: true });
  return result;
}
