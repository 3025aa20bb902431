import type { Options } from './discord-harness.ts';
import { type DiscordHarness, MANAGE_GUILD, startDiscordHarness, type Who } from './discord-harness.ts';

/**
 * The usual Discord test workspace: a server with #general and #review, an admin, an author and a
 * reviewer. `prefix` (two digits) keeps each test file's snowflakes apart.
 */
export function reviewDesk(prefix: string) {
  const id = (n: number) => `${prefix}${String(n).padStart(16, '0')}`;
  const person = (n: number, username: string, permissions = 0n): Who => ({
    user: { id: id(n), username },
    permissions,
    locale: 'en-US',
  });
  return {
    id,
    person,
    GUILD: id(1),
    GENERAL: id(10),
    REVIEW: id(11),
    admin: person(500, 'ada', MANAGE_GUILD),
    author: person(501, 'chloe'),
    reviewer: person(502, 'rita'),
  };
}

export type ReviewDesk = ReturnType<typeof reviewDesk>;

/** Starts Relais on the desk's server and sets the review channel, the reviewer and English. */
export async function startReviewDesk(
  desk: ReviewDesk,
  opts: { transport?: 'gateway' | 'http'; roles?: { id: string; name: string }[] } = {},
): Promise<{ h: DiscordHarness; setup: Awaited<ReturnType<DiscordHarness['command']>> }> {
  const h = await startDiscordHarness({
    guild: {
      id: desk.GUILD,
      name: 'Acme',
      channels: [
        { id: desk.GENERAL, name: 'general' },
        { id: desk.REVIEW, name: 'review' },
      ],
      ...(opts.roles ? { roles: opts.roles } : {}),
    },
    ...(opts.transport ? { transport: opts.transport } : {}),
  });
  const config: Options = [
    { type: 7, name: 'review-channel', value: desk.REVIEW },
    { type: 3, name: 'reviewers', value: `<@${desk.reviewer.user.id}>` },
    { type: 3, name: 'language', value: 'en' },
  ];
  const setup = await h.command('relais', 'config', config, desk.admin);
  return { h, setup };
}
