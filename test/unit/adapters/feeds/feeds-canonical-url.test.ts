import { describe, expect, it } from 'vitest';
import { canonicalUrl, unwrapAlertRedirect } from '../../../../src/domain/canonical-url.ts';

describe('unwrapAlertRedirect', () => {
  it('takes the real article out of a Google Alerts link', () => {
    const alert =
      'https://www.google.com/url?rct=j&sa=t&url=https://www.presse-exemple.fr/medias/relais%3Fid%3D3&ct=ga&cd=CAIyGjFhYmNkZWY&usg=AOvVaw1abc';
    expect(unwrapAlertRedirect(alert)).toBe('https://www.presse-exemple.fr/medias/relais?id=3');
    expect(unwrapAlertRedirect('https://www.google.com/url?rct=j&sa=t&url=http://blog.example/a&ct=ga')).toBe(
      'http://blog.example/a',
    );
  });

  it('knows Google’s q= form and country domains, Bing News, Bing click tracking and Facebook’s shim', () => {
    expect(unwrapAlertRedirect('https://www.google.fr/url?q=https://example.org/x&sa=U')).toBe('https://example.org/x');
    expect(
      unwrapAlertRedirect(
        'http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=1&url=https%3a%2f%2fnews.example.com%2fstory&c=1&mkt=fr-fr',
      ),
    ).toBe('https://news.example.com/story');
    const bing = `https://www.bing.com/ck/a?!&&p=abc&u=a1${Buffer.from('https://example.com/article?x=1').toString('base64url')}&ntb=1`;
    expect(unwrapAlertRedirect(bing)).toBe('https://example.com/article?x=1');
    expect(unwrapAlertRedirect('https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2Fp&h=AT0')).toBe(
      'https://example.com/p',
    );
  });

  it('leaves other links alone, and never yields a non-http(s) target', () => {
    expect(unwrapAlertRedirect('https://example.com/url?url=https://evil.example')).toBe(
      'https://example.com/url?url=https://evil.example',
    );
    expect(unwrapAlertRedirect('https://www.google.com/search?q=relais')).toBe(
      'https://www.google.com/search?q=relais',
    );
    const js = 'https://www.google.com/url?rct=j&url=javascript:alert(1)&ct=ga';
    expect(unwrapAlertRedirect(js)).toBe(js);
    expect(unwrapAlertRedirect('https://www.google.com/url?url=file:///etc/passwd')).toBe(
      'https://www.google.com/url?url=file:///etc/passwd',
    );
    expect(unwrapAlertRedirect('https://www.google.com/url?url=/relative')).toBe(
      'https://www.google.com/url?url=/relative',
    );
    expect(unwrapAlertRedirect('https://notgoogle.com/url?url=https://a.example')).toBe(
      'https://notgoogle.com/url?url=https://a.example',
    );
    expect(unwrapAlertRedirect('not a url')).toBe('not a url');
  });

  it('unwraps a redirect inside a redirect, a few levels only', () => {
    const inner = `https://www.google.com/url?url=${encodeURIComponent('https://example.com/final')}`;
    expect(unwrapAlertRedirect(`https://www.google.com/url?url=${encodeURIComponent(inner)}`)).toBe(
      'https://example.com/final',
    );
  });
});

describe('canonicalUrl', () => {
  it('lower-cases scheme and host, drops default ports, credentials and the fragment', () => {
    expect(canonicalUrl('HTTPS://User:pw@WWW.Example.COM:443/Path/Page.html#section')).toBe(
      'https://www.example.com/Path/Page.html',
    );
    expect(canonicalUrl('http://example.com:80/a')).toBe('http://example.com/a');
    expect(canonicalUrl('http://example.com:8080/a')).toBe('http://example.com:8080/a');
  });

  it('removes tracking parameters and sorts the others, kept as written', () => {
    expect(
      canonicalUrl(
        'https://example.com/a?utm_source=rss&b=2&fbclid=x&a=1&UTM_Medium=m&gclid=y&mc_cid=1&mc_eid=2&igshid=z&ref_src=twsrc',
      ),
    ).toBe('https://example.com/a?a=1&b=2');
    expect(canonicalUrl('https://example.com/search?q=caf%C3%A9+cr%C3%A8me&utm_campaign=x')).toBe(
      'https://example.com/search?q=caf%C3%A9+cr%C3%A8me',
    );
    expect(canonicalUrl('https://example.com/?utm_source=a')).toBe('https://example.com/');
  });

  it('drops a trailing slash except on the root path', () => {
    expect(canonicalUrl('https://example.com/blog/post/')).toBe('https://example.com/blog/post');
    expect(canonicalUrl('https://example.com/')).toBe('https://example.com/');
    expect(canonicalUrl('https://example.com')).toBe('https://example.com/');
  });

  it('gives the same key for the same page shared differently, alert redirects included', () => {
    const keys = [
      'https://www.example.com/story/?utm_source=twitter#top',
      'https://WWW.example.com/story?fbclid=abc',
      'https://www.google.com/url?rct=j&sa=t&url=https://www.example.com/story/%3Futm_medium%3Demail&ct=ga',
    ].map(canonicalUrl);
    expect(new Set(keys)).toEqual(new Set(['https://www.example.com/story']));
  });

  it('is null for what is not an absolute http(s) URL', () => {
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('/relative/path')).toBeNull();
    expect(canonicalUrl('tag:mefi.social,2024-01-26:objectId=1')).toBeNull();
    expect(canonicalUrl('')).toBeNull();
  });
});
