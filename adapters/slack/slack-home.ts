import type { App } from '@slack/bolt';
import type { Logger } from '../../src/log.ts';
import type { Actor } from '../../src/services/actor.ts';
import type { DeskReader } from '../../src/services/desk.ts';
import { renderHome } from './render-block-kit.ts';
import { slackToolsFor } from './slack-tools.ts';

/** A burst of changes (five drafts submitted in a row) waits this long after the last one: one views.publish. */
const QUIET_MS = 1000;
/** A steady stream of changes still republishes at least this often. */
const MAX_WAIT_MS = 5000;

type Client = App['client'];

/**
 * The App Home tab: each person's desk, published with views.publish when they open the tab and
 * after a change that concerns them. Changes are gathered per person and published once the burst
 * is over; one person's publishes never overlap. Per process: two replicas may each publish once.
 */
export function createSlackHome(opts: {
  app: App;
  /** Carries the bot token: publishes that follow a change happen outside any request. */
  client: Client;
  desk: DeskReader;
  log: Logger;
  actorFor: (client: Client, teamId: string, userId: string) => Promise<Actor>;
  /** The one Slack workspace Relais serves, once known. */
  teamId: () => string | null;
}) {
  const { app, desk, log } = opts;
  const waiting = new Map<string, { timer: NodeJS.Timeout; since: number }>();
  const inFlight = new Map<string, Promise<void>>();

  async function publish(teamId: string, userId: string): Promise<void> {
    const { client } = opts;
    const actor = await opts.actorFor(client, teamId, userId);
    const blocks = await desk.desk({ platform: 'slack', externalId: teamId }, actor, (group) =>
      slackToolsFor(client, userId).memberOf(group),
    );
    await client.views.publish({ user_id: userId, view: renderHome(blocks) });
  }

  /** Publishes after the one in progress for this person, if any: an older desk never lands after a newer one. */
  function publishSoon(teamId: string, userId: string): Promise<void> {
    const key = `${teamId}:${userId}`;
    const previous = inFlight.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => publish(teamId, userId))
      .catch((err: unknown) => log.warn({ err, userId }, 'App Home: views.publish failed'))
      .finally(() => {
        if (inFlight.get(key) === next) inFlight.delete(key);
      });
    inFlight.set(key, next);
    return next;
  }

  function schedule(teamId: string, userId: string): void {
    const key = `${teamId}:${userId}`;
    const now = Date.now();
    const held = waiting.get(key);
    if (held) clearTimeout(held.timer);
    const since = held?.since ?? now;
    const delay = Math.max(0, Math.min(QUIET_MS, since + MAX_WAIT_MS - now));
    const timer = setTimeout(() => {
      waiting.delete(key);
      publishSoon(teamId, userId);
    }, delay);
    timer.unref();
    waiting.set(key, { timer, since });
  }

  async function groupMembers(groupIds: string[]): Promise<string[]> {
    const lists = await Promise.all(
      groupIds.map(async (usergroup) => {
        try {
          return (await opts.client.usergroups.users.list({ usergroup })).users ?? [];
        } catch (err) {
          log.warn({ err, usergroup }, 'App Home: could not list the reviewer group');
          return [];
        }
      }),
    );
    return lists.flat();
  }

  return {
    register(): void {
      app.event('app_home_opened', async ({ event, context }) => {
        // Also sent for the Messages tab.
        if (event.tab !== 'home') return;
        const teamId = context.teamId ?? opts.teamId();
        if (teamId) await publishSoon(teamId, event.user);
      });
    },
    /** deps.deskChanged: these people's desks changed in this workspace (ignored unless it is our Slack team). */
    changed(workspaceId: string, userIds: string[], groupIds: string[] = []): void {
      void (async () => {
        const ref = await desk.workspaceRef(workspaceId);
        const teamId = opts.teamId();
        if (!teamId || ref?.platform !== 'slack' || ref.externalId !== teamId) return;
        const people = new Set([...userIds, ...(groupIds.length ? await groupMembers(groupIds) : [])]);
        for (const userId of people) schedule(teamId, userId);
      })().catch((err: unknown) => log.warn({ err, workspaceId }, 'App Home: could not schedule desks'));
    },
    /** At shutdown: desks still waiting are left stale until opened (another process may publish them). */
    async stop(): Promise<void> {
      for (const held of waiting.values()) clearTimeout(held.timer);
      waiting.clear();
      await Promise.all(inFlight.values());
    },
  };
}
