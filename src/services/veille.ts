import { buildDigest, type Digest, type DigestCandidate } from '../domain/digest.ts';
import { DEFAULT_DIGEST_MINUTE, nextDigestAt } from '../domain/digest-time.ts';
import { isTimezone, type WorkspaceSettings } from '../domain/settings.ts';
import type { VeilleSource } from '../domain/veille.ts';
import type { Workspace } from '../domain/workspace.ts';
import { FeedReadError, Invalid, NotFound } from '../errors.ts';
import type { Translate } from '../i18n/catalog.ts';
import type { Actor } from './actor.ts';
import type { Deps } from './deps.ts';
import { readerTimezone } from './people.ts';
import { requireAdmin } from './settings.ts';

/** How often a source is polled while it answers. */
export const POLL_EVERY_MS = 30 * 60_000;

/** Why a feed could not be read, in the reader's language. */
function feedProblem(error: unknown, t: Translate): string {
  return t(error instanceof FeedReadError ? `veille.error.${error.code}` : 'veille.error.unknown');
}

/** `/veille add`: the feed is fetched once; it is followed only if it can be read. */
export async function addSource(
  deps: Deps,
  workspace: Workspace,
  actor: Actor,
  input: { channelId: string; url: string; keywords: string[]; t: Translate },
): Promise<{ source: VeilleSource; count: number } | 'already'> {
  await requireAdmin(deps, workspace, actor);
  if (!deps.feeds) throw new Error('no feed reader in this process');
  let feed: Awaited<ReturnType<NonNullable<Deps['feeds']>['read']>>;
  try {
    feed = await deps.feeds.read(input.url);
    if (feed.status !== 'ok') throw new Error('not modified');
  } catch (error) {
    deps.log.info({ url: input.url, err: error }, 'feed refused');
    throw new Invalid('veille.cannot-use', { reason: feedProblem(error, input.t) });
  }
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const source = await tx.veille.addSource({
      workspaceId: workspace.id,
      channelId: input.channelId,
      url: feed.finalUrl,
      title: feed.title || new URL(feed.finalUrl).host,
      keywords: input.keywords,
      addedBy: actor.userId,
      etag: feed.etag,
      lastModified: feed.lastModified,
      now,
      nextPollAt: new Date(now.getTime() + POLL_EVERY_MS),
    });
    if (!source) return 'already' as const;
    await tx.veille.saveItems(source.id, feed.items, now);
    return { source, count: feed.items.length };
  });
}

export async function removeSource(deps: Deps, workspace: Workspace, actor: Actor, id: number): Promise<void> {
  await requireAdmin(deps, workspace, actor);
  if (!(await deps.store.veille.removeSource(workspace.id, id))) throw new NotFound('veille.not-found', { id });
}

/** `08:30` or `08:30 Europe/Paris` → minutes after midnight and an optional zone. */
function parseDigestTime(text: string): { minuteOfDay: number; timezone: string | null } {
  const m = /^\s*(\d{1,2})[:h](\d{2})(?:\s+(\S+))?\s*$/.exec(text);
  const hours = Number(m?.[1]);
  const minutes = Number(m?.[2]);
  if (!m || hours > 23 || minutes > 59 || (m[3] && !isTimezone(m[3]))) throw new Invalid('veille.bad-time');
  return { minuteOfDay: hours * 60 + minutes, timezone: m[3] ?? null };
}

/**
 * The digest of a channel's items since `since` (the previous digest; null before the first),
 * ranked and deduplicated, from items seen in the last week.
 */
export async function channelDigest(
  deps: Deps,
  workspace: Workspace,
  channelId: string,
  since: Date | null,
): Promise<{ digest: Digest; failing: VeilleSource[] }> {
  const sources = await deps.store.veille.sources(workspace.id, channelId);
  const byId = new Map(sources.map((s) => [s.id, s]));
  const weekAgo = new Date(deps.clock.now().getTime() - 7 * 24 * 3_600_000);
  const stored = await deps.store.veille.items(workspace.id, channelId, since ?? weekAgo, 20_000);
  const channel = await deps.store.veille.channel(workspace.id, channelId);
  // Entries name their items by the stored number, which the Draft a post button carries.
  const candidates: DigestCandidate[] = stored.map((s) => ({
    item: { ...s.item, id: String(s.id) },
    sourceId: String(s.sourceId),
    sourceTitle: byId.get(s.sourceId)?.title ?? '',
    keywords: byId.get(s.sourceId)?.keywords ?? [],
    seenAt: s.seenAt,
  }));
  const digest = buildDigest(candidates, { now: deps.clock.now(), since, limit: channel?.size ?? 10 });
  const dayAgo = deps.clock.now().getTime() - 24 * 3_600_000;
  const failing = sources.filter((s) => s.failingSince && s.failingSince.getTime() <= dayAgo);
  return { digest, failing };
}

/**
 * When the channel's next digest comes (the first, right after a source is added: never at once),
 * and the zone the reader reads times in (theirs where the platform gives one, else the workspace's).
 */
export async function nextDigestOf(
  deps: Deps,
  workspace: Workspace,
  actor: Actor,
  channelId: string,
  settings: Pick<WorkspaceSettings, 'timezone'>,
): Promise<{ at: Date; readerTimezone: string }> {
  const channel = await digestSettings(deps, workspace, channelId, settings.timezone);
  return {
    at: nextDigestAt(deps.clock.now(), channel.minuteOfDay ?? DEFAULT_DIGEST_MINUTE, channel.timezone),
    readerTimezone: await readerTimezone(deps.store, workspace.id, actor, settings),
  };
}

/** A channel's followed sources. */
export function listSources(deps: Deps, workspace: Workspace, channelId: string): Promise<VeilleSource[]> {
  return deps.store.veille.sources(workspace.id, channelId);
}

/** A channel's digest settings as they apply (the workspace's timezone when the channel has none). */
export async function digestSettings(deps: Deps, workspace: Workspace, channelId: string, workspaceTimezone: string) {
  const channel = await deps.store.veille.channel(workspace.id, channelId);
  return { ...channel, timezone: channel?.timezone ?? workspaceTimezone };
}

/** Admins set a channel's digest time (`08:30`, optionally with a zone); returns the zone that applies. */
export async function setDigestTime(
  deps: Deps,
  workspace: Workspace,
  actor: Actor,
  channelId: string,
  text: string,
): Promise<{ minuteOfDay: number; timezone: string | null }> {
  await requireAdmin(deps, workspace, actor);
  const parsed = parseDigestTime(text);
  const timeSetAt = deps.clock.now();
  await deps.store.veille.setChannel(
    workspace.id,
    channelId,
    parsed.timezone ? { ...parsed, timeSetAt } : { minuteOfDay: parsed.minuteOfDay, timeSetAt },
  );
  const channel = await deps.store.veille.channel(workspace.id, channelId);
  return { minuteOfDay: parsed.minuteOfDay, timezone: channel?.timezone ?? null };
}

/** Admins set how many stories a channel's digest holds. */
export async function setDigestSize(deps: Deps, workspace: Workspace, actor: Actor, channelId: string, size: number) {
  await requireAdmin(deps, workspace, actor);
  await deps.store.veille.setChannel(workspace.id, channelId, { size });
}

/** Admins set the day of the weekly press review (null: none). */
export async function setWeeklyReview(
  deps: Deps,
  workspace: Workspace,
  actor: Actor,
  channelId: string,
  day: number | null,
) {
  await requireAdmin(deps, workspace, actor);
  await deps.store.veille.setChannel(workspace.id, channelId, { weeklyDay: day });
}

/** A stored story, for "Draft a post"; NotFound when it is not this workspace's. */
export async function storyForDraft(deps: Deps, workspace: Workspace, id: number) {
  const stored = Number.isSafeInteger(id) && id > 0 ? await deps.store.veille.item(workspace.id, id) : null;
  if (!stored) throw new NotFound('error.unknown-action');
  return stored;
}
