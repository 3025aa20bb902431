import type { PlatformTools } from '../../commands/define-command.ts';

/**
 * How Slack writes mentions in command text (with `should_escape: true` in the manifest):
 * `<@U123|name>`, `<#C123|name>`, `<!subteam^S123|@name>`.
 */
const PATTERNS = {
  user: /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/,
  channel: /^<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>$/,
  group: /^<!subteam\^([S][A-Z0-9]+)(?:\|[^>]*)?>$/,
} as const;

export function readSlackMention(kind: keyof typeof PATTERNS, token: string): string | null {
  return PATTERNS[kind].exec(token.trim())?.[1] ?? null;
}

export const slackTools: PlatformTools = {
  async resolveChannel(ref) {
    const trimmed = ref.trim();
    // Slack's channel pickers give ids; text gives the escaped mention.
    if (/^[CGD][A-Z0-9]{6,}$/.test(trimmed)) return trimmed;
    return readSlackMention('channel', trimmed);
  },
  formatUsage(command, subcommand, args) {
    return [`/${command}`, subcommand, ...args.flat()].filter(Boolean).join(' ');
  },
  readMention: readSlackMention,
};
