import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';

/**
 * The playground has no login: whoever reaches it is Alice the admin. So it answers only this
 * computer, and checks two things on every request (page, files and API):
 *
 * - the peer is a loopback address, whatever HOST Relais listens on (Slack's HTTP mode listens on
 *   0.0.0.0, and its /slack/events must stay reachable from the network while the playground
 *   must not);
 * - the Host header names this computer (localhost, 127.0.0.1 or [::1]) with the server's port.
 *   A browser sends the name it resolved, so a page on a site whose name was rebound to 127.0.0.1
 *   (DNS rebinding) is refused even though it is "same-origin" for the browser.
 */

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const HOST_HEADER = /^(\[[0-9a-f:.]*\]|[^:[\]]+)(?::(\d{1,5}))?$/;

type Refusal = { code: 'not-local-peer' | 'not-local-host'; message: string };

export function refusalFor(req: IncomingMessage): Refusal | null {
  const { remoteAddress, localPort } = req.socket;
  if (!isLoopbackPeer(remoteAddress))
    return {
      code: 'not-local-peer',
      message: 'The Relais playground answers only the computer it runs on.',
    };
  if (!namesThisComputer(req.headers.host, localPort))
    return {
      code: 'not-local-host',
      message: `The Relais playground answers only at http://localhost:${localPort ?? ''}/ on the computer it runs on.`,
    };
  return null;
}

/** 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6 (::ffff:127.x.y.z on a dual-stack socket). */
function isLoopbackPeer(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'loopback';
}

/** localhost, 127.0.0.1 or [::1], with the port the request came in on (80 when the browser omits it). */
function namesThisComputer(host: string | undefined, localPort: number | undefined): boolean {
  if (!host || localPort === undefined) return false;
  const match = HOST_HEADER.exec(host.toLowerCase());
  if (!match?.[1] || !LOOPBACK_NAMES.has(match[1])) return false;
  const port = match[2] === undefined ? 80 : Number(match[2]);
  return port === localPort;
}
