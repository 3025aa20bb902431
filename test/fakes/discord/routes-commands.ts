/** Application commands, global and per guild: list, bulk overwrite, upsert, read, edit, delete. */

import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord-api-types/v10';
import { snowflake } from './constants.ts';
import { type FormErr, formError, HttpError, unknownEntity } from './errors.ts';
import { type JsonObject, list, obj } from './json.ts';
import { type AddRoute, type Ctx, noContent, ok, param } from './router.ts';
import type { DiscordState } from './state.ts';
import { validateCommand } from './validate-command.ts';

/** A command as Discord stores it: ids, defaults, and a new `version` whenever it changed. */
function normalizeCommand(
  state: DiscordState,
  c: JsonObject,
  existing: APIApplicationCommand | undefined,
  scope: string,
): APIApplicationCommand {
  const options = list(c.options);
  const cmd = {
    id: existing?.id ?? snowflake(),
    application_id: state.applicationId,
    version: existing?.version ?? snowflake(),
    default_member_permissions: c.default_member_permissions ?? null,
    type: c.type ?? 1,
    name: c.name,
    name_localizations: c.name_localizations ?? null,
    description: c.description ?? '',
    description_localizations: c.description_localizations ?? null,
    ...(scope === 'global' ? { dm_permission: c.dm_permission ?? true } : { guild_id: scope }),
    contexts: c.contexts ?? null,
    integration_types: c.integration_types ?? [0],
    nsfw: c.nsfw ?? false,
    ...(options.length ? { options: structuredClone(options) as APIApplicationCommandOption[] } : {}),
  } as APIApplicationCommand;
  if (existing) {
    const strip = ({ version: _v, ...rest }: APIApplicationCommand): string => JSON.stringify(rest);
    if (strip(existing) !== strip(cmd)) cmd.version = snowflake();
  }
  return cmd;
}

const sameCommand = (c: APIApplicationCommand, body: JsonObject): boolean =>
  c.name === body.name && c.type === (body.type ?? 1);

/** A command as Discord lists it without with_localizations: no `*_localizations` at any level. */
function withoutLocalizations<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutLocalizations) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !k.endsWith('_localizations'))
      .map(([k, v]) => [k, withoutLocalizations(v)]),
  ) as T;
}

export function commandRoutes(state: DiscordState, r: AddRoute): void {
  const scopeOf = (ctx: Ctx): string => {
    if (param(ctx, 'appId') !== state.applicationId) throw unknownEntity('Application', 10002);
    const guildId = ctx.params.guildId;
    if (!guildId) return 'global';
    if (!state.guilds.has(guildId)) throw new HttpError(403, { message: 'Missing Access', code: 50001 });
    return guildId;
  };
  const listOf = (scope: string): APIApplicationCommand[] => state.commands.get(scope) ?? [];
  const routes = (base: string): void => {
    // As Discord: the localized names and descriptions only when asked for with with_localizations.
    r('GET', base, (ctx) =>
      ok(
        ctx.query.with_localizations === 'true' ? listOf(scopeOf(ctx)) : listOf(scopeOf(ctx)).map(withoutLocalizations),
      ),
    );
    r('PUT', base, (ctx) => {
      const scope = scopeOf(ctx);
      if (!Array.isArray(ctx.body)) {
        throw formError([{ path: [], code: 'LIST_TYPE_CONVERT', message: 'Must be an array.' }]);
      }
      const body = ctx.body.map(obj);
      const errs: FormErr[] = [];
      const seen = new Set<string>();
      body.forEach((c, i) => {
        validateCommand(errs, [i], c);
        const key = `${c.type ?? 1}:${c.name}`;
        if (seen.has(key)) {
          errs.push({
            path: [i, 'name'],
            code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
            message: 'Application command names must be unique',
          });
        }
        seen.add(key);
      });
      if (errs.length) throw formError(errs);
      const old = listOf(scope);
      const stored = body.map((c) =>
        normalizeCommand(
          state,
          c,
          old.find((o) => sameCommand(o, c)),
          scope,
        ),
      );
      state.commands.set(scope, stored);
      return ok(stored);
    });
    r('POST', base, (ctx) => {
      const scope = scopeOf(ctx);
      const body = obj(ctx.body);
      const errs: FormErr[] = [];
      validateCommand(errs, [], body);
      if (errs.length) throw formError(errs);
      const current = [...listOf(scope)];
      const i = current.findIndex((o) => sameCommand(o, body));
      const cmd = normalizeCommand(state, body, current[i], scope);
      if (i >= 0) current[i] = cmd;
      else current.push(cmd);
      state.commands.set(scope, current);
      return ok(cmd, i >= 0 ? 200 : 201);
    });
    r('GET', `${base}/:commandId`, (ctx) => {
      const c = listOf(scopeOf(ctx)).find((x) => x.id === param(ctx, 'commandId'));
      if (!c) throw unknownEntity('application command', 10063);
      return ok(c);
    });
    r('PATCH', `${base}/:commandId`, (ctx) => {
      const scope = scopeOf(ctx);
      const current = [...listOf(scope)];
      const i = current.findIndex((x) => x.id === param(ctx, 'commandId'));
      const existing = current[i];
      if (!existing) throw unknownEntity('application command', 10063);
      const merged: JsonObject = { ...existing, ...obj(ctx.body) };
      const errs: FormErr[] = [];
      validateCommand(errs, [], merged);
      if (errs.length) throw formError(errs);
      current[i] = normalizeCommand(state, merged, existing, scope);
      state.commands.set(scope, current);
      return ok(current[i]);
    });
    r('DELETE', `${base}/:commandId`, (ctx) => {
      const scope = scopeOf(ctx);
      const current = listOf(scope);
      const id = param(ctx, 'commandId');
      if (!current.some((x) => x.id === id)) throw unknownEntity('application command', 10063);
      state.commands.set(
        scope,
        current.filter((x) => x.id !== id),
      );
      return noContent;
    });
  };
  routes('/applications/:appId/commands');
  routes('/applications/:appId/guilds/:guildId/commands');
}
