import { randomUUID } from 'node:crypto';
import type { PlaygroundStore, StoredChatMessage } from '../../db/playground-store.ts';
import type { Form, Message, MessageRef } from '../../src/message/model.ts';
import { canSeeChannel } from './directory.ts';

/**
 * The fake chat: messages per channel, thread replies, who may see a private message, and the
 * forms open in someone's dialog. Here the playground IS the chat platform, so like Slack's own
 * servers it keeps messages — in the database, beside Relais' state, so a restart loses nothing;
 * the recent ones are also kept at hand for the page. Open forms live in memory only (a dialog
 * does not outlive its page either). Bounded: the oldest messages and forms go first.
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
  /** Where the messages are kept: they outlive a restart. */
  store: PlaygroundStore;
  now: () => Date;
  /** How many recent messages are kept at hand (older ones stay in the database). */
  maxMessages?: number;
  maxForms?: number;
}

export type PlaygroundWorkspace = Awaited<ReturnType<typeof openPlaygroundWorkspace>>;

const idOf = (seq: number) => `M-${seq}`;

function postedOf(m: StoredChatMessage): Posted {
  return {
    id: idOf(m.seq),
    channel: m.channel,
    author: m.author,
    at: m.at.getTime(),
    message: m.message,
    visibleTo: m.visibleTo,
    threadOf: m.threadOf,
    ...(m.trigger ? { trigger: m.trigger } : {}),
    ...(m.editedAt ? { editedAt: m.editedAt.getTime() } : {}),
  };
}

/** The workspace as the database left it: the recent messages are read back once, at start. */
export async function openPlaygroundWorkspace(opts: WorkspaceOptions) {
  const { store, now } = opts;
  const maxMessages = opts.maxMessages ?? 2000;
  const maxForms = opts.maxForms ?? 200;
  const messages: Posted[] = (await store.recent(maxMessages)).map(postedOf);
  const forms = new Map<string, PendingForm>();
  /** Bumped on every change, so the page redraws only when something happened (never reused after a restart). */
  let version = Date.now();

  const visibleTo = (p: Posted, userId: string) =>
    (p.visibleTo === null || p.visibleTo === userId) && canSeeChannel(userId, p.channel);

  return {
    version: () => version,

    /** True before anything was ever posted: the playground's first start. */
    isEmpty: () => messages.length === 0,

    async post(p: Omit<Posted, 'id' | 'at'>): Promise<Posted> {
      const stored = await store.add({
        channel: p.channel,
        author: p.author,
        message: p.message,
        visibleTo: p.visibleTo,
        threadOf: p.threadOf,
        trigger: p.trigger ?? null,
        at: now(),
      });
      const posted = postedOf(stored);
      messages.push(posted);
      if (messages.length > maxMessages) messages.splice(0, messages.length - maxMessages);
      version++;
      return posted;
    },

    /** Updates a message in place (a card whose state changed); undefined when it is gone. */
    async replace(id: string, message: Message, visibleToUser: string | null): Promise<Posted | undefined> {
      const posted = messages.find((m) => m.id === id);
      if (!posted) return undefined;
      const editedAt = now();
      await store.replace(Number(id.slice(2)), message, visibleToUser, editedAt);
      posted.message = message;
      posted.visibleTo = visibleToUser;
      posted.editedAt = editedAt.getTime();
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
      const pending: PendingForm = { ...p, token: randomUUID(), openedAt: now().getTime() };
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
