import { localParts, zonedToUtc } from './zoned-time.ts';

/** When a person may be messaged: their timezone, local minutes after midnight, ISO weekdays (1 = Monday). */
export interface WorkingHours {
  timezone: string;
  start: number;
  end: number;
  days: number[];
}

const DEFAULT_WORKING_HOURS = { start: 9 * 60, end: 18 * 60, days: [1, 2, 3, 4, 5] } as const;

/**
 * An ambassador's hours, read in the zone the person set with /ambassador hours, else the one
 * their platform profile gives, else the workspace's: nobody in New York is prompted at 03:00.
 */
export function workingHoursOf(
  ambassador: Pick<Ambassador, 'timezone' | 'workStart' | 'workEnd' | 'workDays'> | null,
  platformTimezone: string | null | undefined,
  workspaceTimezone: string,
): WorkingHours {
  return {
    timezone: ambassador?.timezone ?? platformTimezone ?? workspaceTimezone,
    start: ambassador?.workStart ?? DEFAULT_WORKING_HOURS.start,
    end: ambassador?.workEnd ?? DEFAULT_WORKING_HOURS.end,
    days: ambassador?.workDays?.length ? ambassador.workDays : [...DEFAULT_WORKING_HOURS.days],
  };
}

/** Now when inside the person's working hours, else the start of their next working window. */
export function nextAllowedMoment(now: Date, hours: WorkingHours): Date {
  const today = localParts(now, hours.timezone);
  if (hours.days.includes(today.weekday) && today.minutes >= hours.start && today.minutes < hours.end) return now;
  for (let ahead = 0; ahead <= 7; ahead++) {
    // Noon of the local day `ahead` days later, read back in the zone: robust across DST changes.
    const probe = new Date(Date.UTC(today.year, today.month - 1, today.day + ahead, 12));
    const day = localParts(
      zonedToUtc(
        { year: probe.getUTCFullYear(), month: probe.getUTCMonth() + 1, day: probe.getUTCDate(), hour: 12, minute: 0 },
        hours.timezone,
      ),
      hours.timezone,
    );
    if (!hours.days.includes(day.weekday)) continue;
    if (ahead === 0 && today.minutes >= hours.start) continue;
    return zonedToUtc(
      { year: day.year, month: day.month, day: day.day, hour: Math.floor(hours.start / 60), minute: hours.start % 60 },
      hours.timezone,
    );
  }
  return now; // no working day at all: an empty week is refused when set, so this is unreachable in practice
}

const WEEK_MS = 7 * 24 * 3_600_000;

export type PromptDecision =
  | { kind: 'send' }
  | { kind: 'wait'; until: Date; why: 'hours' | 'weekly-cap' }
  | { kind: 'drop'; why: 'too-old' };

/**
 * Whether a prompt may go now: never for a post older than the workspace allows, never outside
 * the person's hours, never more than `perWeek` in any rolling week.
 */
export function decidePrompt(opts: {
  now: Date;
  publishedAt: Date;
  maxAgeDays: number;
  hours: WorkingHours;
  sentInLastWeek: Date[];
  perWeek: number;
}): PromptDecision {
  const { now } = opts;
  if (now.getTime() - opts.publishedAt.getTime() > opts.maxAgeDays * 24 * 3_600_000)
    return { kind: 'drop', why: 'too-old' };
  const sent = opts.sentInLastWeek
    .filter((t) => now.getTime() - t.getTime() < WEEK_MS)
    .sort((a, b) => a.getTime() - b.getTime());
  if (sent.length >= opts.perWeek) {
    const freed = new Date(sent[sent.length - opts.perWeek]!.getTime() + WEEK_MS);
    return { kind: 'wait', until: nextAllowedMoment(freed, opts.hours), why: 'weekly-cap' };
  }
  const allowed = nextAllowedMoment(now, opts.hours);
  return allowed.getTime() > now.getTime() ? { kind: 'wait', until: allowed, why: 'hours' } : { kind: 'send' };
}

export interface Ambassador {
  workspaceId: string;
  userId: string;
  networks: string[];
  active: boolean;
  timezone: string | null;
  workStart: number;
  workEnd: number;
  workDays: number[];
  joinedAt: Date;
}

export type PromptStatus =
  | 'waiting'
  | 'queued'
  | 'sent'
  | 'shared'
  | 'skipped'
  | 'dropped'
  | 'stopped'
  | 'undeliverable';

export interface Prompt {
  id: number;
  workspaceId: string;
  draftId: string;
  userId: string;
  status: PromptStatus;
  sharedOn: string[];
}

/** A prompt waiting for the person's answer, with the post it is about (the App Home lists them). */
export interface PendingPrompt {
  id: number;
  draftNumber: number;
  text: string;
  sentAt: Date | null;
}

/** A waiting prompt with what deciding on it needs, claimed for this transaction. */
export interface DuePrompt extends Prompt {
  ambassador: Ambassador;
  publishedAt: Date;
  sentInLastWeek: Date[];
}

export interface AmbassadorStats {
  sent: number;
  shared: number;
  skipped: number;
  sharesByNetwork: Record<string, number>;
  leaderboard: { userId: string; shares: number }[];
}
