/** A tiny router for the fake REST API: `/channels/:channelId/messages` patterns, methods, bot auth. */

import type { RecordedFile } from './recorded.ts';

export interface Ctx {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  files: RecordedFile[];
  headers: Record<string, string>;
}

export interface Result {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (ctx: Ctx) => Result | Promise<Result>;

interface Route {
  method: string;
  segs: string[];
  /** needs `Authorization: Bot …` (interaction and webhook routes do not) */
  auth: boolean;
  handler: Handler;
}

export type AddRoute = (method: string, pattern: string, handler: Handler, auth?: boolean) => void;

export const ok = (body: unknown, status = 200): Result => ({ status, body });
export const noContent: Result = { status: 204 };

/** A route parameter the pattern guarantees. */
export const param = (ctx: Ctx, name: string): string => ctx.params[name] ?? '';

export class Router {
  private routes: Route[] = [];

  readonly add: AddRoute = (method, pattern, handler, auth = true) => {
    this.routes.push({ method, segs: pattern.split('/').filter(Boolean), auth, handler });
  };

  private match(
    method: string,
    segs: string[],
  ): { route?: Route; params: Record<string, string>; wrongMethod: boolean } {
    let wrongMethod = false;
    for (const route of this.routes) {
      if (route.segs.length !== segs.length) continue;
      const params: Record<string, string> = {};
      const fits = route.segs.every((p, i) => {
        const s = segs[i] ?? '';
        if (p.startsWith(':')) params[p.slice(1)] = s;
        return p.startsWith(':') || p === s;
      });
      if (!fits) continue;
      if (route.method === method) return { route, params, wrongMethod: false };
      wrongMethod = true;
    }
    return { params: {}, wrongMethod };
  }

  /** `segs` are the path segments after /api/v10, or null when the path is not under it. */
  async route(segs: string[] | null, ctx: Ctx): Promise<Result> {
    const { route, params, wrongMethod } = segs ? this.match(ctx.method, segs) : { params: {}, wrongMethod: false };
    if (!route) {
      if (wrongMethod) return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
      return { status: 404, body: { message: 'Unknown route', code: 0 } };
    }
    if (route.auth && !/^Bot \S+/.test(ctx.headers.authorization ?? '')) {
      return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    }
    return route.handler({ ...ctx, params });
  }
}
