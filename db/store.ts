import { and, desc, eq, sql } from 'drizzle-orm';
import { DEFAULT_SETTINGS, settingsSchema, type WorkspaceSettings } from '../src/domain/settings.ts';
import type { AuditEntry, Workspace, WorkspaceRef } from '../src/domain/workspace.ts';
import type { Clock, Store } from '../src/ports.ts';
import { createAmbassadorStore } from './ambassador-store.ts';
import { type Db, pingDatabase } from './client.ts';
import { forgetDeliveries } from './delivery-claims.ts';
import { createDraftStore } from './draft-store.ts';
import { createKeptFormStore } from './kept-form-store.ts';
import { createOutboxWriter } from './outbox-store.ts';
import { createPeopleStore } from './people-store.ts';
import { auditLog, members, workspaceSettings, workspaces } from './schema.ts';
import { createStatsStore } from './stats-store.ts';
import { createVeilleStore } from './veille-store.ts';

/** The core's Store on PostgreSQL or PGlite, through Drizzle. Every instant it writes comes from `clock`. */
export function createDbStore(db: Db, clock: Clock): Store {
  const store: Store = {
    transaction: (fn) => db.transaction((tx) => fn(createDbStore(tx as unknown as Db, clock))),

    async ensureWorkspace(ref: WorkspaceRef): Promise<Workspace> {
      // Read first: every command passes here, and an upsert would write (and lock) the row each time.
      const where = and(eq(workspaces.platform, ref.platform), eq(workspaces.externalId, ref.externalId));
      const [found] = await db.select().from(workspaces).where(where);
      if (found && (!ref.name || found.name === ref.name)) return toWorkspace(found);
      // New, or renamed: upsert so two replicas seeing it at once end with one row.
      const [row] = await db
        .insert(workspaces)
        .values({ platform: ref.platform, externalId: ref.externalId, name: ref.name ?? null, createdAt: clock.now() })
        .onConflictDoUpdate({
          target: [workspaces.platform, workspaces.externalId],
          set: { name: sql`coalesce(excluded.name, ${workspaces.name})` },
        })
        .returning();
      if (!row) throw new Error('workspace upsert returned nothing');
      return toWorkspace(row);
    },

    async loadWorkspace(ref) {
      const [found] = await db
        .select({ w: workspaces, data: workspaceSettings.data })
        .from(workspaces)
        .leftJoin(workspaceSettings, eq(workspaceSettings.workspaceId, workspaces.id))
        .where(and(eq(workspaces.platform, ref.platform), eq(workspaces.externalId, ref.externalId)));
      if (found && (!ref.name || found.w.name === ref.name))
        return { workspace: toWorkspace(found.w), settings: readSettings(found.data ?? undefined) };
      const workspace = await store.ensureWorkspace(ref);
      return { workspace, settings: await store.getSettings(workspace.id) };
    },

    async workspaceById(id) {
      const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
      return row ? toWorkspace(row) : null;
    },

    async getSettings(workspaceId) {
      const [row] = await db
        .select({ data: workspaceSettings.data })
        .from(workspaceSettings)
        .where(eq(workspaceSettings.workspaceId, workspaceId));
      return readSettings(row?.data);
    },

    async settingsVersion(workspaceId) {
      const [row] = await db
        .select({ version: workspaceSettings.version })
        .from(workspaceSettings)
        .where(eq(workspaceSettings.workspaceId, workspaceId));
      return row?.version ?? 0;
    },

    async putSettings(workspaceId, settings, expected) {
      const data = settingsSchema.parse(settings) as unknown as Record<string, unknown>;
      if (expected.version === 0) {
        const inserted = await db
          .insert(workspaceSettings)
          .values({ workspaceId, data, version: 1, updatedBy: expected.actorId, updatedAt: clock.now() })
          .onConflictDoNothing()
          .returning({ version: workspaceSettings.version });
        return inserted.length === 1;
      }
      const updated = await db
        .update(workspaceSettings)
        .set({ data, version: expected.version + 1, updatedAt: clock.now(), updatedBy: expected.actorId })
        .where(and(eq(workspaceSettings.workspaceId, workspaceId), eq(workspaceSettings.version, expected.version)))
        .returning({ version: workspaceSettings.version });
      return updated.length === 1;
    },

    async listAdmins(workspaceId) {
      const rows = await db
        .select({ userId: members.userId })
        .from(members)
        .where(and(eq(members.workspaceId, workspaceId), eq(members.isAdmin, true)))
        .orderBy(members.createdAt, members.userId);
      return rows.map((r) => r.userId);
    },

    async setAdmins(workspaceId, userIds, actorId) {
      await db.update(members).set({ isAdmin: false }).where(eq(members.workspaceId, workspaceId));
      for (const userId of userIds) {
        await db
          .insert(members)
          .values({ workspaceId, userId, isAdmin: true, addedBy: actorId, createdAt: clock.now() })
          .onConflictDoUpdate({
            target: [members.workspaceId, members.userId],
            set: { isAdmin: true, addedBy: actorId },
          });
      }
    },

    async recordAudit(entry: AuditEntry) {
      await db.insert(auditLog).values({
        workspaceId: entry.workspaceId,
        actorId: entry.actorId,
        action: entry.action,
        subject: entry.subject ?? null,
        details: entry.details ?? {},
        at: clock.now(),
      });
    },

    async listAudit(workspaceId, limit) {
      const rows = await db
        .select()
        .from(auditLog)
        .where(eq(auditLog.workspaceId, workspaceId))
        .orderBy(desc(auditLog.id))
        .limit(limit);
      return rows.map((r) => ({
        workspaceId: r.workspaceId,
        actorId: r.actorId,
        action: r.action,
        subject: r.subject,
        details: r.details,
        at: r.at,
      }));
    },

    ping: () => pingDatabase(db),
    forgetDeliveries: (before, limit) => forgetDeliveries(db, before, limit),
    drafts: createDraftStore(db, clock),
    ambassadors: createAmbassadorStore(db, clock),
    veille: createVeilleStore(db),
    stats: createStatsStore(db),
    keptForms: createKeptFormStore(db),
    outbox: createOutboxWriter(db, clock),
    people: createPeopleStore(db, clock),
  };
  return store;
}

function toWorkspace(row: typeof workspaces.$inferSelect): Workspace {
  return { id: row.id, platform: row.platform, externalId: row.externalId, name: row.name };
}

/** Stored settings merged over the defaults, so a setting added later reads as its default. */
function readSettings(data: Record<string, unknown> | undefined): WorkspaceSettings {
  if (!data) return structuredClone(DEFAULT_SETTINGS);
  const charter = { ...DEFAULT_SETTINGS.charter, ...((data.charter as object | undefined) ?? {}) };
  const parsed = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...data, charter });
  // A row that no longer validates (a hand edit, an old bug) must not lock the workspace out.
  return parsed.success ? parsed.data : structuredClone(DEFAULT_SETTINGS);
}
