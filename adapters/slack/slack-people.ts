import type { App } from '@slack/bolt';
import type { Logger } from '../../src/log.ts';
import type { Actor } from '../../src/services/actor.ts';

const TTL_MS = 60_000;

/**
 * Who a Slack user is for Relais: workspace admin/owner, locale and timezone come from users.info. Cached a
 * minute per process (a cache, not state: losing it costs one API call).
 */
export function createSlackPeople(log: Logger) {
  const cache = new Map<string, { actor: Actor; until: number }>();
  return async function actorFor(client: App['client'], teamId: string, userId: string): Promise<Actor> {
    const key = `${teamId}:${userId}`;
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.actor;
    try {
      const info = await client.users.info({ user: userId, include_locale: true });
      const user = info.user;
      const actor: Actor = {
        userId,
        displayName: user?.profile?.display_name || user?.real_name || user?.name || null,
        locale: user?.locale ?? null,
        timezone: user?.tz ?? null,
        platformAdmin: Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner),
      };
      cache.set(key, { actor, until: Date.now() + TTL_MS });
      return actor;
    } catch (err) {
      // Without users.info we cannot vouch for admin rights: act as a plain member.
      log.warn({ err, userId }, 'users.info failed; treating the person as a plain member');
      return { userId, platformAdmin: false, locale: null };
    }
  };
}
