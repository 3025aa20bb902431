import { desc, eq } from 'drizzle-orm';
import type { Message } from '../src/message/model.ts';
import type { Db } from './client.ts';
import { playgroundMessages } from './schema.ts';

/** The playground's chat messages as the database keeps them (the adapter names them `M-<seq>`). */
export interface StoredChatMessage {
  seq: number;
  channel: string;
  author: string;
  message: Message;
  visibleTo: string | null;
  threadOf: string | null;
  trigger: { userId: string; text: string } | null;
  at: Date;
  editedAt: Date | null;
}

export interface PlaygroundStore {
  /** The newest `limit` messages, oldest first. */
  recent(limit: number): Promise<StoredChatMessage[]>;
  add(m: Omit<StoredChatMessage, 'seq' | 'editedAt'>): Promise<StoredChatMessage>;
  /** A message whose state changed, in place. */
  replace(seq: number, message: Message, visibleTo: string | null, editedAt: Date): Promise<void>;
}

type Row = typeof playgroundMessages.$inferSelect;

const toStored = (r: Row): StoredChatMessage => ({
  seq: r.seq,
  channel: r.channel,
  author: r.author,
  message: r.message as unknown as Message,
  visibleTo: r.visibleTo,
  threadOf: r.threadOf,
  trigger: r.trigger ?? null,
  at: r.at,
  editedAt: r.editedAt,
});

export function createPlaygroundStore(db: Db): PlaygroundStore {
  return {
    async recent(limit) {
      const rows = await db.select().from(playgroundMessages).orderBy(desc(playgroundMessages.seq)).limit(limit);
      return rows.reverse().map(toStored);
    },

    async add(m) {
      const [row] = await db
        .insert(playgroundMessages)
        .values({ ...m, message: m.message as unknown as Record<string, unknown> })
        .returning();
      return toStored(row!);
    },

    async replace(seq, message, visibleTo, editedAt) {
      await db
        .update(playgroundMessages)
        .set({ message: message as unknown as Record<string, unknown>, visibleTo, editedAt })
        .where(eq(playgroundMessages.seq, seq));
    },
  };
}
