import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest, slashCommandBody } from '../fakes/slack-requests.ts';
import { type OutsidePeer, outsidePeer } from '../support/outside-peer.ts';
import { type SlackHarness, startSlackHarness, said as textOf } from '../support/slack-harness.ts';

/**
 * The playground beside Slack's HTTP mode: Relais listens on 0.0.0.0 so that Slack reaches
 * /slack/events, and the playground (no login: whoever reaches it is Alice the admin) must still
 * answer this computer only, whatever Host header a client on the network sends.
 */

const TEAM = 'T0NETWORK';
let h: SlackHarness;
let peer: OutsidePeer | { skip: string };

beforeAll(async () => {
  h = await startSlackHarness({
    team: TEAM,
    fake: { users: [{ id: 'UMEMBER', name: 'max', locale: 'en-US' }] },
    env: { RELAIS_PLAYGROUND: '1', HOST: '0.0.0.0' },
  });
  peer = await outsidePeer();
  if ('skip' in peer) console.warn(`[relais] skipping the network peer test: ${peer.skip}`);
});

afterAll(async () => {
  if (peer && !('skip' in peer)) await peer.close();
  await h?.close();
});

async function playgroundApprovals(): Promise<number> {
  const ws = await h.relais.deps.store.ensureWorkspace({ platform: 'playground', externalId: 'playground' });
  return (await h.relais.deps.store.getSettings(ws.id)).approvalsNeeded;
}

describe('the playground with Slack HTTP mode on 0.0.0.0', () => {
  it('refuses a client on the network, even one that says Host: localhost, while Slack still reaches /slack/events', async (ctx) => {
    if ('skip' in peer) return ctx.skip(peer.skip);
    const port = h.relais.port;
    const asLocalhost = { host: `localhost:${port}` };
    const slashBody = slashCommandBody({
      command: '/relais',
      text: 'help',
      userId: 'UMEMBER',
      teamId: TEAM,
      channelId: 'C0GENERAL',
      responseUrl: h.fake.responseUrl('from-network'),
    });
    const [page, script, state, command, slack] = await peer.send(port, [
      { path: '/', headers: asLocalhost },
      { path: '/playground.js', headers: asLocalhost },
      { path: '/api/state?user=alice&channel=C-general', headers: asLocalhost },
      {
        method: 'POST',
        path: '/api/command',
        headers: { ...asLocalhost, 'content-type': 'application/json', origin: `http://localhost:${port}` },
        body: JSON.stringify({ user: 'alice', channel: 'C-general', text: '/relais config approvals 4' }),
      },
      {
        method: 'POST',
        path: '/slack/events',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(h.secret, slashBody) },
        body: slashBody,
      },
    ]);

    for (const [what, answer] of Object.entries({ page, script, state, command }))
      expect({ what, status: answer?.status }).toEqual({ what, status: 403 });
    expect(page?.body).toContain('only the computer it runs on');
    expect(state?.body).not.toContain('Alice');
    expect(await playgroundApprovals()).toBe(1);

    // Slack, on the network, is answered as usual.
    expect(slack?.status).toBe(200);
    const answer = slack?.body
      ? JSON.parse(slack.body)
      : (await h.fake.waitForResponse((r) => r.id === 'from-network')).body;
    expect(textOf(answer)).toContain('/relais config');
  });

  it('answers this computer, on loopback', async () => {
    const port = h.relais.port;
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const command = await fetch(`http://localhost:${port}/api/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'alice', channel: 'C-general', text: '/relais config approvals 2' }),
    });
    expect(command.status).toBe(200);
    expect(await playgroundApprovals()).toBe(2);
  });
});
