import { createSlackMessenger } from '../../adapters/slack/slack-messenger.ts';
import { startSlackFake } from '../fakes/slack-fake.ts';
import { outboxDb } from './outbox-db.ts';

/** The Slack fake, and a fresh database whose outbox delivers to it through the real WebClient. */
export async function slackOutbox(now: () => Date) {
  const fake = await startSlackFake();
  const messenger = createSlackMessenger({
    mode: 'http',
    botToken: 'xoxb-test',
    signingSecret: 'secret',
    apiUrl: fake.apiUrl,
    authTimeoutMs: 2000,
  });
  const db = await outboxDb(now, messenger);
  return {
    fake,
    db,
    async close() {
      await fake.close();
      await db.fresh.drop();
    },
  };
}
