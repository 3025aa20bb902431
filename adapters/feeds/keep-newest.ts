import type { RawItem } from './raw-feed.ts';

/**
 * Keeps the `max` newest items of a feed of any length while holding at most 2 × `max`: when
 * the buffer fills, it is sorted and cut back. Undated items rank after dated ones, and among
 * equals the document's order wins (feeds list the newest first). The result is in document order.
 */
export function keepNewest(max: number): { add: (item: RawItem) => void; items: () => RawItem[] } {
  let kept: RawItem[] = [];
  const prune = () => {
    kept.sort(newestFirst);
    kept.length = Math.min(kept.length, max);
  };
  return {
    add(item) {
      kept.push(item);
      if (kept.length >= 2 * max) prune();
    },
    items() {
      if (kept.length > max) prune();
      kept = kept.sort((a, b) => a.order - b.order);
      return kept;
    },
  };
}

function newestFirst(a: RawItem, b: RawItem): number {
  const ta = a.publishedAt?.getTime() ?? -Infinity;
  const tb = b.publishedAt?.getTime() ?? -Infinity;
  return ta === tb ? a.order - b.order : tb - ta;
}
