import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbStore } from '../../db/store.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../src/domain/settings.ts';
import type { Workspace } from '../../src/domain/workspace.ts';
import { Conflict, Forbidden, Invalid } from '../../src/errors.ts';
import type { Store } from '../../src/ports.ts';
import type { Deps } from '../../src/services/deps.ts';
import { submitDraft } from '../../src/services/drafts.ts';
import { statsReport } from '../../src/services/stats.ts';
import { recordResult, teamInsights } from '../../src/services/stats-results.ts';
import { sendDueDigests } from '../../src/services/veille-schedule.ts';
import { freshDatabase } from '../support/test-database.ts';
import { statsHistory } from './stats-history.ts';

/**
 * The team's recorded results and what /stats insights ranks from them; and the two facts /stats
 * needed that were not recorded before: which stories a digest showed, and which story a draft
 * came from.
 */

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let store: Store;
let now = new Date('2026-03-30T06:00:00Z');
let deps: Deps;
let workspace: Workspace;
const settings: WorkspaceSettings = {
  ...DEFAULT_SETTINGS,
  timezone: 'Europe/Paris',
  locale: 'en',
  reviewChannel: 'C-review',
};
const ids: Record<number, string> = {};
const ann = { userId: 'ann', platformAdmin: false };
const idOf = (number: number): string => {
  const id = ids[number];
  if (!id) throw new Error(`no draft ${number} in the history`);
  return id;
};
const result = (r: Partial<Record<'reactions' | 'comments' | 'shares' | 'clicks', number | null>>) => ({
  reactions: null,
  comments: null,
  shares: null,
  clicks: null,
  worked: ['tone'],
  word: 'good hook',
  ...r,
});

beforeAll(async () => {
  fresh = await freshDatabase();
  const clock = { now: () => now };
  store = createDbStore(fresh.database.db, clock);
  deps = { store, clock, log: pino({ level: 'silent' }) };
  workspace = await store.ensureWorkspace({ platform: 'test', externalId: 'RESULTS' });
  await store.putSettings(workspace.id, settings, { version: 0, actorId: 'ada' });
  await store.setAdmins(workspace.id, ['ada'], 'ada');
  const h = statsHistory(fresh.database.db, workspace.id);
  // Published posts: Tuesdays 09:00 and Thursdays 17:00 in Paris, one of them in summer time.
  const posts: [number, string | null, string[], string][] = [
    [20, 'launch', ['linkedin'], '2026-01-06T08:00:00Z'],
    [21, 'launch', ['linkedin'], '2026-01-13T08:30:00Z'],
    [22, 'launch', ['linkedin', 'x'], '2026-01-15T16:00:00Z'],
    [23, null, ['x'], '2026-01-22T16:00:00Z'],
    [24, null, ['x'], '2026-01-27T08:00:00Z'],
    [25, 'promo', ['x'], '2026-01-29T16:00:00Z'],
    [26, 'promo', ['linkedin'], '2025-06-03T07:00:00Z'],
  ];
  for (const [number, campaign, networks, at] of posts) {
    const t = Date.parse(at);
    ids[number] = await h.draft({
      number,
      campaign,
      networks,
      events: [
        ['submitted', new Date(t - 3_600_000).toISOString()],
        ['approved', new Date(t - 1_800_000).toISOString()],
        ['published', at],
      ],
    });
  }
  ids[30] = await h.draft({ number: 30, events: [['submitted', '2026-01-06T08:00:00Z']] });
});

afterAll(async () => fresh?.drop());

describe('the retro: recordResult', () => {
  it('records a publication’s results once, from its author', async () => {
    const answers: [number, ReturnType<typeof result>][] = [
      [20, result({ reactions: 10, comments: 2 })],
      [21, result({ reactions: 20 })],
      [22, result({ reactions: 5, comments: 1, shares: 1, clicks: 1 })],
      [23, result({ clicks: 30 })],
      [24, result({})], // nothing reported: not a figure
      [25, result({ reactions: 3 })],
      [26, result({ reactions: 40 })],
    ];
    for (const [number, r] of answers)
      expect(await recordResult(deps, workspace, ann, { draftId: idOf(number), result: r })).toBe('recorded');
    expect(await recordResult(deps, workspace, ann, { draftId: idOf(20), result: result({ reactions: 99 }) })).toBe(
      'already',
    );
  });

  it('refuses others, unpublished drafts and impossible numbers, changing nothing', async () => {
    const bob = { userId: 'bob', platformAdmin: false };
    await expect(recordResult(deps, workspace, bob, { draftId: idOf(21), result: result({}) })).rejects.toBeInstanceOf(
      Forbidden,
    );
    await expect(recordResult(deps, workspace, ann, { draftId: idOf(30), result: result({}) })).rejects.toBeInstanceOf(
      Conflict,
    );
    for (const bad of [result({ reactions: -1 }), result({ clicks: 1.5 }), { ...result({}), worked: ['luck'] }])
      await expect(recordResult(deps, workspace, ann, { draftId: idOf(21), result: bad })).rejects.toBeInstanceOf(
        Invalid,
      );
    await expect(
      recordResult(deps, workspace, ann, { draftId: 'not-a-draft', result: result({}) }),
    ).rejects.toBeInstanceOf(Invalid);
    const other = await store.ensureWorkspace({ platform: 'test', externalId: 'OTHER' });
    await expect(recordResult(deps, other, ann, { draftId: idOf(21), result: result({}) })).rejects.toBeInstanceOf(
      Invalid,
    );
  });
});

describe('/stats insights', () => {
  it('ranks campaigns, networks, weekdays and hours by median engagement, never on fewer than three posts', async () => {
    const insights = await teamInsights(deps, workspace, settings);
    // Seven answers, one with no figure at all.
    expect(insights.posts).toBe(6);
    const ranked = (d: keyof typeof insights.dimensions) =>
      insights.dimensions[d].ranked.map((g) => [g.key, g.medianEngagement, g.posts]);
    expect(ranked('campaign')).toEqual([['launch', 12, 3]]);
    expect(insights.dimensions.campaign.tooFew).toBe(2); // promo (2 posts), no campaign (1)
    expect(ranked('network')).toEqual([
      ['linkedin', 16, 4],
      ['x', 8, 3],
    ]);
    expect(ranked('weekday')).toEqual([
      ['2', 20, 3],
      ['4', 8, 3],
    ]);
    // 07:00 UTC on 3 June 2025 is 09:00 in Paris: the summer post joins the 09:00 group.
    expect(ranked('hour')).toEqual([
      ['9', 20, 3],
      ['17', 8, 3],
    ]);
  });
});

describe('what /stats reads that Relais now records', () => {
  it('the stories each digest showed, once per digest', async () => {
    now = new Date('2026-03-27T06:00:00Z');
    const source = await store.veille.addSource({
      workspaceId: workspace.id,
      channelId: 'C-veille',
      url: 'https://news.example/feed',
      title: 'Acme news',
      keywords: [],
      addedBy: 'ada',
      etag: null,
      lastModified: null,
      now,
      nextPollAt: new Date(now.getTime() + 3_600_000),
    });
    const item = (id: string, title: string) => ({
      id,
      title,
      url: `https://news.example/${id}`,
      publishedAt: null,
      summary: '',
      author: null,
    });
    if (!source) throw new Error('the source was not added');
    await store.veille.saveItems(
      source.id,
      [
        item('a', 'Acme opens a lab in Lyon'),
        item('b', 'Rain expected all weekend'),
        item('c', 'A new mayor for Nantes'),
      ],
      now,
    );
    // Set after the source was added, as /veille time does: today's digest is due at once.
    await store.veille.setChannel(workspace.id, 'C-veille', { minuteOfDay: 0, timeSetAt: now });
    expect(await sendDueDigests(deps, 'one')).toBe(1);
    expect(await sendDueDigests(deps, 'two')).toBe(0);
    const { current } = await statsReport(deps, workspace, settings, { kind: 'week', campaign: null });
    expect(current.veille.storiesShown).toBe(3);
  });

  it('the story a draft was started from, when it is a story of this workspace', async () => {
    // Draft rows take the database's time: read the week holding it.
    now = new Date();
    const stored = await store.veille.items(workspace.id, 'C-veille', new Date(0), 10);
    const scope = { workspace, settings, actor: ann, locale: 'en' as const };
    const content = {
      text: 'Our lab opens',
      networks: ['linkedin' as const],
      link: null,
      media: [],
      plannedAt: null,
      campaign: null,
      reviewerNote: null,
    };
    for (const [i, story] of [stored[0]?.id, stored[0]?.id, stored[1]?.id, 999_999].entries())
      await submitDraft(deps, scope, { content, channelId: 'C1', deliveryKey: `k${i}`, storyItemId: story });
    const { current } = await statsReport(deps, workspace, settings, { kind: 'week', campaign: null });
    expect(current.drafts.submitted).toBe(4);
    expect(current.veille.storiesDrafted).toBe(2);
  });
});
