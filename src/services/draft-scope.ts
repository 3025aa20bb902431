import type { WorkspaceSettings } from '../domain/settings.ts';
import type { Workspace } from '../domain/workspace.ts';
import type { Locale } from '../i18n/catalog.ts';
import type { Actor } from './actor.ts';

/** Who acts on drafts, where, in which language: what every draft use case receives. */
export interface DraftScope {
  workspace: Workspace;
  settings: WorkspaceSettings;
  actor: Actor;
  /** The acting person's language, for what is said to them (cards and threads use the workspace's). */
  locale: Locale;
}
