import type { App } from '@slack/bolt';
import type { PlatformTools } from '../../commands/define-command.ts';
import { textUsage } from '../../commands/text-usage.ts';
import { SLACK_LIMITS } from './limits.ts';
import { unescapeSlackText } from './mrkdwn-escape.ts';

/**
 * How Slack writes mentions in command text (with `should_escape: true` in the manifest):
 * `<@U123|name>`, `<#C123|name>`, `<!subteam^S123|@name>`.
 */
const PATTERNS = {
  user: /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/,
  channel: /^<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>$/,
  group: /^<!subteam\^([S][A-Z0-9]+)(?:\|[^>]*)?>$/,
  link: /^<(https?:\/\/[^|>]+)(?:\|[^>]*)?>$/,
} as const;

export function readSlackMention(kind: keyof typeof PATTERNS, token: string): string | null {
  return PATTERNS[kind].exec(token.trim())?.[1] ?? null;
}

/** Members of Slack user groups, a minute per process (a cache: losing it costs one call). */
const groupCache = new Map<string, { members: string[]; until: number }>();

export function slackToolsFor(client: App['client'], userId: string): PlatformTools {
  return {
    ...slackText,
    async memberOf(groupId) {
      const hit = groupCache.get(groupId);
      if (hit && hit.until > Date.now()) return hit.members.includes(userId);
      const res = await client.usergroups.users.list({ usergroup: groupId });
      const members = res.users ?? [];
      groupCache.set(groupId, { members, until: Date.now() + 60_000 });
      return members.includes(userId);
    },
  };
}

const slackText: Omit<PlatformTools, 'memberOf'> = {
  async resolveChannel(ref) {
    const trimmed = ref.trim();
    // Slack's channel pickers give ids; text gives the escaped mention.
    if (/^[CGD][A-Z0-9]{6,}$/.test(trimmed)) return trimmed;
    return readSlackMention('channel', trimmed);
  },
  formatUsage: textUsage,
  readMention: readSlackMention,
  // Slack escapes the &, < and > people type (PLATFORMS.md §7): count and store what they typed.
  unescapeText: unescapeSlackText,
  formTextMax: SLACK_LIMITS.plainTextInputMax * SLACK_LIMITS.inputsPerLongText,
};
