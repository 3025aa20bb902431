import { pino } from 'pino';
import type { PlatformTools } from '../../commands/define-command.ts';
import { createDispatcher, type Invocation } from '../../commands/dispatch.ts';
import type { Actor } from '../../src/services/actor.ts';
import type { Deps } from '../../src/services/deps.ts';
import { createMemoryStore } from './memory-store.ts';

/** A text platform for core tests: `@name` is a user, `#name` a channel, `@@name` a group. */
const textTools: PlatformTools = {
  async resolveChannel(ref) {
    const m = /^#?([a-z0-9-]+)$/.exec(ref.trim());
    return m ? `C-${m[1]}` : null;
  },
  memberOf: async () => false,
  formatUsage: (command, sub, args) => [`/${command}`, sub, ...args.flat()].filter(Boolean).join(' '),
  readMention(kind, token) {
    if (kind === 'link') return null;
    if (kind === 'channel') return /^#([a-z0-9-]+)$/.exec(token)?.[1] ? `C-${token.slice(1)}` : null;
    if (kind === 'group') return /^@@(\w+)$/.exec(token)?.[1] ?? null;
    return /^@(\w+)$/.exec(token)?.[1] ?? null;
  },
};

export function coreHarness() {
  const store = createMemoryStore();
  const deps: Deps = { store, clock: { now: () => new Date('2026-11-21T09:00:00Z') }, log: pino({ level: 'silent' }) };
  const dispatcher = createDispatcher(deps);
  const as = (actor: Partial<Actor> & { userId: string }): Invocation => ({
    workspace: { platform: 'test', externalId: 'T1', name: 'Test' },
    actor: { platformAdmin: false, locale: 'en', ...actor },
    channelId: 'C-general',
    platform: textTools,
  });
  return {
    store,
    deps,
    dispatcher,
    as,
    admin: as({ userId: 'ada', platformAdmin: true }),
    member: as({ userId: 'max' }),
  };
}
