import type { WorkspaceSettings } from '../domain/settings.ts';
import type { Workspace, WorkspaceRef } from '../domain/workspace.ts';
import { Invalid } from '../errors.ts';
import type { Deps } from './deps.ts';

export interface OpenedWorkspace {
  workspace: Workspace;
  settings: WorkspaceSettings;
}

/** The workspace a command or click comes from (created on first sight), with its settings. */
export function openWorkspace(deps: Deps, ref: WorkspaceRef): Promise<OpenedWorkspace> {
  return deps.store.loadWorkspace(ref);
}

/**
 * A workspace named by what a click carries (a Discord DM names no server): it must exist and be
 * on the platform the click came from.
 */
export async function openWorkspaceById(deps: Deps, id: string | null, platform: string): Promise<OpenedWorkspace> {
  const workspace = id ? await deps.store.workspaceById(id) : null;
  if (!workspace || workspace.platform !== platform) throw new Invalid('error.not-in-workspace');
  return { workspace, settings: await deps.store.getSettings(workspace.id) };
}
