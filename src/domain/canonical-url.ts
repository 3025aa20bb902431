/**
 * Links as the veille compares them: alert-service redirects unwrapped to the real article, and a
 * canonical form in which the same page, shared with different tracking tags, reads the same.
 * Pure functions over WHATWG URLs.
 */

const MAX_UNWRAP = 3;

/** Hosts of Google's own domains (www.google.com, google.fr, www.google.co.uk…). */
const GOOGLE_HOST = /^(?:www\.)?google\.(?:com|[a-z]{2}|com?\.[a-z]{2})$/;
const BING_HOST = /^(?:www\.)?bing\.com$/;

/**
 * Redirectors whose target is a query parameter, each known from public parsers and fixtures:
 * - Google Alerts and Google search: `https://www.google.com/url?rct=j&sa=t&url=<target>&…` and
 *   `https://www.google.com/url?q=<target>&…`;
 * - Bing News RSS: `http://www.bing.com/news/apiclick.aspx?…&url=<target>&…`;
 * - Bing click tracking: `https://www.bing.com/ck/a?…&u=a1<base64url of the target>&…`;
 * - Facebook's link shim: `https://l.facebook.com/l.php?u=<target>&h=…`.
 */
function redirectTarget(url: URL): string | null {
  const host = url.hostname.toLowerCase();
  const path = url.pathname;
  const q = url.searchParams;
  if (GOOGLE_HOST.test(host) && path === '/url') return q.get('url') ?? q.get('q');
  if (BING_HOST.test(host) && path.toLowerCase() === '/news/apiclick.aspx') return q.get('url');
  if (BING_HOST.test(host) && path === '/ck/a') return decodeBingTarget(q.get('u'));
  if ((host === 'l.facebook.com' || host === 'lm.facebook.com') && path === '/l.php') return q.get('u');
  return null;
}

/** Bing's `u=a1<base64url>`: the target URL, base64url-encoded behind a two-character tag. */
function decodeBingTarget(u: string | null): string | null {
  if (!u?.startsWith('a1')) return null;
  const encoded = u.slice(2);
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(encoded)) return null;
  try {
    return atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
}

function parseHttpUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * The real article behind an alert-service redirect link, or `url` unchanged when it is not one
 * (or when the target is missing, not absolute, or not http(s): `javascript:` and the like never
 * come out). Nested redirects are followed a few levels deep.
 */
export function unwrapAlertRedirect(url: string): string {
  let current = url;
  for (let i = 0; i < MAX_UNWRAP; i++) {
    const parsed = parseHttpUrl(current);
    if (!parsed) return current;
    const target = redirectTarget(parsed);
    const next = target === null ? null : parseHttpUrl(target.trim());
    if (!next) return current;
    current = next.href;
  }
  return current;
}

/** Query parameters that only say who sent the reader (compared in lower case). */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'igshid',
  'igsh',
  'mc_cid',
  'mc_eid',
  'ref_src',
  'ref_url',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  '_ga',
  '_gl',
  'ns_mchannel',
  'ns_source',
  'ns_campaign',
  'ns_linkname',
  'ns_fee',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_'];

function isTrackingParam(piece: string): boolean {
  const eq = piece.indexOf('=');
  let key = eq === -1 ? piece : piece.slice(0, eq);
  try {
    key = decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    // a malformed escape: compare the raw key
  }
  key = key.toLowerCase();
  return TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/**
 * A key under which the same page reads the same, still a working link in practice, or null when
 * `url` is not an absolute http(s) URL:
 * - alert-service redirects unwrapped (see `unwrapAlertRedirect`);
 * - scheme and host in lower case, default ports, credentials and the fragment dropped;
 * - tracking parameters removed (`utm_*`, `pk_*`, `mtm_*`, `fbclid`, `gclid`, `mc_cid`, `igshid`,
 *   `ref_src`…), the others sorted, each kept exactly as written (no re-encoding);
 * - a trailing slash dropped on a path other than `/` (`/a/b/` and `/a/b` are one page on
 *   nearly every site, and merging them is what dedupe wants).
 */
export function canonicalUrl(url: string): string | null {
  const parsed = parseHttpUrl(unwrapAlertRedirect(url.trim()));
  if (!parsed) return null;
  const pieces = parsed.search
    .slice(1)
    .split('&')
    .filter((piece) => piece !== '' && !isTrackingParam(piece))
    .sort();
  let path = parsed.pathname;
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '') || '/';
  const query = pieces.length > 0 ? `?${pieces.join('&')}` : '';
  return `${parsed.protocol}//${parsed.host}${path}${query}`;
}
