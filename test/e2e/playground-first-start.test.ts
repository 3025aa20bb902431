import { afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { loadConfig } from '../../src/config.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import { type RunningRelais, startRelais } from '../../src/main.ts';

/**
 * The playground sets itself up once, at its first start, through its own API as the page uses
 * it: #review, Bob reviewing and Alice admin, and an intro in #general. A restart changes nothing,
 * and what someone set is never overwritten.
 */

let database: Database | undefined;
let running: RunningRelais | undefined;

afterEach(async () => {
  await running?.close();
  await database?.close();
  running = undefined;
  database = undefined;
});

const start = async (db: Database) =>
  startRelais(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), { database: db, scheduler: false });

async function api(path: string, body?: unknown) {
  const res = await fetch(new URL(path, running!.url), {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : null,
  });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ messages: { html: string }[] }>;
}

async function settings() {
  const store = running!.deps.store;
  const workspace = await store.ensureWorkspace({ platform: 'playground', externalId: 'playground' });
  return { ...(await store.getSettings(workspace.id)), admins: await store.listAdmins(workspace.id) };
}

const intros = async () =>
  (await api('/api/state?user=dan&channel=C-general')).messages.filter((m) =>
    m.html.includes('Bienvenue dans le bac à sable Relais'),
  ).length;

describe('the playground’s first start', () => {
  it('is ready at once, and a restart neither repeats the intro nor undoes a change', async () => {
    database = await openDatabase({ kind: 'pglite-memory' });
    running = await start(database);
    expect(await settings()).toMatchObject({ reviewChannel: 'C-review', reviewers: ['bob'], admins: ['alice'] });
    expect(await intros()).toBe(1);

    // Alice sends review cards elsewhere and names Dan reviewer.
    await api('/api/command', {
      user: 'alice',
      channel: 'C-general',
      text: '/relais config review-channel #veille reviewers @dan',
    });
    expect(await settings()).toMatchObject({ reviewChannel: 'C-veille', reviewers: ['dan'] });

    await running.close();
    running = await start(database);
    expect(await settings()).toMatchObject({ reviewChannel: 'C-veille', reviewers: ['dan'], admins: ['alice'] });
    expect(await intros()).toBe(1);
  });

  it('keeps what a data folder already had: only what is unset is filled in', async () => {
    database = await openDatabase({ kind: 'pglite-memory' });
    running = await start(database);
    await running.close();
    // A folder from before the playground kept its messages: settings, but no conversation.
    await database.db.execute('delete from playground_messages');
    const store = running.deps.store;
    const workspace = await store.ensureWorkspace({ platform: 'playground', externalId: 'playground' });
    await store.transaction(async (tx) => {
      await tx.putSettings(
        workspace.id,
        { ...DEFAULT_SETTINGS, reviewChannel: 'C-veille', reviewers: [] },
        { version: await tx.settingsVersion(workspace.id), actorId: 'alice' },
      );
      await tx.setAdmins(workspace.id, ['chloe'], 'alice');
    });

    running = await start(database);
    expect(await settings()).toMatchObject({ reviewChannel: 'C-veille', reviewers: ['bob'], admins: ['chloe'] });
    expect(await intros()).toBe(1);
  });
});
