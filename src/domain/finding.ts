import type { Network } from './networks.ts';
import type { RuleLevel } from './settings.ts';

export const FINDING_RULES = [
  'length',
  'hashtag-limit',
  'forbidden-term',
  'required-hashtag',
  'required-mention',
  'max-hashtags',
] as const;
type FindingRule = (typeof FINDING_RULES)[number];

/**
 * One thing the checks noticed, as data: the command layer words it in the reader's language
 * from `rule` and `params`.
 * - `length` (per network): `length`, `limit`, `over`
 * - `hashtag-limit` (per network): `count`, `limit`, `over`
 * - `forbidden-term`: `term` as configured, `match` as written in the text, `count`
 * - `required-hashtag`: `hashtag` (with its `#`); `required-mention`: `mention` (with its `@`)
 * - `max-hashtags`: `count`, `max`
 */
export interface Finding {
  rule: FindingRule;
  level: RuleLevel;
  network?: Network;
  params: Record<string, string | number>;
}
