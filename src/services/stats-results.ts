import { draftRef } from '../domain/draft.ts';
import type { WorkspaceSettings } from '../domain/settings.ts';
import { type Insights, rankInsights } from '../domain/stats-insights.ts';
import { draftResultSchema } from '../domain/stats-results.ts';
import type { Workspace } from '../domain/workspace.ts';
import { Conflict, Forbidden, Invalid } from '../errors.ts';
import type { Actor } from './actor.ts';
import type { Deps } from './deps.ts';

/** `/stats insights`: the team's recorded results, ranked (nothing on fewer than three posts). */
export async function teamInsights(deps: Deps, workspace: Workspace, settings: WorkspaceSettings): Promise<Insights> {
  const { posts, groups } = await deps.store.stats.insightGroups(workspace.id, settings.timezone);
  return rankInsights(groups, posts);
}

export type RecordResultOutcome = 'recorded' | 'already';

/**
 * The author's retro answer for a published post (the retro form calls this): once per
 * publication, by its author only (the figures are theirs to give). `result` is what the form
 * gave, validated here.
 */
export async function recordResult(
  deps: Deps,
  workspace: Workspace,
  actor: Actor,
  input: { draftId: string; result: unknown },
): Promise<RecordResultOutcome> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.draftId))
    throw new Invalid('error.unknown-action');
  const parsed = draftResultSchema.safeParse(input.result);
  if (!parsed.success) throw new Invalid('stats.result.invalid');
  return deps.store.transaction(async (tx) => {
    const draft = await tx.drafts.byId(input.draftId, { lock: true });
    if (!draft || draft.workspaceId !== workspace.id) throw new Invalid('error.unknown-action');
    const ref = draftRef(draft.number);
    if (draft.authorId !== actor.userId) throw new Forbidden('draft.not-author', { ref });
    if (draft.state !== 'published') throw new Conflict('stats.result.not-published', { ref });
    const recorded = await tx.stats.recordResult({
      workspaceId: workspace.id,
      draftId: draft.id,
      answeredBy: actor.userId,
      result: parsed.data,
      at: deps.clock.now(),
    });
    return recorded ? 'recorded' : 'already';
  });
}
