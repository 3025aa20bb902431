import type { Message } from '../message/model.ts';

/** Where a queued message goes. Card and thread targets are resolved when sent, once the card exists. */
type OutboxTarget =
  | { to: 'channel'; channel: string }
  | { to: 'user'; userId: string }
  | { to: 'draft-thread'; draftId: string }
  | { to: 'draft-card'; draftId: string }
  /** An ambassador prompt: sent only while the prompt is queued and its person still wants them. */
  | { to: 'prompt'; promptId: number; userId: string };

export interface OutboxItem {
  workspaceId: string;
  target: OutboxTarget;
  message: Message;
  /** A card post records the posted message as the draft's card. */
  recordsCardOf?: string;
  dedupeKey?: string;
  orderKey?: string;
  availableAt?: Date;
}

export interface ClaimedDelivery {
  id: number;
  workspaceId: string;
  orderKey: string | null;
  payload: { target: OutboxTarget; message: Message; recordsCardOf?: string };
  attempts: number;
  /** What an earlier attempt recorded as done (`{ posted: MessageRef }`), if anything. */
  progress: Record<string, unknown> | null;
}
