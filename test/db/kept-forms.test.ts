import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbStore } from '../../db/store.ts';
import type { Form } from '../../src/message/model.ts';
import type { Store } from '../../src/ports.ts';
import type { Deps } from '../../src/services/deps.ts';
import { keepForm, keptForm, workspaceOfKeptForm } from '../../src/services/kept-forms.ts';
import { freshDatabase } from '../support/test-database.ts';

/** What was typed in a form with problems, kept a day for its own person on the real databases. */

let now = new Date('2030-03-04T10:00:00Z');
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let store: Store;
let deps: Deps;

beforeAll(async () => {
  fresh = await freshDatabase();
  const clock = { now: () => now };
  store = createDbStore(fresh.database.db, clock);
  deps = { store, clock, log: pino({ level: 'silent' }) };
});
afterAll(async () => fresh?.drop());

const form: Form = {
  id: 'draft:new',
  title: 'New draft',
  submitLabel: 'Submit',
  cancelLabel: 'Cancel',
  fields: [{ id: 'text', label: 'Post text', kind: 'textarea', required: true, initial: 'What I typed' }],
};

describe('kept forms', () => {
  it('gives the form back to its person within a day, to no one else, and never after', async () => {
    const ws = await store.ensureWorkspace({ platform: 'test', externalId: 'T-kept' });
    const other = await store.ensureWorkspace({ platform: 'test', externalId: 'T-other' });
    const id = await keepForm(deps, { workspaceId: ws.id, userId: 'chloe', form });
    expect(await workspaceOfKeptForm(deps, id)).toBe(ws.id);
    expect(await keptForm(deps, { workspaceId: ws.id, userId: 'chloe', id })).toEqual(form);
    await expect(keptForm(deps, { workspaceId: ws.id, userId: 'rita', id })).rejects.toMatchObject({
      key: 'form.expired',
    });
    await expect(keptForm(deps, { workspaceId: other.id, userId: 'chloe', id })).rejects.toMatchObject({
      key: 'form.expired',
    });
    await expect(keptForm(deps, { workspaceId: ws.id, userId: 'chloe', id: 'not-an-id' })).rejects.toMatchObject({
      key: 'form.expired',
    });

    now = new Date(now.getTime() + 25 * 3_600_000);
    await expect(keptForm(deps, { workspaceId: ws.id, userId: 'chloe', id })).rejects.toMatchObject({
      key: 'form.expired',
    });
    // The next form kept clears the expired ones.
    await keepForm(deps, { workspaceId: ws.id, userId: 'chloe', form });
    const rows = await fresh.database.db.execute('select count(*)::int as n from kept_forms');
    expect(JSON.stringify(rows)).toContain('"n":1');
  });
});
