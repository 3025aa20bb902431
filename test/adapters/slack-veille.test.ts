import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, initialValueOf, type SlackHarness, said, startSlackHarness } from '../support/slack-harness.ts';

/** /veille through the real Bolt app, with feeds served by a local HTTP server. */

const TEAM = 'T0VEILLE';
let h: SlackHarness;
let feeds: Server;
let base: string;

beforeAll(async () => {
  const alerts = readFileSync(new URL('../fixtures/feeds/google-alerts.xml', import.meta.url));
  const rdf = readFileSync(new URL('../fixtures/feeds/rss-1.0-rdf.xml', import.meta.url));
  feeds = createServer((req, res) => {
    if (req.url === '/alerts.xml') res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(alerts);
    else if (req.url === '/news.rdf') res.writeHead(200, { 'content-type': 'application/rdf+xml' }).end(rdf);
    else if (req.url === '/hostile.xml')
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title><item><title>Breaking &lt;!channel&gt; @everyone &lt;https://evil.example|click&gt; *now*</title><link>https://hostile.example/1</link><description>&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &lt;!here&gt;</description></item></channel></rss>`,
        );
    else if (req.url === '/page.html')
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>hello</body></html>');
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => feeds.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
  h = await startSlackHarness({
    team: TEAM,
    fake: {
      users: [
        { id: 'UADMIN', is_admin: true, locale: 'en-US' },
        { id: 'UMEMBER', locale: 'en-US' },
      ],
    },
    // Tests serve feeds on this machine: an admin-allowed private host, as for an intranet.
    env: { VEILLE_ALLOW_PRIVATE: '127.0.0.1' },
  });
  await h.slash('/relais', 'UADMIN', 'config language en');
});

afterAll(async () => {
  await h?.close();
  await new Promise((r) => feeds?.close(r));
});

const veille = async (userId: string, text: string) =>
  said(await h.answer((await h.slash('/veille', userId, text)).id));

describe('veille on Slack', () => {
  it('follows a feed after reading it once, and says what it found', async () => {
    // Slack wraps links in command text as <url>.
    expect(await veille('UADMIN', `add <${base}/alerts.xml> Relais`)).toMatch(
      /Following “.*” \(\d+ items\) in this channel, source #\d+/,
    );
    expect(await veille('UADMIN', `add <${base}/news.rdf>`)).toContain('Following');
    expect(await veille('UADMIN', `add <${base}/news.rdf>`)).toContain('already follows');
  });

  it('refuses what it cannot use, saying why, and lets only admins add', async () => {
    expect(await veille('UADMIN', `add <${base}/page.html>`)).toContain('is not a feed');
    expect(await veille('UADMIN', 'add <http://169.254.169.254/latest/meta-data>')).toContain(
      'private or internal address',
    );
    expect(await veille('UADMIN', 'add <ftp://files.example/feed>')).toMatch(/url|http/i);
    expect(await veille('UMEMBER', `add <${base}/news.rdf>`)).toContain('Only admins');
  });

  it('lists the sources, previews the digest privately with Draft a post, and opens the prefilled draft form', async () => {
    const list = await veille('UMEMBER', 'list');
    expect(list).toContain('Relais');
    const preview = await h.answer((await h.slash('/veille', 'UMEMBER', 'now')).id);
    expect(preview.response_type).toBe('ephemeral');
    const drafts = buttonsOf(preview);
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts[0]).toMatch(/^veille:draft\|\d+$/);
    const click = await h.click('UMEMBER', drafts[0]!, 'C0GENERAL');
    const view = await h.opened(click.triggerId);
    expect(view.callback_id).toBe('draft:new');
    expect(initialValueOf(view, 'text')?.length).toBeGreaterThan(0);
    expect(initialValueOf(view, 'links')).toMatch(/^https?:\/\//);
  });

  it('keeps feed text inert in the digest: no broadcast, no link markup, no script', async () => {
    expect(await veille('UADMIN', `add <${base}/hostile.xml>`)).toContain('Following');
    const preview = await h.answer((await h.slash('/veille', 'UADMIN', 'now')).id);
    const json = JSON.stringify(preview.blocks);
    // The feed's HTML is stripped to text; what remains is plain text elements, never a broadcast.
    expect(json).toContain('"text":"Breaking @everyone *now*"');
    expect(json).not.toContain('"mrkdwn"');
    expect(json).not.toMatch(/"type":"(broadcast|usergroup)"/);
    expect(json).not.toContain('evil.example|click');
    expect(json).not.toContain('alert(1)');
  });

  it('sets the digest time and stops following a source', async () => {
    expect(await veille('UADMIN', 'time 08:30 Europe/Paris')).toContain('08:30 (Europe/Paris)');
    expect(await veille('UADMIN', 'time 25:99')).toContain('Write the time as 08:30');
    const id = /#(\d+)/.exec(await veille('UADMIN', 'list'))![1];
    expect(await veille('UADMIN', `remove ${id}`)).toContain(`Source #${id} is no longer followed`);
    expect(await veille('UADMIN', `remove ${id}`)).toContain(`No source #${id}`);
  });
});
