import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbStore } from '../../db/store.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../src/domain/settings.ts';
import type { Workspace } from '../../src/domain/workspace.ts';
import type { Store } from '../../src/ports.ts';
import type { Deps } from '../../src/services/deps.ts';
import { statsReport, weeklyReport } from '../../src/services/stats.ts';
import { freshDatabase } from '../support/test-database.ts';
import { statsHistory } from './stats-history.ts';

/**
 * /stats on a known history, in Europe/Paris. Week 13 of 2026 (Monday 23 March – Sunday 29 March)
 * ends on the night clocks go forward: it runs from 22 March 23:00 UTC to 29 March 22:00 UTC, so
 * a draft submitted at 22:30 UTC that Sunday belongs to week 14, and one submitted at 22:30 UTC
 * on 22 March to week 12.
 */

const H = 3_600_000;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let store: Store;
let now = new Date('2026-03-30T06:00:00Z');
let deps: Deps;
let workspace: Workspace;
const settings: WorkspaceSettings = {
  ...DEFAULT_SETTINGS,
  timezone: 'Europe/Paris',
  locale: 'en',
  reviewDelayHours: 24,
};

beforeAll(async () => {
  fresh = await freshDatabase();
  const clock = { now: () => now };
  store = createDbStore(fresh.database.db, clock);
  deps = { store, clock, log: pino({ level: 'silent' }) };
  workspace = await store.ensureWorkspace({ platform: 'test', externalId: 'STATS' });
  await store.putSettings(workspace.id, settings, { version: 0, actorId: 'ada' });
  const h = statsHistory(fresh.database.db, workspace.id);

  // Week 12 (16–22 March).
  const d1 = await h.draft({
    number: 1,
    campaign: 'launch',
    networks: ['linkedin', 'x'],
    events: [
      ['submitted', '2026-03-16T09:00:00Z'],
      ['changes_requested', '2026-03-16T11:00:00Z'],
      ['edited', '2026-03-16T13:00:00Z'],
      ['approved', '2026-03-17T09:00:00Z'],
      ['published', '2026-03-18T10:00:00Z'],
    ],
  });
  await h.draft({
    number: 9,
    storyItemId: 10,
    events: [
      ['submitted', '2026-03-17T10:00:00Z'],
      ['rejected', '2026-03-17T12:00:00Z'],
    ],
  });
  // Changes asked in week 12, edited late in week 13: in review again only since the edit.
  await h.draft({
    number: 10,
    events: [
      ['submitted', '2026-03-20T09:00:00Z'],
      ['changes_requested', '2026-03-20T10:00:00Z'],
      ['edited', '2026-03-29T20:00:00Z'],
    ],
  });
  // Submitted on Sunday 22 March at 23:30 in Paris (week 12), approved at midnight (week 13).
  const d8 = await h.draft({
    number: 8,
    events: [
      ['submitted', '2026-03-22T22:30:00Z'],
      ['approved', '2026-03-22T23:00:00Z'],
      ['published', '2026-03-23T12:00:00Z'],
    ],
  });

  // Week 13 (23–29 March).
  const d2 = await h.draft({
    number: 2,
    campaign: 'launch',
    storyItemId: 12,
    events: [
      ['submitted', '2026-03-23T08:00:00Z'],
      ['approved', '2026-03-23T09:00:00Z'],
      ['published', '2026-03-24T08:00:00Z'],
    ],
  });
  await h.draft({
    number: 3,
    storyItemId: 12,
    plannedAt: '2026-03-27T08:00:00Z',
    events: [
      ['submitted', '2026-03-23T10:00:00Z'],
      ['changes_requested', '2026-03-23T14:00:00Z'],
      ['edited', '2026-03-24T10:00:00Z'],
      ['changes_requested', '2026-03-24T12:00:00Z'],
      ['edited', '2026-03-25T08:00:00Z'],
      ['approved', '2026-03-25T10:00:00Z'],
    ],
  });
  await h.draft({
    number: 4,
    storyItemId: 14,
    events: [
      ['submitted', '2026-03-24T09:00:00Z'],
      ['rejected', '2026-03-24T15:00:00Z'],
    ],
  });
  await h.draft({
    number: 5,
    campaign: '-sale',
    events: [
      ['submitted', '2026-03-25T09:00:00Z'],
      ['withdrawn', '2026-03-25T12:00:00Z'],
    ],
  });
  await h.draft({
    number: 6,
    author: '=HYPERLINK("http://x.example")',
    events: [['submitted', '2026-03-26T09:00:00Z']],
  });
  // Monday 30 March, 00:30 in Paris (summer time): week 14.
  await h.draft({ number: 7, events: [['submitted', '2026-03-29T22:30:00Z']] });
  // 1 April, 00:30 in Paris: April.
  await h.draft({ number: 11, events: [['submitted', '2026-03-31T22:30:00Z']] });
  // 1 March 00:00 in Paris (March, week 9) and a minute before (February, week 9).
  await h.draft({
    number: 12,
    events: [
      ['submitted', '2026-02-28T23:00:00Z'],
      ['withdrawn', '2026-03-01T08:00:00Z'],
    ],
  });
  await h.draft({
    number: 13,
    events: [
      ['submitted', '2026-02-28T22:59:00Z'],
      ['withdrawn', '2026-02-28T22:59:30Z'],
    ],
  });

  // Ambassadors: cat stopped before week 13, dan joined during it.
  await h.ambassador('amy', '2026-03-01T08:00:00Z');
  await h.ambassador('ben', '2026-03-01T08:00:00Z');
  await h.ambassador('cat', '2026-03-01T08:00:00Z', '2026-03-20T00:00:00Z');
  await h.ambassador('dan', '2026-03-25T08:00:00Z');
  await h.ambassador('eve', '2026-04-01T08:00:00Z');
  await h.prompt(d1, 'amy', { status: 'shared', sentAt: '2026-03-18T10:00:00Z', answeredAt: '2026-03-18T11:00:00Z' });
  await h.prompt(d1, 'ben', { status: 'shared', sentAt: '2026-03-18T10:00:00Z', answeredAt: '2026-03-23T09:00:00Z' });
  await h.prompt(d1, 'cat', { status: 'skipped', sentAt: '2026-03-18T10:00:00Z', answeredAt: '2026-03-18T12:00:00Z' });
  await h.prompt(d8, 'amy', { status: 'shared', sentAt: '2026-03-23T12:05:00Z', answeredAt: '2026-03-23T13:00:00Z' });
  await h.prompt(d8, 'ben', { status: 'skipped', sentAt: '2026-03-23T12:05:00Z', answeredAt: '2026-03-23T14:00:00Z' });
  await h.prompt(d2, 'amy', { status: 'shared', sentAt: '2026-03-24T08:05:00Z', answeredAt: '2026-03-24T09:00:00Z' });
  await h.prompt(d2, 'ben', { status: 'waiting', sentAt: null });

  // Digests: week 13 shows stories 11–14 (12 twice, 11 again in the weekly review), week 12 story 10.
  const shown = (slot: string, itemIds: number[], at: string) =>
    store.stats.recordDigestStories({
      workspaceId: workspace.id,
      channelId: 'C-veille',
      slot,
      itemIds,
      at: new Date(at),
    });
  await shown('digest:2026-03-20', [10], '2026-03-20T07:30:00Z');
  await shown('digest:2026-03-23', [11, 12, 13], '2026-03-23T07:30:00Z');
  await shown('digest:2026-03-24', [12, 14], '2026-03-24T07:30:00Z');
  await shown('weekly:2026-03-24', [11], '2026-03-24T07:30:00Z');
  await shown('digest:2026-03-24', [12, 14], '2026-03-24T07:30:00Z'); // recorded twice: counted once
  await shown('digest:2026-03-30', [99], '2026-03-29T22:30:00Z');

  await h.source('Failing for two days', '2026-03-28T06:00:00Z');
  await h.source('Failing since midnight', '2026-03-30T00:00:00Z');
  await h.source('Healthy', null);
});

afterAll(async () => fresh?.drop());

describe('/stats week across the spring daylight-saving change', () => {
  it('on Monday 30 March, week 14 beside week 13, which is 167 hours long', async () => {
    now = new Date('2026-03-30T06:00:00Z');
    const { period, previous } = await statsReport(deps, workspace, settings, { kind: 'week', campaign: null });
    expect([period.year, period.index, previous.index]).toEqual([2026, 14, 13]);
    expect(period.start.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(previous.start.toISOString()).toBe('2026-03-22T23:00:00.000Z');
    expect(previous.end.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(previous.end.getTime() - previous.start.getTime()).toBe(167 * H);
  });

  it('week 13: drafts, decisions and waits', async () => {
    now = new Date('2026-03-29T21:00:00Z'); // Sunday 23:00 in Paris
    const { period, previous, current, before } = await statsReport(deps, workspace, settings, {
      kind: 'week',
      campaign: null,
    });
    expect([period.year, period.index, previous.index]).toEqual([2026, 13, 12]);
    const d = current.drafts;
    expect([d.submitted, d.approved, d.rejected, d.withdrawn, d.published]).toEqual([5, 3, 1, 1, 2]);
    expect(d.approvalRate).toEqual({ value: 0.75, basis: 4 });
    expect(d.roundsPerDraft).toEqual({ value: 0.5, basis: 4 });
    // First decisions: 30 min, 1 h, 4 h, 6 h.
    expect(d.firstDecisionMedianMs.basis).toBe(4);
    expect(d.firstDecisionMedianMs.value).toBeCloseTo(2.5 * H, 0);
    expect(d.firstDecisionP90Ms.value).toBeCloseTo(5.4 * H, 0);
    // Approvals: 30 min, 1 h, 48 h.
    expect(d.approvalMedianMs).toEqual({ value: 1 * H, basis: 3 });
    expect(d.approvalP90Ms.value).toBeCloseTo(38.6 * H, 0);

    const b = before.drafts;
    expect([b.submitted, b.approved, b.rejected, b.withdrawn, b.published]).toEqual([4, 1, 1, 0, 1]);
    expect(b.approvalRate).toEqual({ value: 0.5, basis: 2 });
    expect(b.roundsPerDraft).toEqual({ value: 0.5, basis: 2 });
    expect(b.firstDecisionMedianMs).toEqual({ value: 2 * H, basis: 3 });
    expect(b.approvalMedianMs).toEqual({ value: 24 * H, basis: 1 });
  });

  it('week 13: veille and ambassadors', async () => {
    now = new Date('2026-03-29T21:00:00Z');
    const { current, before } = await statsReport(deps, workspace, settings, { kind: 'week', campaign: null });
    expect(current.veille).toEqual({ storiesShown: 4, storiesDrafted: 2 });
    expect(before.veille).toEqual({ storiesShown: 1, storiesDrafted: 1 });
    const a = current.ambassadors;
    expect([a.promptsSent, a.shares, a.skips]).toEqual([3, 3, 1]);
    expect(a.shareRate).toEqual({ value: 2 / 3, basis: 3 });
    // Active during the week: amy, ben, dan (cat had stopped); amy and ben shared.
    expect(a.participation).toEqual({ value: 2 / 3, basis: 3 });
    expect(a.top).toEqual([
      { userId: 'amy', shares: 2 },
      { userId: 'ben', shares: 1 },
    ]);
    const p = before.ambassadors;
    expect([p.promptsSent, p.shares, p.skips]).toEqual([3, 1, 1]);
    // Of week 12's three prompts, two were shared (ben's only in week 13).
    expect(p.shareRate).toEqual({ value: 2 / 3, basis: 3 });
    expect(p.participation).toEqual({ value: 1 / 3, basis: 3 });
    expect(p.top).toEqual([{ userId: 'amy', shares: 1 }]);
  });

  it('what is stuck now: review past the delay since the last edit, approved past planned time, failing sources', async () => {
    now = new Date('2026-03-30T06:00:00Z');
    const { stuck } = await statsReport(deps, workspace, settings, { kind: 'week', campaign: null });
    expect(stuck.inReview).toEqual({ count: 1, oldest: [{ number: 6, since: new Date('2026-03-26T09:00:00Z') }] });
    expect(stuck.notPublished).toEqual({ count: 1, oldest: [{ number: 3, since: new Date('2026-03-27T08:00:00Z') }] });
    expect(stuck.failingSources).toEqual({ count: 1, titles: ['Failing for two days'] });
  });

  it('one campaign, matched without regard to case', async () => {
    now = new Date('2026-03-29T21:00:00Z');
    const { current, stuck } = await statsReport(deps, workspace, settings, { kind: 'week', campaign: 'LAUNCH' });
    const d = current.drafts;
    expect([d.submitted, d.approved, d.rejected, d.withdrawn, d.published]).toEqual([1, 1, 0, 0, 1]);
    expect(d.approvalRate).toEqual({ value: 1, basis: 1 });
    expect(current.veille.storiesDrafted).toBe(1);
    expect([current.ambassadors.promptsSent, current.ambassadors.shares]).toEqual([1, 2]);
    expect([stuck.inReview.count, stuck.notPublished.count]).toEqual([0, 0]);
  });
});

describe('/stats month and quarter', () => {
  it('April to date beside March; boundaries at local midnight in winter and summer time', async () => {
    now = new Date('2026-04-02T08:00:00Z');
    const { period, current, before } = await statsReport(deps, workspace, settings, { kind: 'month', campaign: null });
    expect(period.start.toISOString()).toBe('2026-03-31T22:00:00.000Z');
    const a = current.drafts;
    expect([a.submitted, a.approved, a.rejected, a.withdrawn, a.published]).toEqual([1, 0, 0, 0, 0]);
    expect(a.approvalRate).toEqual({ value: null, basis: 0 });
    expect(a.firstDecisionMedianMs).toEqual({ value: null, basis: 0 });
    const m = before.drafts;
    expect([m.submitted, m.approved, m.rejected, m.withdrawn, m.published]).toEqual([11, 4, 2, 2, 3]);
    expect(m.approvalRate).toEqual({ value: 4 / 6, basis: 6 });
  });

  it('a quarter, and a previous quarter with nothing in it', async () => {
    now = new Date('2026-03-30T06:00:00Z');
    const { period, current, before } = await statsReport(deps, workspace, settings, {
      kind: 'quarter',
      campaign: null,
    });
    expect([period.year, period.index]).toEqual([2026, 1]);
    expect(current.drafts.submitted).toBe(12);
    expect(before.drafts).toMatchObject({ submitted: 0, approved: 0, published: 0 });
    expect(before.drafts.roundsPerDraft).toEqual({ value: null, basis: 0 });
    expect(before.ambassadors).toMatchObject({ promptsSent: 0, shareRate: { value: null, basis: 0 }, top: [] });
    expect(before.veille).toEqual({ storiesShown: 0, storiesDrafted: 0 });
  });

  it('an empty week beside an empty week', async () => {
    now = new Date('2026-02-11T12:00:00Z');
    const { current, before } = await statsReport(deps, workspace, settings, { kind: 'week', campaign: null });
    for (const f of [current, before]) {
      expect(f.drafts).toMatchObject({ submitted: 0, approved: 0, rejected: 0, withdrawn: 0, published: 0 });
      expect(f.drafts.approvalMedianMs).toEqual({ value: null, basis: 0 });
      expect(f.ambassadors.participation).toEqual({ value: null, basis: 0 });
    }
  });
});

describe('the weekly report', () => {
  it('week 13 with the 12 weeks ending with it: drafts by outcome and share rate', async () => {
    now = new Date('2026-03-30T06:00:00Z');
    const report = await weeklyReport(deps, workspace, settings, { weekOf: new Date('2026-03-25T12:00:00Z') });
    expect([report.period.index, report.previous.index]).toEqual([13, 12]);
    expect(report.current.drafts.submitted).toBe(5);
    expect(report.weeks.map((w) => w.week)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(report.weeks[0]?.start.toISOString()).toBe('2026-01-04T23:00:00.000Z');
    const row = (week: number) => {
      const w = report.weeks.find((x) => x.week === week);
      return w && [w.submitted, w.approved, w.rejected, w.withdrawn, w.published, w.promptsSent];
    };
    expect(row(9)).toEqual([2, 0, 0, 2, 0, 0]);
    expect(row(10)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(row(12)).toEqual([4, 1, 1, 0, 1, 3]);
    expect(row(13)).toEqual([5, 3, 1, 1, 2, 3]);
    expect(report.weeks.find((w) => w.week === 13)?.shareRate).toEqual({ value: 2 / 3, basis: 3 });
    expect(report.weeks.find((w) => w.week === 10)?.shareRate).toEqual({ value: null, basis: 0 });
  });
});
