import type { Ambassador, DuePrompt } from '../domain/ambassador.ts';
import { decidePrompt, workingHoursOf } from '../domain/ambassador.ts';
import { type Draft, draftRef } from '../domain/draft.ts';
import { NETWORK_LABELS, type Network } from '../domain/networks.ts';
import type { WorkspaceSettings } from '../domain/settings.ts';
import type { Workspace } from '../domain/workspace.ts';
import { type Locale, resolveLocale, type Translate, translator } from '../i18n/catalog.ts';
import { actions, bold, context, header, message, section } from '../message/build.ts';
import { button } from '../message/button-kind.ts';
import type { Message, Span } from '../message/model.ts';
import type { Person } from '../ports.ts';
import { promptButtons } from './buttons.ts';
import type { Deps } from './deps.ts';
import { promptDesksChanged } from './desk-changes.ts';

const BATCH = 200;

/** The direct message an ambassador gets: the post's text for their networks, ready to copy, and the link. */
function promptMessage(promptId: number, draft: Draft, ambassador: Ambassador, locale: Locale): Message {
  const t = translator(locale);
  const ref = draftRef(draft.number);
  const mine = ambassador.networks.length
    ? draft.content.networks.filter((n) => ambassador.networks.includes(n))
    : draft.content.networks;
  const networks = (mine.length ? mine : draft.content.networks)
    .map((n) => NETWORK_LABELS[n as Network] ?? n)
    .join(', ');
  const link = draft.publishedUrls[0] ?? draft.content.link;
  return message(
    [
      header(t('prompt.title', { ref })),
      section(t('prompt.intro')),
      section([{ text: draft.content.text, style: 'code' }]),
      ...(link
        ? [
            section([
              { text: `${t('stats.label', { label: t('prompt.link') })} ` },
              { text: link, href: link },
            ] as Span[]),
          ]
        : []),
      context(networks),
      actions(
        button(promptButtons.shared, promptId, t('prompt.button.shared'), 'primary'),
        button(promptButtons.skip, promptId, t('prompt.button.skip')),
        button(promptButtons.stop, promptId, t('prompt.button.stop'), 'danger'),
      ),
    ],
    { visibility: 'direct', text: t('prompt.title', { ref }) },
  );
}

/**
 * Moves waiting prompts on: each one due is dropped (post too old), pushed to the person's next
 * allowed moment (hours, weekly cap), or queued in the outbox once (its dedupe key is the
 * prompt). Rows are claimed with SKIP LOCKED, so replicas share the work without doubles.
 */
export async function schedulePrompts(deps: Deps): Promise<{ queued: number; waiting: number; dropped: number }> {
  const totals = { queued: 0, waiting: 0, dropped: 0 };
  for (;;) {
    const now = deps.clock.now();
    const sentTo: { workspaceId: string; userId: string }[] = [];
    const handled = await deps.store.transaction(async (tx) => {
      const due = await tx.ambassadors.claimDuePrompts(now, BATCH);
      const settingsOf = new Map<string, WorkspaceSettings>();
      const people = await peopleOf(tx, due);
      const draftsById = new Map<string, Draft | null>();
      // Prompts queued earlier in this batch count toward the same person's weekly cap.
      const queuedNow = new Map<string, Date[]>();
      for (const p of due) {
        const settings = settingsOf.get(p.workspaceId) ?? (await tx.getSettings(p.workspaceId));
        settingsOf.set(p.workspaceId, settings);
        const person = `${p.workspaceId}:${p.userId}`;
        const withBatch = { ...p, sentInLastWeek: [...p.sentInLastWeek, ...(queuedNow.get(person) ?? [])] };
        if (await decideOne(tx, withBatch, settings, people.get(person), now, draftsById, totals)) {
          queuedNow.set(person, [...(queuedNow.get(person) ?? []), now]);
          sentTo.push({ workspaceId: p.workspaceId, userId: p.userId });
        }
      }
      return due.length;
    });
    promptDesksChanged(deps, sentTo);
    if (handled < BATCH) return totals;
  }
}

async function decideOne(
  tx: Deps['store'],
  p: DuePrompt,
  settings: WorkspaceSettings,
  person: Person | undefined,
  now: Date,
  draftsById: Map<string, Draft | null>,
  totals: { queued: number; waiting: number; dropped: number },
): Promise<boolean> {
  if (!p.ambassador.active) {
    await tx.ambassadors.updatePrompt(p.id, { status: 'stopped', reason: 'not-an-ambassador' });
    return false;
  }
  const hours = workingHoursOf(p.ambassador, person?.timezone, settings.timezone);
  const decision = decidePrompt({
    now,
    publishedAt: p.publishedAt,
    maxAgeDays: settings.promptMaxAgeDays,
    hours,
    sentInLastWeek: p.sentInLastWeek,
    perWeek: settings.promptsPerWeek,
  });
  if (decision.kind === 'drop') {
    await tx.ambassadors.updatePrompt(p.id, { status: 'dropped', reason: decision.why });
    totals.dropped++;
    return false;
  }
  if (decision.kind === 'wait') {
    await tx.ambassadors.updatePrompt(p.id, { status: 'waiting', notBefore: decision.until, reason: decision.why });
    totals.waiting++;
    return false;
  }
  if (!draftsById.has(p.draftId)) draftsById.set(p.draftId, await tx.drafts.byId(p.draftId));
  const draft = draftsById.get(p.draftId);
  if (!draft) {
    await tx.ambassadors.updatePrompt(p.id, { status: 'dropped', reason: 'draft-gone' });
    return false;
  }
  // sent_at is set when queued, so the weekly cap counts it at once; delivery confirms it.
  await tx.ambassadors.updatePrompt(p.id, { status: 'queued', sentAt: now, reason: null });
  await tx.outbox.enqueue({
    workspaceId: p.workspaceId,
    target: { to: 'prompt', promptId: p.id, userId: p.userId },
    // A direct message: in the person's language, remembered from their last command or click.
    message: promptMessage(p.id, draft, p.ambassador, resolveLocale(person?.locale, settings.locale)),
    dedupeKey: `prompt:${p.id}`,
  });
  totals.queued++;
  return true;
}

/** What the platforms said of the people these prompts go to, keyed `workspace:user`: one read per workspace. */
async function peopleOf(tx: Deps['store'], due: DuePrompt[]): Promise<Map<string, Person>> {
  const byWorkspace = new Map<string, string[]>();
  for (const p of due) byWorkspace.set(p.workspaceId, [...(byWorkspace.get(p.workspaceId) ?? []), p.userId]);
  const found = new Map<string, Person>();
  for (const [workspaceId, userIds] of byWorkspace)
    for (const person of await tx.people.get(workspaceId, [...new Set(userIds)]))
      found.set(`${workspaceId}:${person.userId}`, person);
  return found;
}

/**
 * What a prompt becomes once answered: the post and what was recorded, without its buttons. It
 * replaces the prompt where the click came from, so the direct message never offers a choice
 * already made. Null when the prompt is not this person's (the answer was refused before).
 */
export async function answeredPromptMessage(
  deps: Deps,
  workspace: Workspace,
  promptId: number,
  answer: 'shared' | 'skip' | 'stop',
  t: Translate,
): Promise<Message | null> {
  const prompt = await deps.store.ambassadors.prompt(promptId);
  if (!prompt || prompt.workspaceId !== workspace.id) return null;
  const draft = await deps.store.drafts.byId(prompt.draftId);
  const ref = draft ? draftRef(draft.number) : '';
  const networks = prompt.sharedOn.map((n) => NETWORK_LABELS[n as Network] ?? n).join(', ');
  const outcome =
    answer === 'stop'
      ? t('ambassador.left')
      : prompt.status === 'shared'
        ? t('prompt.recorded.shared', { ref, networks: networks || '—' })
        : t('prompt.recorded.skipped', { ref });
  return message(
    [
      header(t('prompt.title', { ref })),
      ...(draft ? [section([{ text: draft.content.text, style: 'code' as const }])] : []),
      section([bold(outcome)]),
    ],
    { visibility: 'direct', text: outcome },
  );
}
