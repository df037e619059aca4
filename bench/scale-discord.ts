/**
 * The Discord half of the scale bench: N `--role deliver` processes send
 * through a proxy that answers 429 as Discord would, above 50 requests in any
 * 1 s (the global limit per bot token) or above 5 messages to one channel in
 * any 5 s (the message-create bucket). Two shapes: many channels with one
 * message each (the global budget binds), and a few "hot" channels with many
 * messages each (the channel budget binds). With the budget shared in
 * PostgreSQL (`withSharedDiscordLimit`) 3 deliverers send as fast as 1 and
 * none is refused; @discordjs/rest alone counts per process.
 *
 * The worker sends a claimed batch before it claims the next, so a row
 * waiting for its channel holds its batch up: hot channels mixed among the
 * others would measure that, not the budget. Hence two separate shapes.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemoConfig } from '../src/demo/demo-config.js';
import type { SqlStores } from '../src/store/index.js';
import { createStores } from '../src/store/index.js';
import { spawnDeliverInstance } from '../tests/helpers/deliver-instance.js';
import { startFakeDiscordServer } from '../tests/helpers/fake-discord-server.js';
import { createPgSchemas } from '../tests/helpers/postgres.js';

/** Passes a request on to `up` unchanged; `onSent` runs when the platform accepted it (2xx). */
export function forward(
  up: URL,
  req: IncomingMessage,
  res: ServerResponse,
  onSent: () => void,
): void {
  const fwd = request(
    { host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers },
    (ur) => {
      if ((ur.statusCode ?? 500) < 300) onSent();
      res.writeHead(ur.statusCode ?? 502, ur.headers);
      ur.pipe(res);
    },
  );
  fwd.on('error', () => res.destroy());
  req.pipe(fwd);
}

/** SIGTERM to every instance still running, then wait until each has exited. */
export async function stopChildren(children: readonly ChildProcess[]): Promise<void> {
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  for (const c of running) c.kill('SIGTERM');
  await Promise.all(
    running.map((c) =>
      c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r)),
    ),
  );
}

export interface DiscordScaleFigures {
  messages: number;
  /** Message posts answered 200 (more than `messages` when a row was sent twice). */
  requests: number;
  seconds: number;
  perSecond: number;
  /** 429s for the global limit and for a channel's. */
  refusedGlobal: number;
  refusedChannel: number;
  lost: number;
  doubled: number;
}

const GLOBAL_LIMIT = 50;
const CHANNEL_LIMIT = 5;
const CHANNEL_WINDOW_MS = 5000;

/** Forwards to the fake Discord server; 429 above Discord's global or per-channel limit. */
async function startDiscordLimitProxy(upstream: string): Promise<{
  origin: string;
  sends: number[];
  refused: { global: number; channel: number };
  server: Server;
}> {
  const up = new URL(upstream);
  const global: number[] = [];
  const channels = new Map<string, number[]>();
  const state = {
    origin: '',
    sends: [] as number[],
    refused: { global: 0, channel: 0 },
    server: null as unknown as Server,
  };
  const tooMany = (res: ServerResponse, isGlobal: boolean): void => {
    res.writeHead(429, {
      'content-type': 'application/json',
      'retry-after': '1',
      'x-ratelimit-scope': isGlobal ? 'global' : 'user',
      ...(isGlobal ? { 'x-ratelimit-global': 'true' } : {}),
    });
    res.end(
      JSON.stringify({ message: 'You are being rate limited.', retry_after: 1, global: isGlobal }),
    );
  };
  state.server = createServer((req, res) => {
    const m = req.method === 'POST' ? /\/channels\/(\d+)\/messages$/.exec(req.url ?? '') : null;
    if (m) {
      const now = performance.now();
      while (global.length && global[0]! <= now - 1000) global.shift();
      const ch = channels.get(m[1]!) ?? [];
      while (ch.length && ch[0]! <= now - CHANNEL_WINDOW_MS) ch.shift();
      if (global.length >= GLOBAL_LIMIT || ch.length >= CHANNEL_LIMIT) {
        if (global.length >= GLOBAL_LIMIT) state.refused.global++;
        else state.refused.channel++;
        req.resume();
        tooMany(res, global.length >= GLOBAL_LIMIT);
        return;
      }
      global.push(now);
      ch.push(now);
      channels.set(m[1]!, ch);
    }
    forward(up, req, res, () => {
      if (m) state.sends.push(performance.now());
    });
  });
  await new Promise<void>((r) => state.server.listen(0, '127.0.0.1', r));
  state.origin = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

/**
 * `channels` channels with one message each, plus `hot` channels with
 * `perHot` messages each (separate slots), sent by `instances` deliverers.
 */
export async function discordScaleRun(
  root: string,
  instances: number,
  { channels = 0, hot = 0, perHot = 0 } = {},
): Promise<DiscordScaleFigures> {
  const schemas = createPgSchemas('scaledc');
  const url = schemas.url();
  const dc = await startFakeDiscordServer();
  const proxy = await startDiscordLimitProxy(new URL(dc.apiBase).origin);
  const configDir = await mkdtemp(join(tmpdir(), 'hd-scale-dc-'));
  await writeDemoConfig(configDir, [
    { id: 'none', name: 'Không dùng', url: 'http://127.0.0.1:9/rss', type: 'rss', enabled: false },
  ]);
  const stores = await createStores(url);
  const base = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  const channelId = (c: number): string => String(710000000000100000n + BigInt(c));
  const row = (c: number, k: number): Parameters<SqlStores['outbox']['enqueue']>[0][number] => ({
    targetKey: `discord:${channelId(c)}`,
    target: { platform: 'discord', chatId: channelId(c) },
    subscriptionId: null,
    slot: new Date(base - k * 60_000).toISOString(),
    chunkIndex: 0,
    chunkCount: 1,
    payload: { kind: 'discord', content: `**Bản tin Hà Nội** kênh ${c}, số ${k}` },
    nextAttemptAt: new Date(0),
  });
  const rows = [
    ...Array.from({ length: channels }, (_, c) => row(c, 0)),
    ...Array.from({ length: hot * perHot }, (_, i) =>
      row(channels + (i % hot), Math.floor(i / hot)),
    ),
  ];
  for (let i = 0; i < rows.length; i += 500) await stores.outbox.enqueue(rows.slice(i, i + 500));
  const total = rows.length;

  const children: ChildProcess[] = [];
  const sentCount = async (): Promise<number> =>
    (await stores.coordination.gauges()).outbox['sent'] ?? 0;
  try {
    for (let i = 0; i < instances; i++)
      children.push(
        spawnDeliverInstance({
          root,
          databaseUrl: url,
          configDir,
          instanceId: `dc-deliver-${i}`,
          env: {
            // The overall cap is not what is measured here: Discord's own budget is.
            SEND_RATE_PER_SECOND: '1000',
            DISCORD_BOT_TOKEN: 'test-token',
            DISCORD_APPLICATION_ID: '900000000000000001',
            DISCORD_API_BASE: `${proxy.origin}/api`,
          },
        }),
      );
    const deadline = Date.now() + 5 * 60_000;
    while ((await sentCount()) < total && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    const sends = proxy.sends;
    const seconds = ((sends.at(-1) ?? 0) - (sends[0] ?? 0)) / 1000;
    let doubled = 0;
    for (let c = 0; c < channels + hot; c++) {
      const n = dc.messages(channelId(c)).length;
      doubled += Math.max(0, n - (c < channels ? 1 : perHot));
    }
    return {
      messages: total,
      requests: sends.length,
      seconds,
      perSecond: sends.length / Math.max(seconds, 1e-9),
      refusedGlobal: proxy.refused.global,
      refusedChannel: proxy.refused.channel,
      lost: total - (await sentCount()),
      doubled,
    };
  } finally {
    await stopChildren(children);
    await stores.close();
    await dc.close();
    await new Promise((r) => proxy.server.close(r));
    await schemas.dropAll();
    await rm(configDir, { recursive: true, force: true });
  }
}
