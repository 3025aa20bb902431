import { buildDigest, type Digest, type DigestCandidate } from '../domain/digest.ts';
import { isTimezone } from '../domain/settings.ts';
import { Invalid, NotFound } from '../errors.ts';
import type { MessageKey, Translate } from '../i18n/catalog.ts';
import type { VeilleSource, Workspace } from '../ports.ts';
import type { Actor } from './actor.ts';
import type { Deps } from './deps.ts';

/** How often a source is polled while it answers. */
export const POLL_EVERY_MS = 30 * 60_000;

const KNOWN_ERRORS = [
  'private-address',
  'scheme',
  'bad-url',
  'timeout',
  'too-large',
  'too-many-redirects',
  'http-status',
  'dns',
  'network',
  'not-a-feed',
  'malformed',
];

/** Why a feed could not be read, in the reader's language (the libraries' own codes, translated). */
export function feedProblem(error: unknown, t: Translate): string {
  const code = (error as { code?: unknown }).code;
  return t(
    typeof code === 'string' && KNOWN_ERRORS.includes(code)
      ? (`veille.error.${code}` as MessageKey)
      : 'veille.error.unknown',
  );
}

/** `/veille add`: the feed is fetched once; it is followed only if it can be read. */
export async function addSource(
  deps: Deps,
  workspace: Workspace,
  actor: Actor,
  input: { channelId: string; url: string; keywords: string[]; t: Translate },
): Promise<{ source: VeilleSource; count: number } | 'already'> {
  if (!deps.feeds) throw new Error('no feed reader in this process');
  let feed;
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

export async function removeSource(deps: Deps, workspace: Workspace, id: number): Promise<void> {
  if (!(await deps.store.veille.removeSource(workspace.id, id))) throw new NotFound('veille.not-found', { id });
}

/** `08:30` or `08:30 Europe/Paris` → minutes after midnight and an optional zone. */
export function parseDigestTime(text: string): { minuteOfDay: number; timezone: string | null } {
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
