import type { Ns } from './xml-names.ts';

/**
 * Which element of an item gives which field, and how good a source it is (lower rank wins,
 * whatever the order of the elements): RSS `description` over `content:encoded` over
 * `itunes:summary`; Atom `published` over `updated`; `feedburner:origLink` over the feed service's
 * click-tracking `link`. Links given by attributes (Atom links, enclosures) and nested elements
 * (Atom author names, media:group) are read by read-xml-feed.ts itself.
 */

export type ItemField = 'title' | 'summary' | 'link' | 'guid' | 'date' | 'author';

export interface FieldRule {
  field: ItemField;
  rank: number;
  /** The text may hold markup or entities. */
  html: boolean;
}

/** The vocabulary of an element: RSS's own elements are 'rss', Atom's (in Atom or RSS) 'atom'. */
export type Vocabulary = Exclude<Ns, ''>;

const rule = (field: ItemField, rank: number, html = false): FieldRule => ({ field, rank, html });

const RSS: Record<string, FieldRule> = {
  title: rule('title', 0, true),
  link: rule('link', 1),
  description: rule('summary', 0, true),
  guid: rule('guid', 0),
  pubdate: rule('date', 0),
  author: rule('author', 1),
};

const OTHERS: Partial<Record<Vocabulary, Record<string, FieldRule>>> = {
  dcterms: { issued: rule('date', 3), created: rule('date', 3), modified: rule('date', 5) },
  content: { encoded: rule('summary', 1, true) },
  itunes: { summary: rule('summary', 4, true), subtitle: rule('summary', 5, true), author: rule('author', 2) },
};

/** The rule for an element directly inside an item, or null when it gives nothing the digest uses. */
export function itemField(
  atomFeed: boolean,
  vocabulary: Vocabulary,
  local: string,
  attrs: Record<string, string>,
): FieldRule | null {
  // feedburner:origLink, pheedo:origLink…: the article behind the feed service's click tracker.
  if (local === 'origlink' && vocabulary !== 'rss') return rule('link', 0);
  switch (vocabulary) {
    case 'rss':
      return RSS[local] ?? null;
    case 'atom':
      return atomField(atomFeed, local, attrs);
    case 'dc':
      if (local === 'date') return rule('date', atomFeed ? 2 : 1);
      if (local === 'creator') return rule('author', atomFeed ? 1 : 0);
      if (local === 'title') return rule('title', 1, true);
      if (local === 'description') return rule('summary', 6, true);
      return null;
    default:
      return OTHERS[vocabulary]?.[local] ?? null;
  }
}

/** Atom 1.0 and 0.3 elements of an entry, or of an RSS item (`atom:updated`…). */
function atomField(atomFeed: boolean, local: string, attrs: Record<string, string>): FieldRule | null {
  switch (local) {
    case 'title':
      return atomFeed ? rule('title', 0, isHtml(attrs)) : null;
    case 'id':
      return atomFeed ? rule('guid', 0) : null;
    case 'published':
    case 'issued':
      return rule('date', atomFeed ? 0 : 2);
    case 'created':
      return rule('date', atomFeed ? 2 : 3);
    case 'updated':
    case 'modified':
      return rule('date', atomFeed ? 3 : 4);
    case 'summary':
      return rule('summary', atomFeed ? 0 : 2, isHtml(attrs));
    case 'content':
      if (attrs.mode === 'base64' || attrs.src !== undefined) return null; // binary, or out of line
      return rule('summary', atomFeed ? 1 : 3, isHtml(attrs));
    default:
      return null;
  }
}

/** Atom text constructs: `type="html"` (and Atom 0.3's `mode="escaped"`) carry escaped markup. */
export function isHtml(attrs: Record<string, string>): boolean {
  const type = attrs.type?.trim().toLowerCase();
  return type === 'html' || type === 'text/html' || attrs.mode === 'escaped';
}
