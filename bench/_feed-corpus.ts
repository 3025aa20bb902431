import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/**
 * The feed documents the feed benchmark (and the corpus tests) read: the real feeds in
 * ../shared/fixtures/feeds when that folder is there, and the project's own fixtures.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHARED_FEEDS = join(ROOT, '../shared/fixtures/feeds');
export const OWN_FEEDS = join(ROOT, 'test/fixtures/feeds');

export interface CorpusDocument {
  name: string;
  /** The body as served, gzip already undone (a fetch would have done it). */
  bytes: Buffer;
}

export function loadFeedCorpus(): { documents: CorpusDocument[]; sharedPresent: boolean } {
  const sharedPresent = existsSync(SHARED_FEEDS);
  const documents = [...(sharedPresent ? readDir(SHARED_FEEDS, 'shared/') : []), ...readDir(OWN_FEEDS, 'own/')];
  return { documents, sharedPresent };
}

function readDir(dir: string, prefix: string): CorpusDocument[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.endsWith('.md'))
    .sort()
    .map((name) => {
      const raw = readFileSync(join(dir, name));
      const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
      return { name: prefix + name, bytes };
    });
}
