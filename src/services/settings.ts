import { settingsSchema, type WorkspaceSettings } from '../domain/settings.ts';
import type { Workspace } from '../domain/workspace.ts';
import { Conflict, Invalid, NotAdmin } from '../errors.ts';
import type { Actor } from './actor.ts';
import type { Deps } from './deps.ts';
import { queueCard } from './draft-outbox.ts';

export async function isAdmin(deps: Deps, workspace: Workspace, actor: Actor): Promise<boolean> {
  if (actor.platformAdmin) return true;
  const admins = await deps.store.listAdmins(workspace.id);
  return admins.includes(actor.userId);
}

export async function requireAdmin(deps: Deps, workspace: Workspace, actor: Actor): Promise<void> {
  await adminView(deps, workspace, actor);
}

/** For admins only: who the admins are (a refusal names them). */
export async function adminView(deps: Deps, workspace: Workspace, actor: Actor): Promise<{ admins: string[] }> {
  const admins = await deps.store.listAdmins(workspace.id);
  if (!actor.platformAdmin && !admins.includes(actor.userId)) throw new NotAdmin(admins);
  return { admins };
}

export interface SettingsChange {
  /** Applied to the current settings inside the transaction, so concurrent changes compose. */
  apply?: (current: WorkspaceSettings) => WorkspaceSettings;
  /** Replaces the list of people who are Relais admins. */
  admins?: string[];
}

export interface SettingsChangeResult {
  settings: WorkspaceSettings;
  admins: string[];
  /** Setting paths whose value changed, e.g. `approvalsNeeded`, `charter.maxHashtags`, `admins`. */
  changed: string[];
}

const MAX_ATTEMPTS = 3;
/** Drafts whose card is posted when a review channel is set; more than a team writes before setting one. */
const WAITING_CARDS = 500;

/**
 * Changes settings as one unit: admin check, validation, write and audit entry land together or
 * not at all. A concurrent writer makes the version check fail; the change is then re-applied
 * on the fresh settings instead of overwriting them.
 */
export async function changeSettings(
  deps: Deps,
  workspace: Workspace,
  actor: Actor,
  change: SettingsChange,
): Promise<SettingsChangeResult> {
  await requireAdmin(deps, workspace, actor);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const result = await deps.store.transaction(async (tx) => {
      const version = await tx.settingsVersion(workspace.id);
      const before = await tx.getSettings(workspace.id);
      const candidate = change.apply ? change.apply(structuredClone(before)) : before;
      const parsed = settingsSchema.safeParse(candidate);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Invalid('error.invalid-option', {
          option: issue?.path.join('.') ?? '?',
          problem: issue?.message ?? '',
        });
      }
      const after = parsed.data;
      const changed = diffPaths(before, after);
      const adminsBefore = await tx.listAdmins(workspace.id);
      const adminsChanged = change.admins !== undefined && !sameSet(adminsBefore, change.admins);
      if (changed.length > 0) {
        const written = await tx.putSettings(workspace.id, after, { version, actorId: actor.userId });
        if (!written) return null;
      }
      if (adminsChanged && change.admins) {
        await tx.setAdmins(workspace.id, change.admins, actor.userId);
        changed.push('admins');
      }
      if (changed.length > 0) {
        await tx.recordAudit({
          workspaceId: workspace.id,
          actorId: actor.userId,
          action: 'settings.changed',
          details: {
            changed,
            before: pick(before, changed, adminsBefore),
            after: pick(after, changed, change.admins ?? adminsBefore),
          },
        });
      }
      // Drafts kept while there was no review channel get their cards now, with the change.
      if (changed.includes('reviewChannel') && after.reviewChannel) {
        const scope = { workspace, settings: after, actor, locale: after.locale };
        for (const draft of await tx.drafts.withoutCard(workspace.id, WAITING_CARDS))
          await queueCard(tx, scope, draft, true);
      }
      return { settings: after, admins: change.admins ?? adminsBefore, changed };
    });
    if (result) return result;
    deps.log.debug({ workspace: workspace.id, attempt }, 'settings changed concurrently; re-applying');
  }
  throw new Conflict('error.generic');
}

function diffPaths(before: WorkspaceSettings, after: WorkspaceSettings): string[] {
  const paths: string[] = [];
  for (const key of Object.keys(after) as (keyof WorkspaceSettings)[]) {
    if (key === 'charter') {
      for (const sub of Object.keys(after.charter) as (keyof WorkspaceSettings['charter'])[]) {
        if (JSON.stringify(before.charter[sub]) !== JSON.stringify(after.charter[sub])) paths.push(`charter.${sub}`);
      }
    } else if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      paths.push(key);
    }
  }
  return paths;
}

function pick(settings: WorkspaceSettings, paths: string[], admins: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    if (path === 'admins') out.admins = admins;
    else if (path.startsWith('charter.'))
      out[path] = settings.charter[path.slice(8) as keyof WorkspaceSettings['charter']];
    else out[path] = settings[path as keyof WorkspaceSettings];
  }
  return out;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
