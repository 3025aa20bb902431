import { isTimezone, type WorkspaceSettings } from '../domain/settings.ts';
import { type Locale, resolveLocale } from '../i18n/catalog.ts';
import type { Store } from '../ports.ts';
import type { Actor } from './actor.ts';
import type { Deps } from './deps.ts';

/**
 * Each person's own language and timezone. Anything sent to one person (a direct message, a
 * private answer) is in their language; channel messages stay in the workspace's. What the
 * platform says of a person is remembered when seen, so the worker, with no interaction at hand,
 * still writes to them in their language and at their hours.
 */

/** Remembers what the platform just said of the acting person. Never fails the command it rides on. */
export async function rememberPerson(deps: Deps, workspaceId: string, actor: Actor): Promise<void> {
  const timezone = actor.timezone && isTimezone(actor.timezone) ? actor.timezone : null;
  const locale = actor.locale?.trim().slice(0, 35) || null;
  if (!locale && !timezone) return;
  try {
    await deps.store.people.remember(workspaceId, { userId: actor.userId, locale, timezone });
  } catch (err) {
    deps.log.warn({ err, workspaceId, userId: actor.userId }, 'could not remember the person’s locale');
  }
}

/** The language to write to one person in: theirs when Relais speaks it, else the workspace's. */
export async function personLocale(
  store: Store,
  workspaceId: string,
  userId: string,
  settings: Pick<WorkspaceSettings, 'locale'>,
): Promise<Locale> {
  return (await peopleLocales(store, workspaceId, [userId], settings)).get(userId) ?? settings.locale;
}

/** `personLocale` for many people at once (a fan-out): one read. Everyone asked for is in the map. */
export async function peopleLocales(
  store: Store,
  workspaceId: string,
  userIds: string[],
  settings: Pick<WorkspaceSettings, 'locale'>,
): Promise<Map<string, Locale>> {
  const known = new Map((await store.people.get(workspaceId, [...new Set(userIds)])).map((p) => [p.userId, p]));
  return new Map(userIds.map((id) => [id, resolveLocale(known.get(id)?.locale, settings.locale)]));
}

/** The timezone the platform last gave for this person (remembered), else the workspace's. */
async function personTimezone(
  store: Store,
  workspaceId: string,
  userId: string,
  settings: Pick<WorkspaceSettings, 'timezone'>,
): Promise<string> {
  const [known] = await store.people.get(workspaceId, [userId]);
  return known?.timezone && isTimezone(known.timezone) ? known.timezone : settings.timezone;
}

/** The zone to show times in to the person acting now: the platform's word today, else what was remembered, else the workspace's. */
export async function readerTimezone(
  store: Store,
  workspaceId: string,
  actor: Actor,
  settings: Pick<WorkspaceSettings, 'timezone'>,
): Promise<string> {
  if (actor.timezone && isTimezone(actor.timezone)) return actor.timezone;
  return personTimezone(store, workspaceId, actor.userId, settings);
}
