import { translator } from '../../src/i18n/catalog.ts';
import { context, header, message, section } from '../../src/message/build.ts';
import type { Actor } from '../../src/services/actor.ts';
import type { Deps } from '../../src/services/deps.ts';
import { changeSettings } from '../../src/services/settings.ts';
import { openWorkspace } from '../../src/services/workspaces.ts';
import { PLAYGROUND_WORKSPACE, RELAIS_AUTHOR } from './directory.ts';
import type { PlaygroundWorkspace } from './workspace.ts';

const REVIEW_CHANNEL = 'C-review';
const REVIEWER = 'bob';
const ADMIN = 'alice';
const GENERAL = 'C-general';

/** The playground sets itself up, through the same service an admin's change goes through. */
const SETUP: Actor = { userId: RELAIS_AUTHOR, displayName: 'Relais', platformAdmin: true };

/**
 * On the playground's first start (nothing was ever posted in it): #review becomes the review
 * channel, Bob a reviewer, Alice an admin — each only where nothing is set yet, so a data folder
 * someone already configured keeps its settings — and #general opens with an intro saying what to
 * try first. The intro is the mark that this was done: a restart finds it and changes nothing.
 */
export async function prepareFirstStart(deps: Deps, ws: PlaygroundWorkspace): Promise<boolean> {
  if (!ws.isEmpty()) return false;
  const { workspace } = await openWorkspace(deps, PLAYGROUND_WORKSPACE);
  const admins = await deps.store.listAdmins(workspace.id);
  const { settings } = await changeSettings(deps, workspace, SETUP, {
    apply: (current) => ({
      ...current,
      reviewChannel: current.reviewChannel ?? REVIEW_CHANNEL,
      reviewers: current.reviewers.length === 0 && current.reviewerGroup === null ? [REVIEWER] : current.reviewers,
    }),
    ...(admins.length === 0 ? { admins: [ADMIN] } : {}),
  });
  const t = translator(settings.locale);
  await ws.post({
    channel: GENERAL,
    author: RELAIS_AUTHOR,
    message: message([
      header(t('playground.intro.title')),
      section(t('playground.intro.ready')),
      section(t('playground.intro.try')),
      context(t('playground.intro.people')),
    ]),
    visibleTo: null,
    threadOf: null,
  });
  deps.log.info({ reviewChannel: settings.reviewChannel }, 'playground prepared: review channel, reviewer and admin');
  return true;
}
