import type {
  Ambassador,
  AmbassadorStats,
  DuePrompt,
  PendingPrompt,
  Prompt,
  PromptStatus,
} from './domain/ambassador.ts';
import type { Decision, Draft, DraftContent, DraftEvent, DraftState, Review } from './domain/draft.ts';
import type { FeedItem } from './domain/feed-item.ts';
import type { WorkspaceSettings } from './domain/settings.ts';
import type { ExportRow } from './domain/stats-csv.ts';
import type { PeriodFigures, StuckNow } from './domain/stats-figures.ts';
import type { InsightGroup } from './domain/stats-insights.ts';
import type { DraftResult } from './domain/stats-results.ts';
import type { DigestChannel, DueSource, StoredItem, VeilleChannel, VeilleSource } from './domain/veille.ts';
import type { AuditEntry, Workspace, WorkspaceRef } from './domain/workspace.ts';
import type { Form, Message, MessageRef } from './message/model.ts';
import type { ClaimedDelivery, OutboxItem } from './outbox/outbox-item.ts';

/** The few interfaces with more than one real implementation. */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Persistence as the core sees it. `transaction` gives a store whose writes all land or none do;
 * the PostgreSQL/PGlite implementation lives in db/, an in-memory one backs the core's unit tests.
 */
export interface Store {
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  ensureWorkspace(ref: WorkspaceRef): Promise<Workspace>;
  /** The workspace (created on first sight) and its settings, in one read on the usual path. */
  loadWorkspace(ref: WorkspaceRef): Promise<{ workspace: Workspace; settings: WorkspaceSettings }>;
  workspaceById(id: string): Promise<Workspace | null>;
  getSettings(workspaceId: string): Promise<WorkspaceSettings>;
  /** Writes settings only if they are still at `expectedVersion`; returns false otherwise. */
  putSettings(
    workspaceId: string,
    settings: WorkspaceSettings,
    expected: { version: number; actorId: string },
  ): Promise<boolean>;
  settingsVersion(workspaceId: string): Promise<number>;
  listAdmins(workspaceId: string): Promise<string[]>;
  setAdmins(workspaceId: string, userIds: string[], actorId: string): Promise<void>;
  recordAudit(entry: AuditEntry): Promise<void>;
  listAudit(workspaceId: string, limit: number): Promise<(AuditEntry & { at: Date })[]>;
  /** Health of the backing database, for /healthz. */
  ping(): Promise<boolean>;
  /** Forgets handled-delivery claims older than `before`, at most `limit`; how many went. */
  forgetDeliveries(before: Date, limit: number): Promise<number>;
  drafts: DraftStore;
  outbox: OutboxWriter;
  ambassadors: AmbassadorStore;
  veille: VeilleStore;
  stats: StatsStore;
  people: PeopleStore;
  keptForms: KeptFormStore;
}

/** Whose figures: a workspace, optionally one campaign (matched without regard to case). */
export interface StatsScope {
  workspaceId: string;
  campaign: string | null;
}

/** One interval of a series: drafts by outcome and prompts, counted in SQL. */
export interface SeriesCounts {
  submitted: number;
  approved: number;
  rejected: number;
  withdrawn: number;
  published: number;
  promptsSent: number;
  /** Of the prompts sent in the interval, the share answered "I shared it"; null when none was sent. */
  shareRate: number | null;
}

/** The author's retro: which publications are due a "how did it do?", claimed once each. */
export interface RetroStore {
  /** Published drafts whose workspace's retro delay has passed (within a week), neither claimed nor answered. */
  dueRetros(now: Date, limit: number): Promise<{ draftId: string; workspaceId: string }[]>;
  /** Claims a publication's retro: true for exactly one caller, whatever the replicas and restarts. */
  claimRetro(r: { draftId: string; workspaceId: string; by: string; now: Date }): Promise<boolean>;
  /** Whether the publication's results are recorded. */
  hasResult(draftId: string): Promise<boolean>;
}

/** The reporting side of the history: every figure is computed in SQL from what was recorded. */
export interface StatsStore extends RetroStore {
  /** Figures of the period [start, end). */
  periodFigures(scope: StatsScope, start: Date, end: Date): Promise<PeriodFigures>;
  stuck(
    scope: StatsScope,
    opts: { now: Date; reviewDelayHours: number; failingSince: Date; limit: number },
  ): Promise<StuckNow>;
  /** Counts per consecutive interval between `bounds` (n bounds → n − 1 intervals, oldest first). */
  series(workspaceId: string, bounds: Date[]): Promise<SeriesCounts[]>;
  /** Median engagement per post and post count of every group, with the number of posts reported on. */
  insightGroups(workspaceId: string, timezone: string): Promise<{ posts: number; groups: InsightGroup[] }>;
  /** Drafts submitted or published in [start, end), by number. */
  exportRows(workspaceId: string, start: Date, end: Date): Promise<ExportRow[]>;
  /** The stories one digest showed; recording the same digest again changes nothing. */
  recordDigestStories(r: {
    workspaceId: string;
    channelId: string;
    slot: string;
    itemIds: number[];
    at: Date;
  }): Promise<void>;
  /** A publication's results; false when they were already recorded. */
  recordResult(r: {
    workspaceId: string;
    draftId: string;
    answeredBy: string;
    result: DraftResult;
    at: Date;
  }): Promise<boolean>;
  /** Ids of the workspaces whose settings name a weekly report channel. */
  reportWorkspaces(): Promise<string[]>;
  /** Claims a workspace's weekly report for one ISO week (`2026-W48`): true for exactly one caller. */
  claimWeeklyReport(workspaceId: string, week: string, by: string, now: Date): Promise<boolean>;
}

export interface DraftStore {
  /**
   * The next D-number of a workspace (serialised by its counter row's lock), or null when
   * `deliveryKey` was already handled: a retried or doubled delivery gets no number.
   */
  nextNumber(workspaceId: string, deliveryKey: string | null): Promise<number | null>;
  /** The draft at revision 1, with its "submitted" event. */
  create(d: {
    workspaceId: string;
    number: number;
    authorId: string;
    originChannel: string | null;
    content: DraftContent;
    /** The veille story (stored item id) the draft was started from. */
    storyItemId?: number | null;
  }): Promise<Draft>;
  /** `lock` takes the draft's row lock for the rest of the transaction. */
  byNumber(workspaceId: string, number: number, opts?: { lock?: boolean }): Promise<Draft | null>;
  byId(id: string, opts?: { lock?: boolean }): Promise<Draft | null>;
  addRevision(draftId: string, revision: number, content: DraftContent, authorId: string): Promise<void>;
  revision(draftId: string, revision: number): Promise<DraftContent | null>;
  setState(
    draftId: string,
    patch: {
      state?: DraftState;
      revision?: number;
      publishedUrls?: string[];
      publishedAt?: Date;
      remindedAt?: Date;
      publishRemindedAt?: Date;
    },
  ): Promise<void>;
  /** False when this reviewer already decided on this revision. */
  addReview(
    draftId: string,
    review: { revision: number; reviewerId: string; decision: Decision; reason: string | null },
  ): Promise<boolean>;
  reviews(draftId: string, revision?: number): Promise<Review[]>;
  addEvent(draftId: string, event: Omit<DraftEvent, 'at'> & { details?: Record<string, unknown> }): Promise<void>;
  events(draftId: string): Promise<DraftEvent[]>;
  byAuthor(workspaceId: string, authorId: string, limit: number): Promise<Draft[]>;
  /** Drafts in review, not the person's own, on whose current revision the person has not decided. */
  awaitingReviewBy(workspaceId: string, reviewerId: string, limit: number): Promise<Draft[]>;
  /** A person's open drafts (in review, changes requested, approved), oldest first, with how many there are. */
  openByAuthor(workspaceId: string, authorId: string, limit: number): Promise<{ drafts: Draft[]; total: number }>;
  /** How many of this person's drafts were published in [start, end). */
  publishedCount(workspaceId: string, authorId: string, start: Date, end: Date): Promise<number>;
  /** Drafts, across workspaces, whose review or publish reminder is due. */
  dueReviewReminders(now: Date, limit: number): Promise<Draft[]>;
  duePublishReminders(now: Date, limit: number): Promise<Draft[]>;
  /** Open drafts (in review, changes requested, approved) whose card was never posted, oldest first. */
  withoutCard(workspaceId: string, limit: number): Promise<Draft[]>;
}

/** What a platform said of a person (locale, timezone), remembered for messages sent later. */
export interface Person {
  userId: string;
  locale: string | null;
  timezone: string | null;
}

export interface PeopleStore {
  /** Records what the platform just said; writes only when something changed. */
  remember(workspaceId: string, person: Person): Promise<void>;
  /** The people of a workspace Relais has seen, among `userIds`. */
  get(workspaceId: string, userIds: string[]): Promise<Person[]>;
}

export interface AmbassadorStore {
  /** Joins (or re-joins, or updates networks); true when the person was not active before. */
  join(
    workspaceId: string,
    userId: string,
    opts: { networks: string[]; invitedBy?: string | null; timezone?: string | null },
  ): Promise<boolean>;
  /** Stops every prompt to this person at once, queued ones included; false when not an ambassador. */
  leave(workspaceId: string, userId: string, now: Date): Promise<boolean>;
  get(workspaceId: string, userId: string): Promise<Ambassador | null>;
  list(workspaceId: string): Promise<Ambassador[]>;
  setHours(
    workspaceId: string,
    userId: string,
    hours: { workStart: number; workEnd: number; workDays: number[]; timezone: string | null },
  ): Promise<boolean>;
  /** One waiting prompt per active ambassador for a published draft; returns how many were created. */
  createPrompts(workspaceId: string, draftId: string, now: Date): Promise<number>;
  /** Locks due waiting prompts (SKIP LOCKED) for this transaction. */
  claimDuePrompts(now: Date, limit: number): Promise<DuePrompt[]>;
  prompt(id: number, opts?: { lock?: boolean }): Promise<Prompt | null>;
  updatePrompt(
    id: number,
    patch: {
      status: PromptStatus;
      notBefore?: Date;
      sentAt?: Date;
      answeredAt?: Date;
      reason?: string | null;
      sharedOn?: string[];
    },
  ): Promise<void>;
  stats(workspaceId: string, since: Date, userId?: string): Promise<AmbassadorStats>;
  /** Prompts sent (or queued) to this person and not answered yet, oldest first, with how many there are. */
  pendingPrompts(
    workspaceId: string,
    userId: string,
    limit: number,
  ): Promise<{ prompts: PendingPrompt[]; total: number }>;
}

export interface VeilleStore {
  /** Null when this channel already follows this URL. */
  addSource(s: {
    workspaceId: string;
    channelId: string;
    url: string;
    title: string;
    keywords: string[];
    addedBy: string;
    etag: string | null;
    lastModified: string | null;
    now: Date;
    nextPollAt: Date;
  }): Promise<VeilleSource | null>;
  sources(workspaceId: string, channelId?: string): Promise<VeilleSource[]>;
  removeSource(workspaceId: string, id: number): Promise<boolean>;
  channel(workspaceId: string, channelId: string): Promise<VeilleChannel | null>;
  setChannel(workspaceId: string, channelId: string, patch: Partial<VeilleChannel>): Promise<void>;
  /** Stores items not seen before in this source; returns how many were new. */
  saveItems(sourceId: number, items: FeedItem[], seenAt: Date): Promise<number>;
  /** Items of a channel's sources first seen (or published) since `since`. */
  items(workspaceId: string, channelId: string, since: Date, limit: number): Promise<StoredItem[]>;
  item(workspaceId: string, id: number): Promise<(StoredItem & { sourceTitle: string }) | null>;
  /** Sources due for polling, leased for `leaseMs` so another replica does not poll them meanwhile. */
  claimDueSources(now: Date, limit: number, leaseMs: number): Promise<DueSource[]>;
  recordPoll(
    id: number,
    result:
      | { ok: true; now: Date; etag: string | null; lastModified: string | null; nextPollAt: Date }
      | { ok: false; now: Date; error: string; nextPollAt: Date },
  ): Promise<void>;
  /** Every channel that follows at least one source, with its digest settings (defaults filled). */
  digestChannels(): Promise<DigestChannel[]>;
  /**
   * Claims a channel's digest for one local day: true for exactly one caller, whatever the number
   * of replicas and restarts. `previousAt` is when the channel's last digest was claimed.
   */
  claimDigest(
    workspaceId: string,
    channelId: string,
    localDate: string,
    by: string,
    now: Date,
    kind?: 'digest' | 'weekly',
  ): Promise<{ claimed: boolean; previousAt: Date | null }>;
}

/** Reads a user-given feed URL, with the guards that protect the network it runs in. */
export interface FeedReader {
  /** With validators, a 304 answers `not-modified`. Throws errors with a `code` (see services/veille). */
  read(
    url: string,
    validators?: { etag: string | null; lastModified: string | null },
  ): Promise<
    | {
        status: 'ok';
        title: string;
        items: FeedItem[];
        etag: string | null;
        lastModified: string | null;
        finalUrl: string;
      }
    | { status: 'not-modified' }
  >;
}

export interface OutboxWriter {
  /** False when an item with the same dedupe key was already queued. */
  enqueue(item: OutboxItem): Promise<boolean>;
}

/** The delivery side of the outbox: rows claimed by one worker at a time, across replicas. */
export interface OutboxQueue {
  claim(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  done(id: number, result: Record<string, unknown>): Promise<void>;
  /** Done, and the prompt marked sent, in one statement. */
  doneWithPrompt(id: number, result: Record<string, unknown>, promptId: number, sentAt: Date): Promise<void>;
  /** Finished without sending (the prompt was stopped meanwhile). */
  cancel(id: number, reason: string): Promise<void>;
  /** Given up for good, and the prompt recorded as undeliverable. */
  deadWithPrompt(id: number, error: string, promptId: number): Promise<void>;
  /** Done, and the posted message recorded as the draft's card, in one transaction. */
  doneWithCard(
    id: number,
    result: Record<string, unknown>,
    card: { draftId: string; channel: string; id: string },
  ): Promise<void>;
  /** Still pending, with the steps done so far (a posted message whose file is not yet uploaded). */
  progress(id: number, done: Record<string, unknown>): Promise<void>;
  retry(id: number, at: Date, error: string): Promise<void>;
  /** Back to the queue until `at`, the attempt not counted (a rate limit is not a failure). */
  release(id: number, at: Date): Promise<void>;
  dead(id: number, error: string): Promise<void>;
}

/**
 * A post made in more than one platform call (Slack: the message, then its file): `posted` is the
 * message an earlier attempt already posted, so a retry only does what is left; `onPosted`
 * records it before the next step.
 */
export interface PostSteps {
  posted?: MessageRef;
  onPosted?(ref: MessageRef): Promise<void>;
}

/** Sends neutral messages on a platform; one implementation per adapter. */
export interface Messenger {
  /** `threadOf.title` names the thread where a platform gives threads names (Discord). */
  post(
    workspace: Workspace,
    channel: string,
    message: Message,
    threadOf?: MessageRef & { title?: string },
    steps?: PostSteps,
  ): Promise<MessageRef>;
  update(workspace: Workspace, ref: MessageRef, message: Message): Promise<void>;
  /** `idempotencyKey`: the same key is delivered once where the platform can enforce it (Discord's nonce). */
  direct(
    workspace: Workspace,
    userId: string,
    message: Message,
    opts?: { idempotencyKey?: string; maybeSentBefore?: boolean },
  ): Promise<MessageRef>;
}

/** A bar-and-line chart of weeks, in words the reader's language already chose. */
export interface WeeklyChart {
  title: string;
  /** One label per week, oldest first. */
  weeks: string[];
  /** Bars: one value per week each. */
  bars: { name: string; values: number[] }[];
  /** The line on its own 0–100 % axis; null where there is nothing to measure. */
  line: { name: string; values: (number | null)[] };
}

/** Renders a chart to an 800×400 PNG: the same chart always gives the same bytes. */
export type ChartRenderer = (chart: WeeklyChart) => Uint8Array;

/** Forms kept, filled with what was typed, for a "Fix it" button (see db/schema.ts keptForms). */
export interface KeptFormStore {
  keep(k: { id: string; workspaceId: string; userId: string; form: Form; at: Date; expiresAt: Date }): Promise<void>;
  /** The form, unless unknown or expired. */
  find(id: string, now: Date): Promise<{ workspaceId: string; userId: string; form: Form } | null>;
}
