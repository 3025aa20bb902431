import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackHarness, said, startSlackHarness } from '../support/slack-harness.ts';

/** A French Slack workspace reads and types option names in French; English readers keep theirs. */

const TEAM = 'T0OPTIONS';
let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness({
    team: TEAM,
    fake: {
      users: [
        { id: 'UADMIN', is_admin: true, locale: 'fr-FR' },
        { id: 'UAUTHOR', locale: 'fr-FR' },
        { id: 'UENGLISH', locale: 'en-US' },
      ],
    },
  });
});

afterAll(async () => h?.close());

async function run(command: string, userId: string, text: string) {
  const sent = await h.slash(command, userId, text);
  expect(sent.res.status).toBe(200);
  return said(await h.answer(sent.id));
}

async function settings() {
  const ws = await h.relais.deps.store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
  return h.relais.deps.store.getSettings(ws.id);
}

describe('option names in a French workspace', () => {
  it('are French in /relais help draft: the options and the usages', async () => {
    expect(await run('/relais', 'UADMIN', 'config admins <@UADMIN> language fr')).toContain('Enregistré');
    const help = await run('/relais', 'UAUTHOR', 'help draft');
    expect(help).toContain('/draft show <réf>');
    expect(help).toContain('/draft withdraw <réf>');
    expect(help).toContain('Options\u00a0: réf');
    expect(help).toContain('Options\u00a0: texte');
    expect(help).not.toContain('Options\u00a0: ref');
    const veille = await run('/relais', 'UAUTHOR', 'help commande veille');
    expect(veille).toContain('/veille add <adresse>');
    expect(veille).toContain('Options\u00a0: adresse, mots-clés');
    expect(await run('/relais', 'UAUTHOR', 'help')).toContain('/relais help commande draft');
  });

  it('can be typed as the help shows them: /relais config approbations 2 sets the approvals', async () => {
    expect((await settings()).approvalsNeeded).toBe(1);
    expect(await run('/relais', 'UADMIN', 'config approbations 2')).toContain('Enregistré');
    expect((await settings()).approvalsNeeded).toBe(2);
    // Accents may be left out; English names still work.
    expect(await run('/relais', 'UADMIN', 'config delai-relecture 6 approvals 3')).toContain('Enregistré');
    const after = await settings();
    expect(after.approvalsNeeded).toBe(3);
    expect(after.reviewDelayHours).toBe(6);
  });

  it('names the option in French when its value is refused', async () => {
    const refused = await run('/relais', 'UADMIN', 'config approbations 99');
    expect(refused).toMatch(/pour approbations/);
    expect(refused).not.toMatch(/pour approvals/);
    expect((await settings()).approvalsNeeded).toBe(3);
  });

  it('stay English for an English reader', async () => {
    const help = await run('/relais', 'UENGLISH', 'help draft');
    expect(help).toContain('/draft show <ref>');
    expect(help).toContain('Options: ref');
    expect(help).not.toContain('réf');
  });
});
