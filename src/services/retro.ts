import { type Draft, draftRef } from '../domain/draft.ts';
import type { Workspace } from '../domain/workspace.ts';
import { Conflict, Forbidden, Invalid } from '../errors.ts';
import { type Locale, translator } from '../i18n/catalog.ts';
import { actions, header, message, section } from '../message/build.ts';
import { button } from '../message/button-kind.ts';
import type { Message, Span } from '../message/model.ts';
import type { Actor } from './actor.ts';
import { retroButton } from './buttons.ts';
import type { Deps } from './deps.ts';
import { personLocale } from './people.ts';

const BATCH = 100;

/**
 * Asks each published draft's author, once, how it did: when the workspace's retro delay has
 * passed since it was marked published. The draft id is the claim's key and the claim is written
 * in the transaction that queues the direct message, so any number of replicas and restarts send
 * one; a retro missed while everything was down goes out on the first tick after (within a week).
 */
export async function sendDueRetros(deps: Deps, instance: string): Promise<number> {
  let sent = 0;
  for (;;) {
    const now = deps.clock.now();
    const due = await deps.store.stats.dueRetros(now, BATCH);
    for (const { draftId, workspaceId } of due) {
      const queued = await deps.store.transaction(async (tx) => {
        if (!(await tx.stats.claimRetro({ draftId, workspaceId, by: instance, now }))) return false;
        const draft = await tx.drafts.byId(draftId);
        if (draft?.state !== 'published') return false;
        const settings = await tx.getSettings(workspaceId);
        const locale = await personLocale(tx, workspaceId, draft.authorId, settings);
        await tx.outbox.enqueue({
          workspaceId,
          target: { to: 'user', userId: draft.authorId },
          message: retroMessage(draft, locale),
          dedupeKey: `retro:${draftId}`,
        });
        return true;
      });
      if (queued) sent++;
    }
    // A claimed draft leaves the due list, so a full batch means there may be more.
    if (due.length < BATCH) return sent;
  }
}

/** "How did D-42 do?", in the author's language, with the button that opens the form. */
function retroMessage(draft: Draft, locale: Locale): Message {
  const t = translator(locale);
  const ref = draftRef(draft.number);
  const link = draft.publishedUrls[0];
  return message(
    [
      header(t('retro.title', { ref })),
      section(t('retro.intro')),
      ...(link ? [section([{ text: link, href: link }] as Span[])] : []),
      actions(button(retroButton, draft.id, t('retro.button'), 'primary')),
    ],
    { visibility: 'direct', text: t('retro.title', { ref }) },
  );
}

/**
 * Whether `actor` may answer the retro of `draftId` now: its author, the draft published, the
 * answer not yet recorded. Checked when the form opens and again when it is saved.
 */
export async function retroToAnswer(
  deps: Deps,
  workspace: Workspace,
  actor: Actor,
  draftId: string,
): Promise<{ ref: string; answered: boolean }> {
  const draft = await deps.store.drafts.byId(draftId);
  if (!draft || draft.workspaceId !== workspace.id) throw new Invalid('error.unknown-action');
  const ref = draftRef(draft.number);
  if (draft.authorId !== actor.userId) throw new Forbidden('draft.not-author', { ref });
  if (draft.state !== 'published') throw new Conflict('stats.result.not-published', { ref });
  return { ref, answered: await deps.store.stats.hasResult(draft.id) };
}
