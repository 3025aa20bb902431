import type { PlatformTools, UsageArg } from '../../commands/define-command.ts';
import { textUsage } from '../../commands/text-usage.ts';
import { MAX_DRAFT_LENGTH } from '../../src/domain/draft-input.ts';
import { findChannel, GROUPS, personById } from './directory.ts';

/**
 * How commands are typed in the playground: `/relais config approvals 2`, people as `@alice`,
 * groups as `@reviewers`, channels as `#review` (or their id, `C-review`).
 */
function readPlaygroundMention(kind: 'channel' | 'user' | 'group' | 'link', token: string): string | null {
  const text = token.trim();
  if (kind === 'link') return null;
  if (kind === 'channel') return /^#?[\w-]+$/.test(text) ? (findChannel(text)?.id ?? null) : null;
  const name = /^@([\w.-]+)$/.exec(text)?.[1]?.toLowerCase();
  if (!name) return null;
  if (kind === 'user') return personById(name)?.id ?? null;
  return GROUPS.find((g) => g.id === name)?.id ?? null;
}

export function formatPlaygroundUsage(command: string, subcommand: string | null, args: UsageArg[]): string {
  return textUsage(command, subcommand, args);
}

/** The playground's abilities for one person (group membership is theirs). */
export function playgroundToolsFor(userId: string): PlatformTools {
  return {
    async resolveChannel(ref) {
      return findChannel(ref)?.id ?? null;
    },
    formatUsage: textUsage,
    async memberOf(groupId) {
      return GROUPS.find((g) => g.id === groupId)?.members.includes(userId) ?? false;
    },
    readMention: readPlaygroundMention,
    // The page's dialog takes a whole post, up to the longest any network takes.
    formTextMax: MAX_DRAFT_LENGTH,
  };
}
