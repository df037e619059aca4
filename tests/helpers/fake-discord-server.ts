/**
 * A fake Discord API on 127.0.0.1: REST under `/api/v10` and a WebSocket
 * gateway, enough for the real discord.js client and @discordjs/rest to run
 * against it. It validates payloads against Discord's limits, records every
 * call, and answers 429 / 403 / 401 on demand.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  BOT_USER,
  guildToJson,
  interactionPayload,
  messageToJson,
  validateCommands,
  validateMessageBody,
} from './fake-discord-payloads.js';

export { BOT_USER, validateMessageBody };

let snowflake = 1_300_000_000_000_000_000n;
const nextId = (): string => String(++snowflake);

export interface RecordedCall {
  method: string;
  /** Path after `/api/v10`, without the query. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  auth: string | null;
  status: number;
  /** `performance.now()` when the response was sent (benchmarks measure round trips with it). */
  at: number;
}

export interface InjectedFailure {
  method?: string;
  /** Matches the path after `/api/v10`. */
  path: RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many requests to fail (default 1). */
  times?: number;
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  nonce?: string;
  flags: number;
}

export interface FakeGuild {
  id: string;
  name: string;
  channelIds: string[];
}

export interface InteractionUser {
  id: string;
  username?: string;
}

export interface InteractionContext {
  user?: InteractionUser;
  /** Omit for a DM. */
  guildId?: string;
  channelId?: string;
  /** The member's computed permissions in the channel, as a bitfield. */
  permissions?: bigint;
}

/** One chat-input option as Discord sends it. */
export interface OptionValue {
  name: string;
  type: number;
  value?: string | number;
  focused?: boolean;
  options?: OptionValue[];
}

export const OPTION = { SubCommand: 1, String: 3, Integer: 4 } as const;

export interface FakeDiscordServer {
  /** e.g. http://127.0.0.1:PORT/api — pass as apiBase. */
  readonly apiBase: string;
  readonly gatewayUrl: string;
  readonly calls: RecordedCall[];
  /** Payload problems seen (the server also answered them with 400). */
  readonly violations: string[];
  readonly identifies: Record<string, unknown>[];
  readonly lastPushAt: number;
  readonly commands: Map<string, unknown[]>;
  messages(channelId: string): StoredMessage[];
  fail(failure: InjectedFailure): void;
  /** Outage: while true every REST connection is dropped before an answer. */
  setDown(down: boolean): void;
  /** Slow answers: requests are handled at once, responses held this long (0 = at once). */
  setResponseDelay(ms: number): void;
  addGuild(guild: FakeGuild): void;
  /** Resolves once a client has IDENTIFYed and received READY and its GUILD_CREATEs. */
  waitForIdentify(): Promise<void>;
  /** Push an INTERACTION_CREATE; returns the interaction's token. `lastPushAt` is when it was written to the socket. */
  chatInput(name: string, options: OptionValue[], ctx?: InteractionContext): string;
  autocomplete(name: string, options: OptionValue[], ctx?: InteractionContext): string;
  button(customId: string, message: StoredMessage, ctx?: InteractionContext): string;
  /** Calls made for one interaction token (its callback and webhook calls), in order. */
  interactionCalls(token: string): RecordedCall[];
  /** Resolves when `predicate` holds for the recorded calls (checked after each call). */
  waitFor(
    predicate: (calls: RecordedCall[]) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<void>;
  /** Close every gateway connection with this code (4004 = authentication failed). */
  closeGateway(code: number): void;
  close(): Promise<void>;
}

export async function startFakeDiscordServer(
  options: { applicationId?: string; token?: string } = {},
): Promise<FakeDiscordServer> {
  const applicationId = options.applicationId ?? '900000000000000001';
  const token = options.token ?? 'test-token';
  const calls: RecordedCall[] = [];
  const violations: string[] = [];
  const identifies: Record<string, unknown>[] = [];
  const commands = new Map<string, unknown[]>();
  const channelMessages = new Map<string, StoredMessage[]>();
  const nonces = new Map<string, { message: StoredMessage; at: number }>();
  const webhookMessages = new Map<string, StoredMessage>();
  const failures: InjectedFailure[] = [];
  const guilds: FakeGuild[] = [];
  const sockets = new Set<WebSocket>();
  const waiters: (() => void)[] = [];
  let identified: () => void = () => undefined;
  const identifiedPromise = new Promise<void>((r) => (identified = r));
  let seq = 0;
  let lastPushAt = 0;

  const notify = (): void => {
    for (const w of [...waiters]) w();
  };

  let down = false;
  let responseDelayMs = 0;
  const send = (
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ): number => {
    const write = (): void => {
      if (res.writableEnded || res.destroyed) return;
      if (body === undefined) {
        res.writeHead(status, headers);
        res.end();
      } else {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      }
    };
    if (responseDelayMs > 0) setTimeout(write, responseDelayMs);
    else write();
    return status;
  };

  const makeMessage = (
    channelId: string,
    body: Record<string, unknown>,
    flags = 0,
  ): StoredMessage => ({
    id: nextId(),
    channel_id: channelId,
    content: typeof body['content'] === 'string' ? body['content'] : '',
    embeds: (body['embeds'] as unknown[] | undefined) ?? [],
    components: (body['components'] as unknown[] | undefined) ?? [],
    flags: Number(body['flags'] ?? flags),
  });
  const messageJson = (m: StoredMessage): Record<string, unknown> =>
    messageToJson(m, applicationId);

  async function route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<number> {
    const failure = failures.find((f) => (f.method ?? method) === method && f.path.test(path));
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
      return send(
        res,
        failure.status,
        failure.body ?? { message: 'injected', code: 0 },
        failure.headers,
      );
    }
    const b = (body ?? {}) as Record<string, unknown>;
    const authed = req.headers.authorization === `Bot ${token}`;
    const needsAuth = !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
    if (needsAuth && !authed) return send(res, 401, { message: '401: Unauthorized', code: 0 });

    if (method === 'GET' && path === '/gateway/bot') {
      return send(res, 200, {
        url: `ws://127.0.0.1:${port}`,
        shards: 1,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 14_400_000,
          max_concurrency: 1,
        },
      });
    }
    if (method === 'GET' && path === '/users/@me') return send(res, 200, BOT_USER);
    if (method === 'GET' && path === '/applications/@me')
      return send(res, 200, { id: applicationId, name: 'hanoi-digest', flags: 0, bot: BOT_USER });

    let m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (m && (method === 'PUT' || method === 'POST')) {
      const list = method === 'PUT' ? (body as unknown[]) : [body];
      const errors = validateCommands(list);
      if (errors.length) {
        violations.push(...errors);
        return send(res, 400, { code: 50035, message: 'Invalid Form Body', errors });
      }
      const withIds = list.map((c) => ({
        ...(c as object),
        id: nextId(),
        application_id: m![1],
        version: nextId(),
        ...(m![2] ? { guild_id: m![2] } : {}),
      }));
      commands.set(m[2] ? `guild:${m[2]}` : 'global', withIds);
      return send(res, 200, method === 'PUT' ? withIds : withIds[0]);
    }

    m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (m && method === 'POST') {
      const type = Number(b['type']);
      const data = (b['data'] ?? {}) as Record<string, unknown>;
      if (type === 4 || type === 7) {
        const errors = validateMessageBody(data, { requireAllowedMentions: true });
        if (errors.length) {
          violations.push(...errors.map((e) => `callback ${type}: ${e}`));
          return send(res, 400, { code: 50035, message: 'Invalid Form Body', errors });
        }
        webhookMessages.set(m[2]!, makeMessage('0', data));
      }
      if (type === 5 || type === 6)
        webhookMessages.set(m[2]!, makeMessage('0', { content: '', flags: data['flags'] ?? 0 }));
      if (query.get('with_response') === 'true') {
        const msg = webhookMessages.get(m[2]!);
        return send(res, 200, {
          interaction: { id: m[1], type: 2 },
          resource: { type, ...(msg ? { message: messageJson(msg) } : {}) },
        });
      }
      return send(res, 204);
    }

    m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path);
    if (m) {
      const key = m[2]!;
      if (method === 'DELETE') {
        webhookMessages.delete(key);
        return send(res, 204);
      }
      if (method === 'GET') {
        const msg = webhookMessages.get(key);
        return msg
          ? send(res, 200, messageJson(msg))
          : send(res, 404, { code: 10008, message: 'Unknown Message' });
      }
      const requireMentions = method === 'POST';
      const errors = validateMessageBody(b, { requireAllowedMentions: requireMentions });
      if (errors.length) {
        violations.push(...errors.map((e) => `webhook ${method}: ${e}`));
        return send(res, 400, { code: 50035, message: 'Invalid Form Body', errors });
      }
      if (method === 'PATCH') {
        const prev = webhookMessages.get(key) ?? makeMessage('0', {});
        const next = { ...prev, ...makeMessage('0', b, prev.flags), id: prev.id };
        webhookMessages.set(key, next);
        return send(res, 200, messageJson(next));
      }
      if (method === 'POST') return send(res, 200, messageJson(makeMessage('0', b)));
    }

    m = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (m && method === 'POST') {
      const channelId = m[1]!;
      const errors = validateMessageBody(b, { requireAllowedMentions: true });
      if (!b['content'] && !(b['embeds'] as unknown[] | undefined)?.length)
        errors.push('empty message');
      if (errors.length) {
        violations.push(...errors.map((e) => `channel message: ${e}`));
        return send(res, 400, { code: 50035, message: 'Invalid Form Body', errors });
      }
      const nonce = typeof b['nonce'] === 'string' ? b['nonce'] : undefined;
      if (nonce && b['enforce_nonce'] === true) {
        const seen = nonces.get(`${channelId}:${nonce}`);
        if (seen && Date.now() - seen.at < 5 * 60_000)
          return send(res, 200, messageJson(seen.message));
      }
      const msg = makeMessage(channelId, b);
      if (nonce) msg.nonce = nonce;
      const list = channelMessages.get(channelId) ?? [];
      list.push(msg);
      channelMessages.set(channelId, list);
      if (nonce) nonces.set(`${channelId}:${nonce}`, { message: msg, at: Date.now() });
      return send(res, 200, messageJson(msg));
    }
    return send(res, 404, { message: `fake Discord: no route ${method} ${path}`, code: 0 });
  }

  const server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
      const method = req.method ?? 'GET';
      route(method, path, url.searchParams, body, req, res)
        .catch((err: unknown) => send(res, 500, { message: String(err) }))
        .then((status) => {
          calls.push({
            method,
            path,
            query: url.searchParams,
            body,
            auth: req.headers.authorization ?? null,
            status,
            at: performance.now(),
          });
          notify();
        });
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)),
  );
  const dispatch = (ws: WebSocket, t: string, d: unknown): void => {
    ws.send(JSON.stringify({ op: 0, t, s: ++seq, d }));
  };
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, s: null, t: null, d: { heartbeat_interval: 41_250 } }));
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      if (msg.op === 1) ws.send(JSON.stringify({ op: 11, s: null, t: null, d: null }));
      if (msg.op === 2) {
        identifies.push(msg.d);
        if (msg.d['token'] !== token) {
          ws.close(4004, 'Authentication failed.');
          return;
        }
        dispatch(ws, 'READY', {
          v: 10,
          user: BOT_USER,
          guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
          session_id: 'fake-session',
          resume_gateway_url: `ws://127.0.0.1:${port}`,
          shard: [0, 1],
          application: { id: applicationId, flags: 0 },
        });
        for (const g of guilds) dispatch(ws, 'GUILD_CREATE', guildToJson(g));
        identified();
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const interaction = (
    type: number,
    data: Record<string, unknown>,
    ctx: InteractionContext,
    extra: Record<string, unknown> = {},
  ): string => {
    const interactionToken = `itok-${nextId()}`;
    const payload = interactionPayload({
      id: nextId(),
      token: interactionToken,
      applicationId,
      type,
      data,
      ctx,
      extra,
      defaultChannelId: guilds[0]?.channelIds[0] ?? '300000000000000001',
    });
    lastPushAt = performance.now();
    for (const ws of sockets) dispatch(ws, 'INTERACTION_CREATE', payload);
    return interactionToken;
  };

  const fake: FakeDiscordServer = {
    apiBase: `http://127.0.0.1:${port}/api`,
    gatewayUrl: `ws://127.0.0.1:${port}`,
    calls,
    violations,
    identifies,
    get lastPushAt() {
      return lastPushAt;
    },
    commands,
    messages: (channelId) => channelMessages.get(channelId) ?? [],
    fail: (f) => failures.push({ ...f }),
    setDown(value) {
      down = value;
    },
    setResponseDelay(ms) {
      responseDelayMs = ms;
    },
    addGuild: (g) => guilds.push(g),
    waitForIdentify: () => identifiedPromise,
    chatInput: (name, options, ctx = {}) =>
      interaction(2, { id: nextId(), name, type: 1, options }, ctx),
    autocomplete: (name, options, ctx = {}) =>
      interaction(4, { id: nextId(), name, type: 1, options }, ctx),
    button: (customId, message, ctx = {}) =>
      interaction(3, { custom_id: customId, component_type: 2 }, ctx, {
        message: messageJson(message),
      }),
    interactionCalls: (t) =>
      calls.filter((c) => c.path.includes(`/${t}/`) || c.path.endsWith(`/${t}`)),
    waitFor(predicate, what, timeoutMs = 10_000) {
      if (predicate(calls)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!predicate(calls)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `fake Discord: timed out waiting for ${what}; calls: ${calls.map((c) => `${c.method} ${c.path} ${c.status}`).join(', ')}`,
            ),
          );
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
        };
        waiters.push(check);
      });
    },
    closeGateway(code) {
      for (const ws of sockets) ws.close(code, 'closed by test');
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
