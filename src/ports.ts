import type { WorkspaceSettings } from './domain/settings.ts';

/** The few interfaces with more than one real implementation. */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

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

/**
 * Persistence as the core sees it. `transaction` gives a store whose writes all land or none do;
 * the PostgreSQL/PGlite implementation lives in db/, an in-memory one backs the core's unit tests.
 */
export interface Store {
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  ensureWorkspace(ref: WorkspaceRef): Promise<Workspace>;
  getSettings(workspaceId: string): Promise<WorkspaceSettings>;
  /** Writes settings only if they are still at `expectedVersion`; returns false otherwise. */
  putSettings(workspaceId: string, settings: WorkspaceSettings, expected: { version: number; actorId: string }): Promise<boolean>;
  settingsVersion(workspaceId: string): Promise<number>;
  listAdmins(workspaceId: string): Promise<string[]>;
  setAdmins(workspaceId: string, userIds: string[], actorId: string): Promise<void>;
  recordAudit(entry: AuditEntry): Promise<void>;
  listAudit(workspaceId: string, limit: number): Promise<(AuditEntry & { at: Date })[]>;
  /** Health of the backing database, for /healthz. */
  ping(): Promise<boolean>;
}
