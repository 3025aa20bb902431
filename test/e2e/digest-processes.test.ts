import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbStore } from '../../db/store.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import { zonedToUtc } from '../../src/domain/zoned-time.ts';
import { type SlackFake, startSlackFake } from '../fakes/slack-fake.ts';
import { relaisProcesses } from '../support/relais-process.ts';
import { freshDatabase } from '../support/test-database.ts';

/**
 * Two Relais processes on one PostgreSQL server, each on a controllable clock
 * (RELAIS_CLOCK_START), restarted across a day: the channel gets exactly one digest per local day.
 */

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const TEAM = 'T0DIGEST';
const CHANNEL = 'C0VEILLE';
let fake: SlackFake;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;

// A day a month ahead (the clock must not lag the database's own now()), in Paris.
const day = new Date(Date.now() + 30 * 24 * 3_600_000);
const paris = (dayOffset: number, hour: number, minute: number, second = 0) =>
  new Date(
    zonedToUtc(
      { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() + dayOffset, hour, minute },
      'Europe/Paris',
    ).getTime() +
      second * 1000,
  );

const processes = relaisProcesses();
const start = (clock: Date) =>
  processes.start({
    DATABASE_URL: fresh.url!,
    SLACK_BOT_TOKEN: 'xoxb-d',
    SLACK_SIGNING_SECRET: 'd',
    SLACK_API_URL: fake.apiUrl,
    RELAIS_CLOCK_START: clock.toISOString(),
    SCHEDULER_TICK_SECONDS: '1',
    OUTBOX_LEASE_MS: '1500',
  });
const stopAll = (signal: NodeJS.Signals) => processes.stopAll(signal);
const digests = () => fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === CHANNEL);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  if (!onPostgres) return;
  fresh = await freshDatabase('postgres');
  fake = await startSlackFake({ teamId: TEAM });
  const store = createDbStore(fresh.database.db, { now: () => day });
  const ws = await store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
  await store.putSettings(
    ws.id,
    { ...DEFAULT_SETTINGS, timezone: 'Europe/Paris', locale: 'en' },
    { version: 0, actorId: 'admin' },
  );
  // A source that fails at once (a private address): polling stays quick and offline.
  const source = await store.veille.addSource({
    workspaceId: ws.id,
    channelId: CHANNEL,
    url: 'http://127.0.0.1:9/feed',
    title: 'Local',
    keywords: [],
    addedBy: 'admin',
    etag: null,
    lastModified: null,
    now: new Date(),
    nextPollAt: new Date(Date.now() + 30 * 60_000),
  });
  await store.veille.saveItems(
    source!.id,
    [
      {
        id: 'x1',
        title: 'Something happened',
        url: 'https://news.example/x1',
        publishedAt: null,
        summary: '',
        author: null,
      },
    ],
    paris(0, 7, 0),
  );
  await store.veille.setChannel(ws.id, CHANNEL, { minuteOfDay: 8 * 60 + 30 });
});

afterAll(async () => {
  await stopAll('SIGKILL');
  await fake?.close();
  await fresh?.drop();
});

describe.runIf(onPostgres)('daily digest across processes and restarts', () => {
  it('sends exactly one digest per local day', async () => {
    // Day 1: both processes cross 08:30 together.
    await Promise.all([start(paris(0, 8, 29, 57)), start(paris(0, 8, 29, 58))]);
    await expect.poll(() => digests().length, { timeout: 20_000, interval: 200 }).toBe(1);
    await sleep(2500);
    // Killed and restarted later the same day (one of them in the evening): nothing more.
    await stopAll('SIGKILL');
    await Promise.all([start(paris(0, 12, 0)), start(paris(0, 21, 0))]);
    await sleep(4000);
    expect(digests()).toHaveLength(1);
    // Day 2: one process comes back before 08:30, the other after it: one more.
    await stopAll('SIGTERM');
    await Promise.all([start(paris(1, 7, 0)), start(paris(1, 9, 15))]);
    await expect.poll(() => digests().length, { timeout: 20_000, interval: 200 }).toBe(2);
    await sleep(3000);
    expect(digests()).toHaveLength(2);
    expect(JSON.stringify(digests()[0]!.args.blocks)).toContain('Veille');
  }, 90_000);
});
