import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbStore } from '../../db/store.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import type { Deps } from '../../src/services/deps.ts';
import { decide } from '../../src/services/draft-decisions.ts';
import { markPublished, submitDraft } from '../../src/services/drafts.ts';
import { schedulePrompts } from '../../src/services/prompts.ts';
import { type SlackFake, startSlackFake } from '../fakes/slack-fake.ts';
import { draftContent } from '../support/draft-content.ts';
import { relaisProcesses } from '../support/relais-process.ts';
import { freshDatabase } from '../support/test-database.ts';

/**
 * Two Relais processes on one PostgreSQL database deliver a fan-out of ambassador prompts; one is
 * killed with SIGKILL in the middle. Every ambassador must get the prompt, and nobody twice.
 */

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const TEAM = 'T0FANOUT';
const AMBASSADORS = 300;

let fake: SlackFake;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;

const processes = relaisProcesses();
const startProcess = () =>
  processes.start({
    DATABASE_URL: fresh.url!,
    SLACK_BOT_TOKEN: 'xoxb-fanout',
    SLACK_SIGNING_SECRET: 'fanout',
    SLACK_API_URL: fake.apiUrl,
    OUTBOX_LEASE_MS: '1500',
  });

beforeAll(async () => {
  if (!onPostgres) return;
  fresh = await freshDatabase('postgres');
  fake = await startSlackFake({
    teamId: TEAM,
    users: Array.from({ length: AMBASSADORS }, (_, i) => ({ id: `UAMB${i}`, locale: 'en' })),
  });
});

afterAll(async () => {
  await processes.stopAll('SIGKILL');
  await fake?.close();
  await fresh?.drop();
});

describe.runIf(onPostgres)('fan-out across two processes, one killed', () => {
  it('prompts every ambassador exactly once', async () => {
    const clock = { now: () => new Date() };
    const store = createDbStore(fresh.database.db, clock);
    const deps: Deps = { store, clock, log: pino({ level: 'silent' }) };
    const workspace = await store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
    // Working hours every day, all day: the test must not depend on when it runs.
    const settings = {
      ...DEFAULT_SETTINGS,
      reviewChannel: 'C0REVIEW',
      reviewers: ['UREV'],
      locale: 'en' as const,
      promptsPerWeek: 10,
    };
    await store.putSettings(workspace.id, settings, { version: 0, actorId: 'admin' });
    for (let i = 0; i < AMBASSADORS; i++) {
      await store.ambassadors.join(workspace.id, `UAMB${i}`, { networks: ['linkedin'] });
      await store.ambassadors.setHours(workspace.id, `UAMB${i}`, {
        workStart: 0,
        workEnd: 1440,
        workDays: [1, 2, 3, 4, 5, 6, 7],
        timezone: 'UTC',
      });
    }
    const scope = (userId: string) => ({
      workspace,
      settings,
      actor: { userId, platformAdmin: false },
      locale: 'en' as const,
    });
    const submitted = await submitDraft(deps, scope('UAUTHOR'), {
      content: draftContent('Launch! #acme'),
      channelId: null,
      deliveryKey: null,
    });
    if (submitted.kind !== 'submitted') throw new Error('not submitted');
    await decide(deps, scope('UREV'), {
      draftId: submitted.draft.id,
      revision: 1,
      decision: 'approve',
      reason: null,
      inReviewerGroup: false,
    });
    await markPublished(deps, scope('UAUTHOR'), {
      draftId: submitted.draft.id,
      urls: ['https://www.linkedin.com/feed/update/1'],
    });
    expect((await schedulePrompts(deps)).queued).toBe(AMBASSADORS);

    const prompts = () =>
      fake.calls.filter((c) => c.method === 'chat.postMessage' && String(c.args.channel).startsWith('UAMB'));
    const [a] = await Promise.all([startProcess(), startProcess()]);
    // Kill one process while the fan-out is under way.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (prompts().length >= 40) {
          clearInterval(poll);
          resolve();
        }
      }, 2);
    });
    a!.kill('SIGKILL');

    await expect
      .poll(() => new Set(prompts().map((c) => c.args.channel)).size, { timeout: 30_000, interval: 200 })
      .toBe(AMBASSADORS);
    // Leases of the killed process expire after 1.5 s: let any second attempt happen before counting.
    await new Promise((r) => setTimeout(r, 2500));
    const perPerson = new Map<string, number>();
    for (const c of prompts()) perPerson.set(String(c.args.channel), (perPerson.get(String(c.args.channel)) ?? 0) + 1);
    expect([...perPerson.values()].filter((n) => n > 1)).toEqual([]);
    expect(perPerson.size).toBe(AMBASSADORS);
    const stats = await store.ambassadors.stats(workspace.id, new Date(Date.now() - 3_600_000));
    expect(stats.sent).toBe(AMBASSADORS);
    console.log(
      `[fanout-kill] second attempts checked in Slack: ${fake.calls.filter((c) => c.method === 'conversations.history').length}`,
    );
  }, 90_000);
});
