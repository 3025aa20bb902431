import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningRelais, startRelais } from '../../src/main.ts';
import { describeInChromium, launchChromium } from '../support/chromium.ts';

/** /stats in the playground, in a real browser: the same command, shown privately, in French. */

describeInChromium('/stats in the playground (Chromium)', () => {
  let database: Database;
  let running: RunningRelais;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    database = await openDatabase({ kind: 'pglite-memory' });
    running = await startRelais(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), { database });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 1400 }, locale: 'fr-FR' });
    page.setDefaultTimeout(5000);
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await database?.close();
  });

  const messages = () => page.getByTestId('messages').getByTestId('message');

  async function type(text: string) {
    const input = page.getByTestId('composer-input');
    await input.fill(text);
    await input.press('Enter');
    await expect.poll(() => input.inputValue()).toBe('');
  }

  it('shows the figures card and the export privately', async () => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(running.url);
    await page.getByTestId('channel-name').getByText('#general').waitFor();
    await page.getByTestId('actor-select').selectOption('alice');

    await type('/stats week');
    const card = messages().filter({ hasText: 'Chiffres — semaine' });
    await card.waitFor();
    expect(await card.getAttribute('data-private')).toBe('true');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Soumis');
    expect(text).toMatch(/0 \(avant\u00a0: 0, ±0\)/);
    expect(text).toContain('rien à mesurer');
    expect(text).toContain('Bloqué en ce moment');
    expect(text).toContain('Ambassadeurs');
    await card.screenshot({ path: '/tmp/playground-stats.png' });

    await type('/stats export');
    const exported = messages().filter({ hasText: 'Export des brouillons' });
    await exported.waitFor();
    expect(await exported.getAttribute('data-private')).toBe('true');
    expect(await exported.textContent()).toContain('Aucun brouillon soumis ni publié');
    expect(errors).toEqual([]);
  });

  it('offers the month’s export as a CSV file to download, for its reader only', async () => {
    // The playground starts with #review and Bob as its reviewer.
    await type('/draft Notre nouveau labo ouvre à Lyon #labo');
    await messages().filter({ hasText: 'D-1 est soumis à relecture' }).waitFor();
    await type('/stats export');
    const exported = messages().filter({ hasText: 'Lignes\u00a0: 1' });
    await exported.waitFor();
    expect(await exported.getAttribute('data-private')).toBe('true');
    const link = exported.locator('a.rl-download');
    expect(await link.getAttribute('download')).toMatch(/^relais-20\d\d-\d\d\.csv$/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const path = await download.path();
    const csv = (await readFile(path)).toString('utf8');
    expect(csv.startsWith('\ufeffréférence,')).toBe(true);
    expect(csv).toMatch(/\r?\nD-1,alice,,linkedin,en relecture,20\d\d-/);
  });
});
