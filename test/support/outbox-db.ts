import { pino } from 'pino';
import { createOutboxQueue } from '../../db/outbox-store.ts';
import { createDbStore } from '../../db/store.ts';
import { createOutboxWorker } from '../../src/outbox/worker.ts';
import type { Messenger, Store } from '../../src/ports.ts';
import type { Deps } from '../../src/services/deps.ts';
import { freshDatabase } from './test-database.ts';

/**
 * A fresh database with the store, the use cases' deps on a test clock, and an outbox worker
 * delivering to `messenger` for workspaces of platform `test`.
 */
export async function outboxDb(now: () => Date, messenger: Messenger) {
  const fresh = await freshDatabase();
  const clock = { now };
  const store: Store = createDbStore(fresh.database.db, clock);
  const deps: Deps = { store, clock, log: pino({ level: 'silent' }) };
  const worker = createOutboxWorker({
    queue: createOutboxQueue(fresh.database.db, clock),
    store,
    messengers: { test: messenger },
    clock: deps.clock,
    log: deps.log,
  });
  return {
    fresh,
    store,
    deps,
    /** Delivers everything due. */
    async deliverAll() {
      for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce());
    },
  };
}
