import { periodAt } from '../domain/stats-period.ts';
import type { WorkspaceRef } from '../domain/workspace.ts';
import { resolveLocale, translator } from '../i18n/catalog.ts';
import type { Block } from '../message/model.ts';
import type { Actor } from './actor.ts';
import type { Deps } from './deps.ts';
import { DESK_SHOWN, deskBlocks } from './desk-view.ts';
import { reviewQueue } from './draft-queries.ts';
import { personLocale } from './people.ts';
import { openWorkspace } from './workspaces.ts';

/** What a platform that shows desks (Slack's App Home) reads: a person's desk, and whose workspace an id is. */
export interface DeskReader {
  /** The platform workspace behind an internal id, or null when it is gone. */
  workspaceRef(workspaceId: string): Promise<WorkspaceRef | null>;
  /** The person's desk in their language (the workspace's when the platform gives none), dates in the workspace's timezone. */
  desk(ref: WorkspaceRef, actor: Actor, memberOf: (groupId: string) => Promise<boolean>): Promise<Block[]>;
}

export function deskReader(deps: Deps): DeskReader {
  return {
    async workspaceRef(workspaceId) {
      const ws = await deps.store.workspaceById(workspaceId);
      return ws ? { platform: ws.platform, externalId: ws.externalId, name: ws.name } : null;
    },
    async desk(ref, actor, memberOf) {
      const { workspace, settings } = await openWorkspace(deps, ref);
      // A desk published after someone else's change carries no locale: the one remembered for the person.
      const locale = actor.locale
        ? resolveLocale(actor.locale, settings.locale)
        : await personLocale(deps.store, workspace.id, actor.userId, settings);
      const scope = { workspace, settings, actor, locale };
      const now = deps.clock.now();
      const month = periodAt('month', now, settings.timezone);
      const inGroup = settings.reviewerGroup ? await memberOf(settings.reviewerGroup) : false;
      const [mine, queue, prompts, published, shares] = await Promise.all([
        deps.store.drafts.openByAuthor(workspace.id, actor.userId, DESK_SHOWN.drafts),
        reviewQueue(deps, scope, inGroup),
        deps.store.ambassadors.pendingPrompts(workspace.id, actor.userId, DESK_SHOWN.prompts),
        deps.store.drafts.publishedCount(workspace.id, actor.userId, month.start, month.end),
        deps.store.ambassadors.stats(workspace.id, month.start, actor.userId),
      ]);
      // Approvals so far, for the drafts still in review.
      const withApprovals = await Promise.all(
        mine.drafts.map(async (d) => ({
          ...d,
          approvals:
            d.state === 'in_review'
              ? (await deps.store.drafts.reviews(d.id, d.revision)).filter((r) => r.decision === 'approve').length
              : 0,
        })),
      );
      const label = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
        month: 'long',
        year: 'numeric',
        timeZone: settings.timezone,
      }).format(now);
      return deskBlocks(
        {
          drafts: { list: withApprovals, total: mine.total },
          queue: { list: queue, total: queue.length },
          prompts: { list: prompts.prompts, total: prompts.total },
          month: { label, published, shares: shares.shared },
          approvalsNeeded: settings.approvalsNeeded,
          timezone: settings.timezone,
          locale,
          now,
        },
        translator(locale),
      );
    },
  };
}
