import { digestAt, digestDueToday } from '../domain/digest-time.ts';
import { localParts } from '../domain/zoned-time.ts';
import { FeedReadError } from '../errors.ts';
import { translator } from '../i18n/catalog.ts';
import type { Deps } from './deps.ts';
import { channelDigest, POLL_EVERY_MS } from './veille.ts';
import { digestMessage } from './veille-messages.ts';

const POLL_LEASE_MS = 2 * 60_000;
const MAX_BACKOFF_MS = 6 * 3_600_000;

/** After n failures in a row: 5 min, 10, 20… capped at 6 h. */
const pollBackoffMs = (failures: number) => Math.min(5 * 60_000 * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);

/**
 * Polls the sources that are due, so the morning digest never waits on the network. Sources are
 * leased (SKIP LOCKED) so replicas share them; a failing source backs off and, after a day, is
 * named in its channel's digest.
 */
export async function pollSources(
  deps: Deps,
  limit = 20,
): Promise<{ polled: number; failed: number; newItems: number }> {
  const totals = { polled: 0, failed: 0, newItems: 0 };
  if (!deps.feeds) return totals;
  const due = await deps.store.veille.claimDueSources(deps.clock.now(), limit, POLL_LEASE_MS);
  await Promise.all(
    due.map(async (source) => {
      const now = deps.clock.now();
      try {
        const result = await deps.feeds!.read(source.url, { etag: source.etag, lastModified: source.lastModified });
        if (result.status === 'ok') totals.newItems += await deps.store.veille.saveItems(source.id, result.items, now);
        const validators =
          result.status === 'ok'
            ? { etag: result.etag, lastModified: result.lastModified }
            : { etag: source.etag, lastModified: source.lastModified };
        await deps.store.veille.recordPoll(source.id, {
          ok: true,
          now,
          ...validators,
          nextPollAt: new Date(now.getTime() + POLL_EVERY_MS),
        });
        totals.polled++;
      } catch (error) {
        const text =
          error instanceof FeedReadError ? error.code : error instanceof Error ? error.message : String(error);
        await deps.store.veille.recordPoll(source.id, {
          ok: false,
          now,
          error: text,
          nextPollAt: new Date(now.getTime() + pollBackoffMs(source.failures + 1)),
        });
        totals.failed++;
      }
    }),
  );
  return totals;
}

/**
 * Sends each channel's digest once per local day, at or after its local time. The local date is
 * the claim's key, so any number of replicas and restarts send one per day; a day missed while
 * everything was down is sent when Relais comes back, if still the same local day; a
 * daylight-saving change moves the instant, never the count. The claim and the queued digest
 * are one transaction.
 */
export async function sendDueDigests(deps: Deps, instance: string): Promise<number> {
  const now = deps.clock.now();
  let sent = 0;
  for (const channel of await deps.store.veille.digestChannels()) {
    const settings = await deps.store.getSettings(channel.workspaceId);
    const timezone = channel.timezone ?? settings.timezone;
    const today = localParts(now, timezone);
    const at = digestAt(today, channel.minuteOfDay, timezone);
    if (!digestDueToday(at, channel)) continue;
    if (now.getTime() < at.getTime()) continue;
    const kinds: ('digest' | 'weekly')[] = channel.weeklyDay === today.weekday ? ['digest', 'weekly'] : ['digest'];
    for (const kind of kinds) {
      const done = await deps.store.transaction(async (tx) => {
        const claim = await tx.veille.claimDigest(
          channel.workspaceId,
          channel.channelId,
          today.key,
          instance,
          now,
          kind,
        );
        if (!claim.claimed) return false;
        const workspace = await tx.workspaceById(channel.workspaceId);
        if (!workspace) return false;
        // The weekly press review: the top stories of the last seven days.
        const since = kind === 'weekly' ? new Date(now.getTime() - 7 * 24 * 3_600_000) : claim.previousAt;
        const { digest, failing } = await channelDigest({ ...deps, store: tx }, workspace, channel.channelId, since);
        const t = translator(settings.locale);
        // What /stats counts as stories shown: each entry once, named by its first item.
        await tx.stats.recordDigestStories({
          workspaceId: channel.workspaceId,
          channelId: channel.channelId,
          slot: `${kind}:${today.key}`,
          itemIds: digest.groups
            .flatMap((g) => g.entries.map((e) => Number(e.itemIds[0])))
            .filter(Number.isSafeInteger),
          at: now,
        });
        await tx.outbox.enqueue({
          workspaceId: channel.workspaceId,
          target: { to: 'channel', channel: channel.channelId },
          message: digestMessage({
            digest,
            failing,
            now,
            timezone,
            locale: settings.locale,
            t,
            preview: false,
            weekly: kind === 'weekly',
          }),
          dedupeKey: `${kind}:${channel.workspaceId}:${channel.channelId}:${today.key}`,
        });
        return true;
      });
      if (done) sent++;
    }
  }
  return sent;
}
