import { DEFAULT_SETTINGS, settingsSchema, type WorkspaceSettings } from '../../src/domain/settings.ts';
import type { AuditEntry, Workspace } from '../../src/domain/workspace.ts';
import type { Person, Store } from '../../src/ports.ts';

interface State {
  workspaces: Workspace[];
  settings: Map<string, { data: WorkspaceSettings; version: number }>;
  admins: Map<string, string[]>;
  audit: (AuditEntry & { at: Date })[];
  people: Map<string, Person>;
}

/** The core's Store in memory, for unit tests. A transaction works on a copy and commits it only on success. */
export function createMemoryStore(
  state: State = { workspaces: [], settings: new Map(), admins: new Map(), audit: [], people: new Map() },
): Store & { state: State } {
  let nextId = state.workspaces.length + 1;
  const store: Store & { state: State } = {
    state,
    async transaction(fn) {
      const copy: State = structuredClone(state);
      const result = await fn(createMemoryStore(copy));
      Object.assign(state, copy);
      return result;
    },
    async ensureWorkspace(ref) {
      const found = state.workspaces.find((w) => w.platform === ref.platform && w.externalId === ref.externalId);
      if (found) return found;
      const ws = { id: `ws-${nextId++}`, platform: ref.platform, externalId: ref.externalId, name: ref.name ?? null };
      state.workspaces.push(ws);
      return ws;
    },
    async loadWorkspace(ref) {
      const workspace = await store.ensureWorkspace(ref);
      return { workspace, settings: await store.getSettings(workspace.id) };
    },
    async workspaceById(id) {
      return state.workspaces.find((w) => w.id === id) ?? null;
    },
    async getSettings(id) {
      return structuredClone(state.settings.get(id)?.data ?? DEFAULT_SETTINGS);
    },
    async settingsVersion(id) {
      return state.settings.get(id)?.version ?? 0;
    },
    async putSettings(id, settings, expected) {
      if ((state.settings.get(id)?.version ?? 0) !== expected.version) return false;
      state.settings.set(id, { data: settingsSchema.parse(settings), version: expected.version + 1 });
      return true;
    },
    async listAdmins(id) {
      return [...(state.admins.get(id) ?? [])];
    },
    async setAdmins(id, userIds) {
      state.admins.set(id, [...userIds]);
    },
    async recordAudit(entry) {
      state.audit.push({ ...entry, at: new Date() });
    },
    async listAudit(id, limit) {
      return state.audit
        .filter((a) => a.workspaceId === id)
        .reverse()
        .slice(0, limit);
    },
    ping: async () => true,
    forgetDeliveries: async () => 0,
    // Drafts and the outbox are tested on the real databases (test/db), where locks and unique keys are real.
    drafts: new Proxy({} as Store['drafts'], {
      // A settings change looks for drafts waiting for a review channel: none here.
      get: (_, name) =>
        name === 'withoutCard' ? async () => [] : () => Promise.reject(new Error('drafts are not in the memory store')),
    }),
    outbox: { enqueue: () => Promise.reject(new Error('the outbox is not in the memory store')) },
    veille: new Proxy({} as Store['veille'], {
      get: () => () => Promise.reject(new Error('veille is not in the memory store')),
    }),
    ambassadors: new Proxy({} as Store['ambassadors'], {
      get: () => () => Promise.reject(new Error('ambassadors are not in the memory store')),
    }),
    people: {
      async remember(workspaceId, person) {
        const was = state.people.get(`${workspaceId}:${person.userId}`);
        state.people.set(`${workspaceId}:${person.userId}`, {
          userId: person.userId,
          locale: person.locale ?? was?.locale ?? null,
          timezone: person.timezone ?? was?.timezone ?? null,
        });
      },
      async get(workspaceId, userIds) {
        return userIds.flatMap((id) => state.people.get(`${workspaceId}:${id}`) ?? []);
      },
    },
    keptForms: new Proxy({} as Store['keptForms'], {
      get: () => () => Promise.reject(new Error('kept forms are not in the memory store')),
    }),
    stats: new Proxy({} as Store['stats'], {
      get: () => () => Promise.reject(new Error('statistics are not in the memory store')),
    }),
  };
  return store;
}
