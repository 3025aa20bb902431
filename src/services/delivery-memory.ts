import type { Deps } from './deps.ts';

/**
 * How long a handled delivery is remembered. Platforms repeat a delivery within minutes (Slack's
 * retries, a Discord gateway replay after a reconnection, a double click); a week is far beyond
 * that and keeps the claims table small.
 */
const DELIVERY_MEMORY_DAYS = 7;
const BATCH = 5_000;

/** Forgets the claims past their memory, a batch per call (each scheduler tick takes one). */
export function forgetOldDeliveries(deps: Deps): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - DELIVERY_MEMORY_DAYS * 24 * 3_600_000);
  return deps.store.forgetDeliveries(before, BATCH);
}
