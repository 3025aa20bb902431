import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium, launchChromium } from '../support/chromium.ts';
import { type StartedRelais, startRelaisProcess } from '../support/relais-process.ts';

/**
 * A newcomer's first hour in the playground, in Chromium, against a real `relais start` on a data
 * folder of its own: nothing configured, the first draft reaches #review; changes requested, the
 * draft edited, approved, published; the share prompt reaches an English-speaking ambassador in
 * English; then Relais restarts on the same folder and the conversation, its threads, its direct
 * messages and its buttons are all still there.
 */

const TEXT = 'Bonjour à tous, notre nouvelle offre est en ligne ! #acme';
const EDITED = `${TEXT} https://acme.example/offre`;
const LIVE_URL = 'https://www.linkedin.com/feed/update/42';

describeInChromium('the playground story, across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relais-story-'));
  let env: Record<string, string>;
  let relais: StartedRelais;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    env = { RELAIS_DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'info' };
    [relais, browser] = await Promise.all([startRelaisProcess(env), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1360, height: 860 }, locale: 'en-GB' });
    page.setDefaultTimeout(10_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (relais && relais.child.exitCode === null) {
      relais.child.kill('SIGTERM');
      await relais.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const messages = () => page.getByTestId('messages').getByTestId('message');
  const card = (ref: string) =>
    messages().filter({ has: page.getByRole('heading', { name: new RegExp(`^${ref}\\b`) }) });
  const dialog = () => page.getByTestId('form-dialog');

  async function actAs(user: string) {
    await page.getByTestId('actor-select').selectOption(user);
    await expect.poll(() => page.getByTestId('actor-select').inputValue()).toBe(user);
  }

  async function open(channelId: string) {
    await page.locator(`[data-channel-id="${channelId}"]`).click();
    await expect.poll(() => page.locator(`[data-channel-id="${channelId}"]`).getAttribute('class')).toContain('active');
  }

  async function type(text: string) {
    const input = page.getByTestId('composer-input');
    await input.fill(text);
    await input.press('Enter');
    await expect.poll(() => input.inputValue()).toBe('');
  }

  const textOf = async (l: Locator) => (await l.textContent()) ?? '';

  it('starts ready: the intro says what to try, and the first draft reaches #review with nothing configured', {
    timeout: 60_000,
  }, async () => {
    await page.goto(relais.url);
    await page.getByTestId('channel-name').getByText('#general').waitFor();
    const intro = messages().filter({ hasText: 'Bienvenue dans le bac à sable Relais' });
    await intro.waitFor();
    expect(await textOf(intro)).toContain('/draft new');
    expect(await textOf(intro)).toContain('#review');
    expect(await textOf(page.getByTestId('people'))).toContain('speaks English · America/New_York');
    await page.screenshot({ path: '/tmp/playground-intro.png' });

    await actAs('chloe');
    await type(`/draft new ${TEXT}`);
    await messages().filter({ hasText: 'D-1 est soumis à relecture' }).waitFor();

    await actAs('bob');
    await open('C-review');
    await card('D-1').waitFor();
    expect(await textOf(card('D-1'))).toContain('notre nouvelle offre est en ligne');
  });

  it('Bob requests changes; Chloé’s Edit opens the form with her text; Bob approves the new revision', {
    timeout: 60_000,
  }, async () => {
    await card('D-1').getByRole('button', { name: 'Demander des modifs' }).click();
    await dialog().getByLabel('Reason').fill('Ajoutez le lien vers l’offre.');
    await dialog().getByRole('button', { name: 'Request changes' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await expect.poll(() => textOf(card('D-1'))).toContain('modifications demandées');

    await actAs('chloe');
    await card('D-1').getByRole('button', { name: 'Modifier' }).click();
    await dialog().getByRole('heading', { name: 'Modifier D-1' }).waitFor();
    expect(await dialog().getByLabel('Texte du post').inputValue()).toBe(TEXT);
    await dialog().getByLabel('Texte du post').fill(EDITED);
    await dialog().getByRole('button', { name: 'Soumettre' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await messages().filter({ hasText: 'D-1 passe en révision 2' }).waitFor();

    await actAs('bob');
    await card('D-1').getByRole('button', { name: 'Valider' }).click();
    await messages().filter({ hasText: 'You approved D-1' }).waitFor();
    await expect.poll(() => textOf(card('D-1'))).toContain('validé, en attente de publication');
  });

  it('Chloé marks it published; the share prompt reaches Bob, an ambassador who reads English', async () => {
    await open('C-general');
    await type('/ambassador join linkedin');
    await messages().filter({ hasText: 'You are an ambassador' }).waitFor();
    await type('/ambassador hours 00:00-24:00 mon-sun UTC');
    await messages().filter({ hasText: 'Prompts will come between 00:00 and 24:00, every day' }).waitFor();

    await actAs('chloe');
    // A second draft stays under review across the restart.
    await type('/draft new Deuxième annonce de la semaine #acme');
    await messages().filter({ hasText: 'D-2 est soumis à relecture' }).waitFor();
    await open('C-review');
    await card('D-1').getByRole('button', { name: 'Marquer comme publié' }).click();
    await dialog().getByLabel('Liens en ligne').fill(LIVE_URL);
    await dialog().getByRole('button', { name: 'Marquer comme publié' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await expect.poll(() => textOf(card('D-1'))).toContain('publié');

    await actAs('bob');
    await open('D-bob');
    const prompt = messages().filter({ hasText: LIVE_URL });
    await prompt.waitFor({ timeout: 20_000 });
    // The person's language, not the workspace's (French).
    expect(await textOf(prompt)).toContain('A post is live: D-1');
    expect(await prompt.getByRole('button').allTextContents()).toContain('I shared it');
  }, 60_000);

  it('restarts on the same data folder: the card, its thread, the DM and their buttons are all back', async () => {
    relais.child.kill('SIGTERM');
    expect(await relais.exited).toBe(0);
    relais = await startRelaisProcess(env);
    await page.reload();

    // Set up once: the intro is not posted again.
    await actAs('bob');
    await open('C-general');
    await expect.poll(() => messages().filter({ hasText: 'Bienvenue dans le bac à sable Relais' }).count()).toBe(1);

    await open('C-review');
    await expect.poll(() => textOf(card('D-1'))).toContain('publié');
    await card('D-1').getByTestId('thread-open').click();
    await page
      .getByTestId('thread-replies')
      .getByTestId('message')
      .filter({ hasText: 'a validé la révision 2' })
      .waitFor();
    await page.getByTestId('thread-close').click();

    // A draft under review keeps its buttons, and they work.
    await card('D-2').getByRole('button', { name: 'Valider' }).click();
    await messages().filter({ hasText: 'You approved D-2' }).waitFor();

    await open('D-bob');
    const prompt = messages().filter({ hasText: LIVE_URL });
    await prompt.waitFor();
    await prompt.getByRole('button', { name: 'I shared it' }).click();
    // The prompt, restored from the database, is replaced by what was recorded, in Bob's English.
    const recorded = messages().filter({ hasText: 'Recorded: you shared D-1' });
    await recorded.waitFor();
    expect(await recorded.getByRole('button').count()).toBe(0);
    await page.screenshot({ path: '/tmp/playground-story.png' });
  }, 150_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
