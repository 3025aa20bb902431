import {
  can,
  type Decision,
  type Draft,
  type DraftContent,
  type DraftState,
  draftRef,
  mayReview,
  stateAfter,
} from '../domain/draft.ts';
import { checkDraft, type DraftCheck } from '../domain/draft-checks.ts';
import type { WorkspaceSettings } from '../domain/settings.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors.ts';
import { type Locale, translator } from '../i18n/catalog.ts';
import type { Span } from '../message/model.ts';
import type { Store, Workspace } from '../ports.ts';
import type { Actor } from './actor.ts';
import type { Deps } from './deps.ts';
import { authorNote, changedParts, draftCard, threadEntry } from './draft-messages.ts';
import { isAdmin } from './settings.ts';

/**
 * The draft use cases. Each runs in one transaction with the draft's row locked: the state
 * change, its history entry and the messages it sends (queued in the outbox) land together or
 * not at all, and two replicas handling two clicks at once are serialised by the lock.
 */

export interface DraftScope {
  workspace: Workspace;
  settings: WorkspaceSettings;
  actor: Actor;
  /** The acting person's language, for what is said to them (cards and threads use the workspace's). */
  locale: Locale;
}

export const checksFor = (content: DraftContent, settings: WorkspaceSettings): DraftCheck =>
  checkDraft(
    { text: content.text, networks: content.networks },
    { charter: settings.charter, mastodonLimit: settings.mastodonLimit },
  );

/** Queues the card for the draft as it now is: posted when the draft is new, then updated in place. */
async function queueCard(tx: Store, scope: DraftScope, draft: Draft, isNew = false): Promise<void> {
  const t = translator(scope.settings.locale);
  const approvals = isNew
    ? 0
    : (await tx.drafts.reviews(draft.id, draft.revision)).filter((r) => r.decision === 'approve').length;
  const card = draftCard(
    draft,
    checksFor(draft.content, scope.settings),
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

async function queueThread(tx: Store, draft: Draft, actorId: string, what: Span[]): Promise<void> {
  await tx.outbox.enqueue({
    workspaceId: draft.workspaceId,
    target: { to: 'draft-thread', draftId: draft.id },
    message: threadEntry(actorId, what),
    orderKey: `draft:${draft.id}`,
  });
}

async function queueAuthorNote(tx: Store, draft: Draft, message: ReturnType<typeof authorNote>): Promise<void> {
  await tx.outbox.enqueue({ workspaceId: draft.workspaceId, target: { to: 'user', userId: draft.authorId }, message });
}

export type SubmitResult =
  | { kind: 'submitted'; draft: Draft; check: DraftCheck }
  | { kind: 'blocked'; check: DraftCheck }
  | { kind: 'duplicate' };

/** `/draft`: checks, then the draft, its history and its card, once per delivery. */
export async function submitDraft(
  deps: Deps,
  scope: DraftScope,
  input: {
    content: DraftContent;
    channelId: string | null;
    deliveryKey: string | null;
    /** The veille story the draft was started from, if any. */
    storyItemId?: number | null;
  },
): Promise<SubmitResult> {
  if (!scope.settings.reviewChannel)
    throw new Invalid('draft.no-review-channel', { example: '/relais config review-channel #channel' });
  const check = checksFor(input.content, scope.settings);
  if (check.blocked) return { kind: 'blocked', check };
  return deps.store.transaction(async (tx) => {
    const number = await tx.drafts.nextNumber(scope.workspace.id, input.deliveryKey);
    if (number === null) return { kind: 'duplicate' } as const;
    // Only a story of this workspace is recorded: the id came back through a form.
    const story = input.storyItemId ? await tx.veille.item(scope.workspace.id, input.storyItemId) : null;
    const draft = await tx.drafts.create({
      storyItemId: story?.id ?? null,
      workspaceId: scope.workspace.id,
      number,
      authorId: scope.actor.userId,
      originChannel: input.channelId,
      content: input.content,
    });
    await queueCard(tx, scope, draft, true);
    return { kind: 'submitted', draft, check } as const;
  });
}

export async function findDraft(
  tx: Store,
  scope: DraftScope,
  ref: { number?: number; id?: string },
  lock = false,
): Promise<Draft> {
  const draft = ref.id
    ? await tx.drafts.byId(ref.id, { lock })
    : await tx.drafts.byNumber(scope.workspace.id, ref.number ?? -1, { lock });
  if (!draft || draft.workspaceId !== scope.workspace.id)
    throw new NotFound('draft.not-found', { ref: ref.number ? draftRef(ref.number) : '?' });
  return draft;
}

function wrongState(draft: Draft, locale: Locale): never {
  throw new Conflict('draft.wrong-state', {
    ref: draftRef(draft.number),
    state: translator(locale)(`draft.state.${draft.state}`),
  });
}

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
  return deps.store.transaction(async (tx) => {
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
      if (state === 'approved') await queueAuthorNote(tx, updated, authorNote('draft.dm.approved', updated, t));
    } else {
      const key = input.decision === 'changes' ? 'draft.thread.changes' : 'draft.thread.rejected';
      await queueThread(tx, draft, scope.actor.userId, [{ text: t(key) }, { text: input.reason ?? '' }]);
      await queueAuthorNote(
        tx,
        updated,
        authorNote(input.decision === 'changes' ? 'draft.dm.changes' : 'draft.dm.rejected', updated, t, input.reason),
      );
    }
    return { draft: updated, state };
  });
}

function requireAuthor(draft: Draft, actor: Actor): void {
  if (draft.authorId !== actor.userId) throw new Forbidden('draft.not-author', { ref: draftRef(draft.number) });
}

export type EditResult = { kind: 'edited'; draft: Draft; check: DraftCheck } | { kind: 'blocked'; check: DraftCheck };

/** A new revision: the card is updated in place, the thread says what changed, approvals reset. */
export async function editDraft(
  deps: Deps,
  scope: DraftScope,
  input: { draftId: string; content: DraftContent },
): Promise<EditResult> {
  const check = checksFor(input.content, scope.settings);
  if (check.blocked) return { kind: 'blocked', check };
  const t = translator(scope.settings.locale);
  return deps.store.transaction(async (tx) => {
    const draft = await findDraft(tx, scope, { id: input.draftId }, true);
    requireAuthor(draft, scope.actor);
    if (!can.edit(draft.state)) wrongState(draft, scope.locale);
    const revision = draft.revision + 1;
    await tx.drafts.addRevision(draft.id, revision, input.content, scope.actor.userId);
    await tx.drafts.setState(draft.id, { state: 'in_review', revision });
    const what = changedParts(draft.content, input.content, t);
    await tx.drafts.addEvent(draft.id, {
      revision,
      actorId: scope.actor.userId,
      kind: 'edited',
      fromState: draft.state,
      toState: 'in_review',
      reason: null,
      details: { changed: what },
    });
    const updated: Draft = { ...draft, state: 'in_review', revision, content: input.content };
    await queueCard(tx, scope, updated);
    await queueThread(tx, draft, scope.actor.userId, [{ text: t('draft.thread.edited', { revision, what }) }]);
    return { kind: 'edited', draft: updated, check };
  });
}

export async function withdrawDraft(deps: Deps, scope: DraftScope, number: number): Promise<Draft> {
  const t = translator(scope.settings.locale);
  return deps.store.transaction(async (tx) => {
    const draft = await findDraft(tx, scope, { number }, true);
    requireAuthor(draft, scope.actor);
    if (!can.withdraw(draft.state)) wrongState(draft, scope.locale);
    await tx.drafts.setState(draft.id, { state: 'withdrawn' });
    await tx.drafts.addEvent(draft.id, {
      revision: draft.revision,
      actorId: scope.actor.userId,
      kind: 'withdrawn',
      fromState: draft.state,
      toState: 'withdrawn',
      reason: null,
    });
    const updated: Draft = { ...draft, state: 'withdrawn' };
    await queueCard(tx, scope, updated);
    await queueThread(tx, draft, scope.actor.userId, [{ text: t('draft.thread.withdrawn') }]);
    return updated;
  });
}

/** Mark as published, with the live URL(s): the author (or an admin) once the draft is approved. */
export async function markPublished(
  deps: Deps,
  scope: DraftScope,
  input: { draftId: string; urls: string[] },
): Promise<Draft> {
  const admin = await isAdmin(deps, scope.workspace, scope.actor);
  const t = translator(scope.settings.locale);
  return deps.store.transaction(async (tx) => {
    const draft = await findDraft(tx, scope, { id: input.draftId }, true);
    if (draft.authorId !== scope.actor.userId && !admin)
      throw new Forbidden('draft.not-author', { ref: draftRef(draft.number) });
    if (!can.publish(draft.state)) wrongState(draft, scope.locale);
    const now = deps.clock.now();
    await tx.drafts.setState(draft.id, { state: 'published', publishedUrls: input.urls, publishedAt: now });
    // One prompt per ambassador, created with the publication: none lost if anything fails later.
    await tx.ambassadors.createPrompts(scope.workspace.id, draft.id, now);
    await tx.drafts.addEvent(draft.id, {
      revision: draft.revision,
      actorId: scope.actor.userId,
      kind: 'published',
      fromState: draft.state,
      toState: 'published',
      reason: null,
      details: { urls: input.urls },
    });
    const updated: Draft = { ...draft, state: 'published', publishedUrls: input.urls };
    await queueCard(tx, scope, updated);
    await queueThread(tx, draft, scope.actor.userId, [
      { text: t('draft.thread.published') },
      ...input.urls.flatMap((u, i): Span[] => [...(i ? [{ text: ' ' }] : []), { text: u, href: u }]),
    ]);
    return updated;
  });
}

/** A rejected or withdrawn draft comes back as a new draft with the same content (one rejection ends a draft). */
export async function cloneDraft(
  deps: Deps,
  scope: DraftScope,
  input: { number: number; channelId: string | null; deliveryKey: string | null },
): Promise<SubmitResult> {
  const original = await findDraft(deps.store, scope, { number: input.number });
  requireAuthor(original, scope.actor);
  if (!can.clone(original.state)) wrongState(original, scope.locale);
  return submitDraft(deps, scope, {
    content: original.content,
    channelId: input.channelId,
    deliveryKey: input.deliveryKey,
  });
}
