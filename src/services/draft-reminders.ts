import { type Draft, draftRef, RELAIS_ACTOR } from '../domain/draft.ts';
import { translator } from '../i18n/catalog.ts';
import { message as buildMessage, section } from '../message/build.ts';
import type { Span } from '../message/model.ts';
import type { Deps } from './deps.ts';
import { authorNote } from './draft-messages.ts';
import { personLocale } from './people.ts';

const BATCH = 100;

/**
 * Drafts waiting longer than the workspace's review delay get one reminder in their thread that
 * mentions the reviewers who have not decided. Claimed under the draft's row lock and marked in
 * the same transaction, so replicas running this together remind once.
 */
export async function remindReviewers(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.store.drafts.dueReviewReminders(now, BATCH);
  let sent = 0;
  for (const candidate of due) {
    const done = await deps.store.transaction(async (tx) => {
      const draft = await tx.drafts.byId(candidate.id, { lock: true });
      if (draft?.state !== 'in_review' || draft.remindedAt) return false;
      const settings = await tx.getSettings(draft.workspaceId);
      const decided = new Set((await tx.drafts.reviews(draft.id, draft.revision)).map((r) => r.reviewerId));
      const waiting: Span[] = [
        ...settings.reviewers
          .filter((id) => !decided.has(id) && id !== draft.authorId)
          .map((id): Span => ({ user: id })),
        ...(settings.reviewerGroup ? [{ group: settings.reviewerGroup } as Span] : []),
      ];
      const t = translator(settings.locale);
      const mentions = waiting.flatMap((s, i): Span[] => (i ? [{ text: ' ' }, s] : [s]));
      await tx.drafts.setState(draft.id, { remindedAt: now });
      await tx.drafts.addEvent(draft.id, {
        revision: draft.revision,
        actorId: RELAIS_ACTOR,
        kind: 'review_reminder',
        fromState: null,
        toState: null,
        reason: null,
      });
      const intro = t('draft.thread.reminder', { hours: settings.reviewDelayHours });
      const message = buildMessage([section([{ text: intro }, ...mentions])], { text: intro });
      await tx.outbox.enqueue({
        workspaceId: draft.workspaceId,
        target: { to: 'draft-thread', draftId: draft.id },
        message,
        orderKey: `draft:${draft.id}`,
        dedupeKey: `review-reminder:${draft.id}:${draft.revision}`,
      });
      return true;
    });
    if (done) sent++;
  }
  return sent;
}

/** At the planned time of an approved draft, its author is asked to publish it (once). */
export async function remindToPublish(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.store.drafts.duePublishReminders(now, BATCH);
  let sent = 0;
  for (const candidate of due) {
    const done = await deps.store.transaction(async (tx) => {
      const draft: Draft | null = await tx.drafts.byId(candidate.id, { lock: true });
      if (draft?.state !== 'approved' || draft.publishRemindedAt) return false;
      const settings = await tx.getSettings(draft.workspaceId);
      // A direct message: in the author's language, remembered from their last command or click.
      const t = translator(await personLocale(tx, draft.workspaceId, draft.authorId, settings));
      await tx.drafts.setState(draft.id, { publishRemindedAt: now });
      await tx.drafts.addEvent(draft.id, {
        revision: draft.revision,
        actorId: RELAIS_ACTOR,
        kind: 'publish_reminder',
        fromState: null,
        toState: null,
        reason: null,
        details: { ref: draftRef(draft.number) },
      });
      await tx.outbox.enqueue({
        workspaceId: draft.workspaceId,
        target: { to: 'user', userId: draft.authorId },
        message: authorNote('draft.dm.publish-now', draft, t, null, true),
        dedupeKey: `publish-reminder:${draft.id}`,
      });
      return true;
    });
    if (done) sent++;
  }
  return sent;
}
