/**
 * The baseline of `bench commands`: a bare Bolt app that acks `/draft` and posts the text to the
 * review channel, nothing else. Run as its own process, like Relais, so both are measured alike.
 */
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET!, endpoints: '/slack/events' });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN!,
  receiver,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL!, retryConfig: { retries: 0 } },
});
app.command('/draft', async ({ ack, client, command }) => {
  await ack();
  await client.chat.postMessage({
    channel: process.env.REVIEW_CHANNEL!,
    text: command.text,
    blocks: [{ type: 'section', text: { type: 'plain_text', text: command.text } }],
  });
});
const server = (await app.start(0)) as unknown as { address(): AddressInfo };
console.log(JSON.stringify({ url: `http://localhost:${server.address().port}/` }));
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
