import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../src/domain/settings.ts';
import type { Workspace } from '../../src/domain/workspace.ts';
import { Forbidden } from '../../src/errors.ts';
import type { Store } from '../../src/ports.ts';
import type { Deps } from '../../src/services/deps.ts';
import { retroToAnswer, sendDueRetros } from '../../src/services/retro.ts';
import { recordResult } from '../../src/services/stats-results.ts';
import { type freshDatabase, testDbKind, twoReplicas } from '../support/test-database.ts';
import { statsHistory } from './stats-history.ts';

/**
 * The author's retro: one direct message per publication once the workspace's delay has passed,
 * whatever the replicas and restarts, caught up after an outage. On PostgreSQL the two
 * "replicas" are two connection pools.
 */

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let close: () => Promise<void>;
let stores: Store[];
let now = new Date();
let seq = 0;
const HOUR = 3_600_000;

const clock = { now: () => now };
const depsOf = (store: Store): Deps => ({ store, clock, log: pino({ level: 'silent' }) });

beforeAll(async () => {
  ({ fresh, stores, close } = await twoReplicas(clock));
});
afterAll(async () => close?.());

let workspace: Workspace;
async function configure(settings: Partial<WorkspaceSettings>) {
  const version = await stores[0]!.settingsVersion(workspace.id);
  await stores[0]!.putSettings(
    workspace.id,
    { ...DEFAULT_SETTINGS, timezone: 'Europe/Paris', locale: 'en', ...settings },
    { version, actorId: 'admin' },
  );
}

beforeEach(async () => {
  workspace = await stores[0]!.ensureWorkspace({ platform: 'test', externalId: `RETRO${++seq}` });
  await configure({});
});

/** A draft of this workspace marked published at `at` by Ann. */
async function published(number: number, at: string): Promise<string> {
  return statsHistory(fresh.database.db, workspace.id).draft({
    number,
    author: 'ann',
    events: [
      ['submitted', new Date(Date.parse(at) - 2 * HOUR).toISOString()],
      ['approved', new Date(Date.parse(at) - HOUR).toISOString()],
      ['published', at],
    ],
  });
}

interface Queued {
  key: string;
  userId: string;
  visibility: string;
  text: string;
}

/** Retro messages queued for this workspace. */
async function queued(): Promise<Queued[]> {
  const rows = rowsOf<{
    dedupe_key: string;
    payload: { target: { userId: string }; message: { visibility: string; text: string } };
  }>(
    await fresh.database.db.execute(
      sql`select dedupe_key, payload from outbox where workspace_id = ${workspace.id}::uuid and dedupe_key like 'retro:%' order by id`,
    ),
  );
  return rows.map((r) => ({
    key: r.dedupe_key,
    userId: r.payload.target.userId,
    visibility: r.payload.message.visibility,
    text: r.payload.message.text,
  }));
}

/** Both replicas tick at once at `at`; returns how many retros they queued together. */
async function tick(at: number, names = ['replica-0', 'replica-1']): Promise<number> {
  now = new Date(at);
  const counts = await Promise.all(stores.map((s, i) => sendDueRetros(depsOf(s), names[i]!)));
  return counts.reduce((a, b) => a + b, 0);
}

describe(`author's retro schedule on ${testDbKind}`, () => {
  it('asks nothing at 47 h 59, asks the author once at 48 h, and never again after more ticks and a restart', async () => {
    const at = Date.parse('2026-03-30T08:00:00Z');
    const id = await published(1, new Date(at).toISOString());
    expect(await tick(at + 47 * HOUR + 59 * 60_000)).toBe(0);
    expect(await queued()).toEqual([]);
    expect(await tick(at + 48 * HOUR)).toBe(1);
    expect(await tick(at + 48 * HOUR + 60_000)).toBe(0);
    // A restarted process (a new instance name) finds the claim.
    expect(await tick(at + 72 * HOUR, ['restarted-0', 'restarted-1'])).toBe(0);
    expect(await queued()).toEqual([
      { key: `retro:${id}`, userId: 'ann', visibility: 'direct', text: 'How did D-1 do?' },
    ]);
  });

  it('speaks the author’s language, else the workspace’s, and follows its delay; off sends nothing', async () => {
    await configure({ locale: 'fr', retroDelayHours: 2 });
    const at = Date.parse('2026-04-01T10:00:00Z');
    await published(1, new Date(at).toISOString());
    expect(await tick(at + HOUR)).toBe(0);
    expect(await tick(at + 2 * HOUR)).toBe(1);
    expect((await queued())[0]?.text).toBe('Comment s’est passé D-1\u00a0?');

    // An author whose platform speaks English is asked in English, in the same French workspace.
    await stores[0]!.people.remember(workspace.id, { userId: 'ann', locale: 'en-US', timezone: null });
    await published(3, new Date(at).toISOString());
    expect(await tick(at + 2 * HOUR)).toBe(1);
    expect((await queued())[1]?.text).toBe('How did D-3 do?');

    await configure({ retroDelayHours: 0 });
    await published(2, new Date(at).toISOString());
    expect(await tick(at + 100 * HOUR)).toBe(0);
    expect(await queued()).toHaveLength(2);
  });

  it('catches up a retro missed while everything was down, within the week after it was due', async () => {
    const at = Date.parse('2026-04-06T09:00:00Z');
    await published(1, new Date(at).toISOString());
    // Three weeks before: too old to ask about when Relais comes back.
    await published(2, new Date(at - 21 * 24 * HOUR).toISOString());
    expect(await tick(at + 4 * 24 * HOUR)).toBe(1);
    expect((await queued()).map((q) => q.text)).toEqual(['How did D-1 do?']);
  });

  it('lets only the author answer, once; an answered publication is not asked about', async () => {
    const at = Date.parse('2026-04-13T09:00:00Z');
    const id = await published(1, new Date(at).toISOString());
    const deps = depsOf(stores[0]!);
    const ann = { userId: 'ann', platformAdmin: false };
    await expect(retroToAnswer(deps, workspace, { userId: 'bob', platformAdmin: true }, id)).rejects.toBeInstanceOf(
      Forbidden,
    );
    expect(await retroToAnswer(deps, workspace, ann, id)).toEqual({ ref: 'D-1', answered: false });
    const result = { reactions: 12, comments: 3, shares: null, clicks: 40, worked: ['tone'], word: 'hook' };
    expect(await recordResult(deps, workspace, ann, { draftId: id, result })).toBe('recorded');
    expect(await retroToAnswer(deps, workspace, ann, id)).toEqual({ ref: 'D-1', answered: true });
    expect(await recordResult(deps, workspace, ann, { draftId: id, result: { ...result, reactions: 99 } })).toBe(
      'already',
    );
    // Answered before the delay (from an earlier message, or another way): no question.
    expect(await tick(at + 48 * HOUR)).toBe(0);
  });
});
