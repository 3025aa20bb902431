import { type Draft, type DraftEvent, draftRef, mayReview } from '../domain/draft.ts';
import { Invalid } from '../errors.ts';
import type { Deps } from './deps.ts';
import type { DraftScope } from './draft-scope.ts';
import { findDraft } from './drafts.ts';
import { readerTimezone } from './people.ts';
import { isAdmin } from './settings.ts';

/** What people read about drafts: each read that needs a rule has it here, not in a command. */

const MY_DRAFTS = 20;
const QUEUE_LIMIT = 100;

export function myDrafts(deps: Deps, scope: DraftScope): Promise<Draft[]> {
  return deps.store.drafts.byAuthor(scope.workspace.id, scope.actor.userId, MY_DRAFTS);
}

/** The drafts waiting for this person's decision: one query, then the reviewer rule. */
export async function reviewQueue(deps: Deps, scope: DraftScope, inReviewerGroup: boolean): Promise<Draft[]> {
  const [admin, waiting] = await Promise.all([
    isAdmin(deps, scope.workspace, scope.actor),
    deps.store.drafts.awaitingReviewBy(scope.workspace.id, scope.actor.userId, QUEUE_LIMIT),
  ]);
  return waiting.filter(
    (d) =>
      mayReview({
        actorId: scope.actor.userId,
        authorId: d.authorId,
        reviewers: scope.settings.reviewers,
        hasGroup: Boolean(scope.settings.reviewerGroup),
        inGroup: inReviewerGroup,
        isAdmin: admin,
      }) === 'ok',
  );
}

/** A draft with its approvals on the current revision and its whole history. */
export async function draftDetails(
  deps: Deps,
  scope: DraftScope,
  number: number,
): Promise<{ draft: Draft; approvals: number; events: DraftEvent[]; timezone: string }> {
  const draft = await findDraft(deps.store, scope, { number });
  const [reviews, events, timezone] = await Promise.all([
    deps.store.drafts.reviews(draft.id, draft.revision),
    deps.store.drafts.events(draft.id),
    // Shown to one person: their times, not the workspace's.
    readerTimezone(deps.store, scope.workspace.id, scope.actor, scope.settings),
  ]);
  return { draft, approvals: reviews.filter((r) => r.decision === 'approve').length, events, timezone };
}

/** Draft buttons clicked in a direct message (Discord names no server there): the draft knows its workspace. */
export async function workspaceOfDraft(deps: Deps, draftId: string): Promise<string | null> {
  return (await deps.store.drafts.byId(draftId))?.workspaceId ?? null;
}

/** The draft an Edit button opens: only its author may edit it (checked again on save). */
export async function draftToEdit(deps: Deps, scope: DraftScope, draftId: string): Promise<Draft> {
  const draft = await findDraft(deps.store, scope, { id: draftId });
  if (draft.authorId !== scope.actor.userId) throw new Invalid('draft.not-author', { ref: draftRef(draft.number) });
  return draft;
}
