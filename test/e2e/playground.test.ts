import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningRelais, startRelais } from '../../src/main.ts';
import { describeInChromium, launchChromium } from '../support/chromium.ts';

/**
 * The playground in a real browser: one person plays admin, a person without rights, and the
 * admin again, through help, a refusal, the settings card, its form, and the database.
 */

describeInChromium('playground in Chromium', () => {
  let database: Database;
  let running: RunningRelais;
  let browser: Browser;
  let page: Page;
  let feedServer: Server;

  beforeAll(async () => {
    database = await openDatabase({ kind: 'pglite-memory' });
    feedServer = createServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(
          '<?xml version="1.0"?><rss version="2.0"><channel><title>Fil Acme</title><item><title>Acme ouvre un labo à Lyon</title><link>https://presse.example/acme-lyon</link><description>Le labo ouvre aujourd’hui.</description></item></channel></rss>',
        ),
    );
    await new Promise<void>((r) => feedServer.listen(0, '127.0.0.1', () => r()));
    // The feed is served on this machine: allowed as an admin would allow an intranet host.
    running = await startRelais(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', VEILLE_ALLOW_PRIVATE: '127.0.0.1' }), {
      database,
    });
    browser = await launchChromium(['--disable-quic', '--disable-component-update', '--disable-sync']);
    page = await browser.newPage({ viewport: { width: 1360, height: 860 }, locale: 'en-GB' });
    page.setDefaultTimeout(5000);
  });

  afterAll(async () => {
    await new Promise((r) => feedServer?.close(r));
    await browser?.close();
    await running?.close();
    await database?.close();
  });

  const messages = () => page.getByTestId('messages').getByTestId('message');
  const settingsCards = () =>
    messages().filter({ has: page.getByRole('heading', { name: 'Réglages de l’espace', exact: true }) });

  async function actAs(user: string) {
    await page.getByTestId('actor-select').selectOption(user);
    await expect.poll(() => page.getByTestId('actor-select').inputValue()).toBe(user);
  }

  async function type(text: string) {
    const input = page.getByTestId('composer-input');
    await input.fill(text);
    await input.press('Enter');
    // The box empties once the server has answered.
    await expect.poll(() => input.inputValue()).toBe('');
  }

  it('plays help, a refusal, and a settings change through the form', async () => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));

    await page.goto(running.url);
    await page.getByTestId('channel-name').getByText('#general').waitFor();
    await actAs('alice');

    // Help, in Alice's language, private to her.
    await type('/relais help');
    const help = messages().filter({ hasText: 'Relais — commandes' });
    await help.waitFor();
    await expect.poll(() => help.textContent()).toContain('/relais config');
    expect(await help.getAttribute('data-private')).toBe('true');
    expect(await help.textContent()).toContain('Alice Martin used /relais help');

    // Dan has no rights: a private refusal in his French, which Alice never sees.
    await actAs('dan');
    await messages().filter({ hasText: 'Relais — commandes' }).waitFor({ state: 'detached' });
    await type('/relais config approvals 2');
    const refusal = messages().filter({ hasText: 'Seuls les admins peuvent modifier' });
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-private')).toBe('true');
    expect(await refusal.textContent()).toContain('Only visible to you');

    await actAs('alice');
    await refusal.waitFor({ state: 'detached' });
    await help.waitFor();

    // The settings card, its "Edit" button, the form.
    await type('/relais config');
    const card = settingsCards();
    await card.waitFor();
    await card.getByRole('button', { name: 'Modifier : Relecture' }).click();
    const dialog = page.getByTestId('form-dialog');
    await dialog.getByRole('heading', { name: 'Relecture' }).waitFor();
    expect(await dialog.getByLabel('Validations requises').inputValue()).toBe('1');
    await dialog.getByLabel('Validations requises').fill('3');
    await dialog.getByLabel('Canal de relecture').selectOption({ label: '#review' });
    await page.screenshot({ path: '/tmp/playground-form.png' });
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const saved = messages().filter({ hasText: 'Enregistré :' });
    await saved.waitFor();
    const savedText = await saved.textContent();
    expect(savedText).toContain('Validations requises → 3');

    // Reading the settings again shows the new values.
    await type('/relais config');
    await expect.poll(() => settingsCards().count()).toBe(2);
    const fresh = settingsCards().last();
    const approvals = fresh.locator('.rl-field', { hasText: 'Validations requises' }).locator('dd');
    expect(await approvals.textContent()).toBe('3');
    expect(await fresh.locator('.rl-field', { hasText: 'Canal de relecture' }).locator('dd').textContent()).toBe(
      '#review',
    );

    // And the database holds them.
    const workspace = await running.deps.store.ensureWorkspace({
      platform: 'playground',
      externalId: 'playground',
    });
    const settings = await running.deps.store.getSettings(workspace.id);
    expect(settings.approvalsNeeded).toBe(3);
    expect(settings.reviewChannel).toBe('C-review');

    await page.screenshot({ path: '/tmp/playground.png' });
    expect(errors).toEqual([]);
  });

  it('opens a thread beside a message and replies in it', async () => {
    await type('Hello <b>team</b> @everyone');
    const mine = messages().filter({ hasText: 'Hello <b>team</b> @everyone' });
    await mine.waitFor();
    await mine.getByTestId('thread-open').click();
    const pane = page.getByTestId('thread-pane');
    await pane.waitFor();
    await page.getByTestId('thread-composer-input').fill('first reply');
    await page.getByTestId('thread-composer-input').press('Enter');
    await page.getByTestId('thread-replies').getByTestId('message').filter({ hasText: 'first reply' }).waitFor();
    expect(await page.getByTestId('thread-count').textContent()).toBe('1 reply');
    await expect.poll(() => mine.getByTestId('thread-open').textContent()).toBe('1 reply');
  });

  it('plays a draft from submission to approval: the author submits, switches to the reviewer, approves in the thread’s card', async () => {
    await page.locator('[data-channel-id="C-general"]').click();
    await actAs('alice');
    // Bob reviews from the start; one approval is enough again.
    await type('/relais config approvals 1');
    await messages().filter({ hasText: 'Validations requises → 1' }).waitFor();

    await actAs('chloe');
    await type('/draft Bonjour à tous, notre nouvelle offre est en ligne ! #acme');
    const submitted = messages().filter({ hasText: 'D-1 est soumis à relecture' });
    await submitted.waitFor();
    expect(await submitted.getAttribute('data-private')).toBe('true');

    await actAs('bob');
    await page.locator('[data-channel-id="C-review"]').click();
    await page.getByTestId('channel-name').getByText('#review').waitFor();
    const card = messages().filter({ hasText: 'D-1 · ' });
    await expect.poll(async () => (await card.textContent()) ?? '').toContain('D-1 · brouillon');
    expect(await card.textContent()).toContain('notre nouvelle offre est en ligne');
    await card.getByRole('button', { name: 'Valider' }).click();
    await messages().filter({ hasText: 'You approved D-1' }).waitFor(); // Bob reads English; the card speaks the workspace's French

    // The card changes in place, and its thread says who approved.
    await expect
      .poll(async () => (await card.textContent()) ?? '', { timeout: 5000 })
      .toContain('validé, en attente de publication');
    await expect
      .poll(async () => (await card.getByTestId('thread-open').textContent()) ?? '', { timeout: 5000 })
      .toContain('1');
    await card.getByTestId('thread-open').click();
    await page
      .getByTestId('thread-replies')
      .getByTestId('message')
      .filter({ hasText: 'a validé la révision 1 (1/1)' })
      .waitFor();
    await page.screenshot({ path: '/tmp/playground-draft.png' });

    const workspace = await running.deps.store.ensureWorkspace({
      platform: 'playground',
      externalId: 'playground',
    });
    expect((await running.deps.store.drafts.byNumber(workspace.id, 1))?.state).toBe('approved');
  });

  it('prompts an ambassador in their direct messages when the post is marked published', async () => {
    await actAs('dan');
    await page.locator('[data-channel-id="C-general"]').click();
    await type('/ambassador join linkedin');
    await messages().filter({ hasText: 'Vous êtes ambassadeur' }).waitFor();
    await type('/ambassador hours 00:00-24:00 mon-sun UTC');
    await messages().filter({ hasText: 'Les invitations arriveront entre 00:00 et 24:00' }).waitFor();

    // Chloé publishes the draft Bob approved.
    await actAs('chloe');
    await page.locator('[data-channel-id="C-review"]').click();
    const card = messages().filter({ hasText: 'D-1 · validé' });
    await card.getByRole('button', { name: 'Marquer comme publié' }).click();
    const dialog = page.getByTestId('form-dialog');
    await dialog.getByLabel('Liens en ligne').fill('https://www.linkedin.com/feed/update/42');
    await dialog.getByRole('button', { name: 'Marquer comme publié' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await messages().filter({ hasText: 'D-1 · publié' }).waitFor({ timeout: 5000 });

    // Dan finds the prompt in his direct messages with Relais, and shares.
    await actAs('dan');
    await page.locator('[data-channel-id="D-dan"]').click();
    const prompt = messages().filter({ hasText: /Un post est en ligne\s: D-1/ });
    await prompt.waitFor({ timeout: 10_000 });
    expect(await prompt.textContent()).toContain('https://www.linkedin.com/feed/update/42');
    await prompt.getByRole('button', { name: 'Je l’ai partagé' }).click();
    // The prompt becomes what was recorded, without its buttons.
    const recorded = messages().filter({ hasText: /Noté\s: vous avez partagé D-1/ });
    await recorded.waitFor();
    expect(await recorded.getByRole('button').count()).toBe(0);
    await page.screenshot({ path: '/tmp/playground-prompt.png' });
  });

  it('follows a feed in #veille, previews the digest and drafts a post from an item', async () => {
    await actAs('alice');
    await page.locator('[data-channel-id="C-veille"]').click();
    await type(`/veille add http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/fil.xml`);
    await messages()
      .filter({ hasText: /Le flux «\sFil Acme\s» \(1 article\) est suivi/ })
      .waitFor();
    await type('/veille now');
    const preview = messages().filter({ hasText: 'Aperçu de la veille' });
    await preview.waitFor();
    expect(await preview.textContent()).toContain('Acme ouvre un labo à Lyon');
    await preview.getByRole('button', { name: 'Rédiger un post' }).click();
    const dialog = page.getByTestId('form-dialog');
    await dialog.getByRole('heading', { name: 'Nouveau brouillon' }).waitFor();
    expect(await dialog.getByLabel('Texte du post').inputValue()).toBe('Acme ouvre un labo à Lyon');
    expect(await dialog.getByLabel('Lien et URL des médias').inputValue()).toBe('https://presse.example/acme-lyon');
    expect(await dialog.getByLabel('Note pour les relecteurs').inputValue()).toContain('Fil Acme');
    await page.screenshot({ path: '/tmp/playground-veille.png' });
    await dialog.getByRole('button', { name: 'Annuler' }).click();
  });
});
