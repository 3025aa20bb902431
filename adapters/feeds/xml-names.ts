/**
 * XML namespaces of the feed vocabularies, so that `<a:entry xmlns:a="http://www.w3.org/2005/Atom">`
 * is an Atom entry and `<yandex:title>` is not a title. Prefixes that a feed uses without declaring
 * them (it happens) fall back to their customary namespace.
 */

export type Ns =
  | ''
  | 'rss'
  | 'atom'
  | 'rdf'
  | 'dc'
  | 'dcterms'
  | 'content'
  | 'itunes'
  | 'media'
  | 'feedburner'
  | 'xhtml'
  | 'other';

const BY_URI: Record<string, Ns> = {
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom', // Atom 0.3
  'http://purl.org/rss/1.0/': 'rss',
  'http://my.netscape.com/rdf/simple/0.9/': 'rss', // RSS 0.90
  'http://backend.userland.com/rss2': 'rss',
  'http://backend.userland.com/rss': 'rss',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.itunes.com/dtds/podcast-1.0.dtd/': 'itunes',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
  'http://www.w3.org/1999/xhtml': 'xhtml',
};

const CUSTOMARY: Record<string, Ns> = {
  atom: 'atom',
  atom10: 'atom',
  rdf: 'rdf',
  dc: 'dc',
  dcterms: 'dcterms',
  content: 'content',
  itunes: 'itunes',
  media: 'media',
  feedburner: 'feedburner',
  xhtml: 'xhtml',
};

function nsOfUri(uri: string): Ns {
  return BY_URI[uri.trim()] ?? 'other';
}

interface Binding {
  prefix: string;
  ns: Ns;
  depth: number;
}

/** The namespace bindings in scope while a document is read, element by element. */
export function namespaceScope() {
  const bindings: Binding[] = [];
  return {
    /** Records the `xmlns` / `xmlns:p` attributes of the element opened at `depth`. */
    declare(attribute: string, uri: string, depth: number) {
      const prefix = attribute === 'xmlns' ? '' : attribute.slice(6);
      bindings.push({ prefix, ns: uri === '' ? '' : nsOfUri(uri), depth });
    },
    /** Forgets what the element closed at `depth` declared. */
    close(depth: number) {
      while (bindings.length > 0 && bindings[bindings.length - 1]!.depth >= depth) bindings.pop();
    },
    resolve(prefix: string): Ns {
      for (let i = bindings.length - 1; i >= 0; i--) if (bindings[i]!.prefix === prefix) return bindings[i]!.ns;
      return prefix === '' ? '' : (CUSTOMARY[prefix] ?? 'other');
    },
    get size() {
      return bindings.length;
    },
  };
}
