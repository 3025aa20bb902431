import { dayNumber } from '../domain/zoned-time.ts';
import { Forbidden, Invalid, NotFound } from '../errors.ts';
import type { AmbassadorStats, Workspace } from '../ports.ts';
import type { Actor } from './actor.ts';
import type { Deps } from './deps.ts';

export type PromptAnswer = 'shared' | 'skip' | 'stop';

/**
 * An ambassador answers a prompt. Only the person it was sent to can answer it; anyone else
 * changes nothing. "Stop" ends every prompt to this person at once, queued ones included.
 */
export async function answerPrompt(
  deps: Deps,
  workspace: Workspace,
  actor: Actor,
  promptId: number,
  answer: PromptAnswer,
): Promise<'done' | 'already'> {
  return deps.store.transaction(async (tx) => {
    const prompt = await tx.ambassadors.prompt(promptId, { lock: true });
    if (!prompt || prompt.workspaceId !== workspace.id) throw new NotFound('error.unknown-action');
    if (prompt.userId !== actor.userId) throw new Forbidden('prompt.not-yours');
    const now = deps.clock.now();
    if (answer === 'stop') {
      await tx.ambassadors.leave(workspace.id, actor.userId, now);
      await tx.recordAudit({
        workspaceId: workspace.id,
        actorId: actor.userId,
        action: 'ambassador.stopped',
        subject: String(promptId),
      });
      return 'done';
    }
    if (prompt.status !== 'sent' && prompt.status !== 'queued') return 'already';
    if (answer === 'skip') {
      await tx.ambassadors.updatePrompt(promptId, { status: 'skipped', answeredAt: now });
      return 'done';
    }
    const draft = await tx.drafts.byId(prompt.draftId);
    const ambassador = await tx.ambassadors.get(workspace.id, actor.userId);
    const networks = draft
      ? draft.content.networks.filter((n) => !ambassador?.networks.length || ambassador.networks.includes(n))
      : [];
    await tx.ambassadors.updatePrompt(promptId, {
      status: 'shared',
      answeredAt: now,
      sharedOn: networks.length ? networks : (draft?.content.networks ?? []),
    });
    return 'done';
  });
}

/** `09:00-18:00 mon-fri Europe/Paris` (days and zone optional; French day names too). */
export function parseHours(
  text: string,
  isTimezone: (tz: string) => boolean,
): { workStart: number; workEnd: number; workDays: number[]; timezone: string | null } {
  const m =
    /^\s*(\d{1,2})[:h](\d{2})\s*-\s*(\d{1,2})[:h](\d{2})(?:\s+([a-zé]{3})(?:-([a-zé]{3}))?)?(?:\s+(\S+))?\s*$/i.exec(
      text,
    );
  if (!m) throw new Invalid('ambassador.bad-hours');
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  const day = (d: string | undefined) => (d ? dayNumber(d) : undefined);
  const from = day(m[5]) ?? 1;
  const to = day(m[6]) ?? (m[5] ? from : 5);
  if (
    start >= end ||
    end > 24 * 60 ||
    from === undefined ||
    to === undefined ||
    (m[5] && !day(m[5])) ||
    (m[6] && !day(m[6]))
  )
    throw new Invalid('ambassador.bad-hours');
  const days: number[] = [];
  for (let d = from; ; d = (d % 7) + 1) {
    days.push(d);
    if (d === to || days.length === 7) break;
  }
  const timezone = m[7] ?? null;
  if (timezone && !isTimezone(timezone)) throw new Invalid('ambassador.bad-hours');
  return { workStart: start, workEnd: end, workDays: days, timezone };
}

export async function ambassadorStats(deps: Deps, workspace: Workspace): Promise<AmbassadorStats & { rate: number }> {
  const now = deps.clock.now();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const last30 = new Date(now.getTime() - 30 * 24 * 3_600_000);
  const stats = await deps.store.ambassadors.stats(workspace.id, last30);
  const month = await deps.store.ambassadors.stats(workspace.id, monthStart);
  const answered = stats.sent;
  return { ...stats, leaderboard: month.leaderboard, rate: answered ? stats.shared / answered : 0 };
}
