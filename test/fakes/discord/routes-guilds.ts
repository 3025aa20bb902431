/** REST routes for the gateway URL, users, DMs, guilds, roles, members and channels. */

import { THREAD_TYPES } from './constants.ts';
import { applicationObject, guildObject } from './entities.ts';
import { formError, unknownEntity } from './errors.ts';
import { obj } from './json.ts';
import { type AddRoute, noContent, ok, param } from './router.ts';
import type { DiscordState } from './state.ts';

export function guildRoutes(
  state: DiscordState,
  r: AddRoute,
  app: { verifyKey: string; interactionsEndpointUrl: () => string | null },
): void {
  const application = () =>
    ok(
      applicationObject({
        id: state.applicationId,
        bot: state.botUserObject(),
        guildCount: state.guilds.size,
        verifyKey: app.verifyKey,
        interactionsEndpointUrl: app.interactionsEndpointUrl(),
      }),
    );
  r('GET', '/gateway/bot', () =>
    ok({
      url: state.gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
    }),
  );
  r('GET', '/gateway', () => ok({ url: state.gatewayUrl }), false);
  r('GET', '/users/@me', () =>
    ok({ ...state.botUserObject(), verified: true, mfa_enabled: false, locale: 'en-US', email: null }),
  );
  r('GET', '/applications/@me', application);
  r('GET', '/oauth2/applications/@me', application);
  r('GET', '/users/:userId', (ctx) => {
    const u = state.users.get(param(ctx, 'userId'));
    if (!u) throw unknownEntity('User', 10013);
    return ok(u);
  });
  r('POST', '/users/@me/channels', ({ body }) => {
    const recipient = String(obj(body).recipient_id ?? '');
    if (!/^\d{15,21}$/.test(recipient)) {
      throw formError([
        { path: ['recipient_id'], code: 'NUMBER_TYPE_COERCE', message: `Value "${recipient}" is not snowflake.` },
      ]);
    }
    return ok(state.openDm(recipient));
  });

  const guild = (id: string) => {
    const g = state.guild(id);
    return guildObject(g.fake, g.roles);
  };
  r('GET', '/guilds/:guildId', (ctx) =>
    ok({ ...guild(param(ctx, 'guildId')), approximate_member_count: 2, approximate_presence_count: 1 }),
  );
  r('GET', '/guilds/:guildId/channels', (ctx) => {
    const guildId = param(ctx, 'guildId');
    state.guild(guildId);
    return ok([...state.channels.values()].filter((c) => c.guild_id === guildId && !THREAD_TYPES.includes(c.type)));
  });
  r('GET', '/guilds/:guildId/roles', (ctx) => ok(state.guild(param(ctx, 'guildId')).roles));
  r('GET', '/guilds/:guildId/members/:userId', (ctx) => {
    state.guild(param(ctx, 'guildId'));
    const m = state.members.get(`${param(ctx, 'guildId')}:${param(ctx, 'userId')}`);
    if (!m) throw unknownEntity('Member', 10007);
    return ok(m);
  });
  r('GET', '/channels/:channelId', (ctx) => ok(state.channel(param(ctx, 'channelId'))));
  r('POST', '/channels/:channelId/typing', (ctx) => {
    state.channel(param(ctx, 'channelId'));
    return noContent;
  });
}
