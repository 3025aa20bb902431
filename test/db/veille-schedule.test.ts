import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/domain/feed-item.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import type { Workspace } from '../../src/domain/workspace.ts';
import { type FeedProblem, FeedReadError } from '../../src/errors.ts';
import type { FeedReader, Store } from '../../src/ports.ts';
import type { Deps } from '../../src/services/deps.ts';
import { pollSources, sendDueDigests } from '../../src/services/veille-schedule.ts';
import { type freshDatabase, testDbKind, twoReplicas } from '../support/test-database.ts';

/**
 * The daily digest: once per channel per local day, whatever the replicas, restarts and
 * daylight-saving changes. On PostgreSQL the two "replicas" are two connection pools.
 */

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let close: () => Promise<void>;
let stores: Store[];
let now = new Date();
let seq = 0;
let feed: { items: FeedItem[]; fail: FeedProblem | null } = { items: [], fail: null };

const reader: FeedReader = {
  async read() {
    if (feed.fail) throw new FeedReadError(feed.fail, feed.fail);
    return {
      status: 'ok',
      title: 'Acme news',
      items: feed.items,
      etag: '"v1"',
      lastModified: null,
      finalUrl: 'https://news.example/feed',
    };
  },
};

const clock = { now: () => now };
const depsOf = (store: Store): Deps => ({
  store,
  clock,
  log: pino({ level: 'silent' }),
  feeds: reader,
});

beforeAll(async () => {
  ({ fresh, stores, close } = await twoReplicas(clock));
});
afterAll(async () => close?.());

let workspace: Workspace;
beforeEach(async () => {
  workspace = await stores[0]!.ensureWorkspace({ platform: 'test', externalId: `V${++seq}` });
  await stores[0]!.putSettings(
    workspace.id,
    { ...DEFAULT_SETTINGS, timezone: 'Europe/Paris', locale: 'en' },
    { version: 0, actorId: 'admin' },
  );
  feed = {
    items: [
      {
        id: 'a1',
        title: 'Acme opens a lab in Lyon',
        url: 'https://news.example/a1',
        publishedAt: null,
        summary: 'The lab opens today.',
        author: null,
      },
    ],
    fail: null,
  };
  now = new Date('2026-03-27T06:00:00Z');
  const source = await stores[0]!.veille.addSource({
    workspaceId: workspace.id,
    channelId: 'C-veille',
    url: 'https://news.example/feed',
    title: 'Acme news',
    keywords: [],
    addedBy: 'admin',
    etag: null,
    lastModified: null,
    now,
    nextPollAt: new Date(now.getTime() + 30 * 60_000),
  });
  await stores[0]!.veille.saveItems(source!.id, feed.items, now);
});

/** Digests queued for this workspace's channel, by local day. */
async function digests(): Promise<string[]> {
  const rows = (await fresh.database.db.execute(
    sql`select dedupe_key from outbox where workspace_id = ${workspace.id}::uuid and dedupe_key like 'digest:%' order by id`,
  )) as unknown;
  return ((Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { dedupe_key: string }[]).map(
    (r) => r.dedupe_key.split(':').at(-1)!,
  );
}

/** Runs the digest tick on both replicas at once, every `stepMin` minutes over `hours`. */
async function runReplicas(from: string, hours: number, stepMin = 30) {
  const start = new Date(from).getTime();
  for (let t = 0; t <= hours * 60; t += stepMin) {
    now = new Date(start + t * 60_000);
    await Promise.all(stores.map((s, i) => sendDueDigests(depsOf(s), `replica-${i}`)));
  }
}

describe(`daily digest on ${testDbKind}`, () => {
  it('sends one digest per local day at the channel’s time, with two replicas ticking together', async () => {
    await stores[0]!.veille.setChannel(workspace.id, 'C-veille', { minuteOfDay: 8 * 60 + 30 });
    await runReplicas('2026-03-27T05:00:00Z', 3 * 24 + 4);
    expect(await digests()).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30']);
  });

  it('catches up a digest missed while everything was down, the same local day only', async () => {
    await stores[0]!.veille.setChannel(workspace.id, 'C-veille', { minuteOfDay: 8 * 60 + 30 });
    now = new Date('2026-03-27T14:00:00Z'); // down all morning; back at 15:00 in Paris
    await sendDueDigests(depsOf(stores[1]!), 'restarted');
    now = new Date('2026-03-27T22:59:00Z'); // a restart the same evening sends nothing more
    await sendDueDigests(depsOf(stores[0]!), 'restarted-again');
    expect(await digests()).toEqual(['2026-03-27']);
  });

  // Hundreds of ticks on two replicas: minutes on a busy machine, so its own time limit.
  it('neither skips nor doubles across daylight-saving changes', { timeout: 180_000 }, async () => {
    // 02:30 does not exist in Paris on 29 March 2026 and happens twice on 25 October 2026.
    await stores[0]!.veille.setChannel(workspace.id, 'C-veille', { minuteOfDay: 2 * 60 + 30 });
    await runReplicas('2026-03-28T00:00:00Z', 3 * 24, 15);
    expect(await digests()).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    await runReplicas('2026-10-24T00:00:00Z', 3 * 24, 15);
    expect((await digests()).slice(3)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
  });

  it('polls sources, keeps new items once, and names a source failing for a day in the digest footer', async () => {
    now = new Date('2026-03-27T07:00:00Z');
    await fresh.database.db.execute(
      sql`update veille_sources set next_poll_at = ${now.toISOString()}::timestamptz where workspace_id = ${workspace.id}::uuid`,
    );
    feed.items = [
      ...feed.items,
      {
        id: 'a2',
        title: 'Acme hires 40 engineers',
        url: 'https://news.example/a2',
        publishedAt: null,
        summary: '',
        author: null,
      },
    ];
    // Other tests' sources are due too: count this workspace's items.
    const items = async () => (await stores[0]!.veille.items(workspace.id, 'C-veille', new Date(0), 100)).length;
    await pollSources(depsOf(stores[0]!), 100);
    expect(await items()).toBe(2);
    await pollSources(depsOf(stores[0]!), 100);
    expect(await items()).toBe(2); // not due again for 30 min, and never stored twice

    feed.fail = 'timeout';
    for (let h = 1; h <= 30; h++) {
      now = new Date(new Date('2026-03-27T07:00:00Z').getTime() + h * 3_600_000);
      await pollSources(depsOf(stores[0]!), 100);
    }
    const [source] = await stores[0]!.veille.sources(workspace.id, 'C-veille');
    expect(source).toMatchObject({ lastError: 'timeout', failingSince: expect.any(Date) });
    await stores[0]!.veille.setChannel(workspace.id, 'C-veille', { minuteOfDay: 13 * 60 });
    await sendDueDigests(depsOf(stores[0]!), 'r');
    const rows = (await fresh.database.db.execute(
      sql`select payload from outbox where workspace_id = ${workspace.id}::uuid and dedupe_key like 'digest:%'`,
    )) as unknown;
    const payload = JSON.stringify((Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0]);
    expect(payload).toContain('Failing source: Acme news (timeout)');
  });

  // Hundreds of ticks on two replicas: minutes on a busy machine, so its own time limit.
  it('adds the weekly press review on its day, once', { timeout: 180_000 }, async () => {
    await stores[0]!.veille.setChannel(workspace.id, 'C-veille', { minuteOfDay: 8 * 60 + 30, weeklyDay: 1 });
    await runReplicas('2026-03-27T05:00:00Z', 4 * 24); // Friday to Tuesday morning
    const rows = (await fresh.database.db.execute(
      sql`select dedupe_key from outbox where workspace_id = ${workspace.id}::uuid and dedupe_key like 'weekly:%'`,
    )) as unknown;
    const weekly = ((Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { dedupe_key: string }[]).map(
      (r) => r.dedupe_key.split(':').at(-1),
    );
    expect(weekly).toEqual(['2026-03-30']); // Monday
  });
});
