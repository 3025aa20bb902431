/**
 * Discord's other way in: POSTing each interaction to the application's Interactions Endpoint URL,
 * signed with Ed25519 over `timestamp + body`. The HTTP response is the interaction's first answer,
 * so the fake applies it as a callback and records it as one (same path as the REST callback).
 */

import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { APIInteraction } from 'discord-api-types/v10';
import { HttpError } from './errors.ts';
import type { FakeHttpServer } from './http-server.ts';
import { registerInteraction } from './interaction-registry.ts';
import { isObject } from './json.ts';
import { interactionCallback } from './routes-interactions.ts';
import type { DiscordState } from './state.ts';

/** How the delivery is signed: as Discord does, with another key (Discord's own probe), or not at all. */
export type Signing = 'valid' | 'wrong-key' | 'none';

export interface HttpDelivery {
  /** the endpoint's HTTP status */
  status: number;
  /** the endpoint's JSON answer, if any */
  body: unknown;
}

export class InteractionSigner {
  readonly publicKeyHex: string;
  private readonly privateKey: KeyObject;
  private readonly strangerKey: KeyObject;

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.privateKey = privateKey;
    this.strangerKey = generateKeyPairSync('ed25519').privateKey;
    const x = publicKey.export({ format: 'jwk' }).x ?? '';
    this.publicKeyHex = Buffer.from(x, 'base64url').toString('hex');
  }

  headers(body: string, signing: Signing): Record<string, string> {
    if (signing === 'none') return {};
    const timestamp = String(Math.floor(Date.now() / 1000));
    const key = signing === 'valid' ? this.privateKey : this.strangerKey;
    const signature = sign(null, Buffer.from(timestamp + body), key).toString('hex');
    return { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
  }
}

export async function deliverOverHttp(opts: {
  state: DiscordState;
  http: FakeHttpServer;
  signer: InteractionSigner;
  deadlineMs: number;
  url: string;
  payload: APIInteraction;
  signing: Signing;
}): Promise<HttpDelivery> {
  const p = structuredClone(opts.payload);
  p.application_id = opts.state.applicationId;
  const rec = p.type === 1 ? undefined : registerInteraction(opts.state, p);
  const body = JSON.stringify(rec?.payload ?? p);
  const at = Date.now();
  const res = await fetch(opts.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Discord-Interactions/1.0',
      ...opts.signer.headers(body, opts.signing),
    },
    body,
  });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('application/json');
  const answer: unknown = json && text ? JSON.parse(text) : text || undefined;
  if (rec && res.status === 200 && isObject(answer)) {
    let status = 204;
    let response: unknown;
    try {
      interactionCallback(opts.state, rec, rec.token, opts.deadlineMs, answer, [], false);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      status = err.status;
      response = err.body;
    }
    opts.http.record({
      method: 'POST',
      path: `/interactions/${rec.id}/${rec.token}/callback`,
      query: {},
      body: answer,
      headers: { 'x-answered-in': 'http-response' },
      at,
      status,
      response,
      files: [],
    });
  }
  return { status: res.status, body: answer };
}
