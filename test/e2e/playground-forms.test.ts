import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningRelais, startRelais } from '../../src/main.ts';
import { describeInChromium, launchChromium } from '../support/chromium.ts';

/**
 * The playground's dialog in a real browser: a draft with a problem keeps its dialog open, the
 * problem beside its field and what was typed still there; a long post goes through whole.
 */

describeInChromium('playground forms in Chromium', () => {
  let database: Database;
  let running: RunningRelais;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    database = await openDatabase({ kind: 'pglite-memory' });
    running = await startRelais(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), { database });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'fr-FR' });
    page.setDefaultTimeout(5000);
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await database?.close();
  });

  const messages = () => page.getByTestId('messages').getByTestId('message');
  const dialog = () => page.getByTestId('form-dialog');

  async function actAs(user: string) {
    await page.getByTestId('actor-select').selectOption(user);
    await expect.poll(() => page.getByTestId('actor-select').inputValue()).toBe(user);
  }

  async function type(text: string) {
    const input = page.getByTestId('composer-input');
    await input.fill(text);
    await input.press('Enter');
    await expect.poll(() => input.inputValue()).toBe('');
  }

  const errorOf = (field: string): Locator => dialog().locator(`[data-error-for="${field}"]`);

  async function drafts() {
    const ws = await running.deps.store.ensureWorkspace({ platform: 'playground', externalId: 'playground' });
    let n = 0;
    while (await running.deps.store.drafts.byNumber(ws.id, n + 1)) n++;
    return n;
  }

  it('sets up a review channel, a reviewer and a forbidden term', async () => {
    await page.goto(running.url);
    await page.getByTestId('channel-name').getByText('#general').waitFor();
    await actAs('alice');
    await type('/relais config review-channel #review reviewers @bob approvals 1 forbidden-terms crypto');
    await messages().filter({ hasText: 'Enregistré' }).first().waitFor();
  });

  it('keeps the dialog open with each problem beside its field and what was typed', async () => {
    await actAs('chloe');
    await type('/draft');
    await dialog().getByRole('heading', { name: 'Nouveau brouillon' }).waitFor();
    const text = dialog().getByLabel('Texte du post');
    expect(await dialog().locator('[data-field="text"] .rl-hint').textContent()).toMatch(
      /^63\u202f206 caractères au plus ici/,
    );

    const cases: [fill: () => Promise<void>, field: string, problem: RegExp][] = [
      [
        async () => {
          await text.fill('a'.repeat(300));
          await dialog().getByLabel('X', { exact: true }).check();
        },
        'text',
        /X\s:\s300\/280/,
      ],
      [
        async () => {
          await dialog().getByLabel('X', { exact: true }).uncheck();
          await text.fill('Achetez des crypto maintenant');
        },
        'text',
        /Terme interdit\s:\s«\scrypto\s»/,
      ],
      [() => text.fill('    '), 'text', /Le texte du brouillon est vide/],
      [
        async () => {
          await text.fill('Notre lancement');
          await dialog().getByLabel('Publication prévue').fill('mardi prochain');
        },
        'planned',
        /AAAA-MM-JJ HH:mm/,
      ],
      [() => dialog().getByLabel('Publication prévue').fill('2001-01-01 10:00'), 'planned', /est passée/],
      [
        async () => {
          await dialog().getByLabel('Publication prévue').fill('');
          await dialog().getByLabel('Lien et URL des médias').fill('acme.example/lancement');
        },
        'links',
        /«\sacme\.example\/lancement\s» n’est pas une adresse web/,
      ],
    ];
    for (const [fill, field, problem] of cases) {
      await fill();
      const typed = await text.inputValue();
      await dialog().getByRole('button', { name: 'Soumettre' }).click();
      await expect.poll(() => errorOf(field).textContent()).toMatch(problem);
      expect(await errorOf(field).isVisible()).toBe(true);
      expect(await dialog().isVisible()).toBe(true);
      expect(await text.inputValue()).toBe(typed);
    }
    await page.screenshot({ path: '/tmp/playground-form-errors.png' });
    expect(await drafts()).toBe(0);

    // Fixed in place, the same dialog submits.
    await dialog().getByLabel('Lien et URL des médias').fill('https://acme.example/lancement');
    await dialog().getByRole('button', { name: 'Soumettre' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await messages().filter({ hasText: 'D-1 est soumis à relecture' }).waitFor();
  });

  it('takes a 5,000-character Facebook post whole', async () => {
    await type('/draft');
    await dialog().getByRole('heading', { name: 'Nouveau brouillon' }).waitFor();
    const long = 'Une longue histoire. '.repeat(250).trim();
    await dialog().getByLabel('Texte du post').fill(long);
    await dialog().getByLabel('LinkedIn', { exact: true }).uncheck();
    await dialog().getByLabel('Facebook', { exact: true }).check();
    await dialog().getByRole('button', { name: 'Soumettre' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await messages().filter({ hasText: 'D-2 est soumis à relecture' }).waitFor();
    const ws = await running.deps.store.ensureWorkspace({ platform: 'playground', externalId: 'playground' });
    expect((await running.deps.store.drafts.byNumber(ws.id, 2))?.content.text).toBe(long);
  });

  it('keeps Mark as published open on a bad live URL', async () => {
    await actAs('bob');
    await page.locator('[data-channel-id="C-review"]').click();
    const card = messages().filter({ hasText: 'D-1 ·' });
    await card.getByRole('button', { name: 'Valider' }).click();
    await expect.poll(async () => (await card.textContent()) ?? '').toContain('validé');
    await actAs('chloe');
    await card.getByRole('button', { name: 'Marquer comme publié' }).click();
    await dialog().getByRole('heading', { name: 'Marquer comme publié' }).waitFor();
    const urls = dialog().getByLabel('Liens en ligne');
    await urls.fill('linkedin.com/feed/1');
    await dialog().getByRole('button', { name: 'Marquer comme publié' }).click();
    await expect.poll(() => errorOf('urls').textContent()).toContain('n’est pas une adresse web');
    expect(await urls.inputValue()).toBe('linkedin.com/feed/1');
    const ws = await running.deps.store.ensureWorkspace({ platform: 'playground', externalId: 'playground' });
    expect((await running.deps.store.drafts.byNumber(ws.id, 1))?.state).toBe('approved');
  });

  it('answers a /draft longer than any network takes in the reader’s language, not with a validation message', async () => {
    await dialog().getByRole('button', { name: 'Annuler' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await page.locator('[data-channel-id="C-general"]').click();
    await type(`/draft ${'x'.repeat(64_000)}`);
    const refusal = messages().filter({ hasText: 'Le brouillon est trop long' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/63\u202f206 caractères au plus/);
    expect(await page.locator('body').textContent()).not.toMatch(/Too big|expected string/);
  });
});
