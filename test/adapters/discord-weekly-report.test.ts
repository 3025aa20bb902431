import type { APIMessage } from 'discord-api-types/v10';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../adapters/chart/weekly-chart.ts';
import { createDiscordMessenger } from '../../adapters/discord/discord-messenger.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import { sendDueWeeklyReports } from '../../src/services/weekly-report-schedule.ts';
import { type DiscordFake, startDiscordFake } from '../fakes/discord-fake.ts';
import { outboxDb } from '../support/outbox-db.ts';

/** The weekly report reaches Discord through discord.js's REST client: one message, the chart attached and shown in its embed. */

const GUILD = '830000000000000001';
const REPORTS = '830000000000000010';
let fake: DiscordFake;
let db: Awaited<ReturnType<typeof outboxDb>>;
const now = new Date('2026-03-30T07:00:00Z'); // Monday 09:00 in Paris

beforeAll(async () => {
  fake = await startDiscordFake({
    guilds: [{ id: GUILD, name: 'Acme', channels: [{ id: REPORTS, name: 'reports' }] }],
  });
  const messenger = createDiscordMessenger({
    token: 'discord-test-token',
    applicationId: fake.applicationId,
    apiUrl: fake.apiUrl,
  });
  db = await outboxDb(() => now, messenger);
});
afterAll(async () => {
  await fake?.close();
  await db?.fresh.drop();
});

describe('weekly report on Discord', () => {
  it('posts the figures with the 800×400 chart attached, shown in the embed, with its alt text', async () => {
    const workspace = await db.store.ensureWorkspace({ platform: 'test', externalId: GUILD });
    await db.store.putSettings(
      workspace.id,
      { ...DEFAULT_SETTINGS, locale: 'fr', timezone: 'Europe/Paris', reportChannel: REPORTS },
      { version: 0, actorId: 'admin' },
    );
    expect(await sendDueWeeklyReports({ ...db.deps, chart: createChartRenderer() }, 'replica-0')).toBe(1);
    await db.deliverAll();

    const posts = fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${REPORTS}/messages`);
    expect(posts).toHaveLength(1);
    const sent = posts[0]!.response as APIMessage;
    expect(sent.embeds[0]?.title).toContain('semaine 13, 2026');
    // Shown in the embed by its attachment name (Discord swaps in its CDN address).
    const asked = posts[0]!.body as { embeds: { image?: { url: string } }[] };
    expect(asked.embeds[0]?.image?.url).toBe('attachment://chart.png');
    expect(sent.attachments).toHaveLength(1);
    expect(sent.attachments[0]).toMatchObject({ filename: 'chart.png', content_type: 'image/png' });
    expect(sent.attachments[0]?.description).toMatch(/^Histogramme des brouillons par semaine/);
    const png = PNG.sync.read(posts[0]!.files[0]!.data);
    expect([png.width, png.height]).toEqual([800, 400]);
  });
});
