import { z } from 'zod';
import { LOCALES } from '../i18n/catalog.ts';
import { NETWORKS } from './networks.ts';

export const RULE_LEVELS = ['blocker', 'warning'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

const knownTimezones = new Map<string, boolean>();

/** An IANA zone name Intl knows (checked once per name: building a formatter is costly). */
export function isTimezone(value: string): boolean {
  let known = knownTimezones.get(value);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      known = value.includes('/') || value === 'UTC';
    } catch {
      known = false;
    }
    if (knownTimezones.size < 1000) knownTimezones.set(value, known);
  }
  return known;
}

const listOf = (item: z.ZodString, max: number) => z.array(item).max(max);

/** The longest wait before an author is asked how a post did (30 days). */
export const RETRO_DELAY_MAX_HOURS = 720;

/** A workspace's settings: one row per workspace, validated on every read and write. */
export const settingsSchema = z.object({
  reviewChannel: z.string().min(1).max(64).nullable(),
  reviewers: listOf(z.string().min(1).max(64), 50),
  reviewerGroup: z.string().min(1).max(64).nullable(),
  approvalsNeeded: z.number().int().min(1).max(10),
  reviewDelayHours: z.number().int().min(1).max(168),
  defaultNetworks: z.array(z.enum(NETWORKS)).min(1).max(NETWORKS.length),
  timezone: z.string().refine(isTimezone, 'unknown timezone'),
  locale: z.enum(LOCALES),
  mastodonLimit: z.number().int().min(100).max(100_000),
  /** Ambassador prompts per person per rolling week. */
  promptsPerWeek: z.number().int().min(1).max(50),
  /** A prompt for a post older than this is dropped, with a record of why. */
  promptMaxAgeDays: z.number().int().min(1).max(30),
  /** Where the weekly report is posted; none: no report. */
  reportChannel: z.string().min(1).max(64).nullable(),
  /** ISO weekday (1 = Monday) and local `HH:MM` of the weekly report. */
  reportDay: z.number().int().min(1).max(7),
  reportTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  /** Hours after a draft is marked published before its author is asked how it did; 0: never asked. */
  retroDelayHours: z.number().int().min(0).max(RETRO_DELAY_MAX_HOURS),
  charter: z.object({
    forbiddenTerms: listOf(z.string().min(1).max(100), 100),
    forbiddenTermsLevel: z.enum(RULE_LEVELS),
    requiredHashtags: listOf(z.string().min(1).max(100), 20),
    requiredMentions: listOf(z.string().min(1).max(100), 20),
    requiredLevel: z.enum(RULE_LEVELS),
    maxHashtags: z.number().int().min(0).max(30).nullable(),
    maxHashtagsLevel: z.enum(RULE_LEVELS),
  }),
});

export type WorkspaceSettings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: WorkspaceSettings = {
  reviewChannel: null,
  reviewers: [],
  reviewerGroup: null,
  approvalsNeeded: 1,
  reviewDelayHours: 24,
  defaultNetworks: ['linkedin'],
  timezone: 'Europe/Paris',
  locale: 'fr',
  mastodonLimit: 500,
  promptsPerWeek: 3,
  promptMaxAgeDays: 3,
  reportChannel: null,
  reportDay: 1,
  reportTime: '09:00',
  retroDelayHours: 48,
  charter: {
    forbiddenTerms: [],
    forbiddenTermsLevel: 'blocker',
    requiredHashtags: [],
    requiredMentions: [],
    requiredLevel: 'warning',
    maxHashtags: null,
    maxHashtagsLevel: 'warning',
  },
};
