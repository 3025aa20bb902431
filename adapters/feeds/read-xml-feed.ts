import { decodeXML } from 'entities';
import { Parser } from 'htmlparser2';
import { addText, type CapturedText, hasContent, newCapturedText, readCaptured, toRawText } from './captured-text.ts';
import { parseFeedDate } from './feed-date.ts';
import { FeedError } from './feed-error.ts';
import { type ItemField, isHtml, itemField, type Vocabulary } from './feed-fields.ts';
import { isBreakElement, isHiddenElement } from './html-text.ts';
import { keepNewest } from './keep-newest.ts';
import { type FeedFormat, newRawFeed, newRawItem, type RawFeed, type RawItem } from './raw-feed.ts';
import { type Ns, namespaceScope } from './xml-names.ts';

/**
 * RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 documents → RawFeed, in one pass over htmlparser2's XML
 * events (see parse-feed.ts for why this parser). Only the elements the digest needs are kept,
 * and their entities are decoded only as far as they are read (captured-text.ts); the text of
 * everything else is never even joined. The tokenizer is forgiving (an unescaped `&`
 * or a stray closing tag costs nothing), has no DTD processing (declared entities stay literal
 * text: no expansion, no external entity is ever read) and does no I/O.
 */

/** Deeper than this, a document is refused: no feed needs it, and it bounds every stack. */
const MAX_DEPTH = 256;
/** Links, ids, dates and names longer than this (as written) are cut: none is legitimately so long. */
const MAX_SHORT_FIELD = 8192;

interface Capture {
  into: 'item' | 'feed';
  field: ItemField;
  rank: number;
  depth: number;
  html: boolean;
  text: CapturedText;
  /** Depth of hidden (script, style…) XHTML elements inside the field. */
  hidden: number;
  /** RSS guid that is also the permalink. */
  permalink?: boolean;
}

export interface ReadOptions {
  url: string;
  maxItems: number;
  now: Date;
}

export function readXmlFeed(xml: string, opts: ReadOptions): RawFeed {
  const scope = namespaceScope();
  const keeper = keepNewest(opts.maxItems);
  const baseAt: (string | null)[] = [null]; // explicit xml:base in scope, by depth
  let feed: RawFeed | null = null;
  let depth = 0;
  let channelDepth = 0; // RSS/RDF channel, or the Atom feed element
  let item: RawItem | null = null;
  let itemDepth = 0;
  let authorDepth = 0; // an Atom <author> being read
  let capture: Capture | null = null;
  let inCdata = false;

  const baseHere = () => baseAt[depth] ?? null;
  const core = (ns: Ns) => (feed!.format === 'atom' ? ns === 'atom' || ns === '' : ns === '' || ns === 'rss');

  const startCapture = (into: Capture['into'], field: Capture['field'], rank: number, html: boolean) => {
    if (into === 'item' && rankOf(item!, field) <= rank) return; // a better source already gave it
    if (into === 'feed' && (field === 'title' || field === 'link') && feed![field] !== null) return;
    capture = { into, field, rank, depth, html, text: newCapturedText(), hidden: 0 };
  };

  const finishCapture = (c: Capture) => {
    capture = null;
    if (c.field === 'summary' || c.field === 'title') {
      if (!hasContent(c.text)) return;
      const raw = toRawText(c.text, c.html);
      if (c.into === 'feed') feed!.title = raw;
      else if (c.field === 'title') [item!.title, item!.titleRank] = [raw, c.rank];
      else [item!.summary, item!.summaryRank] = [raw, c.rank];
      return;
    }
    const text = readCaptured(c.text, MAX_SHORT_FIELD);
    if (c.into === 'feed') {
      if (c.field === 'link' && text.trim()) [feed!.link, feed!.linkBase] = [text.trim(), baseHere()];
      else if (c.field === 'author' && text.trim()) feed!.author ??= text.trim();
      return;
    }
    const it = item!;
    switch (c.field) {
      case 'author':
        if (text.trim()) [it.author, it.authorRank] = [text.trim(), c.rank];
        break;
      case 'link':
        if (text.trim()) offerLink(it, text.trim(), baseHere(), c.rank);
        break;
      case 'guid':
        if (text.trim() && it.guid === null) {
          it.guid = text.trim();
          if (c.permalink && /^https?:\/\//i.test(it.guid)) offerLink(it, it.guid, baseHere(), 3);
        }
        break;
      case 'date': {
        const date = parseFeedDate(text, opts.now);
        if (date) [it.publishedAt, it.dateRank] = [date, c.rank];
        break;
      }
    }
  };

  const openRoot = (ns: Ns, local: string) => {
    let format: FeedFormat;
    if (local === 'rss') format = 'rss';
    else if (local === 'rdf' && ns === 'rdf') format = 'rdf';
    else if (local === 'feed' && (ns === 'atom' || ns === '')) format = 'atom';
    else throw new FeedError('not-a-feed', `The document is <${local}>, not RSS, Atom or JSON Feed.`);
    feed = newRawFeed(format);
    if (format === 'atom') channelDepth = 1;
  };

  const openInItem = (ns: Ns, local: string, attrs: Record<string, string>) => {
    const atomFeed = feed!.format === 'atom';
    if (authorDepth && depth === authorDepth + 1) {
      if (ns === 'atom' && local === 'name') startCapture('item', 'author', atomFeed ? 0 : 3, false);
      return;
    }
    if (ns === 'media' && (local === 'description' || local === 'title')) {
      // media:description / media:title, directly or inside media:group / media:content
      return startCapture(
        'item',
        local === 'title' ? 'title' : 'summary',
        local === 'title' ? 2 : 7,
        attrs.type === 'html',
      );
    }
    if (depth !== itemDepth + 1) return;
    const vocabulary: Vocabulary = core(ns) ? (atomFeed ? 'atom' : 'rss') : ns === '' ? 'rss' : ns;
    if (vocabulary === 'atom' && local === 'link') return readAtomLink(item, attrs);
    if (vocabulary === 'atom' && local === 'author') {
      authorDepth = depth;
      return;
    }
    if (vocabulary === 'rss' && local === 'enclosure')
      return attrs.url ? offerLink(item!, attrs.url, baseHere(), 4) : undefined;
    const rule = itemField(atomFeed, vocabulary, local, attrs);
    if (!rule) return;
    startCapture('item', rule.field, rule.rank, rule.html);
    if (capture && rule.field === 'guid' && vocabulary === 'rss')
      capture.permalink = attrs.ispermalink?.trim().toLowerCase() !== 'false';
  };

  const readAtomLink = (it: RawItem | null, attrs: Record<string, string>) => {
    const href = attrs.href?.trim();
    if (!href) return;
    const rel = (attrs.rel ?? 'alternate').trim().toLowerCase();
    const type = (attrs.type ?? '').trim().toLowerCase();
    const base = baseHere();
    if (it) {
      if (rel === 'alternate') offerLink(it, href, base, type === '' || type === 'text/html' ? 1 : 2);
      else if (rel === 'enclosure') offerLink(it, href, base, 4);
    } else if (rel === 'self' && feed!.selfLink === null) [feed!.selfLink, feed!.selfLinkBase] = [href, base];
    else if (rel === 'alternate' && feed!.link === null && (type === '' || type.includes('html')))
      [feed!.link, feed!.linkBase] = [href, base];
  };

  const openInFeed = (ns: Ns, local: string, attrs: Record<string, string>) => {
    const f = feed!;
    if (f.format !== 'atom' && depth === 2 && local === 'channel' && core(ns) && channelDepth === 0) {
      channelDepth = depth;
      return;
    }
    if (authorDepth && depth === authorDepth + 1 && ns === 'atom' && local === 'name')
      return startCapture('feed', 'author', 0, false);
    if (depth !== channelDepth + 1 || channelDepth === 0) return;
    if (f.format === 'atom' ? core(ns) : ns === 'atom') {
      if (local === 'link') readAtomLink(null, attrs);
      else if (local === 'author') authorDepth = depth;
      else if (local === 'title' && f.format === 'atom') startCapture('feed', 'title', 0, isHtml(attrs));
      return;
    }
    if (core(ns) && local === 'title') startCapture('feed', 'title', 0, true);
    else if (core(ns) && local === 'link') startCapture('feed', 'link', 0, false);
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        depth++;
        if (depth > MAX_DEPTH)
          throw new FeedError('malformed', `The document nests elements more than ${MAX_DEPTH} deep.`);
        let base = baseAt[depth - 1] ?? null;
        for (const key in attrs) {
          const value = attrs[key]!;
          if (value.includes('&')) attrs[key] = decodeXML(value);
          if (key.startsWith('xmlns') && (key.length === 5 || key[5] === ':')) scope.declare(key, attrs[key]!, depth);
          else if (key === 'xml:base') base = resolveBase(attrs[key]!, base ?? opts.url) ?? base;
        }
        baseAt[depth] = base;
        const colon = name.indexOf(':');
        const local = colon === -1 ? name : name.slice(colon + 1);
        if (capture) {
          if (isHiddenElement(local)) capture.hidden++;
          else if (isBreakElement(local)) addText(capture.text, ' ', false);
          return;
        }
        const ns = scope.resolve(colon === -1 ? '' : name.slice(0, colon));
        if (depth === 1) return feed ? undefined : openRoot(ns, local);
        if (item) return openInItem(ns, local, attrs);
        if (core(ns) && local === (feed!.format === 'atom' ? 'entry' : 'item')) {
          feed!.itemCount++;
          item = newRawItem(feed!.itemCount);
          itemDepth = depth;
          if (attrs['rdf:about']) offerLink(item, attrs['rdf:about'].trim(), base, 5);
          return;
        }
        openInFeed(ns, local, attrs);
      },
      ontext(text) {
        if (capture && capture.hidden === 0) addText(capture.text, text, !inCdata);
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
      onclosetag(name) {
        if (capture) {
          if (depth === capture.depth) finishCapture(capture);
          else {
            const local = name.slice(name.indexOf(':') + 1);
            if (isHiddenElement(local)) capture.hidden = Math.max(0, capture.hidden - 1);
            else if (isBreakElement(local)) addText(capture.text, ' ', false);
          }
        }
        if (depth === authorDepth) authorDepth = 0;
        if (item && depth === itemDepth) {
          keeper.add(item);
          item = null;
          itemDepth = 0;
        }
        if (scope.size > 0) scope.close(depth);
        depth--;
      },
    },
    { xmlMode: true, decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(xml);

  const read = feed as RawFeed | null;
  if (!read) throw new FeedError('not-a-feed', 'The document has no XML element: it is not RSS, Atom or JSON Feed.');
  if (read.format !== 'atom' && channelDepth === 0 && read.itemCount === 0) {
    throw new FeedError('malformed', 'The RSS document has no channel and no items.');
  }
  read.items = keeper.items();
  return read;
}

function rankOf(item: RawItem, field: Capture['field']): number {
  switch (field) {
    case 'title':
      return item.titleRank;
    case 'summary':
      return item.summaryRank;
    case 'author':
      return item.authorRank;
    case 'link':
      return item.linkRank;
    case 'date':
      return item.dateRank;
    case 'guid':
      return item.guid === null ? Infinity : -Infinity;
  }
}

function offerLink(item: RawItem, link: string, base: string | null, rank: number): void {
  if (rank < item.linkRank) [item.link, item.linkBase, item.linkRank] = [link, base, rank];
}

/**
 * An xml:base resolved against the one in scope. An empty or fragment-only base (`""`, `"#x"`)
 * only names the document itself and is ignored, so links fall back to the feed's own link.
 */
function resolveBase(value: string, against: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  try {
    return new URL(trimmed, against).href;
  } catch {
    return null;
  }
}
