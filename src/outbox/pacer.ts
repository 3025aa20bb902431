/**
 * Paces deliveries to what a platform accepts, learnt from its 429s: after a rate limit, sends
 * are spaced at the rate that was getting through (slightly under), then sped up little by little
 * while none is refused. Spacing beats bursting-then-waiting: a refused burst wastes requests,
 * and a Retry-After in whole seconds makes the wait longer than the window it protects.
 */
export interface Pacer {
  /** Waits for this delivery's turn. */
  take(): Promise<void>;
  delivered(): void;
  /** The platform refused with 429: learn the rate, and hold everything for `retryAfterMs`. */
  limited(retryAfterMs: number): void;
  /** Until when everything waits (0 when nothing does). */
  heldUntil(): number;
}

const WINDOW_MS = 1000;
const SPEED_UP_EVERY = 300;
const SPEED_UP = 0.995;

export function createPacer(
  now: () => number,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
): Pacer {
  let intervalMs = 0;
  let nextAt = 0;
  let held = 0;
  let sinceLimit = 0;
  const recent: number[] = [];

  return {
    async take() {
      if (intervalMs === 0) return;
      const t = now();
      const slot = Math.max(t, nextAt, held);
      nextAt = slot + intervalMs;
      if (slot > t) await sleep(slot - t);
    },
    delivered() {
      const t = now();
      recent.push(t);
      while (recent.length && recent[0]! < t - WINDOW_MS) recent.shift();
      if (intervalMs > 0 && ++sinceLimit % SPEED_UP_EVERY === 0) intervalMs *= SPEED_UP;
    },
    limited(retryAfterMs) {
      const t = now();
      while (recent.length && recent[0]! < t - WINDOW_MS) recent.shift();
      // What got through in the last second is what the platform allows; go just under it.
      intervalMs = WINDOW_MS / Math.max(1, recent.length);
      sinceLimit = 0;
      held = Math.max(held, t + retryAfterMs);
      nextAt = Math.max(nextAt, held);
    },
    heldUntil: () => (held > now() ? held : 0),
  };
}
