import { can, type Draft, type DraftContent, draftRef } from '../domain/draft.ts';
import { checkDraft, type DraftCheck } from '../domain/draft-checks.ts';
import { Conflict, Forbidden, NotFound } from '../errors.ts';
import { type Locale, translator } from '../i18n/catalog.ts';
import type { Span } from '../message/model.ts';
import type { Store } from '../ports.ts';
import type { Actor } from './actor.ts';
import type { Deps } from './deps.ts';
import { draftDesksChanged } from './desk-changes.ts';
import { authorNote, changedParts } from './draft-messages.ts';
import { queueAuthorNote, queueCard, queueThread } from './draft-outbox.ts';
import type { DraftScope } from './draft-scope.ts';
import { isAdmin } from './settings.ts';

/**
 * The draft use cases. Each runs in one transaction with the draft's row locked: the state
 * change, its history entry and the messages it sends (queued in the outbox) land together or
 * not at all, and two replicas handling two clicks at once are serialised by the lock.
 */

export type SubmitResult =
  /** `waiting`: no review channel yet; the draft is kept and its card goes out once an admin sets one. */
  | { kind: 'submitted'; draft: Draft; check: DraftCheck; waiting?: { admins: string[] } }
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
  const check = checkDraft(input.content, scope.settings);
  if (check.blocked) return { kind: 'blocked', check };
  const result = await deps.store.transaction(async (tx) => {
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
    if (!scope.settings.reviewChannel)
      return { kind: 'submitted', draft, check, waiting: { admins: await tx.listAdmins(scope.workspace.id) } } as const;
    await queueCard(tx, scope, draft, true);
    return { kind: 'submitted', draft, check } as const;
  });
  if (result.kind === 'submitted') await draftDesksChanged(deps, scope, result.draft, { reviewers: true });
  return result;
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

export function wrongState(draft: Draft, locale: Locale): never {
  throw new Conflict('draft.wrong-state', {
    ref: draftRef(draft.number),
    state: translator(locale)(`draft.state.${draft.state}`),
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
  const check = checkDraft(input.content, scope.settings);
  if (check.blocked) return { kind: 'blocked', check };
  const t = translator(scope.settings.locale);
  const result = await deps.store.transaction(async (tx) => {
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
    return { kind: 'edited' as const, draft: updated, check };
  });
  await draftDesksChanged(deps, scope, result.draft, { reviewers: true });
  return result;
}

export async function withdrawDraft(deps: Deps, scope: DraftScope, number: number): Promise<Draft> {
  const t = translator(scope.settings.locale);
  const withdrawn = await deps.store.transaction(async (tx) => {
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
  await draftDesksChanged(deps, scope, withdrawn, { reviewers: true });
  return withdrawn;
}

/** Mark as published, with the live URL(s): the author (or an admin) once the draft is approved. */
export async function markPublished(
  deps: Deps,
  scope: DraftScope,
  input: { draftId: string; urls: string[] },
): Promise<Draft> {
  const admin = await isAdmin(deps, scope.workspace, scope.actor);
  const t = translator(scope.settings.locale);
  const published = await deps.store.transaction(async (tx) => {
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
    // Marked by someone else (an admin): the author learns it, and from whom.
    if (draft.authorId !== scope.actor.userId)
      await queueAuthorNote(
        tx,
        updated,
        authorNote('draft.dm.published', updated, t, null, false, { by: scope.actor.userId }),
      );
    return updated;
  });
  await draftDesksChanged(deps, scope, published, { reviewers: false });
  return published;
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
