import { request } from 'node:http';
import { connect } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningRelais, startRelais } from '../../src/main.ts';
import { describeInChromium, launchChromium } from '../support/chromium.ts';

/**
 * DNS rebinding: a site whose name comes to resolve to 127.0.0.1 is, for the browser, the same
 * origin as its own pages, so its script could drive the playground (which has no login). The
 * playground answers only requests addressed to this computer by name: localhost, 127.0.0.1 or
 * [::1], with its own port.
 */

let database: Database;
let running: RunningRelais;

beforeAll(async () => {
  database = await openDatabase({ kind: 'pglite-memory' });
  running = await startRelais(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), { database, scheduler: false });
});

afterAll(async () => {
  await running?.close();
  await database?.close();
});

async function approvalsNeeded(): Promise<number> {
  const workspace = await running.deps.store.ensureWorkspace({ platform: 'playground', externalId: 'playground' });
  return (await running.deps.store.getSettings(workspace.id)).approvalsNeeded;
}

/** A raw request to the playground with any Host header (fetch would not let us forge it). */
function send(
  path: string,
  host: string | undefined,
  opts: { method?: string; body?: string; origin?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.origin) headers.origin = opts.origin;
    const req = request(
      { host: '127.0.0.1', port: running.port, path, method: opts.method ?? 'GET', headers, setHost: false },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += String(c)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    if (host !== undefined) req.setHeader('host', host);
    req.end(opts.body);
  });
}

const configCommand = (approvals: number) =>
  JSON.stringify({ user: 'alice', channel: 'C-general', text: `/relais config approvals ${approvals}` });

/** An HTTP/1.0 request, which may come without a Host header; resolves with the whole answer. */
function http10(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(running.port, '127.0.0.1', () => socket.end(`GET ${path} HTTP/1.0\r\n\r\n`));
    let answer = '';
    socket.on('data', (c) => (answer += String(c)));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('the playground answers only requests addressed to this computer', () => {
  it('refuses the page, its files and its API under any other Host, forged over plain HTTP', async () => {
    const port = running.port;
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      `localhost.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `0.0.0.0:${port}`,
      `localhost:${port + 1}`,
      'localhost',
      `user@localhost:${port}`,
    ]) {
      for (const path of ['/', '/index.html', '/playground.js', '/playground.css', '/favicon.svg'])
        expect({ host, path, status: (await send(path, host)).status }).toEqual({ host, path, status: 403 });
      const state = await send('/api/state?user=alice&channel=C-general', host);
      expect({ host, status: state.status }).toEqual({ host, status: 403 });
      expect(state.body).not.toContain('Alice');
      const post = await send('/api/command', host, {
        method: 'POST',
        body: configCommand(5),
        origin: `http://${host}`,
      });
      expect({ host, status: post.status }).toEqual({ host, status: 403 });
    }
    // No Host at all: Node refuses it for HTTP/1.1, and the playground for HTTP/1.0.
    expect((await send('/', undefined)).status).toBe(400);
    expect(await http10('/')).toMatch(/^HTTP\/1\.1 403 /);
    expect(await approvalsNeeded()).toBe(1);

    // The refusal says where the playground is.
    const page = await send('/', `evil.example:${port}`);
    expect(page.body).toContain(`http://localhost:${port}/`);
  });

  it('answers localhost, 127.0.0.1 and [::1] with its port, whatever their case', async () => {
    const port = running.port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LocalHost:${port}`]) {
      const page = await send('/', host);
      expect({ host, status: page.status }).toEqual({ host, status: 200 });
      expect(page.body).toContain('<html');
      expect((await send('/api/state?user=alice&channel=C-general', host)).status).toBe(200);
    }
    expect((await send('/healthz', `evil.example:${port}`)).status).toBe(200);
  });
});

describeInChromium('DNS rebinding in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium([
      '--disable-quic',
      '--disable-component-update',
      '--disable-sync',
      // What a rebinding attack achieves: evil.example now resolves to this computer.
      '--host-resolver-rules=MAP evil.example 127.0.0.1',
    ]);
  });
  afterAll(async () => browser?.close());

  it('a page on evil.example can neither load the playground nor change its settings', async () => {
    const before = await approvalsNeeded();
    const evil = `http://evil.example:${running.port}`;
    const page = await browser.newPage();
    try {
      const response = await page.goto(`${evil}/`);
      expect(response?.status()).toBe(403);
      expect(await page.getByTestId('actor-select').count()).toBe(0);

      // The attacker's script runs in the evil.example origin, so its requests are same-origin.
      const attempts = await page.evaluate(
        async (text) => {
          const state = await fetch('/api/state?user=alice&channel=C-general');
          const command = await fetch('/api/command', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: text,
          });
          const script = await fetch('/playground.js');
          return { state: state.status, command: command.status, script: script.status };
        },
        configCommand(before + 4),
      );
      expect(attempts).toEqual({ state: 403, command: 403, script: 403 });
      expect(await approvalsNeeded()).toBe(before);
    } finally {
      await page.close();
    }
  });

  it('http://localhost:PORT still works: the page loads and a setting changes', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    try {
      await page.goto(running.url);
      await page.getByTestId('channel-name').getByText('#general').waitFor();
      await page.getByTestId('actor-select').selectOption('alice');
      const input = page.getByTestId('composer-input');
      await input.fill('/relais config approvals 2');
      await input.press('Enter');
      await expect.poll(() => input.inputValue()).toBe('');
      await expect.poll(approvalsNeeded).toBe(2);
    } finally {
      await page.close();
    }
  });
});
