import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DraftContent } from '../../src/domain/draft.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../src/domain/settings.ts';
import type { Workspace } from '../../src/domain/workspace.ts';
import { DeliveryError } from '../../src/errors.ts';
import type { Message } from '../../src/message/model.ts';
import type { Messenger, Store } from '../../src/ports.ts';
import { ambassadorStats, answerPrompt } from '../../src/services/ambassadors.ts';
import type { Deps } from '../../src/services/deps.ts';
import { decide } from '../../src/services/draft-decisions.ts';
import type { DraftScope } from '../../src/services/draft-scope.ts';
import { markPublished, submitDraft } from '../../src/services/drafts.ts';
import { schedulePrompts } from '../../src/services/prompts.ts';
import { outboxDb } from '../support/outbox-db.ts';
import { testDbKind } from '../support/test-database.ts';

/**
 * Ambassador prompts on the real databases. The clock is a Wednesday 10:00 in Paris that lies
 * after the real time (rows default to the database's now()), and moves forward from there.
 */

function nextWednesdayMorning(): Date {
  const d = new Date(Date.now() + 7 * 24 * 3_600_000);
  d.setUTCHours(9, 0, 0, 0); // 10:00 in Paris in winter, 11:00 in summer: inside 09:00–18:00 either way
  while (d.getUTCDay() !== 3) d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

const start = nextWednesdayMorning();
const at = (hours: number) => new Date(start.getTime() + hours * 3_600_000);
let now = at(0);
let fresh: Awaited<ReturnType<typeof outboxDb>>['fresh'];
let store: Store;
let deps: Deps;
let deliverAll: () => Promise<void>;
let sent: { to: string; text: string; key?: string }[];
let seq = 0;

const messenger: Messenger = {
  post: async (_w, channel) => ({ channel, id: `m${++seq}` }),
  update: async () => {},
  async direct(_w, userId, message: Message, opts) {
    if (userId === 'bot-user') throw new DeliveryError('cannot_dm_bot', true);
    sent.push({ to: userId, text: message.text, ...(opts?.idempotencyKey ? { key: opts.idempotencyKey } : {}) });
    return { channel: `D-${userId}`, id: `m${++seq}` };
  },
};

beforeAll(async () => {
  const db = await outboxDb(() => now, messenger);
  ({ fresh, store, deps } = db);
  deliverAll = db.deliverAll;
});
afterAll(async () => fresh?.drop());

let workspace: Workspace;
let settings: WorkspaceSettings;
beforeEach(async () => {
  sent = [];
  now = at(0);
  workspace = await store.ensureWorkspace({ platform: 'test', externalId: `T${++seq}` });
  settings = { ...DEFAULT_SETTINGS, reviewChannel: 'C-review', reviewers: ['rita'], locale: 'en' };
  await store.putSettings(workspace.id, settings, { version: 0, actorId: 'admin' });
});

const scope = (userId: string): DraftScope => ({
  workspace,
  settings,
  actor: { userId, platformAdmin: false },
  locale: 'en',
});
const content = (text: string): DraftContent => ({
  text,
  networks: ['linkedin', 'x'],
  link: null,
  media: [],
  plannedAt: null,
  campaign: null,
  reviewerNote: null,
});

async function publish(text: string) {
  const result = await submitDraft(deps, scope('alice'), {
    content: content(text),
    channelId: null,
    deliveryKey: null,
  });
  if (result.kind !== 'submitted') throw new Error(result.kind);
  await decide(deps, scope('rita'), {
    draftId: result.draft.id,
    revision: 1,
    decision: 'approve',
    reason: null,
    inReviewerGroup: false,
  });
  await markPublished(deps, scope('alice'), {
    draftId: result.draft.id,
    urls: [`https://www.linkedin.com/feed/${seq}`],
  });
  return result.draft;
}

async function deliver() {
  await schedulePrompts(deps);
  await deliverAll();
}

const promptsTo = (userId: string) => sent.filter((s) => s.to === userId && s.text.startsWith('A post is live'));

describe(`ambassador prompts on ${testDbKind}`, () => {
  it('prompts every active ambassador once when a post is published, and never again', async () => {
    for (const id of ['amy', 'ben', 'cid']) await store.ambassadors.join(workspace.id, id, { networks: ['linkedin'] });
    await store.ambassadors.join(workspace.id, 'dan', { networks: [] });
    await store.ambassadors.leave(workspace.id, 'dan', now);
    const draft = await publish('We are hiring! #acme');
    await deliver();
    await Promise.all([schedulePrompts(deps), schedulePrompts(deps)]);
    await deliver();
    const prompted = sent.filter((s) => s.text.startsWith('A post is live'));
    expect(prompted.map((s) => s.to).sort()).toEqual(['amy', 'ben', 'cid']);
    expect(prompted[0]?.key).toMatch(/^p\d+$/);
    // Publishing creates prompts once, even if asked again.
    expect(await store.ambassadors.createPrompts(workspace.id, draft.id, now)).toBe(0);
  });

  it('waits for the person’s hours and their weekly cap, and drops prompts for old posts', async () => {
    await store.ambassadors.join(workspace.id, 'nina', { networks: [] });
    await store.ambassadors.setHours(workspace.id, 'nina', {
      workStart: 9 * 60,
      workEnd: 18 * 60,
      workDays: [1, 2, 3, 4, 5],
      timezone: 'America/New_York',
    });
    await store.ambassadors.join(workspace.id, 'paul', { networks: [] });
    await publish('Post one');
    await deliver();
    // 10:00 in Paris is 04:00 in New York: Nina waits, Paul gets it.
    expect(promptsTo('nina')).toHaveLength(0);
    expect(promptsTo('paul')).toHaveLength(1);
    now = at(6); // 10:00 in New York
    await deliver();
    expect(promptsTo('nina')).toHaveLength(1);

    // Paul's cap is 3 a week: the fourth post waits.
    now = at(7);
    await publish('Post two');
    await publish('Post three');
    await publish('Post four');
    await deliver();
    expect(promptsTo('paul')).toHaveLength(3);
    // A week after the first, the fourth goes out — unless the post is too old by then (3 days): dropped.
    now = at(7 * 24 + 1);
    await deliver();
    expect(promptsTo('paul')).toHaveLength(3);
    const stats = await store.ambassadors.stats(workspace.id, at(-1), 'paul');
    expect(stats.sent).toBe(3);
  });

  it('stops at once, even for a prompt already queued, and records shares only from the recipient', async () => {
    await store.ambassadors.join(workspace.id, 'sam', { networks: ['x'] });
    await store.ambassadors.join(workspace.id, 'tia', { networks: [] });
    await publish('First post');
    await deliver();
    const [samPrompt, tiaPrompt] = await Promise.all(
      ['sam', 'tia'].map(async (u) => (await store.ambassadors.stats(workspace.id, at(-1), u)).sent),
    );
    expect([samPrompt, tiaPrompt]).toEqual([1, 1]);

    // A second post: prompts queued in the outbox, then Tia stops before the worker sends them.
    await publish('Second post');
    await schedulePrompts(deps);
    await store.ambassadors.leave(workspace.id, 'tia', now);
    await deliverAll();
    expect(promptsTo('tia')).toHaveLength(1);
    expect(promptsTo('sam')).toHaveLength(2);

    const ids = (await fresh.database.db.execute(
      `select id, user_id from prompts where workspace_id = '${workspace.id}' and status = 'sent' order by id` as never,
    )) as unknown;
    const rows = (Array.isArray(ids) ? ids : (ids as { rows: { id: number; user_id: string }[] }).rows) as {
      id: number;
      user_id: string;
    }[];
    const samFirst = rows.find((r) => r.user_id === 'sam')!;
    await expect(
      answerPrompt(deps, workspace, { userId: 'tia', platformAdmin: true }, Number(samFirst.id), 'shared'),
    ).rejects.toMatchObject({ key: 'prompt.not-yours' });
    expect(
      await answerPrompt(deps, workspace, { userId: 'sam', platformAdmin: false }, Number(samFirst.id), 'shared'),
    ).toBe('done');
    expect(
      await answerPrompt(deps, workspace, { userId: 'sam', platformAdmin: false }, Number(samFirst.id), 'shared'),
    ).toBe('already');
    const stats = await ambassadorStats(deps, workspace);
    expect(stats).toMatchObject({ shared: 1, sharesByNetwork: { x: 1 }, leaderboard: [{ userId: 'sam', shares: 1 }] });
  });

  it('records a person who cannot be messaged, and does not retry forever', async () => {
    await store.ambassadors.join(workspace.id, 'bot-user', { networks: [] });
    await store.ambassadors.join(workspace.id, 'uma', { networks: [] });
    await publish('Hello');
    await deliver();
    now = at(2);
    await deliver();
    expect(promptsTo('uma')).toHaveLength(1);
    const rows = (await fresh.database.db.execute(
      `select p.status, p.reason, o.status as outbox, o.attempts from prompts p join outbox o on o.dedupe_key = 'prompt:' || p.id where p.user_id = 'bot-user' and p.workspace_id = '${workspace.id}'` as never,
    )) as unknown;
    const [row] = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
      status: string;
      reason: string;
      outbox: string;
      attempts: number;
    }[];
    expect(row).toMatchObject({ status: 'undeliverable', reason: 'cannot_dm_bot', outbox: 'dead', attempts: 1 });
  });
});
