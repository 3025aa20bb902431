import { type Ambassador, type AmbassadorStats, type WorkingHours, workingHoursOf } from '../domain/ambassador.ts';
import { isTimezone, type WorkspaceSettings } from '../domain/settings.ts';
import type { Workspace } from '../domain/workspace.ts';
import { dayNumber } from '../domain/zoned-time.ts';
import { Forbidden, Invalid, NotFound } from '../errors.ts';
import type { Locale } from '../i18n/catalog.ts';
import type { Message } from '../message/model.ts';
import type { Store } from '../ports.ts';
import type { Actor } from './actor.ts';
import type { Deps } from './deps.ts';
import { promptDesksChanged } from './desk-changes.ts';
import { peopleLocales, readerTimezone } from './people.ts';
import { requireAdmin } from './settings.ts';

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
  const result = await deps.store.transaction<'done' | 'already'>(async (tx) => {
    const prompt = await tx.ambassadors.prompt(promptId, { lock: true });
    if (!prompt || prompt.workspaceId !== workspace.id) throw new NotFound('error.unknown-action');
    if (prompt.userId !== actor.userId) throw new Forbidden('prompt.not-yours');
    const now = deps.clock.now();
    if (answer === 'stop') {
      await leaveIn(tx, workspace, actor, now, String(promptId));
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
  promptDesksChanged(deps, [{ workspaceId: workspace.id, userId: actor.userId }]);
  return result;
}

/** `09:00-18:00 mon-fri Europe/Paris` (days and zone optional; French day names too). */
function parseHours(
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

/** Opts in (or updates the networks); true when the person was not an active ambassador before. */
export async function joinAmbassadors(
  deps: Deps,
  workspace: Workspace,
  actor: Actor,
  opts: { networks: string[] },
): Promise<boolean> {
  return deps.store.ambassadors.join(workspace.id, actor.userId, { networks: opts.networks });
}

/** Stops every prompt to this person at once, queued ones included, with its audit entry. */
async function leaveIn(tx: Store, workspace: Workspace, actor: Actor, now: Date, subject: string | null) {
  const was = await tx.ambassadors.leave(workspace.id, actor.userId, now);
  if (was)
    await tx.recordAudit({ workspaceId: workspace.id, actorId: actor.userId, action: 'ambassador.stopped', subject });
  return was;
}

/** `/ambassador leave` and the Stop button take this one path; false when the person was not one. */
export async function leaveAmbassadors(deps: Deps, workspace: Workspace, actor: Actor): Promise<boolean> {
  const was = await deps.store.transaction((tx) => leaveIn(tx, workspace, actor, deps.clock.now(), null));
  promptDesksChanged(deps, [{ workspaceId: workspace.id, userId: actor.userId }]);
  return was;
}

/** Sets when prompts may come; the hours as they now apply, or null when the person is not an ambassador. */
export async function setWorkingHours(
  deps: Deps,
  workspace: Workspace,
  actor: Actor,
  text: string,
  settings: Pick<WorkspaceSettings, 'timezone'>,
): Promise<WorkingHours | null> {
  const hours = parseHours(text, isTimezone);
  if (!(await deps.store.ambassadors.setHours(workspace.id, actor.userId, hours))) return null;
  return promptHoursOf(deps, workspace, actor, settings);
}

/** When prompts may reach this person: their hours, in the zone they set, else their platform's, else the workspace's. */
export async function promptHoursOf(
  deps: Deps,
  workspace: Workspace,
  actor: Actor,
  settings: Pick<WorkspaceSettings, 'timezone'>,
): Promise<WorkingHours> {
  const ambassador = await deps.store.ambassadors.get(workspace.id, actor.userId);
  return workingHoursOf(ambassador, await readerTimezone(deps.store, workspace.id, actor, settings), settings.timezone);
}

/** Admins invite colleagues: one direct message each, once per delivery (a retried command sends none twice). */
export async function inviteAmbassadors(
  deps: Deps,
  workspace: Workspace,
  actor: Actor,
  invite: {
    userIds: string[];
    deliveryId: string | null;
    settings: Pick<WorkspaceSettings, 'locale'>;
    /** The invitation in the invitee's language. */
    message: (locale: Locale) => Message;
  },
): Promise<void> {
  await requireAdmin(deps, workspace, actor);
  const key = invite.deliveryId ?? String(deps.clock.now().getTime());
  await deps.store.transaction(async (tx) => {
    const locales = await peopleLocales(tx, workspace.id, invite.userIds, invite.settings);
    for (const userId of invite.userIds) {
      await tx.outbox.enqueue({
        workspaceId: workspace.id,
        target: { to: 'user', userId },
        message: invite.message(locales.get(userId) ?? invite.settings.locale),
        dedupeKey: `invite:${workspace.id}:${userId}:${key}`,
      });
    }
  });
}

/** Who is in, for admins. */
export async function activeAmbassadors(deps: Deps, workspace: Workspace, actor: Actor): Promise<Ambassador[]> {
  await requireAdmin(deps, workspace, actor);
  return (await deps.store.ambassadors.list(workspace.id)).filter((a) => a.active);
}

/** Prompts arrive in direct messages, where Discord names no server: the prompt knows its workspace. */
export async function workspaceOfPrompt(deps: Deps, promptId: number): Promise<string | null> {
  return (await deps.store.ambassadors.prompt(promptId))?.workspaceId ?? null;
}
