import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDiscord } from '../../src/main.ts';
import { reply } from '../fakes/discord-calls.ts';
import type { RecordedCall } from '../fakes/discord-fake.ts';
import { type DiscordHarness, MANAGE_GUILD, startDiscordHarness } from '../support/discord-harness.ts';

/**
 * Option names as a French Discord shows them: registered as French name localizations, and used
 * by help and usages for a French client. Discord still sends the declared (English) names.
 */

const GUILD = '830000000000000001';
const GENERAL = '830000000000000010';
let h: DiscordHarness;

beforeAll(async () => {
  h = await startDiscordHarness({ guild: { id: GUILD, name: 'Acme', channels: [{ id: GENERAL, name: 'general' }] } });
});

afterAll(async () => h?.close());

const french = { user: { id: '830000000000000500', username: 'ada' }, permissions: MANAGE_GUILD, locale: 'fr' };
const english = { user: { id: '830000000000000501', username: 'max' }, permissions: 0n, locale: 'en-US' };

const text = (call: RecordedCall) => JSON.stringify(reply(call).embeds ?? reply(call).content);

const optionsOf = (command: string, sub: string) => {
  const c = h.fake.commands.find((x) => x.name === command);
  const s = c?.options?.find((o) => o.name === sub);
  return s && 'options' in s ? (s.options ?? []) : [];
};

describe('option names on Discord', () => {
  it('are registered with their French names, and registering again writes nothing', async () => {
    expect((await registerDiscord(h.config)).changed).toBe(true);
    expect(optionsOf('draft', 'show').find((o) => o.name === 'ref')?.name_localizations).toEqual({ fr: 'réf' });
    expect(optionsOf('relais', 'config').find((o) => o.name === 'approvals')?.name_localizations).toEqual({
      fr: 'approbations',
    });
    expect(optionsOf('veille', 'add').find((o) => o.name === 'keywords')?.name_localizations).toEqual({
      fr: 'mots-clés',
    });
    expect((await registerDiscord(h.config)).changed).toBe(false);
  });

  it('are French in the help a French client reads, English in an English one', async () => {
    const fr = text(await h.command('relais', 'help', [{ type: 3, name: 'command', value: 'draft' }], french));
    expect(fr).toContain('/draft show réf:…');
    expect(fr).toContain('Options\u00a0: réf');
    expect(fr).not.toContain('ref:');
    const en = text(await h.command('relais', 'help', [{ type: 3, name: 'command', value: 'draft' }], english));
    expect(en).toContain('/draft show ref:…');
    expect(en).toContain('Options: ref');
  });

  it('are read under their declared names, as Discord sends them to a French client too', async () => {
    const saved = await h.command('relais', 'config', [{ type: 4, name: 'approvals', value: 2 }], french);
    expect(text(saved)).toContain('Enregistré');
    const ws = await h.workspace();
    expect((await h.relais.deps.store.getSettings(ws.id)).approvalsNeeded).toBe(2);
  });
});
