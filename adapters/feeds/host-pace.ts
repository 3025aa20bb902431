/** What the pace needs of time: the current instant and a way to wait. Tests pass a fake one. */
export interface PaceClock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export interface HostPace {
  /** Resolves when a request to `host` may start: at least the pace's interval after the previous one. */
  wait(host: string): Promise<void>;
}

const realPaceClock: PaceClock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Past this many remembered hosts, those whose slot is in the past are forgotten. */
const PRUNE_AT = 1_000;

/**
 * Spaces requests to one host by `minIntervalMs` (per process), without delaying other hosts.
 * Each call books the host's next free slot at once, so concurrent callers for one host queue up
 * in call order while callers for other hosts go straight through.
 */
export function createHostPace(minIntervalMs: number, clock: PaceClock = realPaceClock): HostPace {
  const nextFree = new Map<string, number>();
  return {
    async wait(host: string): Promise<void> {
      const key = host.toLowerCase();
      const now = clock.now().getTime();
      if (nextFree.size > PRUNE_AT) {
        for (const [h, at] of nextFree) if (at <= now) nextFree.delete(h);
      }
      const slot = Math.max(now, nextFree.get(key) ?? now);
      nextFree.set(key, slot + minIntervalMs);
      if (slot > now) await clock.sleep(slot - now);
    },
  };
}
