import { randomUUID } from 'node:crypto';
import type { Form, Message, MessageRef } from '../../src/message/model.ts';
import { canSeeChannel } from './directory.ts';

/**
 * The fake chat's memory: messages per channel, thread replies, who may see a private message,
 * and the forms open in someone's dialog. Here the playground IS the chat platform, so like
 * Slack's own servers it keeps messages; Relais' state stays in PostgreSQL. Bounded: the oldest
 * messages and forms go first.
 */

export interface Posted {
  id: string;
  channel: string;
  /** A person's id, or RELAIS_AUTHOR. */
  author: string;
  at: number;
  message: Message;
  /** Only this person sees it ("Only visible to you"); null for everyone in the channel. */
  visibleTo: string | null;
  /** The root message's id when this is a thread reply. */
  threadOf: string | null;
  /** The command someone typed that this answers, shown above the answer. */
  trigger?: { userId: string; text: string };
  editedAt?: number;
}

export interface PendingForm {
  token: string;
  form: Form;
  userId: string;
  /** Where the answer to the submission goes. */
  channel: string;
  threadOf: string | null;
  openedAt: number;
  /** The message whose button opened the form: its answer may replace it. */
  source?: MessageRef;
}

export interface WorkspaceOptions {
  now?: () => number;
  maxMessages?: number;
  maxForms?: number;
}

export type PlaygroundWorkspace = ReturnType<typeof createWorkspace>;

export function createWorkspace(opts: WorkspaceOptions = {}) {
  const now = opts.now ?? Date.now;
  const maxMessages = opts.maxMessages ?? 2000;
  const maxForms = opts.maxForms ?? 200;
  const messages: Posted[] = [];
  const forms = new Map<string, PendingForm>();
  let seq = 0;
  /** Bumped on every change, so the page redraws only when something happened. */
  let version = 0;

  const visibleTo = (p: Posted, userId: string) =>
    (p.visibleTo === null || p.visibleTo === userId) && canSeeChannel(userId, p.channel);

  return {
    version: () => version,

    post(p: Omit<Posted, 'id' | 'at'>): Posted {
      const posted: Posted = { ...p, id: `M-${++seq}`, at: now() };
      messages.push(posted);
      if (messages.length > maxMessages) messages.splice(0, messages.length - maxMessages);
      version++;
      return posted;
    },

    /** Updates a message in place (a card whose state changed); undefined when it is gone. */
    replace(id: string, message: Message, visibleToUser: string | null): Posted | undefined {
      const posted = messages.find((m) => m.id === id);
      if (!posted) return undefined;
      posted.message = message;
      posted.visibleTo = visibleToUser;
      posted.editedAt = now();
      version++;
      return posted;
    },

    find(id: string): Posted | undefined {
      return messages.find((m) => m.id === id);
    },

    canSee: visibleTo,

    /** A channel's top-level messages this person sees, oldest first. */
    channelMessages(channel: string, userId: string): Posted[] {
      return messages.filter((m) => m.channel === channel && m.threadOf === null && visibleTo(m, userId));
    },

    threadReplies(rootId: string, userId: string): Posted[] {
      return messages.filter((m) => m.threadOf === rootId && visibleTo(m, userId));
    },

    openForm(p: Omit<PendingForm, 'token' | 'openedAt'>): PendingForm {
      const pending: PendingForm = { ...p, token: randomUUID(), openedAt: now() };
      forms.set(pending.token, pending);
      if (forms.size > maxForms) forms.delete(forms.keys().next().value!);
      return pending;
    },

    /** Takes an open form out (a double submit finds nothing); `returnForm` puts it back. */
    takeForm(token: string, userId: string): PendingForm | undefined {
      const pending = forms.get(token);
      if (!pending || pending.userId !== userId) return undefined;
      forms.delete(token);
      return pending;
    },

    returnForm(pending: PendingForm): void {
      forms.set(pending.token, pending);
    },
  };
}
