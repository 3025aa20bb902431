import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueDigests } from '../../src/services/veille-schedule.ts';
import { type SlackHarness, said, startSlackHarness } from '../support/slack-harness.ts';

/**
 * The first digest comes at its time: adding a source at 11:00 posts nothing (a digest then would
 * use up the day), the answer says when the first one comes, on the reader's clock and in their
 * language, and it comes at 08:30 the next morning.
 */

const TEAM = 'T0FIRST';
const CHANNEL = 'C0GENERAL';
let h: SlackHarness;
let feeds: Server;
let base: string;
// Tuesday 1 December 2026, 11:00 in Paris; moved forward by the test, ticking with real time.
let shift = Date.parse('2026-12-01T10:00:00Z') - Date.now();
const clock = { now: () => new Date(Date.now() + shift) };
const setClock = (iso: string) => {
  shift = Date.parse(iso) - Date.now();
};

beforeAll(async () => {
  const alerts = readFileSync(new URL('../fixtures/feeds/google-alerts.xml', import.meta.url));
  const rdf = readFileSync(new URL('../fixtures/feeds/rss-1.0-rdf.xml', import.meta.url));
  feeds = createServer((req, res) => {
    if (req.url === '/alerts.xml') res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(alerts);
    else if (req.url === '/news.rdf') res.writeHead(200, { 'content-type': 'application/rdf+xml' }).end(rdf);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => feeds.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
  h = await startSlackHarness({
    team: TEAM,
    clock,
    fake: {
      users: [
        { id: 'UPARIS', is_admin: true, locale: 'fr-FR', tz: 'Europe/Paris' },
        { id: 'UNEWYORK', is_admin: true, locale: 'en-US', tz: 'America/New_York' },
      ],
    },
    env: { VEILLE_ALLOW_PRIVATE: '127.0.0.1' },
  });
  await h.slash('/relais', 'UPARIS', 'config language fr timezone Europe/Paris');
});

afterAll(async () => {
  await h?.close();
  await new Promise((r) => feeds?.close(r));
});

const veille = async (userId: string, text: string, channelId = CHANNEL) =>
  said(await h.answer((await h.slash('/veille', userId, text, { channelId })).id));
const digests = (channel = CHANNEL) =>
  h.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel && !c.args.thread_ts);

describe('the first digest on Slack', () => {
  it('posts nothing when a source is added after 08:30, and says when the first digest comes', async () => {
    const added = await veille('UPARIS', `add <${base}/alerts.xml>`);
    expect(added).toContain('est suivi dans ce canal');
    expect(added).toContain('Le premier digest arrivera le mer. 2 déc. à 08:30, heure de Paris.');
    // The reader in New York reads the same moment on their clock, in English.
    const second = await veille('UNEWYORK', `add <${base}/news.rdf>`);
    expect(second).toContain('The first digest will come on Wed 2 Dec at 02:30, New York time.');

    expect(await sendDueDigests(h.relais.deps, 'test')).toBe(0);
    await h.relais.flushOutbox();
    setClock('2026-12-01T19:00:00Z');
    expect(await sendDueDigests(h.relais.deps, 'test')).toBe(0);
    await h.relais.flushOutbox();
    expect(digests()).toHaveLength(0);
  });

  it('comes at 08:30 the next morning, once', async () => {
    setClock('2026-12-02T07:29:00Z');
    expect(await sendDueDigests(h.relais.deps, 'test')).toBe(0);
    setClock('2026-12-02T07:30:05Z');
    expect(await sendDueDigests(h.relais.deps, 'test')).toBe(1);
    expect(await sendDueDigests(h.relais.deps, 'test')).toBe(0);
    await h.relais.flushOutbox();
    expect(digests()).toHaveLength(1);
    // A channel message: in the workspace's language, whoever added the sources.
    expect(said(digests()[0]!.args)).toContain('Veille');
  });

  it('comes at a time set a minute after the source, that same day', async () => {
    setClock('2026-12-02T10:00:00Z');
    expect(await veille('UPARIS', `add <${base}/alerts.xml>`, 'C0NEWS')).toContain('est suivi dans ce canal');
    setClock('2026-12-02T10:01:00Z');
    expect(await veille('UPARIS', 'time 11:05', 'C0NEWS')).toContain('11:05');
    expect(await sendDueDigests(h.relais.deps, 'test')).toBe(0);
    setClock('2026-12-02T10:05:10Z');
    expect(await sendDueDigests(h.relais.deps, 'test')).toBe(1);
    await h.relais.flushOutbox();
    expect(digests('C0NEWS')).toHaveLength(1);
  });

  it('names the weekly review’s day in the reader’s language', async () => {
    expect(await veille('UPARIS', 'weekly lun')).toContain('La revue de presse hebdomadaire arrivera le lundi');
    expect(await veille('UNEWYORK', 'weekly fri')).toContain('The weekly press review will come on Friday');
  });
});
