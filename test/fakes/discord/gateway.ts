/**
 * The fake gateway: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with replay of
 * missed events, member requests, and dispatches to every live session (filtered by intents).
 */

import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { THREAD_TYPES } from './constants.ts';
import { guildObject } from './entities.ts';
import { type JsonObject, obj } from './json.ts';
import type { DiscordState } from './state.ts';

interface Session {
  id: string;
  seq: number;
  log: { s: number; t: string; d: unknown }[];
  conn: Conn | null;
  intents: number;
  alive: boolean;
  ready: boolean;
}

interface Conn {
  ws: WebSocket;
  session: Session | null;
}

const TRACE = ['["fake-gateway",{"micros":0}]'];

export class FakeGateway {
  /** `d` of every IDENTIFY received (token, intents, properties…) */
  readonly identifies: JsonObject[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly conns = new Set<Conn>();
  private readonly sessions = new Map<string, Session>();
  private connectedWaiters: (() => void)[] = [];

  constructor(private readonly state: DiscordState) {
    state.emit = (t, d, intent) => {
      for (const s of this.liveSessions()) if (intent === 0 || s.intents & intent) this.sendDispatch(s, t, d);
    };
  }

  /** Sessions that are identified and not closed (possibly between connections, buffering for RESUME). */
  private liveSessions(): Session[] {
    return [...this.sessions.values()].filter((s) => s.alive && s.ready);
  }

  hasLiveSession(): boolean {
    return this.liveSessions().length > 0;
  }

  dispatch(t: string, d: unknown): void {
    for (const s of this.liveSessions()) this.sendDispatch(s, t, structuredClone(d));
  }

  connected(): Promise<void> {
    if (this.hasLiveSession()) return Promise.resolve();
    return new Promise<void>((resolve) => this.connectedWaiters.push(resolve));
  }

  disconnect(code: number): void {
    for (const c of this.conns) c.ws.close(code, 'fake disconnect');
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url));
  }

  async close(): Promise<void> {
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private send(conn: Conn, payload: object): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  private sendDispatch(session: Session, t: string, d: unknown): void {
    const s = ++session.seq;
    session.log.push({ s, t, d });
    if (session.log.length > 1000) session.log.shift();
    if (session.conn) this.send(session.conn, { op: 0, t, s, d });
  }

  private onConnection(ws: WebSocket, url: URL): void {
    const conn: Conn = { ws, session: null };
    this.conns.add(conn);
    ws.on('close', (code: number) => {
      this.conns.delete(conn);
      const s = conn.session;
      if (s && s.conn === conn) {
        s.conn = null;
        if (code === 1000 || code === 1001) s.alive = false; // a client closing normally ends its session
      }
    });
    ws.on('error', () => {});
    if (url.searchParams.get('v') !== '10') {
      ws.close(4012, 'Invalid API version');
      return;
    }
    if ((url.searchParams.get('encoding') ?? 'json') !== 'json' || url.searchParams.has('compress')) {
      ws.close(4002, 'Decode error: the fake gateway speaks uncompressed JSON only');
      return;
    }
    this.send(conn, { op: 10, d: { heartbeat_interval: 41250, _trace: TRACE }, s: null, t: null });
    ws.on('message', (data: RawData, isBinary: boolean) => this.onFrame(conn, data, isBinary));
  }

  private onFrame(conn: Conn, data: RawData, isBinary: boolean): void {
    let msg: JsonObject;
    try {
      if (isBinary) throw new Error('binary');
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as ArrayBuffer).toString('utf8');
      msg = obj(JSON.parse(text));
    } catch {
      conn.ws.close(4002, 'Decode error');
      return;
    }
    const d = obj(msg.d);
    switch (msg.op) {
      case 1: // heartbeat
        this.send(conn, { op: 11, d: null, s: null, t: null });
        return;
      case 2:
        this.onIdentify(conn, d);
        return;
      case 6:
        this.onResume(conn, d);
        return;
      case 3: // presence update
      case 4: // voice state update
        if (!conn.session) conn.ws.close(4003, 'Not authenticated');
        return;
      case 8:
        this.onRequestMembers(conn, d);
        return;
      default:
        conn.ws.close(4001, 'Unknown opcode');
    }
  }

  private onIdentify(conn: Conn, d: JsonObject): void {
    if (conn.session) {
      conn.ws.close(4005, 'Already authenticated');
      return;
    }
    if (typeof d.token !== 'string' || d.token.length === 0) {
      conn.ws.close(4004, 'Authentication failed');
      return;
    }
    if (typeof d.intents !== 'number') {
      conn.ws.close(4013, 'Invalid intent(s)');
      return;
    }
    if (Array.isArray(d.shard) && (d.shard[1] !== 1 || d.shard[0] !== 0)) {
      conn.ws.close(4010, 'Invalid shard');
      return;
    }
    this.identifies.push(structuredClone(d));
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      seq: 0,
      log: [],
      conn,
      intents: d.intents,
      alive: true,
      ready: false,
    };
    this.sessions.set(session.id, session);
    conn.session = session;
    const guildIds = [...this.state.guilds.keys()];
    this.sendDispatch(session, 'READY', {
      v: 10,
      user_settings: {},
      user: { ...this.state.botUserObject(), verified: true, mfa_enabled: false, email: null },
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      guild_join_requests: [],
      relationships: [],
      private_channels: [],
      presences: [],
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.state.gatewayUrl,
      shard: [0, 1],
      application: { id: this.state.applicationId, flags: 0 },
      auth: {},
      geo_ordered_rtc_regions: ['local'],
      _trace: TRACE,
    });
    for (const id of guildIds) this.sendDispatch(session, 'GUILD_CREATE', this.guildCreatePayload(id));
    session.ready = true;
    const waiters = this.connectedWaiters;
    this.connectedWaiters = [];
    for (const w of waiters) w();
  }

  private guildCreatePayload(guildId: string): JsonObject {
    const g = this.state.guild(guildId);
    const inGuild = [...this.state.channels.values()].filter((c) => c.guild_id === guildId);
    const channels = inGuild.filter((c) => !THREAD_TYPES.includes(c.type)).map(({ guild_id: _omit, ...rest }) => rest); // GUILD_CREATE channels carry no guild_id
    const threads = inGuild.filter((c) => THREAD_TYPES.includes(c.type));
    const me = this.state.members.get(`${guildId}:${this.state.botUser.id}`);
    return {
      ...guildObject(g.fake, g.roles),
      joined_at: g.joinedAt,
      large: false,
      unavailable: false,
      lazy: true,
      member_count: 2,
      voice_states: [],
      members: me ? [me] : [],
      channels,
      threads,
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
      activity_instances: [],
      application_command_counts: {},
      version: Date.now(),
    };
  }

  private onResume(conn: Conn, d: JsonObject): void {
    const session = this.sessions.get(String(d.session_id));
    if (!session?.alive || typeof d.seq !== 'number' || d.seq > session.seq) {
      this.send(conn, { op: 9, d: false, s: null, t: null });
      return;
    }
    const seq = d.seq;
    if (session.conn && session.conn !== conn) session.conn.ws.close(4000, 'Session resumed elsewhere');
    session.conn = conn;
    conn.session = session;
    for (const e of session.log) if (e.s > seq) this.send(conn, { op: 0, t: e.t, s: e.s, d: e.d });
    this.sendDispatch(session, 'RESUMED', { _trace: TRACE });
  }

  private onRequestMembers(conn: Conn, d: JsonObject): void {
    const session = conn.session;
    if (!session) {
      conn.ws.close(4003, 'Not authenticated');
      return;
    }
    const guildId = String(d.guild_id);
    const wanted = Array.isArray(d.user_ids) ? d.user_ids.map(String) : d.user_ids ? [String(d.user_ids)] : null;
    const all = [...this.state.members.entries()].filter(([k]) => k.startsWith(`${guildId}:`)).map(([, m]) => m);
    const members = wanted ? all.filter((m) => wanted.includes(m.user.id)) : all;
    const notFound = wanted ? wanted.filter((id) => !members.some((m) => m.user.id === id)) : [];
    this.sendDispatch(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guildId,
      members,
      chunk_index: 0,
      chunk_count: 1,
      ...(notFound.length ? { not_found: notFound } : {}),
      ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
    });
  }
}
