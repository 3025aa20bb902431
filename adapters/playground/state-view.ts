import { commands } from '../../commands/index.ts';
import { CHANNELS, channelsVisibleTo, GROUPS, PEOPLE, personById, RELAIS_AUTHOR, speaks } from './directory.ts';
import { formatPlaygroundUsage } from './playground-tools.ts';
import { type MentionNames, renderMessageHtml } from './render-html.ts';
import type { PlaygroundWorkspace, Posted } from './workspace.ts';

/** What the page draws for one person looking at one channel (and maybe one thread). */

const NAMES: MentionNames = {
  users: new Map(PEOPLE.map((p) => [p.id, p.name])),
  groups: new Map(GROUPS.map((g) => [g.id, g.name])),
  channels: new Map(CHANNELS.map((c) => [c.id, c.name])),
};

/** What the command box offers: every subcommand, the way it is typed here. */
const SUGGESTIONS = commands.flatMap((c) =>
  Object.keys(c.subcommands).map((sub) => formatPlaygroundUsage(c.name, sub, [])),
);

export interface MessageView {
  id: string;
  author: { id: string; name: string; bot: boolean };
  at: string;
  edited: boolean;
  /** Seen by this person only. */
  private: boolean;
  html: string;
  replyCount: number;
  trigger: { name: string; text: string } | null;
}

function viewOf(ws: PlaygroundWorkspace, p: Posted, userId: string): MessageView {
  const author = personById(p.author);
  return {
    id: p.id,
    author: author
      ? { id: author.id, name: author.name, bot: false }
      : { id: RELAIS_AUTHOR, name: 'Relais', bot: true },
    at: new Date(p.at).toISOString(),
    edited: p.editedAt !== undefined,
    private: p.visibleTo !== null,
    html: renderMessageHtml(p.message, { names: NAMES }),
    replyCount: p.threadOf === null ? ws.threadReplies(p.id, userId).length : 0,
    trigger: p.trigger ? { name: personById(p.trigger.userId)?.name ?? p.trigger.userId, text: p.trigger.text } : null,
  };
}

export function stateView(ws: PlaygroundWorkspace, q: { userId: string; channel: string; thread: string | null }) {
  const channels = channelsVisibleTo(q.userId);
  const channel = channels.find((c) => c.id === q.channel)!;
  const root = q.thread ? ws.find(q.thread) : undefined;
  const thread =
    root && root.channel === channel.id && root.threadOf === null && ws.canSee(root, q.userId) ? root : undefined;
  return {
    version: ws.version(),
    me: q.userId,
    people: PEOPLE.map((p) => ({ id: p.id, name: p.name, role: p.role, locale: p.locale, speaks: speaks(p) })),
    channels: channels.map((c) => ({ id: c.id, name: c.name, topic: c.topic, direct: Boolean(c.dmOf) })),
    channel: { id: channel.id, name: channel.name, topic: channel.topic, direct: Boolean(channel.dmOf) },
    messages: ws.channelMessages(channel.id, q.userId).map((p) => viewOf(ws, p, q.userId)),
    thread: thread
      ? {
          root: viewOf(ws, thread, q.userId),
          replies: ws.threadReplies(thread.id, q.userId).map((p) => viewOf(ws, p, q.userId)),
        }
      : null,
    suggestions: [...SUGGESTIONS, formatPlaygroundUsage('relais', 'config', [['approvals', '2']])],
  };
}
