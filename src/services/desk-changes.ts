import type { Draft } from '../domain/draft.ts';
import type { Deps } from './deps.ts';
import type { DraftScope } from './draft-scope.ts';

/**
 * Whose desk a change concerns, said once after the transaction committed. A desk that is not
 * republished is only stale until the person opens it again, so a failure here is logged, never
 * thrown at the person who acted.
 */

/** A draft changed state: its author's desk, the actor's, and (when it enters or leaves review) every reviewer's. */
export async function draftDesksChanged(
  deps: Deps,
  scope: DraftScope,
  draft: Pick<Draft, 'authorId'>,
  opts: { reviewers: boolean },
): Promise<void> {
  const changed = deps.deskChanged;
  if (!changed) return;
  try {
    const users = new Set([draft.authorId, scope.actor.userId]);
    const { reviewers, reviewerGroup } = scope.settings;
    if (opts.reviewers) {
      for (const id of reviewers) users.add(id);
      // With no reviewer named, the workspace's admins review (mayReview).
      if (!reviewers.length && !reviewerGroup)
        for (const id of await deps.store.listAdmins(scope.workspace.id)) users.add(id);
    }
    changed(scope.workspace.id, [...users], opts.reviewers && reviewerGroup ? [reviewerGroup] : []);
  } catch (err) {
    deps.log.warn({ err, workspaceId: scope.workspace.id }, 'could not tell which desks changed');
  }
}

/** Prompts were sent to or answered by these people. */
export function promptDesksChanged(deps: Deps, people: { workspaceId: string; userId: string }[]): void {
  const changed = deps.deskChanged;
  if (!changed) return;
  const byWorkspace = new Map<string, Set<string>>();
  for (const p of people) byWorkspace.set(p.workspaceId, (byWorkspace.get(p.workspaceId) ?? new Set()).add(p.userId));
  for (const [workspaceId, users] of byWorkspace) changed(workspaceId, [...users]);
}
