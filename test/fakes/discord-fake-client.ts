import { once } from 'node:events';
import { Client, DiscordAPIError, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { APIInteraction } from 'discord-api-types/v10';
import { expect } from 'vitest';
import { type DiscordFake, type RecordedCall, startDiscordFake } from './discord-fake.ts';

/** The fake's own tests: one guild with a category, two text channels and a role, and a bare discord.js client. */

export const GUILD_ID = '1300000000000000001';
export const GENERAL_ID = '1300000000000000011';
export const DESK_ID = '1300000000000000012';
export const CATEGORY_ID = '1300000000000000010';
export const USER = { id: '1300000000000000777', username: 'camille' };

export async function startFakeAndClient(): Promise<{ fake: DiscordFake; client: Client }> {
  const fake = await startDiscordFake({
    guilds: [
      {
        id: GUILD_ID,
        name: 'Relais HQ',
        channels: [
          { id: CATEGORY_ID, name: 'Editorial', type: 4 },
          { id: GENERAL_ID, name: 'general', parent_id: CATEGORY_ID },
          { id: DESK_ID, name: 'desk', parent_id: CATEGORY_ID },
        ],
        roles: [{ id: '1300000000000000100', name: 'Editors' }],
      },
    ],
  });
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  const ready = once(client, Events.ClientReady);
  await client.login('fake-bot-token');
  await ready;
  await fake.connected();
  return { fake, client };
}

/** Runs `fn` on the next interaction the client receives; resolves with its result. */
export function onNextInteraction<T>(client: Client, fn: (i: Interaction) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    client.once(Events.InteractionCreate, (i) => {
      fn(i).then(resolve, reject);
    });
  });
}

export const callbackOf =
  (payload: APIInteraction) =>
  (c: RecordedCall): boolean =>
    c.method === 'POST' && c.path === `/interactions/${payload.id}/${payload.token}/callback`;

export async function expectApiError(p: Promise<unknown>, status: number, code: number): Promise<DiscordAPIError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DiscordAPIError);
  const apiErr = err as DiscordAPIError;
  expect(apiErr.status).toBe(status);
  expect(apiErr.code).toBe(code);
  return apiErr;
}
