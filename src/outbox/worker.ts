import { draftRef } from '../domain/draft.ts';
import type { Workspace } from '../domain/workspace.ts';
import { DeliveryError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { MessageRef } from '../message/model.ts';
import type { Clock, Messenger, OutboxQueue, PostSteps, Store } from '../ports.ts';
import { coalesce } from './coalesce.ts';
import type { ClaimedDelivery } from './outbox-item.ts';
import { createPacer, type Pacer } from './pacer.ts';

const BATCH = 50;
/** Deliveries in flight at once; items sharing an order key still go one after the other. */
const PARALLEL = 16;
const LEASE_MS = 30_000;
const MAX_ATTEMPTS = 10;
const CARD_NOT_YET_MS = 500;

/** Exponential back-off with jitter: about 0.5 s, 1 s, 2 s… capped at 10 min. */
function backoffMs(attempt: number): number {
  const base = Math.min(500 * 2 ** Math.max(0, attempt - 1), 600_000);
  return base / 2 + Math.random() * (base / 2);
}

export interface OutboxWorkerDeps {
  queue: OutboxQueue;
  store: Store;
  messengers: Record<string, Messenger>;
  clock: Clock;
  log: Logger;
  leaseMs?: number;
}

/**
 * Delivers queued messages. Any number of workers (one per replica) share the queue; a row is
 * claimed by one at a time and handed back if its worker dies. `kick` runs a pass at once, so a
 * message queued by a command leaves within milliseconds instead of waiting for the next poll.
 */
export function createOutboxWorker(deps: OutboxWorkerDeps) {
  const now = () => deps.clock.now().getTime();
  const dateAt = (ms: number) => new Date(ms);
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  // Workspaces never change platform or id: look each up once per process.
  const workspaces = new Map<string, Promise<Awaited<ReturnType<Store['workspaceById']>>>>();
  const workspaceOf = (id: string) => {
    let hit = workspaces.get(id);
    if (!hit) {
      hit = deps.store.workspaceById(id);
      workspaces.set(id, hit);
    }
    return hit;
  };

  /**
   * After a 429 the platform says when to come back: every delivery to that workspace on that
   * platform waits until then (instead of each lane spending a request to learn it again).
   */
  const pacers = new Map<string, Pacer>();
  const pacerOf = (key: string) => {
    let p = pacers.get(key);
    if (!p) {
      p = createPacer(now);
      pacers.set(key, p);
    }
    return p;
  };
  let wakeTimer: NodeJS.Timeout | null = null;
  let wakeTime = Infinity;
  /** Runs a pass at `at` (the earliest asked for wins), so retries do not wait for the next poll. */
  function wakeAt(at: number) {
    if (stopped || (wakeTimer && wakeTime <= at)) return;
    if (wakeTimer) clearTimeout(wakeTimer);
    wakeTime = at;
    wakeTimer = setTimeout(
      () => {
        wakeTimer = null;
        wakeTime = Infinity;
        void runOnce();
      },
      Math.max(0, at - now()) + 5,
    );
    wakeTimer.unref();
  }

  async function deliverPrompt(
    item: ClaimedDelivery,
    workspace: Workspace,
    messenger: Messenger,
    target: { promptId: number; userId: string },
    pacer: Pacer,
  ): Promise<void> {
    const prompt = await deps.store.ambassadors.prompt(target.promptId);
    const ambassador = prompt && (await deps.store.ambassadors.get(prompt.workspaceId, prompt.userId));
    // "Stop these messages" wins even over a prompt already queued.
    if (prompt?.status !== 'queued' || !ambassador?.active)
      return deps.queue.cancel(item.id, prompt ? `prompt ${prompt.status}` : 'prompt gone');
    // A second attempt may follow a first that reached the platform before its process died.
    const ref = await messenger.direct(workspace, target.userId, item.payload.message, {
      idempotencyKey: `p${target.promptId}`,
      maybeSentBefore: item.attempts > 1,
    });
    // Counted when the platform accepted it: that is the rate the pacer learns from.
    pacer.delivered();
    return deps.queue.doneWithPrompt(item.id, { ...ref }, target.promptId, deps.clock.now());
  }

  async function deliver(item: ClaimedDelivery): Promise<void> {
    const workspace = await workspaceOf(item.workspaceId);
    if (!workspace) return deps.queue.dead(item.id, 'workspace gone');
    const messenger = deps.messengers[workspace.platform];
    if (!messenger)
      return deps.queue.retry(
        item.id,
        dateAt(now() + 60_000),
        `no messenger for ${workspace.platform} in this process`,
      );
    const pacer = pacerOf(`${workspace.platform}:${workspace.id}`);
    const held = pacer.heldUntil();
    // A long hold gives the rows back (another replica may be free); short waits are paced here.
    if (held - now() > 5000) {
      wakeAt(held);
      return deps.queue.release(item.id, dateAt(held));
    }
    await pacer.take();
    const { target, message } = item.payload;
    // A post with a file may be two platform calls: a retry resumes after the step recorded here.
    const posted = item.progress?.posted as MessageRef | undefined;
    const steps: PostSteps = {
      ...(posted ? { posted } : {}),
      onPosted: (ref) => deps.queue.progress(item.id, { posted: ref }),
    };
    try {
      if (target.to === 'prompt') return await deliverPrompt(item, workspace, messenger, target, pacer);
      if (target.to === 'channel') {
        const ref = await messenger.post(workspace, target.channel, message, undefined, steps);
        if (item.payload.recordsCardOf)
          return deps.queue.doneWithCard(item.id, { ...ref }, { draftId: item.payload.recordsCardOf, ...ref });
        return deps.queue.done(item.id, { ...ref });
      }
      if (target.to === 'user')
        return deps.queue.done(item.id, { ...(await messenger.direct(workspace, target.userId, message)) });
      const draft = await deps.store.drafts.byId(target.draftId);
      if (!draft) return deps.queue.dead(item.id, 'draft gone');
      if (!draft.card) {
        // The card is still on its way (or failed for good: then this gives up with it).
        if (item.attempts >= MAX_ATTEMPTS) return deps.queue.dead(item.id, 'the draft has no card');
        return deps.queue.retry(item.id, dateAt(now() + CARD_NOT_YET_MS), 'card not posted yet');
      }
      if (target.to === 'draft-card') {
        await messenger.update(workspace, draft.card, message);
        return deps.queue.done(item.id, {});
      }
      return deps.queue.done(item.id, {
        ...(await messenger.post(
          workspace,
          draft.card.channel,
          message,
          { ...draft.card, title: draftRef(draft.number) },
          steps,
        )),
      });
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (error instanceof DeliveryError && error.rateLimited) {
        const until = now() + (error.retryAfterMs ?? 1000);
        pacer.limited(error.retryAfterMs ?? 1000);
        wakeAt(until);
        // Waiting for the platform's limit is not a failed attempt.
        return deps.queue.release(item.id, dateAt(until));
      }
      if ((error instanceof DeliveryError && error.permanent) || item.attempts >= MAX_ATTEMPTS) {
        deps.log.warn({ outbox: item.id, err: error }, 'message given up');
        if (target.to === 'prompt') return deps.queue.deadWithPrompt(item.id, text, target.promptId);
        return deps.queue.dead(item.id, text);
      }
      const wait = Math.max(backoffMs(item.attempts), error instanceof DeliveryError ? (error.retryAfterMs ?? 0) : 0);
      deps.log.info(
        { outbox: item.id, attempt: item.attempts, waitMs: Math.round(wait), err: text },
        'message will be retried',
      );
      const retryAt = now() + wait;
      wakeAt(retryAt);
      return deps.queue.retry(item.id, dateAt(retryAt), text);
    }
  }

  async function pass(): Promise<number> {
    let total = 0;
    for (;;) {
      const items = await deps.queue.claim(deps.clock.now(), BATCH, deps.leaseMs ?? LEASE_MS);
      if (items.length === 0) return total;
      // One lane per order key (a draft's card, then its thread replies, in order); lanes in parallel.
      const lanes = new Map<string, ClaimedDelivery[]>();
      for (const item of items) {
        const key = item.orderKey ?? `#${item.id}`;
        lanes.set(key, [...(lanes.get(key) ?? []), item]);
      }
      const queue = [...lanes.values()];
      await Promise.all(
        Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
          for (let lane = queue.shift(); lane; lane = queue.shift()) for (const item of lane) await deliver(item);
        }),
      );
      total += items.length;
    }
  }

  const runPass = coalesce(
    () => (stopped ? Promise.resolve(0) : pass()),
    (err) => deps.log.error({ err }, 'outbox pass failed'),
  );
  const runOnce = async (): Promise<number> => (await runPass()) ?? 0;

  return {
    runOnce,
    kick: () => void runOnce(),
    start(intervalMs: number) {
      timer = setInterval(() => void runOnce(), intervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (wakeTimer) clearTimeout(wakeTimer);
      await runPass.idle();
    },
  };
}
