/** A chat workspace: a Slack team, a Discord guild, the playground. `platform` is data, not a branch. */
export interface WorkspaceRef {
  platform: string;
  externalId: string;
  name?: string | null;
}

export interface Workspace {
  id: string;
  platform: string;
  externalId: string;
  name: string | null;
}

export interface AuditEntry {
  workspaceId: string;
  actorId: string;
  action: string;
  subject?: string | null;
  details?: Record<string, unknown>;
}
