import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** The source of truth for the database. Times are UTC (`timestamptz`); platform ids are text. */

export const workspaces = pgTable(
  'workspaces',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('workspaces_platform_external_id').on(t.platform, t.externalId)],
);

/** One row per workspace; `data` is validated by the core's settings schema on every read. */
export const workspaceSettings = pgTable('workspace_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  version: integer('version').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: text('updated_by'),
});

/** People Relais knows in a workspace: their role and their own preferences. */
export const members = pgTable(
  'members',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    isAdmin: boolean('is_admin').notNull().default(false),
    locale: text('locale'),
    timezone: text('timezone'),
    addedBy: text('added_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    subject: text('subject'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('audit_log_workspace_at').on(t.workspaceId, t.at)],
);

/**
 * The durable queue of platform calls (posts, DMs, updates) that are not the direct answer to a
 * click. Workers claim due rows with FOR UPDATE SKIP LOCKED; `dedupe_key` makes enqueueing
 * idempotent, so a retried trigger never sends twice.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    dedupeKey: text('dedupe_key'),
    /** Rows with the same key are sent in order (a draft's card before its thread replies). */
    orderKey: text('order_key'),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_key').on(t.dedupeKey),
    index('outbox_due').on(t.status, t.availableAt),
    index('outbox_order').on(t.orderKey, t.id),
    check('outbox_status', sql`${t.status} in ('pending', 'done', 'dead')`),
  ],
);

/**
 * Deliveries already handled (Slack retries, double clicks, a second replica): the first insert
 * of a key wins, every later one sees the conflict and does nothing.
 */
export const handledDeliveries = pgTable(
  'handled_deliveries',
  {
    key: text('key').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  // Old claims are forgotten by age (forgetDeliveries).
  (t) => [index('handled_deliveries_at').on(t.at)],
);

/** Occurrences of scheduled jobs (a channel's digest for a local day…), claimed once across replicas. */
export const scheduleClaims = pgTable(
  'schedule_claims',
  {
    job: text('job').notNull(),
    slot: text('slot').notNull(),
    claimedBy: text('claimed_by').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.job, t.slot] })],
);

/**
 * Last draft number handed out per workspace, incremented under this row's lock so numbers never
 * collide. Its own table, so numbering never waits on anything else that touches the workspace.
 */
export const draftCounters = pgTable('draft_counters', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  last: integer('last').notNull().default(0),
});

/** A draft post and where it stands. `number` gives the reference people type (D-42). */
export const drafts = pgTable(
  'drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    authorId: text('author_id').notNull(),
    state: text('state').notNull(),
    revision: integer('revision').notNull().default(1),
    /** Where /draft was typed. */
    originChannel: text('origin_channel'),
    /** The review card, once the platform accepted it. */
    cardChannel: text('card_channel'),
    cardMessage: text('card_message'),
    publishedUrls: jsonb('published_urls').$type<string[]>().notNull().default([]),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    publishRemindedAt: timestamp('publish_reminded_at', { withTimezone: true }),
    clonedFrom: uuid('cloned_from'),
    /** The veille story (veille_items.id) this draft was started from; no foreign key: history outlives a removed source. */
    storyItemId: bigint('story_item_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('drafts_workspace_number').on(t.workspaceId, t.number),
    index('drafts_workspace_state').on(t.workspaceId, t.state),
    index('drafts_author').on(t.workspaceId, t.authorId),
    // Statistics: drafts submitted or published in a period (/stats export).
    index('drafts_workspace_created').on(t.workspaceId, t.createdAt),
    index('drafts_workspace_published').on(t.workspaceId, t.publishedAt),
    // The retro job: publications across workspaces whose "how did it do?" is due.
    index('drafts_published_at').on(t.publishedAt),
  ],
);

/** Every version of a draft's content; approvals belong to one revision. */
export const draftRevisions = pgTable(
  'draft_revisions',
  {
    draftId: uuid('draft_id')
      .notNull()
      .references(() => drafts.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    text: text('text').notNull(),
    networks: jsonb('networks').$type<string[]>().notNull(),
    link: text('link'),
    media: jsonb('media').$type<string[]>().notNull().default([]),
    plannedAt: timestamp('planned_at', { withTimezone: true }),
    campaign: text('campaign'),
    reviewerNote: text('reviewer_note'),
    authorId: text('author_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.draftId, t.revision] }),
    // /stats #campaign: a campaign's drafts, matched without regard to case.
    index('draft_revisions_campaign').on(sql`lower(${t.campaign})`),
  ],
);

/** One decision per reviewer per revision: a double click or a second replica finds the row taken. */
export const draftReviews = pgTable(
  'draft_reviews',
  {
    draftId: uuid('draft_id')
      .notNull()
      .references(() => drafts.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    reviewerId: text('reviewer_id').notNull(),
    decision: text('decision').notNull(),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.draftId, t.revision, t.reviewerId] }),
    check('draft_reviews_decision', sql`${t.decision} in ('approve', 'changes', 'reject')`),
  ],
);

/** The readable history: every transition with who, when, which revision and why. */
export const draftEvents = pgTable(
  'draft_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    draftId: uuid('draft_id')
      .notNull()
      .references(() => drafts.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    actorId: text('actor_id').notNull(),
    kind: text('kind').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('draft_events_draft').on(t.draftId, t.id),
    // Statistics, read from these indexes alone (index-only scans): the transitions of a period,
    // and a draft's whole life.
    index('draft_events_at').on(t.at, t.draftId, t.kind, t.toState),
    index('draft_events_draft_life').on(t.draftId, t.revision, t.kind, t.toState, t.at),
  ],
);

/** Colleagues who opted in to share posts, and how they want to be asked. */
export const ambassadors = pgTable(
  'ambassadors',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    networks: jsonb('networks').$type<string[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    timezone: text('timezone'),
    /** Working hours, local: minutes after midnight, and ISO weekdays (1 = Monday). */
    workStart: integer('work_start').notNull().default(540),
    workEnd: integer('work_end').notNull().default(1080),
    workDays: jsonb('work_days').$type<number[]>().notNull().default([1, 2, 3, 4, 5]),
    invitedBy: text('invited_by'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull(),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

/**
 * One prompt per published post and ambassador (the key makes a second one impossible). It waits
 * for the person's next allowed moment, is queued for delivery, and ends shared, skipped,
 * dropped (too old), stopped or undeliverable — with the reason recorded.
 */
export const prompts = pgTable(
  'prompts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    draftId: uuid('draft_id')
      .notNull()
      .references(() => drafts.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    status: text('status').notNull().default('waiting'),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    sharedOn: jsonb('shared_on').$type<string[]>().notNull().default([]),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('prompts_draft_user').on(t.draftId, t.userId),
    index('prompts_due').on(t.status, t.notBefore),
    index('prompts_user_sent').on(t.workspaceId, t.userId, t.sentAt),
    // Statistics: prompts sent and answered in a period.
    index('prompts_workspace_sent').on(t.workspaceId, t.sentAt),
    index('prompts_workspace_answered').on(t.workspaceId, t.answeredAt),
    check(
      'prompts_status',
      sql`${t.status} in ('waiting', 'queued', 'sent', 'shared', 'skipped', 'dropped', 'stopped', 'undeliverable')`,
    ),
  ],
);

/** A monitored feed, posted to one channel's digest, polled through the day. */
export const veilleSources = pgTable(
  'veille_sources',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    url: text('url').notNull(),
    title: text('title').notNull(),
    keywords: jsonb('keywords').$type<string[]>().notNull().default([]),
    addedBy: text('added_by').notNull(),
    etag: text('etag'),
    lastModified: text('last_modified'),
    nextPollAt: timestamp('next_poll_at', { withTimezone: true }).notNull(),
    lastOkAt: timestamp('last_ok_at', { withTimezone: true }),
    failingSince: timestamp('failing_since', { withTimezone: true }),
    failures: integer('failures').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('veille_sources_channel_url').on(t.workspaceId, t.channelId, t.url),
    index('veille_sources_due').on(t.nextPollAt),
  ],
);

/** Items seen in a source, once each (the feed's id), kept for digests and dedupe. */
export const veilleItems = pgTable(
  'veille_items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceId: bigint('source_id', { mode: 'number' })
      .notNull()
      .references(() => veilleSources.id, { onDelete: 'cascade' }),
    itemKey: text('item_key').notNull(),
    title: text('title').notNull(),
    url: text('url'),
    summary: text('summary').notNull().default(''),
    author: text('author'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('veille_items_source_key').on(t.sourceId, t.itemKey),
    index('veille_items_seen').on(t.sourceId, t.seenAt),
  ],
);

/** A channel's digest time (local, in its timezone) and size. */
export const veilleChannels = pgTable(
  'veille_channels',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    minuteOfDay: integer('minute_of_day').notNull().default(510),
    timezone: text('timezone'),
    size: integer('size').notNull().default(10),
    weeklyDay: integer('weekly_day'),
    /** When an admin last set the digest time: a time set after the first source may still come today. */
    timeSetAt: timestamp('time_set_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.channelId] })],
);

/**
 * The stories each digest showed (one row per story and digest, the story named by its first
 * item), recorded when the digest is queued: what /stats counts as "stories shown". No foreign key
 * to veille_items: the record outlives a removed source.
 */
export const digestStories = pgTable(
  'digest_stories',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    /** The digest's occurrence: `digest:2026-03-30` or `weekly:2026-03-30` (local date). */
    slot: text('slot').notNull(),
    itemId: bigint('item_id', { mode: 'number' }).notNull(),
    shownAt: timestamp('shown_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.channelId, t.slot, t.itemId] }),
    index('digest_stories_shown').on(t.workspaceId, t.shownAt),
  ],
);

/**
 * What a published post did, as its author reported it in the retro: one row per publication
 * (a draft is published once). Every count is optional; `worked` holds tags (tone, topic…). The
 * publication's campaign, networks and time are copied in when the answer is recorded (they no
 * longer change once a draft is published), so /stats insights reads this table alone.
 */
export const draftResults = pgTable(
  'draft_results',
  {
    draftId: uuid('draft_id')
      .primaryKey()
      .references(() => drafts.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    answeredBy: text('answered_by').notNull(),
    campaign: text('campaign'),
    networks: jsonb('networks').$type<string[]>().notNull().default([]),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    reactions: integer('reactions'),
    comments: integer('comments'),
    shares: integer('shares'),
    clicks: integer('clicks'),
    worked: jsonb('worked').$type<string[]>().notNull().default([]),
    word: text('word'),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('draft_results_workspace').on(t.workspaceId),
    check(
      'draft_results_counts',
      sql`coalesce(${t.reactions}, 0) >= 0 and coalesce(${t.comments}, 0) >= 0 and coalesce(${t.shares}, 0) >= 0 and coalesce(${t.clicks}, 0) >= 0`,
    ),
  ],
);

/**
 * The playground's own chat (it plays the platform, so it keeps what a platform keeps): every
 * message of its channels, threads and direct messages, so a restart finds the conversation and
 * its buttons again. `seq` is the message's id on the page (`M-<seq>`).
 */
export const playgroundMessages = pgTable(
  'playground_messages',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    author: text('author').notNull(),
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    visibleTo: text('visible_to'),
    threadOf: text('thread_of'),
    trigger: jsonb('trigger').$type<{ userId: string; text: string }>(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
  },
  (t) => [index('playground_messages_channel').on(t.channel, t.seq)],
);

/**
 * The author's retro, claimed once per publication: the first replica to insert a draft's row
 * queues its direct message in the same transaction; every other one sees the row and does nothing.
 */
export const draftRetros = pgTable('draft_retros', {
  draftId: uuid('draft_id')
    .primaryKey()
    .references(() => drafts.id, { onDelete: 'cascade' }),
  workspaceId: uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  claimedBy: text('claimed_by').notNull(),
  claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
});

/**
 * What a platform says of a person, remembered when seen (a command, a click), so a direct
 * message sent later by the worker is in their language and their hours: `locale` as the
 * platform gives it (`en-US`), `timezone` an IANA name (Slack's profile; Discord gives none).
 */
export const people = pgTable(
  'people',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    locale: text('locale'),
    timezone: text('timezone'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

/**
 * What someone typed in a form that came back with problems, where the platform closed the form
 * (Discord): kept a short while so a "Fix it" button can open the form again, filled. The button
 * carries only the random id; the row answers only its own person.
 */
export const keptForms = pgTable(
  'kept_forms',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    form: jsonb('form').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('kept_forms_expires').on(t.expiresAt)],
);
