import { z } from 'zod';
import { NETWORKS } from '../src/domain/networks.ts';
import { isTimezone, RETRO_DELAY_MAX_HOURS, RULE_LEVELS } from '../src/domain/settings.ts';
import { dayNumber } from '../src/domain/zoned-time.ts';
import type { MessageKey } from '../src/i18n/catalog.ts';
import { LOCALES } from '../src/i18n/catalog.ts';
import { isClearWord } from '../src/message/clear-words.ts';
import { option } from './define-command.ts';
import type { SettingDef } from './relais-setting.ts';

/**
 * Every workspace setting `/relais config` knows, declared once: its text/Discord option, the
 * form field it shows as, and where it lives (relais-setting.ts says what a setting is,
 * relais-setting-display.ts how the card shows it).
 */

const helpKey = (key: string) => `setting-help.${key}` as MessageKey;

/** `a, b; c` → ['a','b','c']; `none` (or `-`) clears the list. */
const listSchema = (max: number, itemMax = 100) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v.join(',') : v))
    .transform((v) =>
      isClearWord(v)
        ? []
        : [
            ...new Set(
              v
                .split(/[,;\n]/)
                .map((s) => s.trim())
                .filter(Boolean),
            ),
          ],
    )
    .pipe(z.array(z.string().max(itemMax)).max(max));

const hashtagList = listSchema(20).transform((tags) => tags.map((tag) => (tag.startsWith('#') ? tag : `#${tag}`)));
const mentionList = listSchema(20).transform((names) => names.map((n) => (n.startsWith('@') ? n : `@${n}`)));

const level = (key: string) => option.choice({ description: helpKey(key), choices: RULE_LEVELS });

function def<V>(d: SettingDef<V>): SettingDef<V> {
  return d;
}

export const SETTINGS: SettingDef[] = [
  def({
    key: 'review-channel',
    path: 'reviewChannel',
    section: 'review',
    option: option.channel({ description: helpKey('review-channel') }),
    field: 'channel',
    asText: (v) => v ?? '',
  }),
  def({
    key: 'approvals',
    path: 'approvalsNeeded',
    section: 'review',
    option: option.integer({ description: helpKey('approvals'), min: 1, max: 10 }),
    field: 'number',
    asText: String,
  }),
  def({
    key: 'review-delay',
    path: 'reviewDelayHours',
    section: 'review',
    option: option.integer({ description: helpKey('review-delay'), min: 1, max: 168 }),
    field: 'number',
    asText: String,
  }),
  def({
    key: 'networks',
    path: 'defaultNetworks',
    section: 'review',
    option: option.refine(
      option.string({ description: helpKey('networks') }),
      listSchema(NETWORKS.length)
        .transform((list) => list.map((n) => n.toLowerCase()))
        .pipe(z.array(z.enum(NETWORKS)).min(1)),
      { key: 'problem.choice', params: { choices: NETWORKS.join(', ') } },
    ),
    field: 'choices',
    asText: (v) => v,
  }),
  def({
    key: 'language',
    path: 'locale',
    section: 'workspace',
    option: option.choice({ description: helpKey('language'), choices: LOCALES }),
    field: 'choice',
    asText: (v) => v,
  }),
  def({
    key: 'timezone',
    path: 'timezone',
    section: 'workspace',
    option: option.refine(
      option.string({ description: helpKey('timezone'), maxLength: 64 }),
      z.string().trim().refine(isTimezone),
      { key: 'problem.timezone' },
    ),
    field: 'text',
    asText: (v) => v,
  }),
  def({
    key: 'mastodon-limit',
    path: 'mastodonLimit',
    section: 'workspace',
    option: option.integer({ description: helpKey('mastodon-limit'), min: 100, max: 100_000 }),
    field: 'number',
    asText: String,
  }),
  def({
    key: 'prompts-per-week',
    path: 'promptsPerWeek',
    section: 'workspace',
    option: option.integer({ description: helpKey('prompts-per-week'), min: 1, max: 50 }),
    field: 'number',
    asText: String,
  }),
  def({
    key: 'prompt-max-age',
    path: 'promptMaxAgeDays',
    section: 'workspace',
    option: option.integer({ description: helpKey('prompt-max-age'), min: 1, max: 30 }),
    field: 'number',
    asText: String,
  }),
  def({
    key: 'forbidden-terms',
    path: 'charter.forbiddenTerms',
    section: 'charter',
    option: option.refine(option.string({ description: helpKey('forbidden-terms') }), listSchema(100), {
      key: 'problem.list-too-long',
      params: { max: 100 },
    }),
    field: 'textarea',
    asText: (v) => v.join(', '),
  }),
  def({
    key: 'required-hashtags',
    path: 'charter.requiredHashtags',
    section: 'charter',
    option: option.refine(option.string({ description: helpKey('required-hashtags') }), hashtagList, {
      key: 'problem.list-too-long',
      params: { max: 20 },
    }),
    field: 'text',
    asText: (v) => v.join(', '),
  }),
  def({
    key: 'required-mentions',
    path: 'charter.requiredMentions',
    section: 'charter',
    option: option.refine(option.string({ description: helpKey('required-mentions') }), mentionList, {
      key: 'problem.list-too-long',
      params: { max: 20 },
    }),
    field: 'text',
    asText: (v) => v.join(', '),
  }),
  def({
    key: 'max-hashtags',
    path: 'charter.maxHashtags',
    section: 'charter',
    option: option.refine(
      option.string({ description: helpKey('max-hashtags'), maxLength: 8 }),
      z.union([
        z
          .string()
          .trim()
          .refine(isClearWord)
          .transform(() => null),
        z.coerce.number().int().min(0).max(30),
      ]),
      { key: 'problem.range', params: { min: 0, max: 30 } },
    ),
    field: 'text',
    asText: (v) => (v === null ? 'none' : String(v)),
  }),
  def({
    key: 'forbidden-terms-level',
    path: 'charter.forbiddenTermsLevel',
    section: 'charter-levels',
    option: level('forbidden-terms-level'),
    field: 'choice',
    asText: (v) => v,
  }),
  def({
    key: 'required-level',
    path: 'charter.requiredLevel',
    section: 'charter-levels',
    option: level('required-level'),
    field: 'choice',
    asText: (v) => v,
  }),
  def({
    key: 'max-hashtags-level',
    path: 'charter.maxHashtagsLevel',
    section: 'charter-levels',
    option: level('max-hashtags-level'),
    field: 'choice',
    asText: (v) => v,
  }),
  def({
    key: 'reviewers',
    path: 'reviewers',
    section: 'people',
    option: option.users({ description: helpKey('reviewers') }),
  }),
  def({
    key: 'reviewer-group',
    path: 'reviewerGroup',
    section: 'people',
    option: option.refine(
      option.group({ description: helpKey('reviewer-group') }),
      z
        .string()
        .min(1)
        .max(64)
        .transform((v) => (isClearWord(v) ? null : v)),
      { key: 'problem.group' },
    ),
  }),
  def({
    key: 'admins',
    path: 'admins',
    section: 'people',
    option: option.users({ description: helpKey('admins') }),
  }),
  // The weekly report: set with text only (the forms are full: a Discord modal holds five fields).
  def({
    key: 'report-channel',
    path: 'reportChannel',
    section: 'report',
    option: option.channel({ description: helpKey('report-channel') }),
  }),
  def({
    key: 'report-day',
    path: 'reportDay',
    section: 'report',
    option: option.refine(
      option.string({ description: helpKey('report-day'), maxLength: 16 }),
      z
        .string()
        .trim()
        .min(3)
        .transform((v) => dayNumber(v) ?? 0)
        .pipe(z.number().int().min(1).max(7)),
      { key: 'problem.weekday' },
    ),
  }),
  def({
    key: 'report-time',
    path: 'reportTime',
    section: 'report',
    option: option.refine(
      option.string({ description: helpKey('report-time'), maxLength: 5 }),
      z
        .string()
        .trim()
        .regex(/^([01]?\d|2[0-3]):[0-5]\d$/)
        .transform((v) => v.padStart(5, '0')),
      { key: 'problem.time' },
    ),
  }),
  // After publication, in the review form (it has room for a fifth field).
  def({
    key: 'retro-delay',
    path: 'retroDelayHours',
    section: 'review',
    option: option.refine(
      option.string({ description: helpKey('retro-delay'), maxLength: 8 }),
      z.union([
        z
          .string()
          .trim()
          .refine((v) => isClearWord(v) || ['off', 'non', 'désactivé'].includes(v.toLowerCase()))
          .transform(() => 0),
        z.coerce.number().int().min(0).max(RETRO_DELAY_MAX_HOURS),
      ]),
      { key: 'problem.range', params: { min: 0, max: RETRO_DELAY_MAX_HOURS } },
    ),
    field: 'text',
    asText: (v: number) => (v === 0 ? 'off' : String(v)),
  }),
];

export const settingByKey = new Map(SETTINGS.map((s) => [s.key, s]));
