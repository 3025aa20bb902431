import { localParts, zonedToUtc } from './zoned-time.ts';

/** A channel's digest time (`08:30` by default, local to its zone) as instants. Pure. */

/** Minutes after midnight of a channel's digest when none was set: 08:30. */
export const DEFAULT_DIGEST_MINUTE = 8 * 60 + 30;

/** The instant of a local day's digest time in a zone. */
export function digestAt(
  day: { year: number; month: number; day: number },
  minuteOfDay: number,
  timezone: string,
): Date {
  return zonedToUtc(
    { year: day.year, month: day.month, day: day.day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 },
    timezone,
  );
}

/**
 * Whether today's digest time counts: not when it came before the channel followed anything (a
 * source added at 10:00 never posts one at once, which would use up the day), unless an admin
 * set the time since (`/veille time` to an hour already past asks for today's digest now).
 */
export function digestDueToday(at: Date, channel: { followingSince: Date; timeSetAt?: Date | null }): boolean {
  if (at.getTime() >= channel.followingSince.getTime()) return true;
  return Boolean(channel.timeSetAt && channel.timeSetAt.getTime() >= channel.followingSince.getTime());
}

/** When the next digest of a channel comes, from `now`: today's if its time is still ahead, else tomorrow's. */
export function nextDigestAt(now: Date, minuteOfDay: number, timezone: string): Date {
  const today = localParts(now, timezone);
  const at = digestAt(today, minuteOfDay, timezone);
  if (at.getTime() >= now.getTime()) return at;
  // Noon tomorrow read back in the zone gives tomorrow's local date, whatever the DST change.
  const tomorrow = localParts(new Date(digestAt(today, 12 * 60, timezone).getTime() + 24 * 3_600_000), timezone);
  return digestAt(tomorrow, minuteOfDay, timezone);
}
