import { withLinkTo } from '../../src/message/model.ts';
import type { Messenger } from '../../src/ports.ts';
import { dmChannelOf, RELAIS_AUTHOR } from './directory.ts';
import type { PlaygroundWorkspace } from './workspace.ts';

/** The outbox's messages land in the fake chat like any platform's would. */
export function createPlaygroundMessenger(ws: PlaygroundWorkspace): Messenger {
  return {
    async post(_workspace, channel, message, threadOf) {
      const posted = await ws.post({
        channel,
        author: RELAIS_AUTHOR,
        message,
        visibleTo: null,
        threadOf: threadOf?.id ?? null,
      });
      return { channel: posted.channel, id: posted.id };
    },
    async update(_workspace, ref, message) {
      await ws.replace(ref.id, message, null);
    },
    async direct(_workspace, userId, message) {
      const posted = await ws.post({
        channel: dmChannelOf(userId),
        author: RELAIS_AUTHOR,
        // The playground's messages are on one page: the message linked to is there to see.
        message: withLinkTo(message, null),
        visibleTo: null,
        threadOf: null,
      });
      return { channel: posted.channel, id: posted.id };
    },
  };
}
