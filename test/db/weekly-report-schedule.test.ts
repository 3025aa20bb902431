import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../src/domain/settings.ts';
import type { Workspace } from '../../src/domain/workspace.ts';
import type { Store } from '../../src/ports.ts';
import type { Deps } from '../../src/services/deps.ts';
import { sendDueWeeklyReports } from '../../src/services/weekly-report-schedule.ts';
import { type freshDatabase, testDbKind, twoReplicas } from '../support/test-database.ts';

/**
 * The weekly report: once per workspace per ISO week, at or after its local day and time,
 * whatever the replicas, restarts and daylight-saving changes. On PostgreSQL the two "replicas"
 * are two connection pools.
 */

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let close: () => Promise<void>;
let stores: Store[];
let now = new Date();
let seq = 0;

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
    { ...DEFAULT_SETTINGS, timezone: 'Europe/Paris', locale: 'en', reportChannel: 'C-report', ...settings },
    { version, actorId: 'admin' },
  );
}

beforeEach(async () => {
  // The previous test's workspace stops reporting, so each test counts only its own.
  if (workspace) await configure({ reportChannel: null });
  workspace = await stores[0]!.ensureWorkspace({ platform: 'test', externalId: `R${++seq}` });
  await configure({});
});

interface Queued {
  week: string;
  channel: string;
  visibility: string;
  text: string;
}

/** Reports queued for this workspace, by ISO week. */
async function reports(): Promise<Queued[]> {
  const result = (await fresh.database.db.execute(
    sql`select dedupe_key, payload from outbox where workspace_id = ${workspace.id}::uuid and dedupe_key like 'report:%' order by id`,
  )) as unknown;
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    dedupe_key: string;
    payload: { target: { channel: string }; message: { visibility: string; text: string } };
  }[];
  return rows.map((r) => ({
    week: r.dedupe_key.split(':').at(-1)!,
    channel: r.payload.target.channel,
    visibility: r.payload.message.visibility,
    text: r.payload.message.text,
  }));
}
const weeks = async () => (await reports()).map((r) => r.week);

/** Runs the tick on both replicas at once, every `stepMin` minutes over `hours`. */
async function runReplicas(from: string, hours: number, stepMin = 60) {
  const start = new Date(from).getTime();
  for (let t = 0; t <= hours * 60; t += stepMin) {
    now = new Date(start + t * 60_000);
    await Promise.all(stores.map((s, i) => sendDueWeeklyReports(depsOf(s), `replica-${i}`)));
  }
}

describe(`weekly report schedule on ${testDbKind}`, () => {
  // Hundreds of ticks on two replicas: slow on a busy machine, so its own time limit.
  it('posts one report per ISO week at the local day and time, with two replicas ticking together', {
    timeout: 180_000,
  }, async () => {
    // Monday 30 March 2026, 07:00 in Paris, to Tuesday 14 April.
    await runReplicas('2026-03-30T05:00:00Z', 15 * 24);
    expect(await weeks()).toEqual(['2026-W14', '2026-W15', '2026-W16']);
    const [first] = await reports();
    // In the channel, in the workspace's language, about the week just ended.
    expect(first).toMatchObject({ channel: 'C-report', visibility: 'public' });
    expect(first!.text).toContain('week 13, 2026');
  });

  it('posts nothing before the time, then at the time, in the workspace’s language', async () => {
    await configure({ locale: 'fr', reportDay: 3, reportTime: '14:15' });
    for (const at of ['2026-03-30T12:00:00Z', '2026-04-01T07:00:00Z', '2026-04-01T12:14:00Z']) {
      now = new Date(at);
      expect(await sendDueWeeklyReports(depsOf(stores[0]!), 'replica-0'), at).toBe(0);
    }
    now = new Date('2026-04-01T12:15:00Z'); // Wednesday 14:15 in Paris (UTC+2)
    expect(await sendDueWeeklyReports(depsOf(stores[0]!), 'replica-0')).toBe(1);
    const [report] = await reports();
    expect(report!.week).toBe('2026-W14');
    expect(report!.text).toContain('semaine 13, 2026');
  });

  it('catches up a report missed while everything was down, the same week only', async () => {
    now = new Date('2026-04-02T16:00:00Z'); // down from Monday; back on Thursday
    expect(await sendDueWeeklyReports(depsOf(stores[1]!), 'restarted')).toBe(1);
    now = new Date('2026-04-05T21:00:00Z'); // a restart on Sunday evening sends nothing more
    expect(await sendDueWeeklyReports(depsOf(stores[0]!), 'restarted-again')).toBe(0);
    // Down the whole of week 15: its report is not sent in week 16, which gets its own.
    now = new Date('2026-04-13T08:00:00Z');
    await sendDueWeeklyReports(depsOf(stores[0]!), 'back');
    expect(await weeks()).toEqual(['2026-W14', '2026-W16']);
  });

  it('neither skips nor doubles in weeks with a daylight-saving change', { timeout: 180_000 }, async () => {
    // 02:30 does not exist in Paris on Sunday 29 March 2026 and happens twice on Sunday 25 October.
    await configure({ reportDay: 7, reportTime: '02:30' });
    await runReplicas('2026-03-28T00:00:00Z', 9 * 24, 30);
    expect(await weeks()).toEqual(['2026-W13', '2026-W14']);
    await runReplicas('2026-10-24T00:00:00Z', 9 * 24, 30);
    expect((await weeks()).slice(2)).toEqual(['2026-W43', '2026-W44']);
  });
});
