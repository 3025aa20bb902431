/**
 * The platforms want an answer within 3 seconds. Work that finishes well inside that is answered
 * directly (one round trip, and natural back-pressure); work that does not is acknowledged at the
 * deadline and answered later. Resolves with the result, or null once `ms` have passed.
 */
export async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long an adapter waits for the core before acknowledging and answering later. */
export const ANSWER_DEADLINE_MS = 1500;
