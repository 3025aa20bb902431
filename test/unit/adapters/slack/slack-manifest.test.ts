import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commands } from '../../../../commands/index.ts';

const manifest = parse(readFileSync(new URL('../../../../adapters/slack/slack-manifest.yml', import.meta.url), 'utf8'));

describe('Slack app manifest', () => {
  it('declares exactly the commands Relais handles, with escaped mentions', () => {
    const declared = manifest.features.slash_commands;
    expect(declared.map((c: { command: string }) => c.command).sort()).toEqual(
      commands.map((c) => `/${c.name}`).sort(),
    );
    for (const c of declared) {
      expect(c.should_escape).toBe(true);
      expect(c.url).toMatch(/\/slack\/events$/);
      expect(c.description.length).toBeGreaterThan(0);
    }
  });

  it('turns interactivity on at the events endpoint and asks for the scopes Relais uses', () => {
    expect(manifest.settings.interactivity).toMatchObject({
      is_enabled: true,
      request_url: expect.stringMatching(/\/slack\/events$/),
    });
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'users:read', 'im:write', 'usergroups:read', 'files:write']),
    );
  });
});
