import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { promisify } from 'node:util';

/**
 * A client whose address is not loopback, to see what someone on the network would get from a
 * server listening on 0.0.0.0, without leaving this machine:
 *
 * - best, a network namespace joined to this one by a veth pair (198.18.x.y, the range reserved
 *   for network tests): a real second host, whose packets arrive from 198.18.x.2;
 * - otherwise (no root, no `ip`), a socket bound to a non-loopback address of this machine's own
 *   interfaces (eth0…), connected to that same address: the kernel keeps it local, and the server
 *   sees that address as the peer.
 *
 * Requests are sent by a child node process (inside the namespace when there is one), with any Host
 * header the test wants, since a client on the network can send whatever Host it likes.
 */

const run = promisify(execFile);

interface PeerRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

interface PeerAnswer {
  status: number;
  body: string;
}

export interface OutsidePeer {
  /** How the peer was made, for the test's name and messages. */
  how: string;
  /** The peer's own address, as the server sees it. */
  address: string;
  /** Sends each request in order to the server's `port` on this machine's non-loopback address. */
  send(port: number, requests: PeerRequest[]): Promise<PeerAnswer[]>;
  close(): Promise<void>;
}

const CLIENT = `
const http = require('node:http');
const [target, localAddress, json] = process.argv.slice(1);
const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
(async () => {
  const answers = [];
  for (const r of JSON.parse(json)) {
    answers.push(await new Promise((resolve, reject) => {
      const req = http.request(
        { host, port, path: r.path, method: r.method || 'GET', headers: r.headers || {}, setHost: !(r.headers && r.headers.host), ...(localAddress ? { localAddress } : {}) },
        (res) => { let body = ''; res.on('data', (c) => (body += c)); res.on('end', () => resolve({ status: res.statusCode, body })); },
      );
      req.on('error', reject);
      req.end(r.body);
    }));
  }
  process.stdout.write(JSON.stringify(answers));
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;

async function sendFrom(prefix: string[], target: string, localAddress: string, requests: PeerRequest[]) {
  const argv = [...prefix, process.execPath, '-e', CLIENT, target, localAddress, JSON.stringify(requests)];
  const [file = '', ...args] = argv;
  const { stdout } = await run(file, args, { timeout: 15_000 });
  return JSON.parse(stdout) as PeerAnswer[];
}

async function namespacePeer(): Promise<OutsidePeer | null> {
  const id = randomBytes(3).toString('hex');
  const ns = `relais-peer-${id}`;
  const [hostSide, peerSide] = [`rl${id}h`, `rl${id}n`];
  const net = `198.18.${randomBytes(1)[0]}.${4 * (randomBytes(1)[0]! % 64)}`;
  const base = net.slice(0, net.lastIndexOf('.') + 1);
  const last = Number(net.slice(net.lastIndexOf('.') + 1));
  const [hostIp, peerIp] = [`${base}${last + 1}`, `${base}${last + 2}`];
  const close = async () => {
    await run('ip', ['link', 'del', hostSide]).catch(() => {});
    await run('ip', ['netns', 'del', ns]).catch(() => {});
  };
  try {
    for (const step of [
      ['netns', 'add', ns],
      ['link', 'add', hostSide, 'type', 'veth', 'peer', 'name', peerSide],
      ['link', 'set', peerSide, 'netns', ns],
      ['addr', 'add', `${hostIp}/30`, 'dev', hostSide],
      ['link', 'set', hostSide, 'up'],
      ['-n', ns, 'addr', 'add', `${peerIp}/30`, 'dev', peerSide],
      ['-n', ns, 'link', 'set', peerSide, 'up'],
    ])
      await run('ip', step);
  } catch {
    await close();
    return null;
  }
  return {
    how: `a network namespace at ${peerIp}`,
    address: peerIp,
    send: (port, requests) => sendFrom(['ip', 'netns', 'exec', ns], `${hostIp}:${port}`, '', requests),
    close,
  };
}

function interfacePeer(): OutsidePeer | null {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && !a.internal && a.family === 'IPv4')?.address;
  if (!address) return null;
  return {
    how: `this machine's own non-loopback address ${address}`,
    address,
    send: (port, requests) => sendFrom([], `${address}:${port}`, address, requests),
    close: async () => {},
  };
}

/** A peer that is not loopback, or the reason there can be none on this machine. */
export async function outsidePeer(): Promise<OutsidePeer | { skip: string }> {
  return (
    (await namespacePeer()) ??
    interfacePeer() ?? {
      skip: 'this machine has no network namespace support (needs root and `ip`) and no non-loopback IPv4 address',
    }
  );
}
