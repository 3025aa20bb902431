import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../adapters/chart/weekly-chart.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import { sendDueWeeklyReports } from '../../src/services/weekly-report-schedule.ts';
import type { SlackFake } from '../fakes/slack-fake.ts';
import type { outboxDb } from '../support/outbox-db.ts';
import { slackOutbox } from '../support/slack-outbox.ts';

/** The weekly report reaches Slack through the real WebClient: the card, then its chart uploaded the current way. */

let fake: SlackFake;
let db: Awaited<ReturnType<typeof outboxDb>>;
let now = new Date('2026-03-30T07:00:00Z'); // Monday 09:00 in Paris

let close: () => Promise<void>;

beforeAll(async () => {
  ({ fake, db, close } = await slackOutbox(() => now));
});
afterAll(async () => close?.());

describe('weekly report on Slack', () => {
  it('posts the figures in the report channel, then uploads the 800×400 chart there with its alt text', async () => {
    const workspace = await db.store.ensureWorkspace({ platform: 'test', externalId: 'T-report' });
    await db.store.putSettings(
      workspace.id,
      { ...DEFAULT_SETTINGS, locale: 'en', timezone: 'Europe/Paris', reportChannel: 'C0REPORT' },
      { version: 0, actorId: 'admin' },
    );
    now = new Date('2026-03-30T07:00:00Z');
    expect(await sendDueWeeklyReports({ ...db.deps, chart: createChartRenderer() }, 'replica-0')).toBe(1);
    await db.deliverAll();

    const [posted] = fake.callsTo('chat.postMessage');
    expect(posted?.args.channel).toBe('C0REPORT');
    expect(String(posted?.args.text)).toContain('week 13, 2026');

    const [asked] = fake.callsTo('files.getUploadURLExternal');
    expect(asked?.args).toMatchObject({ filename: 'chart.png' });
    expect(String(asked?.args.alt_txt)).toMatch(
      /^Bar chart of drafts per week by outcome over 12 weeks, week 2 to week 13/,
    );
    const [file] = [...fake.files.values()];
    expect(file).toMatchObject({ completed: true, channel: 'C0REPORT', filename: 'chart.png' });
    const png = PNG.sync.read(file!.bytes!);
    expect([png.width, png.height]).toEqual([800, 400]);
    // The order a reader sees: the figures, then the chart.
    const methods = fake.calls.map((c) => c.method).filter((m) => m.startsWith('chat.') || m.startsWith('files.'));
    expect(methods).toEqual(['chat.postMessage', 'files.getUploadURLExternal', 'files.completeUploadExternal']);
  });
});
