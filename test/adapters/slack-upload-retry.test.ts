import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import { sendDueWeeklyReports } from '../../src/services/weekly-report-schedule.ts';
import type { SlackFake } from '../fakes/slack-fake.ts';
import type { outboxDb } from '../support/outbox-db.ts';
import { slackOutbox } from '../support/slack-outbox.ts';

/**
 * A Slack post with a file is two calls, the message then the upload: when the upload fails, the
 * retry uploads the file under the message already posted and never posts the figures twice.
 */

let fake: SlackFake;
let db: Awaited<ReturnType<typeof outboxDb>>;
let now = new Date('2026-03-30T07:00:00Z'); // Monday 09:00 in Paris

let close: () => Promise<void>;

beforeAll(async () => {
  ({ fake, db, close } = await slackOutbox(() => now));
});
afterAll(async () => close?.());

describe('a Slack post with a file, retried', () => {
  it('posts the message once when the first upload fails, and the retry uploads the file', async () => {
    const workspace = await db.store.ensureWorkspace({ platform: 'test', externalId: 'T-retry' });
    await db.store.putSettings(
      workspace.id,
      { ...DEFAULT_SETTINGS, locale: 'en', timezone: 'Europe/Paris', reportChannel: 'C0REPORT' },
      { version: 0, actorId: 'admin' },
    );
    // A stand-in chart: the retry is what is tested here, not the picture.
    const chart = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(await sendDueWeeklyReports({ ...db.deps, chart }, 'replica-0')).toBe(1);
    fake.failNext('files.completeUploadExternal', { status: 500, body: { ok: false, error: 'internal_error' } });
    await db.deliverAll();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect([...fake.files.values()].filter((f) => f.completed)).toEqual([]);
    const [pending] = rowsOf<{ status: string; result: { posted?: { channel: string } } }>(
      await db.fresh.database.db.execute(sql`select status, result from outbox where dedupe_key like 'report:%'`),
    );
    // The message posted is recorded on the row still waiting for its file.
    expect(pending).toMatchObject({ status: 'pending', result: { posted: { channel: 'C0REPORT' } } });

    now = new Date(now.getTime() + 10 * 60_000);
    await db.deliverAll();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    const shared = [...fake.files.values()].filter((f) => f.completed);
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatchObject({ channel: 'C0REPORT', filename: 'chart.png' });
    const [done] = rowsOf<{ status: string }>(
      await db.fresh.database.db.execute(sql`select status from outbox where dedupe_key like 'report:%'`),
    );
    expect(done?.status).toBe('done');
  });
});
